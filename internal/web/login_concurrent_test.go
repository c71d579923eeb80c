package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// burst releases n requests at once, the i-th made by do(i), and counts
// the answers by status; every 429 must carry Retry-After and the
// translated refusal on the page (id f-form) or in the problem.
func burst(t *testing.T, n int, do func(i int) *httptest.ResponseRecorder) map[int]int {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	start := make(chan struct{})
	got := map[int]int{}
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			rec := do(i)
			if rec.Code == http.StatusTooManyRequests && (rec.Header().Get("Retry-After") == "" ||
				!strings.Contains(rec.Body.String(), `id="f-form"`)) {
				t.Errorf("429 without Retry-After or without the message on the page")
			}
			mu.Lock()
			got[rec.Code]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return got
}

// loginBurst releases n sign-ins at once, the i-th with email(i) and a
// wrong password.
func loginBurst(t *testing.T, e *webtest.Env, n int, email func(i int) string) map[int]int {
	t.Helper()
	return burst(t, n, func(i int) *httptest.ResponseRecorder {
		return e.Post(webtest.Anon, "/login", url.Values{"email": {email(i)}, "password": {"wrong-password"}})
	})
}

// 50 wrong passwords for one account released together: exactly 5 are
// checked (422), the rest are refused unchecked (429).
func TestLoginThrottleHoldsUnderConcurrency(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		got := loginBurst(t, e, 50, func(int) string { return "admin@test.example" })
		if got[http.StatusUnprocessableEntity] != 5 || got[http.StatusTooManyRequests] != 45 {
			t.Errorf("answers %v; want 5 x 422 and 45 x 429", got)
		}
		if r := login(e, "admin@test.example", webtest.Password, nil); r.StatusCode != http.StatusTooManyRequests {
			t.Errorf("right password after the burst: %d, want 429", r.StatusCode)
		}
	})
}

// 50 sign-ins from one address with different e-mails: at most 20 checked.
func TestLoginAddressThrottleHoldsUnderConcurrency(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		got := loginBurst(t, e, 50, func(i int) string { return fmt.Sprintf("user%d@test.example", i) })
		if got[http.StatusUnprocessableEntity] != 20 || got[http.StatusTooManyRequests] != 30 {
			t.Errorf("answers %v; want 20 x 422 and 30 x 429", got)
		}
	})
}

// Successful sign-ins give the address its attempt back: an office behind
// one address signs in more than 20 times.
func TestLoginSuccessGivesAddressAttemptBack(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	for i := 0; i < 25; i++ {
		if r := login(e, "applicant_A@test.example", webtest.Password, nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in %d: %d", i+1, r.StatusCode)
		}
	}
}

// 50 registrations from one address released together: at most 20 are
// looked at (here refused as invalid, 422), the rest get 429.
func TestRegisterThrottleHoldsUnderConcurrency(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		got := burst(t, 50, func(i int) *httptest.ResponseRecorder {
			return e.Post(webtest.Anon, "/register", url.Values{"email": {fmt.Sprintf("not-an-address-%d", i)}})
		})
		if got[http.StatusUnprocessableEntity] != 20 || got[http.StatusTooManyRequests] != 30 {
			t.Errorf("answers %v; want 20 x 422 and 30 x 429", got)
		}
	})
}

// 50 password-reset requests from one address released together: at most
// 20 are looked at and mailed, the rest get 429 with Retry-After.
func TestForgotThrottleHoldsUnderConcurrency(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		got := burst(t, 50, func(int) *httptest.ResponseRecorder {
			return e.Post(webtest.Anon, "/password/forgot", url.Values{"email": {"applicant_A@test.example"}})
		})
		if got[http.StatusSeeOther] != 20 || got[http.StatusTooManyRequests] != 30 {
			t.Errorf("answers %v; want 20 x 303 and 30 x 429", got)
		}
		var mails int
		if err := db.Get(context.Background(), d, &mails, `SELECT COUNT(*) FROM outbox`); err != nil {
			t.Fatal(err)
		}
		if mails != 20 {
			t.Errorf("%d reset mails queued, want 20", mails)
		}
	})
}
