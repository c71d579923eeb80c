package browser

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The two-factor pages pass axe in every language: the enrolment page
// (QR code, key, first code) and its refusal of a malformed code, the
// account's second-factor page, and the sign-in code page with its error.
func TestAccessibilityTwoFactor(t *testing.T) {
	h := newAxeHarness(t)
	env := h.env
	for _, c := range []struct {
		p    webtest.Principal
		lang i18n.Lang
	}{{webtest.ProgramOfficer, i18n.SQ}, {webtest.FinanceOfficer, i18n.EN}, {webtest.Admin, i18n.SR}} {
		t.Run(string(c.p)+"/"+string(c.lang), func(t *testing.T) {
			b := h.tab(t)
			b.signIn(c.p, c.lang)
			b.checkPages(c.lang, "/account/two-factor")
			enr, err := env.Store.BeginTOTP(t.Context(), env.Users[c.p].ID, "Subgrant portal")
			if err != nil {
				t.Fatal(err)
			}
			b.checkPages(c.lang, "/account/two-factor")
			b.checkNarrow("/account/two-factor")
			b.refuse(c.lang, "/account/two-factor", submitButton, map[string]string{"code": "12345"}, "f-code")

			// The right code shows the ten recovery codes once.
			code, err := totp.GenerateCode(enr.Secret, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			b.openOK("/account/two-factor")
			b.fill(map[string]string{"code": code})
			if got := b.follow("confirm", chromedp.Click(chromedp.CSS(submitButton))); got != 200 {
				t.Fatalf("confirm with the right code: status %d, want 200", got)
			}
			b.want(".recovery-codes li code", 10)
			b.checkAxe()
			b.checkIDs()

			// The code page of a pending sign-in (the password was right).
			tok, err := env.Store.CreatePendingLogin(t.Context(), env.Users[c.p].ID, "")
			if err != nil {
				t.Fatal(err)
			}
			call(b, "pending cookie", network.SetCookie, network.SetCookieParams{
				Name: "portal_pending", Value: tok, URL: h.base, Path: "/"})
			b.checkPages(c.lang, "/login/code")
			b.checkNarrow("/login/code")
			b.refuse(c.lang, "/login/code", submitButton, map[string]string{"code": "abc"}, "f-code")
		})
	}
}

// checkNarrow opens path at 390 px wide and fails if the page scrolls
// sideways (the key and the otpauth:// link are long unbroken strings).
func (b *tab) checkNarrow(path string) {
	b.t.Helper()
	call(b, "narrow viewport", emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 390, Height: 844, DeviceScaleFactor: 1, Mobile: true})
	defer call(b, "wide viewport", emulation.ClearDeviceMetricsOverride, cdp.Empty{})
	b.openOK(path)
	if shot := os.Getenv("TWOFACTOR_SCREENSHOT"); shot != "" {
		buf := run(b, "screenshot", chromedp.FullScreenshot(100))
		_ = os.WriteFile(shot+strings.ReplaceAll(path, "/", "_")+".png", buf, 0o644)
	}
	var over int
	b.js(`document.documentElement.scrollWidth - document.documentElement.clientWidth`, &over)
	if over > 0 {
		b.t.Errorf("%s scrolls sideways by %d px at 390 px", path, over)
	}
}
