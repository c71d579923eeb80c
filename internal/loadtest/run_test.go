package loadtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const fakePassword = "right password"

// fakePortal answers like the portal: a 303 with portal_session on a good
// login, pages for a session, a 303 to /login without one. The extra map
// adds paths with fixed answers.
func fakePortal(t *testing.T, extra map[string]http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		if r.PostFormValue("password") != fakePassword {
			w.WriteHeader(http.StatusUnprocessableEntity)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "portal_session", Value: "s-" + r.PostFormValue("email"), Path: "/", HttpOnly: true})
		http.Redirect(w, r, "/home", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if h, ok := extra[r.URL.Path]; ok {
			h(w, r)
			return
		}
		if ck, err := r.Cookie("portal_session"); err != nil || !strings.HasPrefix(ck.Value, "s-") {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		_, _ = w.Write([]byte("<html>page " + r.URL.Path + "</html>"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &hits
}

func fakeConfig(url string) Config {
	return Config{URL: url, Users: []string{"a@demo.example", "b@demo.example"}, Password: fakePassword,
		Concurrency: 5, Duration: 10 * time.Second, Requests: 300}
}

func TestRunStopsAtRequestCount(t *testing.T) {
	srv, hits := fakePortal(t, nil)
	rep, err := Run(context.Background(), fakeConfig(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if rep.All.Count != 300 || hits.Load() != 300 || rep.StoppedBy != "request count" {
		t.Errorf("count %d, hits %d, stopped by %q; want 300, 300, request count", rep.All.Count, hits.Load(), rep.StoppedBy)
	}
	if rep.All.Errors != 0 || len(rep.Errors) != 0 {
		t.Errorf("errors = %d %v, want none", rep.All.Errors, rep.Errors)
	}
	if rep.Login.Count != 5 || rep.Login.Errors != 0 {
		t.Errorf("login = %+v, want 5 without errors", rep.Login)
	}
	if len(rep.Paths) != len(DefaultMix) {
		t.Fatalf("paths = %d, want %d", len(rep.Paths), len(DefaultMix))
	}
	sum := 0
	for _, p := range rep.Paths {
		sum += p.Count
		if p.Count == 0 || p.P50 > p.P95 || p.P95 > p.P99 || p.P99 > p.Max {
			t.Errorf("path %+v: no requests or percentiles out of order", p)
		}
	}
	if sum != rep.All.Count {
		t.Errorf("paths add up to %d, all = %d", sum, rep.All.Count)
	}
}

func TestRunStopsAtDuration(t *testing.T) {
	srv, _ := fakePortal(t, nil)
	cfg := fakeConfig(srv.URL)
	cfg.Requests, cfg.Duration = 1_000_000_000, 300*time.Millisecond
	start := time.Now()
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("run took %s for a 300ms duration", d)
	}
	if rep.StoppedBy != "duration" || rep.All.Count == 0 || rep.Throughput() <= 0 {
		t.Errorf("stopped by %q after %d requests (%.0f/s)", rep.StoppedBy, rep.All.Count, rep.Throughput())
	}
}

func TestRunStopsWhenInterrupted(t *testing.T) {
	srv, _ := fakePortal(t, nil)
	cfg := fakeConfig(srv.URL)
	cfg.Requests = 1_000_000_000
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	rep, err := Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rep.StoppedBy != "interrupted" {
		t.Errorf("stopped by %q, want interrupted", rep.StoppedBy)
	}
}

// 429, 5xx and a dead session are error kinds; a 429's Retry-After is obeyed.
func TestRunCountsErrorKinds(t *testing.T) {
	var limited atomic.Int64
	srv, _ := fakePortal(t, map[string]http.HandlerFunc{
		"/limited": func(w http.ResponseWriter, _ *http.Request) {
			limited.Add(1)
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		},
		"/broken": func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "oops", http.StatusInternalServerError) },
		"/gone": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/login?next=/gone", http.StatusSeeOther)
		},
	})
	cfg := fakeConfig(srv.URL)
	cfg.Concurrency, cfg.Requests, cfg.Duration = 3, 1_000_000, 1500*time.Millisecond
	cfg.Mix = []Page{{"/home", 5}, {"/limited", 1}, {"/broken", 1}, {"/gone", 1}}
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"429 too many requests", "5xx", "redirected to /login"} {
		if rep.Errors[k] == 0 {
			t.Errorf("no %q errors counted: %v", k, rep.Errors)
		}
	}
	// Each virtual user waits a second after a 429, so in 1.5 s it sees at most two.
	if n := limited.Load(); n > 2*int64(cfg.Concurrency) {
		t.Errorf("%d requests to /limited: Retry-After not obeyed", n)
	}
	for _, p := range rep.Paths {
		if p.Path == "/home" && p.Errors != 0 {
			t.Errorf("/home errors = %d, want 0", p.Errors)
		}
	}
	var out strings.Builder
	rep.Print(&out)
	if !strings.Contains(out.String(), "429 too many requests: ") {
		t.Errorf("report does not name the 429s:\n%s", out.String())
	}
}

func TestRunFailsOnBadPassword(t *testing.T) {
	srv, hits := fakePortal(t, nil)
	cfg := fakeConfig(srv.URL)
	cfg.Password = "wrong password"
	_, err := Run(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "status 422") {
		t.Fatalf("err = %v, want a sign-in failure with status 422", err)
	}
	if hits.Load() != 0 {
		t.Errorf("%d pages requested after failed sign-ins", hits.Load())
	}
}

func TestPrint(t *testing.T) {
	srv, _ := fakePortal(t, nil)
	cfg := fakeConfig(srv.URL)
	cfg.Requests = 50
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	rep.Print(&out)
	for _, want := range []string{"path", "count", "errors", "p50", "p95", "p99", "max",
		"POST /login", "/home", "/static/portal.css", "all", "req/s", "errors: none"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

// With a think time each virtual user pauses after every answer.
func TestRunThinkTime(t *testing.T) {
	srv, hits := fakePortal(t, nil)
	cfg := fakeConfig(srv.URL)
	cfg.Concurrency, cfg.Requests, cfg.Duration, cfg.Think = 2, 1_000_000, 550*time.Millisecond, 100*time.Millisecond
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if n := hits.Load(); n == 0 || n > 12 {
		t.Errorf("%d requests from 2 users thinking 100ms for 550ms, want 1 to 12", n)
	}
	if rep.Think != cfg.Think {
		t.Errorf("report think = %s", rep.Think)
	}
}
