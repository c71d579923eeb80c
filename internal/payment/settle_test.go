package payment

import (
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// Paying the balance after the approved final report completes the final
// settlement: the grant closes in the payment's transaction, with its
// audit row. The same tranche paid without an approved final report, or
// any other tranche, leaves the grant open.
func TestBalancePaymentClosesSettledGrant(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		s := NewStore(d)
		org := w.org()
		fin := w.user("finance_officer")
		status := func(g int64) string {
			var st string
			if err := db.Get(ctx, d, &st, `SELECT status FROM grants WHERE id = ?`, g); err != nil {
				t.Fatal(err)
			}
			return st
		}
		pay := func(g, tr, amount int64) {
			t.Helper()
			if _, err := s.Pay(ctx, staff(fin), w.approved(g, &tr, amount), payIn(amount)); err != nil {
				t.Fatal(err)
			}
		}
		finalReport := func(g int64, st string) {
			w.exec(`INSERT INTO grantee_reports (grant_id, kind, position, period_start, period_end, due_on, status, created_at, updated_at)
				VALUES (?, 'final', 1, '2026-01-01', '2026-12-31', '2027-03-31', ?, ?, ?)`, g, st, db.Now(), db.Now())
		}
		for _, c := range []struct {
			name   string
			report string // the final report's state, "" for none
			want   string
		}{{"no final report", "", "signed"}, {"final report submitted", "submitted", "signed"}, {"final report approved", "approved", "closed"}} {
			g, trs := w.grant(org, 100000, 80000, 20000)
			w.exec(`UPDATE grant_tranches SET kind = 'balance', requires = 'final_report' WHERE id = ?`, trs[1])
			pay(g, trs[0], 80000)
			if st := status(g); st != "signed" {
				t.Errorf("%s: the pre-financing's payment made the grant %s", c.name, st)
			}
			if c.report != "" {
				finalReport(g, c.report)
			}
			pay(g, trs[1], 20000)
			if st := status(g); st != c.want {
				t.Errorf("%s: grant %s after its balance was paid, want %s", c.name, st, c.want)
			}
			closes := w.count(`SELECT COUNT(*) FROM audit_log WHERE object = 'grant' AND object_id = ? AND action = 'grant.close'
				AND payload LIKE '%settled_balance_paid%'`, g)
			if (closes == 1) != (c.want == "closed") {
				t.Errorf("%s: %d closing audit rows", c.name, closes)
			}
		}
	})
}
