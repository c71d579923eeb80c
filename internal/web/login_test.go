package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web"
	"github.com/subgrant/portal/internal/web/webtest"
)

func login(e *webtest.Env, email, password string, headers map[string]string) *http.Response {
	rec := e.Do(webtest.Anon, webtest.Request{Method: "POST", Path: "/login",
		Form: url.Values{"email": {email}, "password": {password}}, Header: headers})
	return rec.Result()
}

func sessionCookie(r *http.Response) *http.Cookie {
	for _, c := range r.Cookies() {
		if c.Name == "portal_session" && c.Value != "" {
			return c
		}
	}
	return nil
}

func withCookie(e *webtest.Env, c *http.Cookie, path string) *http.Response {
	req, _ := http.NewRequest(http.MethodGet, path, nil)
	req.AddCookie(c)
	rec := newRecorder()
	e.Handler.ServeHTTP(rec, req)
	return rec.Result()
}

// A good login answers 303 with an HttpOnly, SameSite=Lax session cookie
// holding a new token; logout makes that token dead.
func TestLoginAndLogout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		r1 := login(e, "Admin@Test.Example", webtest.Password, nil)
		if r1.StatusCode != http.StatusSeeOther || r1.Header.Get("Location") != "/home" {
			t.Fatalf("login: %d to %q", r1.StatusCode, r1.Header.Get("Location"))
		}
		c := sessionCookie(r1)
		if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
			t.Fatalf("session cookie = %+v", c)
		}
		r2 := login(e, "admin@test.example", webtest.Password, nil)
		if c2 := sessionCookie(r2); c2 == nil || c2.Value == c.Value {
			t.Fatal("second login did not get a new token")
		}
		if got := withCookie(e, c, "/home").StatusCode; got != http.StatusOK {
			t.Fatalf("home with the session: %d", got)
		}
		req, _ := http.NewRequest(http.MethodPost, "/logout", strings.NewReader(""))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(c)
		rec := newRecorder()
		e.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("logout: %d", rec.Code)
		}
		if got := withCookie(e, c, "/home").StatusCode; got != http.StatusSeeOther {
			t.Errorf("home after logout: %d, want 303 to the login page", got)
		}
	})
}

// Unknown e-mail and wrong password give the same status and message.
func TestLoginDoesNotRevealAccounts(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	a := e.Do(webtest.Anon, webtest.Request{Method: "POST", Path: "/login", Form: url.Values{"email": {"nobody@test.example"}, "password": {"whatever-123"}}})
	b := e.Do(webtest.Anon, webtest.Request{Method: "POST", Path: "/login", Form: url.Values{"email": {"admin@test.example"}, "password": {"whatever-123"}}})
	if a.Code != b.Code || a.Code != http.StatusUnprocessableEntity {
		t.Fatalf("statuses %d and %d, want both 422", a.Code, b.Code)
	}
	strip := func(r *httptest.ResponseRecorder, email string) string {
		return strings.ReplaceAll(strings.ReplaceAll(r.Body.String(), email, ""), r.Header().Get("X-Request-ID"), "")
	}
	if strip(a, "nobody@test.example") != strip(b, "admin@test.example") {
		t.Error("pages differ between unknown e-mail and wrong password")
	}
	if !strings.Contains(a.Body.String(), "There is a problem") && !strings.Contains(a.Body.String(), "Ka një problem") {
		t.Error("no error summary on a failed login")
	}
}

// A 64-character Cyrillic password works and is not truncated.
func TestLongCyrillicPassword(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	pw := strings.Repeat("ж", 63) + "я"
	if _, err := e.Store.CreateUser(context.Background(), auth.NewUser{Email: "cyr@test.example", Name: "Ћирило", Role: auth.Applicant, Password: pw}); err != nil {
		t.Fatal(err)
	}
	if r := login(e, "cyr@test.example", pw, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login with the Cyrillic password: %d", r.StatusCode)
	}
	if r := login(e, "cyr@test.example", strings.Repeat("ж", 64), nil); r.StatusCode == http.StatusSeeOther {
		t.Fatal("a password differing only in its last character was accepted")
	}
}

