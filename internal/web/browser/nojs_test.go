package browser

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// Signing in, switching language and signing out are plain HTML forms:
// they work with the page's scripts off. (DevTools can still evaluate in
// the page, and chromedp's visibility checks do; the flow itself is only
// typing and clicking, and the checks read the DOM.)
func TestWorksWithoutJavaScript(t *testing.T) {
	h := newHarness(t)
	b := h.tab(t)
	b.disableJS()

	b.openOK("/login")
	b.wantLang(i18n.Default)
	// A refused sign-in shows its summary; it is not focused, which proves
	// that portal.js did not run.
	b.fillLogin(webtest.ApplicantA, "not the password")
	if got := b.follow("click sign in", chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); got != 422 {
		t.Fatalf("wrong password: status %d, want 422", got)
	}
	if b.count(".error-summary") != 1 {
		t.Fatal("/login after a wrong password: no error summary")
	}
	if b.axNode(".error-summary").Focused {
		t.Fatal("the error summary took focus: JavaScript is still running")
	}
	b.fillLogin(webtest.ApplicantA, webtest.Password)
	if got := b.follow("click sign in", chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); got != 200 {
		t.Fatalf("sign in: status %d, want 200", got)
	}
	b.wantPath("/home")
	b.wantLang(i18n.Lang(h.env.Users[webtest.ApplicantA].Lang))
	if b.count(`form[action="/logout"]`) != 1 {
		t.Fatal("/home: no sign-out form")
	}

	b.switchLanguage(i18n.SR)
	b.openOK("/account")
	b.wantLang(i18n.SR) // the choice is kept for the signed-in user

	if got := b.follow("click sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`))); got != 200 {
		t.Fatalf("sign out: status %d, want 200", got)
	}
	b.wantPath("/login")
	b.wantLang(i18n.SR)
	if b.count(`.flash[role="status"]`) != 1 {
		t.Error("/login after sign-out: no flash message in a status region")
	}
	if b.count(`form[action="/logout"]`) != 0 {
		t.Error("/login after sign-out: still shows a sign-out form")
	}
	b.open("/home")
	b.wantPath("/login") // the session is gone

	// The public map (issue 12): its filters are a GET form and each
	// municipality's square a link.
	b.openOK("/map")
	b.do("choose Albania's services", chromedp.SetValue("#f-country", "AL"),
		chromedp.SetValue("#f-measure", "services"))
	if got := b.follow("show the map", chromedp.Click(chromedp.CSS(`main form.public-filters button[type="submit"]`))); got != 200 {
		t.Fatalf("filter the map: status %d", got)
	}
	if n := b.count(`svg.tilemap-svg a`); n != 61 {
		t.Fatalf("the map of Albania has %d linking squares, want 61", n)
	}
	if got := b.follow("choose Klos", chromedp.Click(chromedp.CSS(`svg.tilemap-svg a[href*="m=AL-KLOS"]`))); got != 200 {
		t.Fatalf("choose Klos: status %d", got)
	}
	if b.count(`#details h2`) != 1 || b.count(`.tile-selected[data-code="AL-KLOS"]`) != 1 {
		t.Error("choosing Klos's square shows no details")
	}
}

// fillLogin types into the login fields found by name (the label lookup
// needs page JavaScript); the e-mail field keeps a refused value, so it is
// cleared first.
func (b *tab) fillLogin(p webtest.Principal, password string) {
	b.t.Helper()
	email, pass := chromedp.CSS(`input[name="email"]`), chromedp.CSS(`input[name="password"]`)
	b.do("type e-mail", chromedp.Clear(email), chromedp.SendKeys(email, string(p)+"@test.example"))
	b.do("type password", chromedp.Clear(pass), chromedp.SendKeys(pass, password))
}
