package auth

import (
	"sync"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// reserveTogether releases n goroutines at once on Reserve(key) and counts
// the attempts let through and the ones refused.
func reserveTogether(t *testing.T, th *Throttle, key string, n int) (through, refused int) {
	t.Helper()
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			wait, err := th.Reserve(ctx, key)
			if err == nil && wait != 0 {
				t.Errorf("Reserve let through with wait %v", wait)
			}
			if apperr.Is(err, apperr.TooMany) && wait <= 0 {
				t.Errorf("Reserve refused without a wait")
			}
			errs <- err
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		switch {
		case err == nil:
			through++
		case apperr.Is(err, apperr.TooMany):
			refused++
		default:
			t.Fatalf("Reserve: %v", err)
		}
	}
	return through, refused
}

// 50 attempts released together: exactly Max are let through.
func TestThrottleReserveConcurrent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		th, _ := newTestThrottle(d, 5)
		through, refused := reserveTogether(t, th, "acct:x@example.org", 50)
		if through != 5 || refused != 45 {
			t.Errorf("through %d, refused %d; want 5, 45", through, refused)
		}
		wantLocked(t, th, "acct:x@example.org", 15*time.Minute)
	})
}

// Release gives an attempt back and lifts the lock it had set; Reset and
// the end of the lock open a fresh window.
func TestThrottleReserveRelease(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		th, clk := newTestThrottle(d, 3)
		const key = "ip:203.0.113.9"
		for i := 0; i < 3; i++ {
			if _, err := th.Reserve(ctx, key); err != nil {
				t.Fatalf("Reserve %d: %v", i, err)
			}
		}
		wantLocked(t, th, key, 15*time.Minute)
		if err := th.Release(ctx, key); err != nil {
			t.Fatal(err)
		}
		wantOpen(t, th, key)
		if got := count(t, d, `SELECT failures FROM login_attempts WHERE key = ?`, key); got != 2 {
			t.Errorf("failures after release = %d, want 2", got)
		}
		if _, err := th.Reserve(ctx, key); err != nil {
			t.Fatal(err)
		}
		wait, err := th.Reserve(ctx, key)
		wantErr(t, err, apperr.TooMany, "auth.error.too_many_attempts")
		if wait != 15*time.Minute {
			t.Errorf("wait = %v", wait)
		}
		if got := count(t, d, `SELECT failures FROM login_attempts WHERE key = ?`, key); got != 3 {
			t.Errorf("a refused attempt was counted: failures = %d, want 3", got)
		}
		clk.Advance(15 * time.Minute)
		if _, err := th.Reserve(ctx, key); err != nil {
			t.Fatalf("after the lock: %v", err)
		}
		if got := count(t, d, `SELECT failures FROM login_attempts WHERE key = ?`, key); got != 1 {
			t.Errorf("failures in the fresh window = %d, want 1", got)
		}
		if err := th.Release(ctx, "ip:unknown"); err != nil {
			t.Errorf("release of an unknown key: %v", err)
		}
	})
}
