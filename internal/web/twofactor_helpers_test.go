package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/subgrant/portal/internal/config"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/web"
	"github.com/subgrant/portal/internal/web/webtest"
)

// tfEnv is a portal on a test clock, in the given PORTAL_2FA mode.
type tfEnv struct {
	*webtest.Env
	clk *clock
}

func newTFEnv(t *testing.T, d *db.DB, mode config.TwoFactorMode) *tfEnv {
	t.Helper()
	clk := &clock{t: time.Now().UTC().Truncate(time.Second)}
	cfg := config.FromEnv(func(string) string { return "" })
	cfg.TwoFactor = mode
	e := webtest.New(t, d, webtest.Options{Config: cfg, Deps: func(dp *web.Deps) { dp.Now = clk.Now }})
	e.Store.Now = clk.Now
	return &tfEnv{Env: e, clk: clk}
}

// code is the TOTP code of secret at the test clock plus skew.
func (e *tfEnv) code(secret string, skew time.Duration) string {
	e.T.Helper()
	c, err := totp.GenerateCodeCustom(secret, e.clk.Now().Add(skew),
		totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		e.T.Fatal(err)
	}
	return c
}

func (e *tfEnv) secretOf(p webtest.Principal) string {
	e.T.Helper()
	var s string
	if err := db.Get(context.Background(), e.DB, &s, `SELECT secret FROM user_totp WHERE user_id = ?`, e.Users[p].ID); err != nil {
		e.T.Fatalf("secret of %s: %v", p, err)
	}
	return s
}

// enrol walks p through the enrolment pages and returns the secret and
// the recovery codes shown.
func (e *tfEnv) enrol(p webtest.Principal) (string, []string) {
	e.T.Helper()
	if rec := e.Post(p, "/account/two-factor/start", nil); rec.Code != http.StatusSeeOther {
		e.T.Fatalf("start enrolment: %d", rec.Code)
	}
	secret := e.secretOf(p)
	rec := e.Post(p, "/account/two-factor", url.Values{"code": {e.code(secret, 0)}})
	if rec.Code != http.StatusOK {
		e.T.Fatalf("confirm enrolment: %d %s", rec.Code, rec.Body.String())
	}
	codes := recoveryCodes(rec.Body.String())
	if len(codes) != 10 {
		e.T.Fatalf("enrolment showed %d recovery codes, want 10", len(codes))
	}
	e.clk.Add(30 * time.Second) // the confirming code is spent
	return secret, codes
}

var recoveryRE = regexp.MustCompile(`<code>([a-z0-9]{5}-[a-z0-9]{5}-[a-z0-9]{5})</code>`)

func recoveryCodes(body string) []string {
	var out []string
	for _, m := range recoveryRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// agent is an anonymous browser with a cookie jar.
type agent struct {
	e       *tfEnv
	cookies map[string]string
}

func (e *tfEnv) agent() *agent { return &agent{e: e, cookies: map[string]string{"portal_lang": "en"}} }

func (a *agent) do(method, path string, form url.Values) *httptest.ResponseRecorder {
	a.e.T.Helper()
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	for k, v := range a.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	rec := httptest.NewRecorder()
	a.e.Handler.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(a.cookies, c.Name)
		} else {
			a.cookies[c.Name] = c.Value
		}
	}
	return rec
}

// signIn posts the password of p (with next, if any) and returns the answer.
func (a *agent) signIn(p webtest.Principal, next string) *httptest.ResponseRecorder {
	a.e.T.Helper()
	f := url.Values{"email": {string(p) + "@test.example"}, "password": {webtest.Password}}
	if next != "" {
		f.Set("next", next)
	}
	return a.do(http.MethodPost, "/login", f)
}

func (a *agent) hasSession() bool { return a.cookies["portal_session"] != "" }

func wantStatus(t *testing.T, what string, rec *httptest.ResponseRecorder, want int) {
	t.Helper()
	if rec.Code != want {
		t.Fatalf("%s: %d, want %d (Location %q)", what, rec.Code, want, rec.Header().Get("Location"))
	}
}

func wantBody(t *testing.T, what string, rec *httptest.ResponseRecorder, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !strings.Contains(rec.Body.String(), s) {
			t.Errorf("%s: the page lacks %q", what, s)
		}
	}
}
