package browser

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/chromedp/chromedp"

	"github.com/subgrant/portal/internal/i18n"
)

// submitButton is the plain submit button of a page's form (the row
// buttons "add ..." carry a name).
const submitButton = `main form[method="post"] button[type="submit"]:not([name])`

// refuse opens path, sets the named controls to values (as typed: the
// forms are novalidate), presses button and wants the form refused: 422
// at the form's action in lang, its summary, each failed field announced
// (checkInvalidControls), and sound ids.
// The controls with the ids in want must be among those in error.
func (b *tab) refuse(lang i18n.Lang, path, button string, values map[string]string, want ...string) {
	b.t.Helper()
	b.openOK(path)
	b.fill(values)
	q, _ := json.Marshal(button)
	var action string
	b.js(`document.querySelector(`+string(q)+`).form.getAttribute("action")`, &action)
	if got := b.follow("submit "+path, chromedp.Click(chromedp.CSS(button))); got != 422 {
		b.t.Fatalf("%s with %v: status %d, want 422", path, values, got)
	}
	b.wantPath(action)
	b.wantLang(lang)
	b.checkErrorSummary()
	b.checkAxe()
	failed := b.checkInvalidControls()
	for _, id := range want {
		if !slices.Contains(failed, id) {
			b.t.Errorf("%s: #%s is not in error; fields in error: %v", b.path(), id, failed)
		}
	}
	b.checkIDs()
}

// checkInvalidControls is checkFailedFields for any id (the areas' ids
// carry brackets and dots, as in f-questions[0].text): each control of a
// field in error is announced invalid and described by its message, and
// no control is marked invalid without one. It returns the ids in error.
func (b *tab) checkInvalidControls() []string {
	b.t.Helper()
	var r struct {
		Fields []struct{ ID, Error string }
		Stray  []string
	}
	b.js(`(() => ({
		Fields: [...document.querySelectorAll(".field.has-error")].map(f => {
			const c = f.querySelector("input, select, textarea"), e = f.querySelector(".field-error");
			return {ID: c ? c.id : "", Error: e ? e.textContent.replace(/\s+/g, " ").trim() : ""};
		}),
		Stray: [...document.querySelectorAll("[aria-invalid=true]")].filter(c => !c.closest(".field.has-error")).map(c => c.id || c.name),
	}))()`, &r)
	if len(r.Fields) == 0 {
		b.t.Fatalf("%s: no field marked in error", b.path())
	}
	if len(r.Stray) > 0 {
		b.t.Errorf("%s: controls invalid with no message beside them: %v", b.path(), r.Stray)
	}
	var ids []string
	for _, f := range r.Fields {
		if f.ID == "" {
			b.t.Errorf("%s: a field in error has no control with an id", b.path())
			continue
		}
		ids = append(ids, f.ID)
		q, _ := json.Marshal(f.ID)
		ax := b.axNode("[id=" + string(q) + "]")
		if !ax.Invalid {
			b.t.Errorf("%s: field #%s is in error but not announced invalid", b.path(), f.ID)
		}
		if f.Error == "" || !strings.Contains(squash(ax.Description), squash(f.Error)) {
			b.t.Errorf("%s: field #%s: accessible description %q does not carry its error %q", b.path(), f.ID, ax.Description, f.Error)
		}
	}
	return ids
}

// checkIDs: ids are unique, and every id that a label, an ARIA reference
// or an in-page link names exists, so no name, description or error
// summary link silently points nowhere.
func (b *tab) checkIDs() {
	b.t.Helper()
	var r struct{ Duplicate, Dangling []string }
	b.js(`(() => {
		const seen = new Set(), dup = new Set(), dangling = [];
		for (const e of document.querySelectorAll("[id]")) { if (seen.has(e.id)) dup.add(e.id); seen.add(e.id); }
		for (const e of document.querySelectorAll("[aria-describedby], [aria-labelledby], [aria-controls], label[for]"))
			for (const a of ["aria-describedby", "aria-labelledby", "aria-controls", "for"])
				for (const id of (e.getAttribute(a) || "").split(/\s+/))
					if (id && !document.getElementById(id)) dangling.push(a + "=" + id);
		for (const l of document.querySelectorAll('a[href^="#"]')) {
			const id = decodeURIComponent(l.hash.slice(1));
			if (id && !document.getElementById(id)) dangling.push("href=#" + id);
		}
		return {Duplicate: [...dup], Dangling: dangling};
	})()`, &r)
	if len(r.Duplicate) > 0 {
		b.t.Errorf("%s: duplicate ids %v", b.path(), r.Duplicate)
	}
	if len(r.Dangling) > 0 {
		b.t.Errorf("%s: references to missing ids %v", b.path(), r.Dangling)
	}
}

// fill sets form controls by name, or by id when the key starts with #:
// the value of inputs and text areas, the option of selects (a value no
// option has stands for one removed since the page was loaded), and
// checkboxes checked unless the value is empty. It fails on a control the
// page lacks.
func (b *tab) fill(values map[string]string) {
	b.t.Helper()
	arg, err := json.Marshal(values)
	if err != nil {
		b.t.Fatal(err)
	}
	var missing []string
	b.js(`((vals) => Object.entries(vals).filter(([key, v]) => {
		const el = key.startsWith("#") ? document.getElementById(key.slice(1)) : document.querySelector("main [name='" + key + "']");
		if (!el) return true;
		if (el.type === "checkbox" || el.type === "radio") { el.checked = v !== ""; return false; }
		if (el.tagName === "SELECT" && v !== "" && ![...el.options].some(o => o.value === v)) el.options[el.options.length - 1].value = v;
		el.value = v;
		return el.value !== v;
	}).map(([key]) => key))(`+string(arg)+`)`, &missing)
	if len(missing) > 0 {
		b.t.Fatalf("%s: cannot set %v", b.path(), missing)
	}
}