// Repeated failures answer 429 with Retry-After, per account and per
// address, and a forged X-Forwarded-For does not reset the address counter.
func TestLoginThrottling(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		var last *http.Response
		for i := 0; i < 6; i++ {
			last = login(e, "admin@test.example", "wrong-password", nil)
		}
		if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
			t.Fatalf("6th failure: %d Retry-After=%q", last.StatusCode, last.Header.Get("Retry-After"))
		}
		if r := login(e, "admin@test.example", webtest.Password, nil); r.StatusCode != http.StatusTooManyRequests {
			t.Errorf("right password while locked: %d, want 429", r.StatusCode)
		}
		// Per address: many accounts from one address, each with a new forged X-Forwarded-For.
		for i := 0; i < 25; i++ {
			last = login(e, "user"+string(rune('a'+i))+"@test.example", "wrong-password",
				map[string]string{"X-Forwarded-For": "10.9.8." + string(rune('0'+i%10))})
		}
		if last.StatusCode != http.StatusTooManyRequests {
			t.Errorf("25 failures from one address with forged X-Forwarded-For: %d, want 429", last.StatusCode)
		}
	})
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// Sessions die after 30 idle minutes, after 12 hours whatever the activity,
// and at once when the user is disabled.
func TestSessionTimeoutsAndDisabling(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		clk := &clock{t: time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)}
		e := webtest.New(t, d, webtest.Options{Deps: func(deps *web.Deps) { deps.Now = clk.Now }})
		e.Store.Now = clk.Now
		e.SignIn(webtest.ApplicantA)
		clk.Add(29 * time.Minute)
		if got := e.Get(webtest.ApplicantA, "/home").Code; got != 200 {
			t.Fatalf("after 29 idle minutes: %d", got)
		}
		clk.Add(31 * time.Minute)
		if got := e.Get(webtest.ApplicantA, "/home").Code; got != 303 {
			t.Errorf("after 31 idle minutes: %d, want 303", got)
		}
		e.SignIn(webtest.ApplicantA)
		for i := 0; i < 26; i++ { // active every 28 minutes for 12h08
			clk.Add(28 * time.Minute)
			e.Get(webtest.ApplicantA, "/home")
		}
		if got := e.Get(webtest.ApplicantA, "/home").Code; got != 303 {
			t.Errorf("after 12 hours of activity: %d, want 303", got)
		}
		e.SignIn(webtest.ApplicantB)
		e.SignIn(webtest.Admin)
		id := itoa(e.Users[webtest.ApplicantB].ID)
		if got := e.Post(webtest.Admin, "/admin/users/"+id+"/disable", nil).Code; got != 303 {
			t.Fatalf("disable: %d", got)
		}
		if got := e.Get(webtest.ApplicantB, "/home").Code; got != 303 {
			t.Errorf("disabled user's session: %d, want 303", got)
		}
		if r := login(e, "applicant_B@test.example", webtest.Password, nil); r.StatusCode != 422 {
			t.Errorf("disabled user's login: %d, want 422", r.StatusCode)
		}
	})
}

// A dead reset link says so at once instead of asking for a password, and
// a JSON body with a NUL character is refused before it reaches the database.
func TestDeadResetLinkAndNulInJSON(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		rec := e.Get(webtest.Anon, "/password/reset?token=not-a-real-token")
		if rec.Code != http.StatusGone || strings.Contains(rec.Body.String(), `name="password"`) {
			t.Errorf("dead link: %d, form shown = %v", rec.Code, strings.Contains(rec.Body.String(), `name="password"`))
		}
		r := e.Do(webtest.Admin, webtest.Request{Method: "POST", Path: "/api/v1/users",
			JSON: `{"email":"nul@test.example","name":"a\u0000b","role":"applicant","password":"long-enough-pw"}`})
		if r.Code != http.StatusBadRequest {
			t.Errorf("NUL in JSON: %d, want 400", r.Code)
		}
	})
}

// When the database fails, a session is not thrown away: the request gets a
// 500 page and the cookie stays, so the user is still signed in afterwards.
func TestDatabaseFailureKeepsSession(t *testing.T) {
	d := dbtest.SQLite(t)
	e := webtest.New(t, d)
	d.Close()
	rec := e.Get(webtest.ApplicantA, "/home")
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("home with the database down: %d, want 500", rec.Code)
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == e.Server.SessionCookieName() {
			t.Errorf("session cookie changed: %+v", c)
		}
	}
}
