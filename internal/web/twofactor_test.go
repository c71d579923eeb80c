package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/config"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// Enrolment: the page shows the QR code, the key and the otpauth URI; a
// malformed or wrong first code is refused and enrols nothing; the right
// one turns the second factor on and shows ten recovery codes once.
func TestTwoFactorEnrolment(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newTFEnv(t, d, config.TwoFactorOptional)
		p := webtest.ProgramOfficer
		rec := e.Get(p, "/account/two-factor")
		wantStatus(t, "page before enrolment", rec, 200)
		wantBody(t, "page before enrolment", rec, `action="/account/two-factor/start"`)
		wantStatus(t, "QR before enrolment", e.Get(p, "/account/two-factor/qr.png"), 404)
		wantStatus(t, "start", e.Post(p, "/account/two-factor/start", nil), 303)
		secret := e.secretOf(p)
		rec = e.Get(p, "/account/two-factor")
		wantBody(t, "enrolment page", rec, `src="/account/two-factor/qr.png"`, secret[:4]+" "+secret[4:8],
			"otpauth://totp/", `inputmode="numeric"`, `autocomplete="one-time-code"`)
		qr := e.Get(p, "/account/two-factor/qr.png")
		if qr.Code != 200 || qr.Header().Get("Content-Type") != "image/png" || qr.Header().Get("Cache-Control") != "no-store" ||
			!bytes.HasPrefix(qr.Body.Bytes(), []byte("\x89PNG")) {
			t.Errorf("QR: %d %q %q", qr.Code, qr.Header().Get("Content-Type"), qr.Header().Get("Cache-Control"))
		}
		for _, bad := range []struct{ code, msg string }{
			{"abcdef", "Enter the six digits"}, {"12345", "Enter the six digits"},
			{e.code(secret, -5*time.Minute), "The code is not right"},
		} {
			rec := e.Post(p, "/account/two-factor", url.Values{"code": {bad.code}})
			wantStatus(t, "confirm with "+bad.code, rec, 422)
			wantBody(t, "confirm with "+bad.code, rec, bad.msg, `href="#f-code"`, `aria-invalid="true"`)
		}
		if n := e.Count(`SELECT COUNT(*) FROM user_totp WHERE confirmed_at IS NOT NULL`); n != 0 {
			t.Fatalf("a wrong code enrolled: %d", n)
		}
		_, codes := e.enrol(p)
		if n := e.Count(`SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, e.Users[p].ID); n != 10 {
			t.Errorf("stored recovery codes = %d", n)
		}
		rec = e.Get(p, "/account/two-factor")
		wantBody(t, "page after enrolment", rec, "Two-factor sign-in is on", "Recovery codes left: 10")
		if strings.Contains(rec.Body.String(), codes[0]) || strings.Contains(rec.Body.String(), "otpauth://") {
			t.Error("recovery codes or the secret shown again after enrolment")
		}
		wantStatus(t, "QR after enrolment", e.Get(p, "/account/two-factor/qr.png"), 409)
	})
}

// Sign-in with a code: the password alone gives no session; the code page
// refuses malformed, wrong and replayed codes with a field error, and a
// right code starts the session and keeps next.
func TestTwoFactorSignInWithCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newTFEnv(t, d, config.TwoFactorOptional)
		secret, _ := e.enrol(webtest.FinanceOfficer)
		a := e.agent()
		rec := a.signIn(webtest.FinanceOfficer, "/account")
		if rec.Code != 303 || rec.Header().Get("Location") != "/login/code" || a.hasSession() {
			t.Fatalf("password: %d to %q, session %v", rec.Code, rec.Header().Get("Location"), a.hasSession())
		}
		wantStatus(t, "home between password and code", a.do("GET", "/home", nil), 303)
		rec = a.do("GET", "/login/code", nil)
		wantStatus(t, "code page", rec, 200)
		wantBody(t, "code page", rec, `inputmode="numeric"`, `autocomplete="one-time-code"`, `for="f-code"`, `for="f-recovery-code"`)
		for _, bad := range []string{"abcdef", "12345", "1234567"} {
			rec := a.do("POST", "/login/code", url.Values{"code": {bad}})
			wantStatus(t, "code "+bad, rec, 422)
			wantBody(t, "code "+bad, rec, "Enter the six digits", `href="#f-code"`)
		}
		rec = a.do("POST", "/login/code", url.Values{"code": {e.code(secret, -3*time.Minute)}})
		wantStatus(t, "wrong code", rec, 422)
		wantBody(t, "wrong code", rec, "The code is not right")
		code := e.code(secret, 0)
		rec = a.do("POST", "/login/code", url.Values{"code": {code}})
		if rec.Code != 303 || rec.Header().Get("Location") != "/account" || !a.hasSession() {
			t.Fatalf("right code: %d to %q, session %v", rec.Code, rec.Header().Get("Location"), a.hasSession())
		}
		wantStatus(t, "account after the code", a.do("GET", "/account", nil), 200)
		wantStatus(t, "code page after sign-in", a.do("GET", "/login/code", nil), 303)

		// The same code again, within its window: refused.
		b := e.agent()
		b.signIn(webtest.FinanceOfficer, "")
		rec = b.do("POST", "/login/code", url.Values{"code": {code}})
		wantStatus(t, "replayed code", rec, 422)
		wantBody(t, "replayed code", rec, "already been used")
		if b.hasSession() {
			t.Fatal("a replayed code started a session")
		}
		e.clk.Add(30 * time.Second)
		rec = b.do("POST", "/login/code", url.Values{"code": {e.code(secret, 0)}})
		if rec.Code != 303 || rec.Header().Get("Location") != "/home" || !b.hasSession() {
			t.Fatalf("next code: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		// The pending sign-in lives five minutes.
		c := e.agent()
		c.signIn(webtest.FinanceOfficer, "")
		e.clk.Add(6 * time.Minute)
		rec = c.do("POST", "/login/code", url.Values{"code": {e.code(secret, 0)}})
		if rec.Code != 303 || rec.Header().Get("Location") != "/login" || c.hasSession() {
			t.Errorf("expired pending sign-in: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
	})
}

// Sign-in with a recovery code works once; the same code again is refused.
func TestTwoFactorSignInWithRecoveryCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newTFEnv(t, d, config.TwoFactorOptional)
		_, codes := e.enrol(webtest.Admin)
		a := e.agent()
		a.signIn(webtest.Admin, "")
		rec := a.do("POST", "/login/code", url.Values{"recovery_code": {strings.ToUpper(codes[2])}})
		if rec.Code != 303 || !a.hasSession() {
			t.Fatalf("recovery code: %d", rec.Code)
		}
		b := e.agent()
		b.signIn(webtest.Admin, "")
		rec = b.do("POST", "/login/code", url.Values{"recovery_code": {codes[2]}})
		wantStatus(t, "recovery code twice", rec, 422)
		wantBody(t, "recovery code twice", rec, "not right or has already been used", `href="#f-recovery-code"`)
		rec = b.do("POST", "/login/code", url.Values{"recovery_code": {"not a code"}})
		wantStatus(t, "malformed recovery code", rec, 422)
		if b.hasSession() {
			t.Fatal("a used recovery code started a session")
		}
		if n := e.Count(`SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, e.Users[webtest.Admin].ID); n != 9 {
			t.Errorf("unused recovery codes = %d, want 9", n)
		}
	})
}

