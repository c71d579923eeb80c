package auth

import (
	"sync"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

func newTestThrottle(d *db.DB, max int) (*Throttle, *clock) {
	c := &clock{t: start}
	th := NewThrottle(d, max)
	th.Now = c.Now
	return th, c
}

func wantOpen(t *testing.T, th *Throttle, key string) {
	t.Helper()
	if wait, err := th.Check(ctx, key); err != nil || wait != 0 {
		t.Fatalf("Check(%s) = %v, %v; want 0, nil", key, wait, err)
	}
}

func wantLocked(t *testing.T, th *Throttle, key string, want time.Duration) {
	t.Helper()
	wait, err := th.Check(ctx, key)
	wantErr(t, err, apperr.TooMany, "auth.error.too_many_attempts")
	if wait != want {
		t.Fatalf("Check(%s) retry after %v, want %v", key, wait, want)
	}
}

func fail(t *testing.T, th *Throttle, key string, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if err := th.Fail(ctx, key); err != nil {
			t.Fatalf("Fail(%s): %v", key, err)
		}
	}
}

func TestThrottleLocksAtMax(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		th, clk := newTestThrottle(d, 5)
		const key = "acct:a@example.org"
		wantOpen(t, th, key)
		fail(t, th, key, 4)
		wantOpen(t, th, key)
		wantOpen(t, th, "ip:10.0.0.1")
		fail(t, th, key, 1)
		wantLocked(t, th, key, 15*time.Minute)
		wantOpen(t, th, "acct:b@example.org")

		clk.Advance(10*time.Minute + 300*time.Millisecond)
		wantLocked(t, th, key, 5*time.Minute) // 4 min 59.7 s, rounded up
		fail(t, th, key, 3)                   // failures while locked do not extend it
		wantLocked(t, th, key, 5*time.Minute)

		clk.Advance(5 * time.Minute)
		wantOpen(t, th, key)
		fail(t, th, key, 4) // a fresh window after the lock
		wantOpen(t, th, key)
		fail(t, th, key, 1)
		wantLocked(t, th, key, 15*time.Minute)

		if err := th.Reset(ctx, key); err != nil {
			t.Fatal(err)
		}
		wantOpen(t, th, key)
	})
}

func TestThrottleWindowSlides(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		th, clk := newTestThrottle(d, 3)
		const key = "ip:192.0.2.7"
		fail(t, th, key, 2)
		clk.Advance(15 * time.Minute)
		fail(t, th, key, 2) // the first two fell out of the window
		wantOpen(t, th, key)
		fail(t, th, key, 1)
		wantLocked(t, th, key, 15*time.Minute)

		clk.Advance(31 * time.Minute)
		n, err := th.Purge(ctx)
		if err != nil || n != 1 {
			t.Errorf("Purge = %d, %v; want 1", n, err)
		}
	})
}

// Failures from many processes at once are all counted.
func TestThrottleConcurrentFailures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		th, _ := newTestThrottle(d, 20)
		const key, n = "ip:198.51.100.1", 30
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- th.Fail(ctx, key)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("Fail: %v", err)
			}
		}
		if got := count(t, d, `SELECT failures FROM login_attempts WHERE key = ?`, key); got != n {
			t.Errorf("failures = %d, want %d", got, n)
		}
		wantLocked(t, th, key, 15*time.Minute)
	})
}
