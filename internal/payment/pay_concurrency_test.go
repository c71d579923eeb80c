package payment

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

const burst = 50

// release runs fn(i) in burst goroutines released together and returns
// how many succeeded; every failure must be a conflict with one of keys.
func release(t *testing.T, fn func(i int) error, keys ...string) int {
	t.Helper()
	start := make(chan struct{})
	errs := make([]error, burst)
	var wg sync.WaitGroup
	for i := range burst {
		wg.Go(func() {
			<-start
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	ok := 0
	for i, err := range errs {
		if err == nil {
			ok++
			continue
		}
		e := apperr.As(err)
		if e.Code != apperr.Conflict || !slices.Contains(keys, e.Key) {
			t.Errorf("goroutine %d: %v, want a conflict %v", i, err, keys)
		}
	}
	return ok
}

// paidEqualsLedger checks a stored total against the ledger's sum.
func paidEqualsLedger(t *testing.T, w *world, name, total, ledger string, args ...any) int64 {
	t.Helper()
	got, sum := w.count(total, args...), w.count(ledger, args...)
	if got != sum {
		t.Errorf("%s: stored total %d, ledger sum %d", name, got, sum)
	}
	return got
}

func TestPayNeverAboveGrant(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		const k, amt = 7, 1000
		g, _ := w.grant(w.org(), k*amt)
		fin := w.user("finance_officer")
		reqs := make([]int64, burst)
		for i := range reqs {
			reqs[i] = w.approved(g, nil, amt)
		}
		ok := release(t, func(i int) error {
			_, err := w.st.Pay(ctx, staff(fin), reqs[i], payIn(amt))
			return err
		}, "payments.error.ceiling.grant")
		if ok != k {
			t.Errorf("%d paid, want %d", ok, k)
		}
		paid := paidEqualsLedger(t, w, "grant", `SELECT paid_minor FROM grants WHERE id = ?`,
			`SELECT COALESCE(SUM(amount_minor), 0) FROM payments WHERE grant_id = ?`, g)
		if paid != k*amt {
			t.Errorf("grant paid %d, want %d", paid, k*amt)
		}
		if n := w.count(`SELECT COUNT(*) FROM payment_requests WHERE status = 'paid'`); n != k {
			t.Errorf("%d requests paid, want %d", n, k)
		}
	})
}

func TestPayNeverAboveProgramme(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		const k, amt = 5, 1000
		w.exec(`UPDATE programmes SET subgrant_budget_minor = ?, third_party_cap_minor = 0 WHERE id = ?`, k*amt, w.progs)
		fin := w.user("finance_officer")
		reqs := make([]int64, burst)
		for i := range reqs {
			g, _ := w.grant(w.org(), 10*amt)
			reqs[i] = w.approved(g, nil, amt)
		}
		ok := release(t, func(i int) error {
			_, err := w.st.Pay(ctx, staff(fin), reqs[i], payIn(amt))
			return err
		}, "payments.error.ceiling.programme")
		if ok != k {
			t.Errorf("%d paid, want %d", ok, k)
		}
		paid := paidEqualsLedger(t, w, "programme", `SELECT paid_minor FROM programmes WHERE id = ?`,
			`SELECT COALESCE(SUM(p.amount_minor), 0) FROM payments p JOIN grants g ON g.id = p.grant_id WHERE g.programme_id = ?`, w.progs)
		if paid != k*amt {
			t.Errorf("programme paid %d, want %d", paid, k*amt)
		}
		if n := w.count(`SELECT COALESCE(SUM(paid_minor), 0) FROM grants`); n != k*amt {
			t.Errorf("grants paid %d in total, want %d (a refused payment left its grant total)", n, k*amt)
		}
	})
}

