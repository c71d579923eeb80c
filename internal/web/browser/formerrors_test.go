package browser

import (
	"strings"

	"github.com/chromedp/chromedp"

	"github.com/subgrant/portal/internal/i18n"
)

// checkErrorSummary: after a refused form the summary is shown, is a
// focusable alert that portal.js has focused, and each of its links leads
// to the failed field or to the form's error message.
func (b *tab) checkErrorSummary() {
	b.t.Helper()
	var s struct {
		Present, Focused, Focusable bool
		Role, Tabindex, Name        string
		Links                       []struct{ Href, Text, Target string }
	}
	b.js(`(() => {
		const s = document.querySelector(".error-summary");
		if (!s) return {Present: false};
		const focused = document.activeElement === s;
		s.blur(); s.focus();
		const title = document.getElementById(s.getAttribute("aria-labelledby") || "");
		return {Present: true, Focused: focused, Focusable: document.activeElement === s,
			Role: s.getAttribute("role") || "", Tabindex: s.getAttribute("tabindex") || "",
			Name: title ? title.textContent.trim() : "",
			Links: [...s.querySelectorAll("a")].map(a => {
				const t = document.getElementById(decodeURIComponent(a.hash.slice(1)));
				const what = !t ? "" : t.matches("input, select, textarea") ? "field " + t.id : t.textContent.trim();
				return {Href: a.getAttribute("href"), Text: a.textContent.trim(), Target: what};
			})};
	})()`, &s)
	switch {
	case !s.Present:
		b.t.Fatalf("%s: no error summary", b.path())
	case !s.Focused:
		b.t.Errorf("%s: error summary not focused on load (portal.js)", b.path())
	}
	if !s.Focusable || s.Tabindex != "-1" {
		b.t.Errorf("%s: error summary cannot take focus (tabindex %q)", b.path(), s.Tabindex)
	}
	if s.Role != "alert" || s.Name == "" {
		b.t.Errorf("%s: error summary role %q, name %q; want an alert with a name", b.path(), s.Role, s.Name)
	}
	if len(s.Links) == 0 {
		b.t.Errorf("%s: error summary lists no error", b.path())
	}
	for _, l := range s.Links {
		if l.Text == "" || l.Target == "" {
			b.t.Errorf("%s: summary link %q (%q) leads to no field or message", b.path(), l.Href, l.Text)
		}
	}
}

// checkFieldErrors sends the new-user form empty, with the keyboard, and
// checks that each failed field is announced: invalid, and described by
// its error message in the accessibility tree.
func (b *tab) checkFieldErrors(lang i18n.Lang) {
	b.t.Helper()
	b.openOK("/admin/users/new")
	email := b.controlByLabel(b.h.T(lang, "account.email"))
	b.do("focus e-mail", chromedp.Focus(chromedp.ID(email)))
	if got := b.follow("submit the empty form", chromedp.KeyEvent("\r")); got != 422 {
		b.t.Fatalf("empty new-user form: status %d, want 422", got)
	}
	b.checkFailedFields()

	// An organisation deleted while the form was open: the select fails.
	b.openOK("/admin/users/new")
	var stale bool
	b.js(`(() => { const s = document.getElementById("f-org-id"), o = s.options[s.options.length - 1];
		o.value = "999999999"; s.value = o.value; return s.value === o.value; })()`, &stale)
	if !stale {
		b.t.Fatal("could not choose a stale organisation")
	}
	b.do("focus e-mail", chromedp.Focus(chromedp.ID(email)))
	if got := b.follow("submit a stale organisation", chromedp.KeyEvent("\r")); got != 422 {
		b.t.Fatalf("stale organisation: status %d, want 422", got)
	}
	b.checkFailedFields()
}

// checkFailedFields: the refused form passes axe, has its error summary,
// and each failed field is announced.
func (b *tab) checkFailedFields() {
	b.t.Helper()
	b.checkErrorSummary()
	b.checkAxe()
	var fields []struct{ ID, Error string }
	b.js(`[...document.querySelectorAll(".field.has-error")].map(f => {
		const c = f.querySelector("input, select, textarea"), e = f.querySelector(".field-error");
		return {ID: c ? c.id : "", Error: e ? e.textContent.replace(/\s+/g, " ").trim() : ""};
	})`, &fields)
	if len(fields) == 0 {
		b.t.Fatalf("%s: no field marked in error", b.path())
	}
	for _, f := range fields {
		if f.ID == "" {
			b.t.Errorf("%s: a field in error has no control with an id", b.path())
			continue
		}
		ax := b.axNode("#" + f.ID)
		if !ax.Invalid {
			b.t.Errorf("%s: field #%s is in error but not announced invalid", b.path(), f.ID)
		}
		if ax.Description == "" || f.Error == "" || !strings.Contains(squash(ax.Description), squash(f.Error)) {
			b.t.Errorf("%s: field #%s: accessible description %q does not carry its error %q", b.path(), f.ID, ax.Description, f.Error)
		}
	}
}
