package browser

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// axeTags are the rule sets checked: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
const axeTags = `["wcag2a","wcag2aa","wcag21a","wcag21aa","wcag22aa"]`

// axeRun runs axe on the page and returns its violations as JSON, keeping
// the first few nodes of each.
const axeRun = `axe.run(document, {runOnly: {type: "tag", values: ` + axeTags + `}, resultTypes: ["violations"]})` + axeReport

// axeRunWords runs only axe's rules whose outcome can change with the
// words on the page: names, labels, titles, headings, language attributes
// and target sizes (longer words move controls). The other rules check
// structure, ARIA and colours, which are the same template in every
// language; the walk runs all rules in Albanian and these in the other
// languages, for a third of the time (color-contrast alone is two thirds).
const axeRunWords = `axe.run(document, {runOnly: {type: "rule", values: ` + axeWordRules + `}, resultTypes: ["violations"]})` + axeReport

const axeWordRules = `["area-alt","aria-command-name","aria-input-field-name","aria-meter-name","aria-progressbar-name",
	"aria-toggle-field-name","aria-tooltip-name","button-name","document-title","empty-heading","empty-table-header",
	"frame-title","html-has-lang","html-lang-valid","html-xml-lang-mismatch","image-alt","input-button-name",
	"input-image-alt","label","link-name","object-alt","role-img-alt","select-name","summary-name","svg-img-alt",
	"target-size","valid-lang"]`

// axeReport keeps the first few nodes of each violation.
const axeReport = `
	.then(r => JSON.stringify(r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.slice(0, 3).map(n => ({target: JSON.stringify(n.target), html: n.html, summary: n.failureSummary || ""})),
		total: v.nodes.length,
	}))))`

type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
	Total   int       `json:"total"`
}

type axeNode struct {
	Target  string `json:"target"`
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

// checkAxe injects axe-core into the page and fails the test on any
// violation. Runtime.evaluate from DevTools is not bound by the page's CSP,
// so the strict script-src of the portal needs no bypass.
func (b *tab) checkAxe() {
	b.t.Helper()
	if vs := b.axeViolations(); len(vs) > 0 {
		b.t.Errorf("%s: %d axe violations:\n%s", b.path(), len(vs), formatViolations(vs))
	}
}

// axeViolations injects axe-core and runs it on the page.
func (b *tab) axeViolations() []axeViolation { return b.axeWith(axeRun) }

// axeWith injects axe-core and runs script (axeRun or axeRunWords).
func (b *tab) axeWith(script string) []axeViolation {
	b.t.Helper()
	page := b.path()
	run(b, page+": inject axe-core", chromedp.Evaluate[chromedp.Void](b.h.axe+"\n;void 0"))
	raw := run(b, page+": run axe", chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		b.t.Fatalf("%s: decode axe result: %v", page, err)
	}
	return vs
}

func formatViolations(vs []axeViolation) string {
	var sb strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&sb, "  - %s (%s, %d nodes): %s <%s>\n", v.ID, v.Impact, v.Total, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&sb, "      %s %s\n        %s\n", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", " / "))
		}
	}
	return sb.String()
}