// Wrong codes count in the account's throttle: after five, 429 with
// Retry-After, even for the right code; malformed codes cost nothing.
func TestTwoFactorCodeThrottled(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newTFEnv(t, d, config.TwoFactorOptional)
		secret, _ := e.enrol(webtest.ApplicantA)
		a := e.agent()
		a.signIn(webtest.ApplicantA, "")
		for i := 0; i < 3; i++ {
			wantStatus(t, "malformed", a.do("POST", "/login/code", url.Values{"code": {"12"}}), 422)
		}
		for i := 0; i < 5; i++ {
			wantStatus(t, "wrong code", a.do("POST", "/login/code", url.Values{"code": {e.code(secret, -10*time.Minute)}}), 422)
		}
		rec := a.do("POST", "/login/code", url.Values{"code": {e.code(secret, 0)}})
		if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" || a.hasSession() {
			t.Fatalf("right code after five wrong: %d Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
		}
		wantBody(t, "throttled", rec, "Too many wrong codes")
		wantStatus(t, "password while locked", e.agent().signIn(webtest.ApplicantA, ""), http.StatusTooManyRequests)
	})
}

// An admin resets a user's second factor (after a confirmation page): the
// user signs in with the password alone and, when required, enrols again.
func TestTwoFactorAdminReset(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newTFEnv(t, d, config.TwoFactorRequired)
		e.enrol(webtest.Admin)
		e.enrol(webtest.ProgramOfficer)
		id := itoa(e.Users[webtest.ProgramOfficer].ID)
		rec := e.Get(webtest.Admin, "/admin/users")
		wantBody(t, "users page", rec, `href="/admin/users/`+id+`/two-factor/reset"`)
		rec = e.Get(webtest.Admin, "/admin/users/"+id+"/two-factor/reset")
		wantStatus(t, "confirmation page", rec, 200)
		wantBody(t, "confirmation page", rec, "program_officer@test.example", `method="post"`)
		wantStatus(t, "reset by a programme officer", e.Post(webtest.ProgramOfficer, "/admin/users/"+itoa(e.Users[webtest.Admin].ID)+"/two-factor/reset", nil), 403)
		wantStatus(t, "reset of an unknown user", e.Post(webtest.Admin, "/admin/users/999999/two-factor/reset", nil), 404)
		rec = e.Post(webtest.Admin, "/admin/users/"+id+"/two-factor/reset", nil)
		if rec.Code != 303 || rec.Header().Get("Location") != "/admin/users" {
			t.Fatalf("reset: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		if n := e.Count(`SELECT COUNT(*) FROM user_totp WHERE user_id = ?`, e.Users[webtest.ProgramOfficer].ID) +
			e.Count(`SELECT COUNT(*) FROM recovery_codes WHERE user_id = ?`, e.Users[webtest.ProgramOfficer].ID); n != 0 {
			t.Errorf("rows left after reset: %d", n)
		}
		a := e.agent()
		rec = a.signIn(webtest.ProgramOfficer, "")
		if rec.Code != 303 || rec.Header().Get("Location") != "/home" || !a.hasSession() {
			t.Fatalf("password after reset: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		rec = a.do("GET", "/home", nil)
		if rec.Code != 303 || rec.Header().Get("Location") != "/account/two-factor" {
			t.Errorf("home after reset: %d to %q, want the enrolment page", rec.Code, rec.Header().Get("Location"))
		}
	})
}

// PORTAL_2FA=required: officers without a second factor reach only the
// enrolment page (their API tokens get 403); applicants are not asked;
// officers cannot turn it off.
func TestTwoFactorRequiredMode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newTFEnv(t, d, config.TwoFactorRequired)
		for _, p := range []webtest.Principal{webtest.Admin, webtest.ProgramOfficer, webtest.FinanceOfficer} {
			for _, path := range []string{"/home", "/account", "/admin/users"} {
				rec := e.Get(p, path)
				if rec.Code != 303 || rec.Header().Get("Location") != "/account/two-factor" {
					t.Errorf("%s GET %s: %d to %q, want the enrolment page", p, path, rec.Code, rec.Header().Get("Location"))
				}
			}
			wantStatus(t, string(p)+" enrolment page", e.Get(p, "/account/two-factor"), 200)
			wantStatus(t, string(p)+" static", e.Get(p, "/static/portal.css"), 200)
		}
		wantStatus(t, "POST by an officer not enrolled", e.Post(webtest.ProgramOfficer, "/account/tokens", url.Values{"name": {"x"}}), 303)
		tok, _, err := e.Store.CreateToken(t.Context(), e.Users[webtest.ProgramOfficer].ID, "ci")
		if err != nil {
			t.Fatal(err)
		}
		api := e.Do(webtest.Anon, webtest.Request{Path: "/api/v1/me", Header: map[string]string{"Authorization": "Bearer " + tok}})
		if api.Code != 403 || !strings.Contains(api.Header().Get("Content-Type"), "problem+json") || !strings.Contains(api.Body.String(), "two-factor") {
			t.Errorf("API token of an officer not enrolled: %d %s", api.Code, api.Body.String())
		}
		for _, p := range []webtest.Principal{webtest.ApplicantA, webtest.Evaluator1, webtest.DonorOfficer} {
			wantStatus(t, string(p)+" home", e.Get(p, "/home"), 200)
		}
		secret, _ := e.enrol(webtest.ProgramOfficer)
		wantStatus(t, "home after enrolment", e.Get(webtest.ProgramOfficer, "/home"), 200)
		wantStatus(t, "API after enrolment", e.Do(webtest.Anon, webtest.Request{Path: "/api/v1/me",
			Header: map[string]string{"Authorization": "Bearer " + tok}}), 200)
		rec := e.Get(webtest.ProgramOfficer, "/account/two-factor")
		if strings.Contains(rec.Body.String(), `action="/account/two-factor/disable"`) {
			t.Error("an officer is offered to turn off a required second factor")
		}
		wantStatus(t, "officer turns it off", e.Post(webtest.ProgramOfficer, "/account/two-factor/disable",
			url.Values{"disable_code": {e.code(secret, 0)}}), 409)
		if n := e.Count(`SELECT COUNT(*) FROM user_totp WHERE user_id = ?`, e.Users[webtest.ProgramOfficer].ID); n != 1 {
			t.Error("the refused disable removed the second factor")
		}
	})
}

