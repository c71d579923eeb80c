package web_test

import (
	"context"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/web/webtest"
)

// english is the cookie of a visitor who chose English.
var english = map[string]string{"Cookie": "portal_lang=en"}

// enMessage is a catalogue message in English as html/template writes it
// into a page.
func enMessage(t *testing.T, key string, args ...any) string {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !cat.Has(key) {
		t.Fatalf("no catalogue key %q", key)
	}
	return htmlText(cat.T(i18n.EN, key, args...))
}

// htmlText escapes s exactly as html/template does in text.
func htmlText(s string) string {
	var b strings.Builder
	_ = template.Must(template.New("").Parse("{{.}}")).Execute(&b, s)
	return b.String()
}

// withSession sends r with the session cookie token (any user's session).
func withSession(e *webtest.Env, token string, r webtest.Request) *httptest.ResponseRecorder {
	if r.Header == nil {
		r.Header = map[string]string{}
	}
	r.Header["Cookie"] = e.Server.SessionCookieName() + "=" + token
	return e.Do(webtest.Anon, r)
}

func postLogin(e *webtest.Env, email, password string) int {
	return e.Do(webtest.Anon, webtest.Request{Method: http.MethodPost, Path: "/login",
		Form: url.Values{"email": {email}, "password": {password}}}).Code
}

func cookieValue(rec *httptest.ResponseRecorder, name string) (string, bool) {
	for _, c := range rec.Result().Cookies() {
		if c.Name == name {
			return c.Value, true
		}
	}
	return "", false
}

// fieldInvalid reports whether the input or select with this id is marked
// aria-invalid="true".
func fieldInvalid(body, id string) bool {
	return regexp.MustCompile(`<(input|select) id="` + regexp.QuoteMeta(id) + `"[^>]*aria-invalid="true"`).MatchString(body)
}

// hasErrorSummary reports whether the page has the error summary with a
// link to the field id.
func hasErrorSummary(body, id string) bool {
	return strings.Contains(body, `class="error-summary"`) && strings.Contains(body, `<a href="#`+id+`">`)
}

// The signed-in user's account flows on both databases: password reset by
// e-mail, password change, and the language choice.
func TestAccountFlows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		t.Run("password reset", func(t *testing.T) { e.T = t; testPasswordReset(t, e) })
		t.Run("password change", func(t *testing.T) { e.T = t; testPasswordChange(t, e) })
		t.Run("language", func(t *testing.T) { e.T = t; testLanguage(t, e) })
	})
}

var resetLink = regexp.MustCompile(`https?://[^\s/]+(/password/reset\?token=[A-Za-z0-9_%-]+)`)

