package payment

import (
	"errors"
	"fmt"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// inState is a request of a fresh grant in state st, its tranche requested
// (or paid) as that state implies, verified by verifier when past it.
func (w *world) inState(st Status, requester, verifier int64) (int64, int64) {
	w.t.Helper()
	g, tr := w.grant(w.org(), 5000, 5000)
	tstatus := "requested"
	switch st {
	case Paid:
		tstatus = "paid"
	case Rejected, ChangesRequested:
		tstatus = "due"
	}
	w.exec(`UPDATE grant_tranches SET status = ? WHERE id = ?`, tstatus, tr[0])
	var vb *int64
	if st == Verified || st == Approved || st == Paid {
		vb = &verifier
	}
	return w.id(`INSERT INTO payment_requests (grant_id, tranche_id, amount_minor, currency, status, idempotency_key,
		requested_by, requested_at, verified_by) VALUES (?, ?, 5000, 'EUR', ?, ?, ?, ?, ?) RETURNING id`,
		g, tr[0], st, fmt.Sprintf("s%d", w.seq.Add(1)), requester, db.Now(), vb), g
}

// Every (state × action × actor): staff move a request only along the
// workflow; a grantee or a donor officer never decides, whatever the state.
func TestWorkflowOrderTable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		var donorOrg int64
		_ = db.Get(ctx, d, &donorOrg, `SELECT donor_org_id FROM programmes WHERE id = ?`, w.progs)
		verifier := w.user("finance_officer")
		actions := map[string]func(a Actor, id int64) error{
			"verify":  func(a Actor, id int64) error { _, err := w.st.Verify(ctx, a, id); return err },
			"approve": func(a Actor, id int64) error { _, err := w.st.Approve(ctx, a, id); return err },
			"pay":     func(a Actor, id int64) error { _, err := w.st.Pay(ctx, a, id, payIn(5000)); return err },
			"reject":  func(a Actor, id int64) error { _, err := w.st.Reject(ctx, a, id, "no"); return err },
			"changes": func(a Actor, id int64) error { _, err := w.st.RequestChanges(ctx, a, id, "fix"); return err },
		}
		allowed := map[string]Status{"verify": Requested, "approve": Verified, "pay": Approved}
		after := map[string]Status{"verify": Verified, "approve": Approved, "pay": Paid, "reject": Rejected, "changes": ChangesRequested}
		for _, st := range Statuses() {
			for name, act := range actions {
				for _, who := range []string{"staff", "grantee", "donor"} {
					requester := w.user("applicant")
					id, g := w.inState(st, requester, verifier)
					var org int64
					_ = db.Get(ctx, d, &org, `SELECT org_id FROM grants WHERE id = ?`, g)
					var a Actor
					switch who {
					case "staff":
						a = staff(w.user("finance_officer"))
					case "grantee":
						a = grantee(w.user("applicant", org), org)
					case "donor":
						a = Actor{UserID: w.user("donor_officer"), Scope: access.Donor(donorOrg)}
					}
					err := act(a, id)
					ok := who == "staff" && (allowed[name] == st || (name == "reject" || name == "changes") && st.Open())
					var got Status
					_ = db.Get(ctx, d, &got, `SELECT status FROM payment_requests WHERE id = ?`, id)
					switch {
					case ok && err != nil:
						t.Errorf("%s %s on %s: %v, want done", who, name, st, err)
					case ok && got != after[name]:
						t.Errorf("%s %s on %s: now %s, want %s", who, name, st, got, after[name])
					case !ok && err == nil:
						t.Errorf("%s %s on %s: done, want refused", who, name, st)
					case !ok && got != st:
						t.Errorf("%s %s on %s refused but moved to %s", who, name, st, got)
					case !ok && who == "staff" && apperr.CodeOf(err) != apperr.Conflict:
						t.Errorf("staff %s on %s: %v, want a conflict", name, st, err)
					case !ok && who != "staff" && apperr.CodeOf(err) != apperr.Forbidden:
						t.Errorf("%s %s on %s: %v, want forbidden", who, name, st, err)
					}
				}
			}
		}
	})
}