func TestPayNeverAboveThirdPartyCap(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		const k, amt = 4, 1000
		w.exec(`UPDATE programmes SET third_party_cap_minor = ? WHERE id = ?`, k*amt, w.progs)
		fin, org := w.user("finance_officer"), w.org()
		reqs := make([]int64, burst)
		for i := range reqs {
			g, _ := w.grant(org, 2*amt)
			reqs[i] = w.approved(g, nil, amt)
		}
		ok := release(t, func(i int) error {
			_, err := w.st.Pay(ctx, staff(fin), reqs[i], payIn(amt))
			return err
		}, "payments.error.ceiling.third_party")
		if ok != k {
			t.Errorf("%d paid, want %d", ok, k)
		}
		paid := paidEqualsLedger(t, w, "third party", `SELECT paid_minor FROM programme_party_totals WHERE programme_id = ? AND org_id = ?`,
			`SELECT COALESCE(SUM(p.amount_minor), 0) FROM payments p JOIN grants g ON g.id = p.grant_id
			WHERE g.programme_id = ? AND g.org_id = ?`, w.progs, org)
		if paid != k*amt {
			t.Errorf("third party paid %d, want %d", paid, k*amt)
		}
		if n := w.count(`SELECT paid_minor FROM programmes WHERE id = ?`, w.progs); n != k*amt {
			t.Errorf("programme paid %d, want %d", n, k*amt)
		}
	})
}

// The whole workflow at once: 50 grantees' requests against one grant,
// each verified, approved by someone else and paid; the grant fits k.
func TestWorkflowBurstAgainstOneGrant(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		const k, amt = 10, 1000
		tr := make([]int64, burst)
		for i := range tr {
			tr[i] = amt
		}
		org := w.org()
		g, tranches := w.grant(org, k*amt, tr...)
		applicant, fin, po := w.user("applicant", org), w.user("finance_officer"), w.user("program_officer")
		ok := release(t, func(i int) error {
			r, created, err := w.st.Request(ctx, grantee(applicant, org), g, NewRequest{TrancheID: &tranches[i],
				AmountMinor: amt, Currency: "EUR", IdempotencyKey: fmt.Sprintf("burst-%d", i)})
			if err != nil || !created {
				return fmt.Errorf("request %d: created %v, %w", i, created, err)
			}
			if _, err := w.st.Verify(ctx, staff(fin), r.ID); err != nil {
				return err
			}
			if _, err := w.st.Approve(ctx, staff(po), r.ID); err != nil {
				return err
			}
			_, err = w.st.Pay(ctx, staff(fin), r.ID, payIn(amt))
			return err
		}, "payments.error.ceiling.grant", "payments.error.above_left")
		// Verification and approval refuse once the grant is spent (nothing
		// left), payment at the ceiling: both are the grant's conflicts.
		if ok != k {
			t.Errorf("%d paid, want %d", ok, k)
		}
		paidEqualsLedger(t, w, "grant", `SELECT paid_minor FROM grants WHERE id = ?`,
			`SELECT COALESCE(SUM(amount_minor), 0) FROM payments WHERE grant_id = ?`, g)
		if n := w.count(`SELECT COUNT(*) FROM payment_requests WHERE status = 'paid'`); n != k {
			t.Errorf("%d requests paid, want %d", n, k)
		}
	})
}

func TestSameKeyConcurrentlyIsOneRequest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		org := w.org()
		g, tranches := w.grant(org, 5000, 5000)
		applicant := w.user("applicant", org)
		ids := make([]int64, burst)
		created := make([]bool, burst)
		ok := release(t, func(i int) error {
			r, c, err := w.st.Request(ctx, grantee(applicant, org), g, NewRequest{TrancheID: &tranches[0], AmountMinor: 5000,
				Currency: "EUR", IdempotencyKey: "double-click"})
			ids[i], created[i] = r.ID, c
			return err
		})
		if ok != burst {
			t.Fatalf("%d of %d answered", ok, burst)
		}
		n := 0
		for i := range ids {
			if ids[i] != ids[0] {
				t.Errorf("goroutine %d got request %d, want %d", i, ids[i], ids[0])
			}
			if created[i] {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d answers say created, want 1", n)
		}
		if c := w.count(`SELECT COUNT(*) FROM payment_requests`); c != 1 {
			t.Errorf("%d rows, want 1", c)
		}
		if c := w.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'payment_request.request'`); c != 1 {
			t.Errorf("%d audit rows, want 1", c)
		}
	})
}
