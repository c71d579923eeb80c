package browser

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// adminPages are checked with axe after the admin signs in, in every language.
var adminPages = []string{"/account", "/account/tokens", "/account/password", "/admin/users", "/admin/users/new"}

// Each role signs in through the real login page (switcher, labelled
// fields, Enter) and every page on the way passes axe with no violation.
func TestAccessibilityLoginAndHome(t *testing.T) {
	h := newAxeHarness(t)
	cases := []struct {
		p    webtest.Principal
		lang i18n.Lang
	}{
		{webtest.Admin, i18n.SQ}, {webtest.Admin, i18n.EN}, {webtest.Admin, i18n.SR},
		{webtest.ProgramOfficer, i18n.SQ}, {webtest.Evaluator1, i18n.SR}, {webtest.FinanceOfficer, i18n.EN},
		{webtest.DonorOfficer, i18n.SQ}, {webtest.ApplicantA, i18n.SR},
	}
	for _, c := range cases {
		t.Run(string(c.p)+"/"+string(c.lang), func(t *testing.T) {
			// At sign-in the portal switches to the user's saved language
			// (handlers_login.go), so the user here prefers the language
			// chosen in the switcher.
			if err := h.env.Store.SetLang(t.Context(), h.env.Users[c.p].ID, string(c.lang)); err != nil {
				t.Fatal(err)
			}
			b := h.tab(t)
			b.openOK("/")
			b.checkAxe()
			b.switchLanguage(c.lang)
			b.openOK("/login")
			b.wantLang(c.lang)
			b.checkAxe()
			if got := b.typeLogin(c.p, webtest.Password, c.lang); got != 200 {
				t.Fatalf("sign in: status %d, want 200", got)
			}
			b.wantPath("/home")
			b.wantLang(c.lang)
			b.checkAxe()
			if c.p != webtest.Admin {
				return
			}
			for _, path := range adminPages {
				b.openOK(path)
				b.wantLang(c.lang)
				b.checkAxe()
			}
			if got := b.open("/no-such-page"); got != 404 {
				t.Errorf("GET /no-such-page: status %d, want 404", got)
			}
			b.wantLang(c.lang)
			b.checkAxe()
			b.checkFieldErrors(c.lang)
		})
	}
	// The check above would pass if axe silently checked nothing.
	t.Run("axe reports a planted violation", func(t *testing.T) {
		b := h.tab(t)
		b.openOK("/login")
		var ok bool
		b.js(`(() => { const i = document.createElement("img"); i.src = "/static/favicon.svg";
			document.querySelector("main").append(i); return true; })()`, &ok)
		vs := b.axeViolations()
		if len(vs) != 1 || vs[0].ID != "image-alt" {
			t.Errorf("violations %v, want exactly image-alt", vs)
		}
	})
	t.Run("failed login", func(t *testing.T) {
		b := h.tab(t)
		b.openOK("/login")
		b.switchLanguage(i18n.EN)
		if got := b.typeLogin(webtest.ApplicantA, "not the password", i18n.EN); got != 422 {
			t.Fatalf("wrong password: status %d, want 422", got)
		}
		b.wantPath("/login")
		b.checkErrorSummary()
		b.checkAxe()
		// The failure is the form's, not a field's (no user enumeration):
		// the alert carries the message and the e-mail is kept.
		want := h.T(i18n.EN, "auth.error.bad_credentials")
		var alert string
		b.js(`document.querySelector("[role=alert]").textContent`, &alert)
		if !strings.Contains(squash(alert), squash(want)) {
			t.Errorf("alert reads %q, want it to contain %q", squash(alert), want)
		}
		if v, _ := b.attr("#f-email", "value"); v != string(webtest.ApplicantA)+"@test.example" {
			t.Errorf("e-mail field lost its value: %q", v)
		}
	})
}

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
	var ok bool
	b.js(`(() => { const s = document.getElementById("f-org-id"), o = s.options[s.options.length - 1];
		o.value = "999999999"; s.value = o.value; return s.value === o.value; })()`, &ok)
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
		ax := b.axNode("#" + f.ID)
		if !ax.Invalid {
			b.t.Errorf("%s: field #%s is in error but not announced invalid", b.path(), f.ID)
		}
		if ax.Description == "" || f.Error == "" || !strings.Contains(squash(ax.Description), squash(f.Error)) {
			b.t.Errorf("%s: field #%s: accessible description %q does not carry its error %q", b.path(), f.ID, ax.Description, f.Error)
		}
	}
}
