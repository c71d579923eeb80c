package web_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/config"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web"
	"github.com/subgrant/portal/internal/web/webtest"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func checkSecurityHeaders(t *testing.T, what string, h http.Header, prod bool) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("%s: CSP = %q", what, csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s: no nosniff", what)
	}
	if h.Get("Referrer-Policy") == "" {
		t.Errorf("%s: no Referrer-Policy", what)
	}
	if hsts := h.Get("Strict-Transport-Security"); prod != (hsts != "") {
		t.Errorf("%s: HSTS = %q in prod=%v", what, hsts, prod)
	}
}

// Every kind of response carries the security headers: pages, 404, 500,
// static files, JSON and problems; HSTS only in prod.
func TestSecurityHeadersEverywhere(t *testing.T) {
	for _, prod := range []bool{false, true} {
		cfg := config.FromEnv(func(string) string { return "" })
		if prod {
			cfg.Env, cfg.BaseURL, cfg.SMTPURL = config.Prod, "https://portal.example", "smtp://mail:25"
		}
		logs := &syncBuffer{}
		e := webtest.New(t, dbtest.SQLite(t), webtest.Options{Config: cfg, Deps: func(d *web.Deps) { d.Log = slog.New(slog.NewTextHandler(logs, nil)) }})
		e.Server.Engine().GET("/test/panic", func(*gin.Context) { panic("boom for the test") })
		for _, path := range []string{"/", "/login", "/no/such/page", "/static/portal.css", "/healthz", "/api/v1/me", "/api/v1/nothing", "/test/panic"} {
			rec := e.Get(webtest.Anon, path)
			checkSecurityHeaders(t, path, rec.Header(), prod)
		}
		rec := e.Get(webtest.Anon, "/test/panic")
		if rec.Code != http.StatusInternalServerError {
			t.Fatalf("panic route: %d", rec.Code)
		}
		id := rec.Header().Get("X-Request-ID")
		if id == "" || !strings.Contains(rec.Body.String(), id) {
			t.Errorf("500 page does not show the request id %q", id)
		}
		if !strings.Contains(logs.String(), "boom for the test") || !strings.Contains(logs.String(), "goroutine") {
			t.Error("the panic and its stack are not in the log")
		}
	}
}

// Authenticated pages are not cached; the log never holds cookies or passwords.
func TestNoStoreAndCleanLogs(t *testing.T) {
	logs := &syncBuffer{}
	e := webtest.New(t, dbtest.SQLite(t), webtest.Options{Deps: func(d *web.Deps) { d.Log = slog.New(slog.NewTextHandler(logs, nil)) }})
	rec := e.Get(webtest.Admin, "/home")
	if rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control on /home = %q", rec.Header().Get("Cache-Control"))
	}
	e.Do(webtest.Anon, webtest.Request{Method: "POST", Path: "/login?password=leak-in-query",
		Form: url.Values{"email": {"admin@test.example"}, "password": {"Secret-Password-123"}}})
	e.Get(webtest.Admin, "/password/reset?token=leak-reset-token")
	out := logs.String()
	for _, secret := range []string{"Secret-Password-123", "leak-in-query", "leak-reset-token", "portal_session="} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q", secret)
		}
	}
	if !strings.Contains(out, "route=/login") {
		t.Errorf("requests are not logged: %q", out)
	}
}

// Bodies over the route's limit answer 413, with or without Content-Length.
func TestBodyLimit(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	big := url.Values{"email": {strings.Repeat("a", 100<<10)}, "password": {"x"}}
	if got := e.Do(webtest.Anon, webtest.Request{Method: "POST", Path: "/login", Form: big}).Code; got != http.StatusRequestEntityTooLarge {
		t.Errorf("100 KiB login form: %d, want 413", got)
	}
	bigJSON := `{"email":"` + strings.Repeat("a", 2<<20) + `"}`
	if got := e.Do(webtest.Admin, webtest.Request{Method: "POST", Path: "/api/v1/users", JSON: bigJSON}).Code; got != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB API body: %d, want 413", got)
	}
}