func testPasswordReset(t *testing.T, e *webtest.Env) {
	ctx := context.Background()
	user := e.Users[webtest.ApplicantA]
	const newPassword = "a brand new passphrase"
	forgot := func(email string) *httptest.ResponseRecorder {
		return e.Do(webtest.Anon, webtest.Request{Method: http.MethodPost, Path: "/password/forgot",
			Form: url.Values{"email": {email}}, Header: english})
	}
	before, err := notify.All(ctx, e.DB)
	if err != nil {
		t.Fatal(err)
	}

	known := forgot(" Applicant_A@TEST.example ")
	if known.Code != http.StatusSeeOther || known.Header().Get("Location") != "/login" {
		t.Fatalf("forgot for a known address: %d to %q", known.Code, known.Header().Get("Location"))
	}
	after, _ := notify.All(ctx, e.DB)
	if len(after) != len(before)+1 {
		t.Fatalf("outbox has %d new rows, want 1", len(after)-len(before))
	}
	mail := after[len(after)-1]
	if mail.To != user.Email {
		t.Errorf("reset mail to %q, want %q", mail.To, user.Email)
	}
	m := resetLink.FindStringSubmatch(mail.Body)
	if m == nil {
		t.Fatalf("reset mail has no /password/reset?token= link:\n%s", mail.Body)
	}
	link := m[1]
	u, _ := url.Parse(link)
	token := u.Query().Get("token")

	unknown := forgot("nobody@test.example")
	if unknown.Code != known.Code || unknown.Header().Get("Location") != known.Header().Get("Location") {
		t.Errorf("unknown address: %d to %q, known: %d to %q", unknown.Code, unknown.Header().Get("Location"),
			known.Code, known.Header().Get("Location"))
	}
	f1, ok1 := cookieValue(known, "portal_flash")
	f2, ok2 := cookieValue(unknown, "portal_flash")
	if !ok1 || !ok2 || f1 != f2 {
		t.Errorf("flash for a known address %q, for an unknown one %q", f1, f2)
	}
	if rows, _ := notify.All(ctx, e.DB); len(rows) != len(after) {
		t.Errorf("an unknown address added %d outbox rows", len(rows)-len(after))
	}

	form := e.Do(webtest.Anon, webtest.Request{Path: link, Header: english})
	if form.Code != http.StatusOK || !strings.Contains(form.Body.String(), `name="token" value="`+token+`"`) ||
		!strings.Contains(form.Body.String(), `id="f-password"`) {
		t.Fatalf("GET the reset link: %d\n%s", form.Code, form.Body)
	}

	reset := func(password string) *httptest.ResponseRecorder {
		return e.Do(webtest.Anon, webtest.Request{Method: http.MethodPost, Path: "/password/reset",
			Form: url.Values{"token": {token}, "password": {password}}, Header: english})
	}
	short := reset("short")
	body := short.Body.String()
	if short.Code != http.StatusUnprocessableEntity || !strings.Contains(body, enMessage(t, "auth.error.password_short")) ||
		!hasErrorSummary(body, "f-password") || !fieldInvalid(body, "f-password") {
		t.Errorf("too short a new password: %d\n%s", short.Code, body)
	}
	if !strings.Contains(body, `value="`+token+`"`) {
		t.Error("the refused form lost its token")
	}

	if r := reset(newPassword); r.Code != http.StatusSeeOther || r.Header().Get("Location") != "/login" {
		t.Fatalf("reset with a good password: %d to %q\n%s", r.Code, r.Header().Get("Location"), r.Body)
	}
	if got := e.Get(webtest.ApplicantA, "/home").Code; got != http.StatusSeeOther {
		t.Errorf("a session from before the reset: %d, want 303 to the login page", got)
	}
	if got := postLogin(e, user.Email, newPassword); got != http.StatusSeeOther {
		t.Errorf("login with the new password: %d, want 303", got)
	}
	if got := postLogin(e, user.Email, webtest.Password); got != http.StatusUnprocessableEntity {
		t.Errorf("login with the old password: %d, want 422", got)
	}
	again := reset("yet another passphrase")
	if again.Code != http.StatusUnprocessableEntity || !strings.Contains(again.Body.String(), enMessage(t, "auth.error.reset_invalid")) {
		t.Errorf("reusing the link: %d\n%s", again.Code, again.Body)
	}
	if got := postLogin(e, user.Email, "yet another passphrase"); got != http.StatusUnprocessableEntity {
		t.Errorf("the reused link changed the password: login %d", got)
	}
	if r := e.Do(webtest.Anon, webtest.Request{Method: http.MethodPost, Path: "/password/reset",
		Form: url.Values{"token": {"not-a-token"}, "password": {newPassword}}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("a made-up token: %d, want 422", r.Code)
	}
}

func testPasswordChange(t *testing.T, e *webtest.Env) {
	ctx := context.Background()
	p := webtest.ProgramOfficer
	e.SignIn(p)
	other, err := e.Store.CreateSession(ctx, e.Users[p].ID, "another browser")
	if err != nil {
		t.Fatal(err)
	}
	change := func(current, next string) *httptest.ResponseRecorder {
		return e.Post(p, "/account/password", url.Values{"current_password": {current}, "new_password": {next}})
	}

	wrong := change("not the password", "a new passphrase 2026")
	body := wrong.Body.String()
	if wrong.Code != http.StatusUnprocessableEntity {
		t.Fatalf("wrong current password: %d", wrong.Code)
	}
	if !regexp.MustCompile(`id="f-current-password-error"[^>]*>.*`+regexp.QuoteMeta(enMessage(t, "auth.error.current_password_wrong"))).MatchString(body) ||
		!fieldInvalid(body, "f-current-password") || !hasErrorSummary(body, "f-current-password") {
		t.Errorf("no error next to current_password:\n%s", body)
	}
	if fieldInvalid(body, "f-new-password") {
		t.Error("a good new password is marked invalid")
	}
	if strings.Contains(body, "not the password") || strings.Contains(body, "a new passphrase 2026") {
		t.Error("a typed password is shown again")
	}

	short := change(webtest.Password, "short")
	if short.Code != http.StatusUnprocessableEntity || !fieldInvalid(short.Body.String(), "f-new-password") {
		t.Errorf("too short a new password: %d", short.Code)
	}
	if got := withSession(e, other, webtest.Request{Path: "/home"}).Code; got != http.StatusOK {
		t.Fatalf("a refused change ended the other session: %d", got)
	}

	ok := change(webtest.Password, "a new passphrase 2026")
	if ok.Code != http.StatusSeeOther || ok.Header().Get("Location") != "/account" {
		t.Fatalf("good change: %d to %q", ok.Code, ok.Header().Get("Location"))
	}
	if got := withSession(e, other, webtest.Request{Path: "/home"}).Code; got != http.StatusSeeOther {
		t.Errorf("the user's other session after the change: %d, want 303 to the login page", got)
	}
	if got := e.Get(p, "/home").Code; got != http.StatusOK {
		t.Errorf("the session that made the change: %d, want 200", got)
	}
	if _, err := e.Store.Authenticate(ctx, e.Users[p].Email, "a new passphrase 2026"); err != nil {
		t.Errorf("the new password does not work: %v", err)
	}
}

func testLanguage(t *testing.T, e *webtest.Env) {
	ctx := context.Background()
	htmlLang := regexp.MustCompile(`<html lang="([a-z]+)">`)
	langOf := func(rec *httptest.ResponseRecorder) string {
		m := htmlLang.FindStringSubmatch(rec.Body.String())
		if m == nil {
			return ""
		}
		return m[1]
	}
	if got := langOf(e.Get(webtest.Anon, "/login")); got != "sq" {
		t.Fatalf("a visitor without a choice gets %q, want sq", got)
	}

	rec := e.Do(webtest.Anon, webtest.Request{Method: http.MethodPost, Path: "/language",
		Form: url.Values{"lang": {"sr"}, "next": {"/login"}}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login" {
		t.Fatalf("visitor choosing sr: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	v, ok := cookieValue(rec, "portal_lang")
	if !ok || v != "sr" {
		t.Fatalf("language cookie = %q, want sr", v)
	}
	next := e.Do(webtest.Anon, webtest.Request{Path: "/login", Header: map[string]string{"Cookie": "portal_lang=" + v}})
	if got := langOf(next); got != "sr" {
		t.Errorf("next page for the visitor: <html lang=%q>, want sr", got)
	}

	p := webtest.Evaluator1
	if rec := e.Post(p, "/language", url.Values{"lang": {"sr"}, "next": {"/home"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("user choosing sr: %d", rec.Code)
	}
	e.SignIn(p) // a new session, without the cookie
	if got := langOf(e.Get(p, "/home")); got != "sr" {
		t.Errorf("new session of the user: <html lang=%q>, want sr", got)
	}
	if u, _ := e.Store.UserByID(ctx, e.Users[p].ID); u.Lang != "sr" {
		t.Errorf("stored language %q, want sr", u.Lang)
	}

	for _, bad := range []string{"xx", "", "de", "sr;DROP", strings.Repeat("s", 5000)} {
		for _, who := range []webtest.Principal{webtest.Anon, p} {
			rec := e.Post(who, "/language", url.Values{"lang": {bad}})
			if rec.Code != http.StatusUnprocessableEntity {
				t.Errorf("lang=%.10q as %s: %d, want 422", bad, who, rec.Code)
			}
			if _, set := cookieValue(rec, "portal_lang"); set {
				t.Errorf("lang=%.10q as %s set the language cookie", bad, who)
			}
		}
	}
	if u, _ := e.Store.UserByID(ctx, e.Users[p].ID); u.Lang != "sr" {
		t.Errorf("an invalid choice changed the stored language to %q", u.Lang)
	}
	for _, evil := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "/\t/evil.example"} {
		rec := e.Post(webtest.Anon, "/language", url.Values{"lang": {"en"}, "next": {evil}})
		if loc := rec.Header().Get("Location"); loc != "/" {
			t.Errorf("next=%q redirects to %q, want /", evil, loc)
		}
	}
}
