package browser

import (
	"encoding/json"

	"github.com/chromedp/chromedp"

	"github.com/subgrant/portal/internal/i18n"
)

// submitButton is the plain submit button of a page's form (the row
// buttons "add ..." carry a name).
const submitButton = `main form[method="post"] button[type="submit"]:not([name])`

// refuse opens path, sets the named controls to values (as typed: the
// forms are novalidate), presses button and wants the form refused: 422
// in lang, its summary, and each failed field announced (checkFailedFields).
func (b *tab) refuse(lang i18n.Lang, path, button string, values map[string]string) {
	b.t.Helper()
	b.openOK(path)
	b.fill(values)
	if got := b.follow("submit "+path, chromedp.Click(chromedp.CSS(button))); got != 422 {
		b.t.Fatalf("%s with %v: status %d, want 422", path, values, got)
	}
	b.wantPath(path)
	b.wantLang(lang)
	b.checkFailedFields()
}

// fill sets form controls by name: the value of inputs, selects and text
// areas. It fails on a name the page lacks.
func (b *tab) fill(values map[string]string) {
	b.t.Helper()
	arg, err := json.Marshal(values)
	if err != nil {
		b.t.Fatal(err)
	}
	var missing []string
	b.js(`((vals) => Object.entries(vals).filter(([name, v]) => {
		const el = document.querySelector("main [name='" + name + "']");
		if (!el) return true;
		el.value = v;
		return el.value !== v && el.tagName !== "SELECT";
	}).map(([name]) => name))(`+string(arg)+`)`, &missing)
	if len(missing) > 0 {
		b.t.Fatalf("%s: cannot set %v", b.path(), missing)
	}
}
