package webtest

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
)

// The language check is shared by the language test on a fixture
// (internal/web) and the browser walk over the seeded demo: a page in one
// language shows no catalogue key, no internal code and no sentence of
// another language's catalogue outside user content.

// LangCheck holds, per reader's language, the words a page must not show.
type LangCheck struct {
	foreign map[i18n.Lang]map[string]i18n.Lang // a message of another language -> that language
	codes   map[string]bool
	User    map[string]bool               // what users typed: shown as typed, in the language they typed it
	own     map[i18n.Lang]map[string]bool // each language's messages
}

// UserTexts are the texts the test's users entered: the application's
// fields and what the fixture stored for the call, its lots, programme and
// funding sources (titles, descriptions, names).
func UserTexts(t testing.TB, d *db.DB, body map[string]any) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			out[strings.Join(strings.Fields(x), " ")] = true
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(body)
	// The stored texts people typed, column by column (never codes, zones
	// or statuses, which the check is there to catch).
	for _, q := range []string{
		`SELECT title_sq AS a, title_en AS b, title_sr AS c FROM calls`,
		`SELECT description_sq AS a, description_en AS b, description_sr AS c FROM calls`,
		`SELECT name AS a, theme AS b, name AS c FROM call_lots`,
		`SELECT label_sq AS a, label_en AS b, label_sr AS c FROM call_documents`,
		`SELECT title AS a, title AS b, title AS c FROM programmes`,
		`SELECT name AS a, name AS b, name AS c FROM programme_funding_sources`,
		`SELECT result AS a, indicator AS b, unit AS c FROM programme_indicators`,
		`SELECT title AS a, summary AS b, title AS c FROM applications`,
		`SELECT description AS a, unit AS b, description AS c FROM application_budget_lines`,
		`SELECT description AS a, heading AS b, description AS c FROM grant_budget_lines`,
		`SELECT title_sq AS a, title_en AS b, title_sr AS c FROM eval_sections`,
		`SELECT title_sq AS a, title_en AS b, title_sr AS c FROM eval_criteria`,
		`SELECT guidance_sq AS a, guidance_en AS b, guidance_sr AS c FROM eval_criteria`,
		`SELECT name AS a, name AS b, name AS c FROM organisations`,
		`SELECT name AS a, name AS b, name AS c FROM users`,
	} {
		var rows []struct{ A, B, C string }
		if err := db.Select(context.Background(), d, &rows, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for _, r := range rows {
			walk(r.A)
			walk(r.B)
			walk(r.C)
		}
	}
	return out
}

var (
	placeholderRe = regexp.MustCompile(`\{[a-z_]+\}`)
	missingKeyRe  = regexp.MustCompile(`\[[a-z_]+\.[a-zA-Z0-9_.#-]+\]`)
	snakeRe       = regexp.MustCompile(`^[a-z]+(_[a-z]+)+$`)
	lettersRe     = regexp.MustCompile(`\pL`)
	muteBadgeRe   = regexp.MustCompile(`<span class="(?:status|tag|badge)[^"]*"[^>]*>\s*</span>`)
)

// NewLangCheck reads the catalogue and the codes behind its labels.
func NewLangCheck(t testing.TB) *LangCheck {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	msgs := map[i18n.Lang]map[string]bool{}
	for _, l := range i18n.Choices {
		msgs[l] = map[string]bool{}
		for _, k := range cat.Keys() {
			m := cat.T(l, k)
			if strings.HasPrefix(m, "[") || placeholderRe.MatchString(m) {
				continue
			}
			msgs[l][strings.TrimSpace(m)] = true
		}
	}
	lc := &LangCheck{foreign: map[i18n.Lang]map[string]i18n.Lang{}, codes: map[string]bool{}, own: msgs}
	for _, reader := range i18n.Choices {
		lc.foreign[reader] = map[string]i18n.Lang{}
		for _, other := range i18n.Choices {
			if other == reader {
				continue
			}
			for m := range msgs[other] {
				if len(lettersRe.FindAllString(m, -1)) >= 4 && !msgs[reader][m] {
					lc.foreign[reader][m] = other
				}
			}
		}
	}
	// The codes behind labels: the last part of every key of an enum's
	// label (applications.status.info_requested, review.section.capacity).
	for _, k := range cat.Keys() {
		parts := strings.Split(k, ".")
		if len(parts) >= 3 && regexp.MustCompile(`^(status|kind|kinds|profile|section|role|type|state|criterion|rule|final_rule|stage)$`).MatchString(parts[len(parts)-2]) {
			lc.codes[parts[len(parts)-1]] = true
		}
	}
	// Donor profiles, organisation kinds and the default grid's sections.
	profiles, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(append(profiles.Codes(), auth.OrgKinds...), "capacity", "relevance", "design", "sustainability", "budget") {
		lc.codes[c] = true
	}
	return lc
}

// Check lists what a page in lang shows that is not in lang.
func (lc *LangCheck) Check(lang i18n.Lang, body string) []string {
	var out []string
	if m := missingKeyRe.FindString(body); m != "" {
		out = append(out, "a catalogue key: "+m)
	}
	if m := muteBadgeRe.FindString(body); m != "" {
		out = append(out, "a status badge without words (colour alone): "+m)
	}
	for _, text := range pageTexts(body, lang) {
		switch {
		case lc.User[text]:
		case (lc.codes[text] || snakeRe.MatchString(text)) && !lc.own[lang][text]: // "submitted" may be the English word
			out = append(out, "an internal code: "+text)
		case lc.foreign[lang][text] != "":
			out = append(out, "text in "+string(lc.foreign[lang][text])+": "+text)
		}
	}
	return out
}

// pageTexts are the page's text nodes and its title, trimmed, outside
// scripts, styles, and elements marked as being in another language.
func pageTexts(body string, lang i18n.Lang) []string {
	z := html.NewTokenizer(strings.NewReader(body))
	var out []string
	type open struct {
		tag     string
		foreign bool
	}
	var stack []open
	inForeign := func() bool {
		for _, o := range stack {
			if o.foreign {
				return true
			}
		}
		return false
	}
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken:
			tn, hasAttr := z.TagName()
			tag := string(tn)
			foreign := tag == "script" || tag == "style"
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "lang" && tag != "html" && string(v) != string(lang) {
					foreign = true
				}
				if string(k) == "translate" && string(v) == "no" {
					foreign = true
				}
				if (string(k) == "value" || string(k) == "aria-label" || string(k) == "title" || string(k) == "placeholder") && tag != "input" && tag != "option" && !foreign && !inForeign() {
					if s := strings.TrimSpace(string(v)); s != "" && (string(k) != "value") {
						out = append(out, s)
					}
				}
			}
			if voidElement[tag] {
				continue
			}
			stack = append(stack, open{tag, foreign})
		case html.EndTagToken:
			tn, _ := z.TagName()
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].tag == string(tn) {
					stack = stack[:i]
					break
				}
			}
		case html.TextToken:
			if inForeign() {
				continue
			}
			if s := strings.Join(strings.Fields(string(z.Text())), " "); s != "" {
				out = append(out, s)
			}
		}
	}
}

var voidElement = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}
