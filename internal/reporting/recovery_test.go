package reporting_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/reporting"
)

// settledBelowPaid is a grant whose final settlement (5,000 × 80 % = 4,000
// against 8,000 paid) made a recovery order of 4,000.00.
func settledBelowPaid(t *testing.T, d *db.DB, ref string) (fx, int64) {
	t.Helper()
	f := newGrant(t, d, ref, "2026-01-01", "2026-12-31", "prefinancing_balance", 1000000, 800000, short)
	r := f.Reports[0].ID
	f.spend(t, r, 1, "2026-04-01", "3000")
	f.spend(t, r, 2, "2026-12-31", "2000")
	f.explainAll(t, r)
	out := f.submitApprove(t, r)
	if out.RecoveryID == 0 {
		t.Fatalf("%s: no recovery order", ref)
	}
	return f, out.RecoveryID
}

func user(t *testing.T, d *db.DB, email string, role auth.Role) int64 {
	t.Helper()
	id, err := auth.InsertUser(context.Background(), d, auth.NewUser{Email: email, Name: email, Role: role, Lang: "en"}, "x", db.Now())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func grantStatus(t *testing.T, d *db.DB, id int64) string {
	t.Helper()
	var st string
	if err := db.Get(context.Background(), d, &st, `SELECT status FROM grants WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	return st
}

// A recovery order is settled once: recovered in full (date, amount, bank
// reference, each checked beside its field) or waived by a second user,
// with its audit rows; either closes the grant. Grantees and donors may
// not settle it; another organisation does not reach it.
func TestRecoveryOrderSettlement(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		finance, officer, admin := user(t, d, "f@x.example", auth.FinanceOfficer), user(t, d, "o@x.example", auth.ProgramOfficer),
			user(t, d, "a@x.example", auth.Admin)
		staff := access.Everything()

		f, id := settledBelowPaid(t, d, "REC")
		bad := []struct {
			in    reporting.Repayment
			field string
		}{
			{reporting.Repayment{RecoveredOn: "2026-13-01", BankReference: "R", AmountMinor: 400000}, "recovered_on"},
			{reporting.Repayment{RecoveredOn: "2027-02-01", BankReference: "R", AmountMinor: 400000}, "recovered_on"}, // after the store's today
			{reporting.Repayment{RecoveredOn: "2027-01-10", BankReference: " ", AmountMinor: 400000}, "bank_reference"},
			{reporting.Repayment{RecoveredOn: "2027-01-10", BankReference: "R", AmountMinor: -1}, "amount"},
			{reporting.Repayment{RecoveredOn: "2027-01-10", BankReference: "R", AmountMinor: 399999}, "amount"},
		}
		for _, b := range bad {
			_, err := f.s.Recover(ctx, staff, id, b.in, finance)
			if ae := apperr.As(err); ae == nil || ae.Code != apperr.Invalid || ae.Fields[b.field] == "" {
				t.Errorf("repayment %+v: %v, want an error on %s", b.in, err, b.field)
			}
		}
		good := reporting.Repayment{RecoveredOn: "2027-01-10", BankReference: "RET-2027-001", AmountMinor: 400000}
		if _, err := f.s.Recover(ctx, f.grantee(), id, good, 0); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("the grantee records its own repayment: %v", err)
		}
		if _, err := f.s.Recover(ctx, access.Orgs(f.Other), id, good, 0); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another organisation reaches the order: %v", err)
		}
		if grantStatus(t, d, f.Grant) != "signed" || f.auditCount(t, "recovery_order.recover") != 0 {
			t.Fatal("a refused repayment changed something")
		}
		ro, err := f.s.Recover(ctx, staff, id, good, finance)
		if err != nil {
			t.Fatal(err)
		}
		if ro.Status != reporting.RecoveryRecovered || ro.RecoveredMinor != 400000 || ro.BankReference != "RET-2027-001" ||
			ro.SettledBy == nil || *ro.SettledBy != finance || ro.GrantStatus != "closed" {
			t.Errorf("recovered order %+v", ro)
		}
		if f.auditCount(t, "recovery_order.recover") != 1 || f.auditCount(t, "grant.close") != 1 {
			t.Error("the repayment or the closure has no audit row")
		}
		if _, err := f.s.Recover(ctx, staff, id, good, finance); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("a second repayment: %v", err)
		}
		if _, err := f.s.ProposeWaiver(ctx, staff, id, "too late", officer); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("a waiver of a recovered order: %v", err)
		}

		g, wid := settledBelowPaid(t, d, "WAI")
		if _, err := g.s.ProposeWaiver(ctx, staff, wid, "  ", officer); apperr.As(err) == nil || apperr.As(err).Fields["waiver_reason"] == "" {
			t.Errorf("a waiver without a reason: %v", err)
		}
		if _, err := g.s.ApproveWaiver(ctx, staff, wid, admin); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("approving a waiver nobody proposed: %v", err)
		}
		// a proposal declined (with a reason) leaves the order open for a new one
		if _, err := g.s.ProposeWaiver(ctx, staff, wid, "Too small to pursue.", admin); err != nil {
			t.Fatal(err)
		}
		if _, err := g.s.DeclineWaiver(ctx, staff, wid, " ", officer); apperr.As(err) == nil || apperr.As(err).Fields["decline_reason"] == "" {
			t.Errorf("a decline without a reason: %v", err)
		}
		if ro, err := g.s.DeclineWaiver(ctx, staff, wid, "The amount is worth recovering.", officer); err != nil || ro.WaiverProposed() ||
			ro.Status != reporting.RecoveryOpen || g.auditCount(t, "recovery_order.decline_waiver") != 1 {
			t.Errorf("declined waiver %+v %v", ro, err)
		}
		if _, err := g.s.DeclineWaiver(ctx, staff, wid, "again", officer); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("declining a waiver nobody proposes: %v", err)
		}
		ro, err = g.s.ProposeWaiver(ctx, staff, wid, "The grantee closed; nothing to recover from.", officer)
		if err != nil || !ro.WaiverProposed() || ro.Status != reporting.RecoveryOpen {
			t.Fatalf("proposed waiver %+v %v", ro, err)
		}
		if _, err := g.s.ProposeWaiver(ctx, staff, wid, "again", admin); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("a second proposal: %v", err)
		}
		if _, err := g.s.ApproveWaiver(ctx, staff, wid, officer); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("the proposer approves its own waiver: %v", err)
		}
		if _, err := g.s.ApproveWaiver(ctx, access.Donor(f.Org), wid, admin); err == nil {
			t.Error("a donor's scope approves a waiver")
		}
		if grantStatus(t, d, g.Grant) != "signed" {
			t.Fatal("a refused waiver closed the grant")
		}
		ro, err = g.s.ApproveWaiver(ctx, staff, wid, admin)
		if err != nil || ro.Status != reporting.RecoveryWaived || ro.GrantStatus != "closed" || *ro.SettledBy != admin {
			t.Errorf("waived order %+v %v", ro, err)
		}
		if g.auditCount(t, "recovery_order.propose_waiver") != 2 || g.auditCount(t, "recovery_order.waive") != 1 ||
			g.auditCount(t, "grant.close") != 2 {
			t.Error("the waiver's audit rows are missing")
		}
		list, err := g.s.Recoveries(ctx, staff, "")
		if err != nil || len(list) != 2 {
			t.Errorf("%d orders listed (%v), want 2", len(list), err)
		}
		mine, err := g.s.Recoveries(ctx, g.grantee(), "")
		if err != nil || len(mine) != 1 || mine[0].ID != wid {
			t.Errorf("the grantee lists %+v (%v), want its own order only", mine, err)
		}
	})
}

// 50 goroutines released together settle one recovery order: half record
// the repayment, half approve a proposed waiver (by another user). Exactly
// one wins, the rest get a conflict; one settlement audit row, one
// closure of the grant.
func TestRecoveryOrderSettlesOnceUnderConcurrency(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		finance, officer := user(t, d, "f@x.example", auth.FinanceOfficer), user(t, d, "o@x.example", auth.ProgramOfficer)
		f, id := settledBelowPaid(t, d, "RACE-RO")
		if _, err := f.s.ProposeWaiver(ctx, access.Everything(), id, "The grantee has dissolved.", officer); err != nil {
			t.Fatal(err)
		}
		start := make(chan struct{})
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, conflicts := 0, 0
		for i := range 50 {
			wg.Go(func() {
				<-start
				var err error
				if i%2 == 0 {
					_, err = f.s.Recover(ctx, access.Everything(), id, reporting.Repayment{RecoveredOn: "2027-01-10",
						BankReference: fmt.Sprintf("RET-%d", i), AmountMinor: 400000}, finance)
				} else {
					_, err = f.s.ApproveWaiver(ctx, access.Everything(), id, finance)
				}
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case apperr.Is(err, apperr.Conflict):
					conflicts++
				default:
					t.Errorf("settle: %v", err)
				}
			})
		}
		close(start)
		wg.Wait()
		settled := f.auditCount(t, "recovery_order.recover") + f.auditCount(t, "recovery_order.waive")
		if ok != 1 || conflicts != 49 || settled != 1 || f.auditCount(t, "grant.close") != 1 || grantStatus(t, d, f.Grant) != "closed" {
			t.Errorf("ok %d conflicts %d settlement rows %d closures %d", ok, conflicts, settled, f.auditCount(t, "grant.close"))
		}
	})
}
