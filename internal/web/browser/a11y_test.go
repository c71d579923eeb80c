package browser

import (
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/dashboard/dashtest"
	"github.com/subgrant/portal/internal/db"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// Each role signs in through the real login page (switcher, labelled
// fields, Enter) and every page on the way passes axe with no violation.
func TestAccessibilityLoginAndHome(t *testing.T) {
	h := newAxeHarness(t)
	// Every dashboard has figures, tasks and charts to show (issue 11).
	var donorOrg int64
	if err := db.Get(t.Context(), h.env.DB, &donorOrg, `SELECT org_id FROM memberships WHERE user_id = ?`,
		h.env.Users[webtest.DonorOfficer].ID); err != nil {
		t.Fatal(err)
	}
	dashtest.Seed(t, h.env.DB, dashtest.Who{OrgA: h.env.OrgA.ID, OrgB: h.env.OrgB.ID, Evaluator: h.env.Users[webtest.Evaluator1].ID,
		DonorOrg: donorOrg, Canary: webtest.Canary}, time.Now().UTC())
	// The notification pages (issue 12) with something to show: an unread
	// and a read notice, and a failed e-mail in the outbox.
	seedNotices(t, h.env)
	// Checked after the admin signs in, in every language.
	adminPages := []string{"/account", "/account/tokens", "/account/password", "/admin/users", "/admin/users/new", "/admin/status",
		"/notifications", "/account/notifications", "/admin/outbox"}
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
				// The dashboard in the two other languages, then back.
				for _, l := range i18n.Langs {
					if l == c.lang {
						continue
					}
					if err := h.env.Store.SetLang(t.Context(), h.env.Users[c.p].ID, string(l)); err != nil {
						t.Fatal(err)
					}
					b.openOK("/home")
					b.wantLang(l)
					if b.count("svg.dash-svg[role=img]") == 0 {
						t.Errorf("%s /home in %s: no chart", c.p, l)
					}
					b.checkAxe()
				}
				b.checkNarrow("/home")
				return
			}
			b.checkNarrow("/home")
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
		var planted bool
		b.js(`(() => { const i = document.createElement("img"); i.src = "/static/favicon.svg";
			document.querySelector("main").append(i); return true; })()`, &planted)
		if !planted {
			t.Fatal("could not add an image to the page")
		}
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