// Four eyes for every pair of users: the verifier never approves, nor the
// requester, whatever role they act in; anyone else may.
func TestSeparationOfDuties(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		org := w.org()
		users := map[string]int64{"finance_1": w.user("finance_officer"), "finance_2": w.user("finance_officer"),
			"program_officer": w.user("program_officer"), "admin": w.user("admin"), "requester": w.user("applicant", org)}
		roles := []string{"finance_officer", "program_officer", "admin"}
		for vName, v := range users {
			for aName, ap := range users {
				for _, role := range roles {
					g, tr := w.grant(org, 5000, 5000)
					r, _, err := w.st.Request(ctx, grantee(users["requester"], org), g, NewRequest{TrancheID: &tr[0],
						AmountMinor: 5000, Currency: "EUR", IdempotencyKey: "k"})
					if err != nil {
						t.Fatal(err)
					}
					_, verr := w.st.Verify(ctx, staff(v), r.ID)
					if vName == "requester" {
						if apperr.CodeOf(verr) != apperr.Forbidden {
							t.Errorf("the requester verified its own request: %v", verr)
						}
						continue
					}
					if verr != nil {
						t.Fatalf("verify by %s: %v", vName, verr)
					}
					as := Actor{UserID: ap, Scope: access.For(access.Principal{UserID: ap, Role: role}, access.Any)}
					_, err = w.st.Approve(ctx, as, r.ID)
					mayNot := ap == v || aName == "requester"
					if mayNot && apperr.CodeOf(err) != apperr.Forbidden {
						t.Errorf("verified by %s, approved by %s acting as %s: %v, want forbidden", vName, aName, role, err)
					}
					if !mayNot && err != nil {
						t.Errorf("verified by %s, approved by %s acting as %s: %v", vName, aName, role, err)
					}
				}
			}
		}
	})
}

// A failure after the ledger row leaves no payment, no total and no audit
// row, and the request still approved.
func TestPayIsAllOrNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		g, tr := w.grant(w.org(), 5000, 5000)
		w.exec(`UPDATE grant_tranches SET status = 'requested' WHERE id = ?`, tr[0])
		id := w.approved(g, &tr[0], 5000)
		audits := w.count(`SELECT COUNT(*) FROM audit_log`)
		boom := errors.New("injected")
		w.st.failAfterLedger = func() error { return boom }
		if _, err := w.st.Pay(ctx, staff(w.user("finance_officer")), id, payIn(5000)); !errors.Is(err, boom) {
			t.Fatalf("pay: %v, want the injected failure", err)
		}
		for q, want := range map[string]int64{
			`SELECT COUNT(*) FROM payments`:                                   0,
			`SELECT paid_minor FROM grants WHERE id = ?`:                      0,
			`SELECT COALESCE(SUM(paid_minor), 0) FROM programmes`:             0,
			`SELECT COALESCE(SUM(paid_minor), 0) FROM programme_party_totals`: 0,
			`SELECT COUNT(*) FROM audit_log`:                                  audits,
			`SELECT COUNT(*) FROM payment_requests WHERE status = 'approved'`: 1,
			`SELECT COUNT(*) FROM grant_tranches WHERE status = 'requested'`:  1,
		} {
			var args []any
			if len(q) > 30 && q[len(q)-1] == '?' {
				args = []any{g}
			}
			if got := w.count(q, args...); got != want {
				t.Errorf("%s = %d, want %d", q, got, want)
			}
		}
		w.st.failAfterLedger = nil
		if _, err := w.st.Pay(ctx, staff(w.user("finance_officer")), id, payIn(5000)); err != nil {
			t.Fatalf("pay without the failure: %v", err)
		}
		if n := w.count(`SELECT COUNT(*) FROM audit_log`); n != audits+2 {
			t.Errorf("%d audit rows after the payment, want %d (the request's and the payment's)", n, audits+2)
		}
		if n := w.count(`SELECT COUNT(*) FROM grant_tranches WHERE status = 'paid'`); n != 1 {
			t.Errorf("tranche not paid")
		}
	})
}