// PORTAL_2FA=optional: nobody is redirected; any user may enrol, make new
// recovery codes and turn it off, each with a current code.
func TestTwoFactorOptionalMode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newTFEnv(t, d, config.TwoFactorOptional)
		for _, p := range []webtest.Principal{webtest.Admin, webtest.ProgramOfficer, webtest.FinanceOfficer, webtest.ApplicantA} {
			wantStatus(t, string(p)+" home", e.Get(p, "/home"), 200)
		}
		p := webtest.ApplicantA
		secret, old := e.enrol(p)
		rec := e.Post(p, "/account/two-factor/recovery-codes", url.Values{"regen_code": {"12345"}})
		wantStatus(t, "new codes with a malformed code", rec, 422)
		wantBody(t, "new codes with a malformed code", rec, `href="#f-regen-code"`)
		rec = e.Post(p, "/account/two-factor/recovery-codes", url.Values{"regen_code": {e.code(secret, 0)}})
		wantStatus(t, "new codes", rec, 200)
		fresh := recoveryCodes(rec.Body.String())
		if len(fresh) != 10 || fresh[0] == old[0] {
			t.Fatalf("new recovery codes: %v", fresh)
		}
		e.clk.Add(30 * time.Second)
		rec = e.Post(p, "/account/two-factor/disable", url.Values{"disable_code": {e.code(secret, -2*time.Minute)}})
		wantStatus(t, "disable with a wrong code", rec, 422)
		rec = e.Post(p, "/account/two-factor/disable", url.Values{"disable_code": {e.code(secret, 0)}})
		wantStatus(t, "disable", rec, 303)
		if n := e.Count(`SELECT COUNT(*) FROM user_totp WHERE user_id = ?`, e.Users[p].ID); n != 0 {
			t.Error("disable left the secret")
		}
		a := e.agent()
		if rec := a.signIn(p, ""); rec.Code != 303 || rec.Header().Get("Location") != "/home" {
			t.Errorf("password after disable: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
	})
}

// Who reaches the two-factor routes: every signed-in user its own pages,
// only the admin the reset; anonymous visitors go to the login page.
func TestTwoFactorMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newTFEnv(t, d, config.TwoFactorOptional)
		reset := "/admin/users/" + itoa(e.Users[webtest.ApplicantB].ID) + "/two-factor/reset"
		signedIn := map[webtest.Principal]int{webtest.Anon: 303}
		adminOnly := map[webtest.Principal]int{webtest.Anon: 303, webtest.Admin: 200}
		e.CheckMatrix(t, []webtest.Case{
			{Name: "own two-factor page", Req: webtest.Request{Path: "/account/two-factor"}, Default: 200, Want: signedIn},
			{Name: "QR before enrolment", Req: webtest.Request{Path: "/account/two-factor/qr.png"}, Default: 404, Want: signedIn},
			{Name: "reset confirmation", Req: webtest.Request{Path: reset}, Default: 403, Want: adminOnly},
			{Name: "code page without a pending sign-in", Req: webtest.Request{Path: "/login/code"}, Default: 303},
		})
		if n := e.Count(`SELECT COUNT(*) FROM user_totp`); n != 0 {
			t.Errorf("GETs created %d second factors", n)
		}
	})
}
