package demo

import (
	"context"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/grant"
)

// dayCareApps and dayCareLetters are what the day-care call's two stages
// write: three concept notes, two of them shortlisted and their full
// applications, one letter per decided application.
const (
	dayCareApps    = 5
	dayCareLetters = 5
)

// checkDayCare: the day-care call ran both stages in the past (three
// concept notes, one excluded, two full applications from the invited
// organisations), its full stage awarded, every award has a signed
// agreement on the organisation's verified account, active since its
// start, and the agreements show the programme's two funding sources (EU
// 380,000 and the ministry's 20,000 EUR).
//
// TestSeedApplications seeds the database and calls it.
func checkDayCare(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := db.Get(ctx, d, &n, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	var callID int64
	if err := db.Get(ctx, d, &callID, `SELECT id FROM calls WHERE reference = ?`, DayCareCall); err != nil {
		t.Fatal(err)
	}
	byStage := func(stage, status string) int {
		return count(`SELECT COUNT(*) FROM applications WHERE call_id = ? AND stage = ? AND status = ?`, callID, stage, status)
	}
	if e, r := byStage("concept", "evaluated"), byStage("concept", "rejected"); e != 2 || r != 1 {
		t.Errorf("concept notes: %d shortlisted, %d rejected; want 2 and 1", e, r)
	}
	if n := count(`SELECT COUNT(*) FROM application_invitations WHERE call_id = ?`, callID); n != 2 {
		t.Errorf("%d organisations invited to the full stage, want 2", n)
	}
	if n := count(`SELECT COUNT(*) FROM applications a WHERE a.call_id = ? AND a.stage = 'full' AND NOT EXISTS
		(SELECT 1 FROM application_invitations i WHERE i.call_id = a.call_id AND i.org_id = a.org_id)`, callID); n != 0 {
		t.Errorf("%d full applications from organisations not invited", n)
	}
	if n := count(`SELECT COUNT(*) FROM committee_sessions WHERE call_id = ? AND status = 'approved'`, callID); n != 2 {
		t.Errorf("%d approved sessions of the day-care call, want one per stage", n)
	}
	awarded := byStage("full", "awarded")
	if awarded < 1 || count(`SELECT COUNT(*) FROM applications WHERE call_id = ?`, callID) != dayCareApps {
		t.Errorf("%d day-care awards: want at least one of %d applications", awarded, dayCareApps)
	}
	profiles, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	gs := grant.NewStore(d, profiles)
	list, err := gs.List(ctx, grant.Filter{CallID: callID}, access.Everything())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != awarded {
		t.Fatalf("%d day-care agreements for %d awards", len(list), awarded)
	}
	for _, g := range list {
		if g.Status != grant.Active || g.SignedAt == nil {
			t.Errorf("day-care agreement %s is %s, want signed and active (its first year is over)", g.ContractNumber, g.Status)
		}
		if n := count(`SELECT COUNT(*) FROM organisation_profiles WHERE org_id = ? AND verified_at IS NOT NULL AND iban = ?`,
			g.OrgID, g.IBAN); n != 1 {
			t.Errorf("day-care agreement %s is not on its organisation's verified account", g.ContractNumber)
		}
		ts, err := gs.Tranches(ctx, g.ID, access.Orgs(g.OrgID))
		if err != nil || len(ts) == 0 {
			t.Errorf("day-care agreement %s has no schedule (%v)", g.ContractNumber, err)
		}
		src, err := gs.Sources(ctx, g.ProgrammeID)
		if err != nil {
			t.Fatal(err)
		}
		if len(src) != 2 || src[0].AmountMinor != 38_000_000 || src[1].AmountMinor != 2_000_000 ||
			src[0].ShareBP != 9500 || src[1].ShareBP != 500 {
			t.Errorf("day-care agreement %s shows the sources %+v, want EU 380,000 (95 %%) and the ministry 20,000 (5 %%)",
				g.ContractNumber, src)
		}
	}
}

// checkDayCareYear: each of the two day-care agreements went through its
// first year as the schedule asks: the first yearly pre-financing
// requested, verified by finance, approved by the officer and paid; the
// interim report submitted after the year ended and approved (one of them
// sent back once with changes requested and submitted again), with costs above the spending rule's 70 %
// of what was paid; the second yearly tranche then due unreduced and paid
// through the same four eyes; every tranche split between the two
// sources; the final report still to come. The ledger equals the paid
// totals.
//
// TestSeed seeds the database and calls it.
func checkDayCareYear(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	count := func(q string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := db.Get(ctx, d, &n, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	profiles, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	gs := grant.NewStore(d, profiles)
	var callID int64
	if err := db.Get(ctx, d, &callID, `SELECT id FROM calls WHERE reference = ?`, DayCareCall); err != nil {
		t.Fatal(err)
	}
	list, err := gs.List(ctx, grant.Filter{CallID: callID}, access.Everything())
	if err != nil || len(list) == 0 {
		t.Fatalf("no day-care agreements: %v", err)
	}
	today := time.Now().UTC().Format("2006-01-02")
	var sentBack int64 // interim reports sent back once before their approval
	for _, g := range list {
		ts, err := gs.Tranches(ctx, g.ID, access.Everything())
		if err != nil || len(ts) != 3 || ts[0].Kind != grant.Prefinancing || ts[1].Kind != grant.Interim || ts[2].Kind != grant.Balance {
			t.Fatalf("%s: schedule %+v (%v), want two yearly tranches and the balance", g.ContractNumber, ts, err)
		}
		if ts[0].Status != grant.Paid || ts[1].Status != grant.Paid || ts[2].Status != grant.Planned {
			t.Errorf("%s: tranches %+v, want both yearly tranches paid and the balance planned", g.ContractNumber, ts)
		}
		if g.PaidMinor != ts[0].AmountMinor+ts[1].AmountMinor || g.PaidMinor != count(`SELECT COALESCE(SUM(amount_minor), 0) FROM payments
			WHERE grant_id = ? AND paid_on <= ?`, g.ID, today) {
			t.Errorf("%s: paid %d, not its two tranches nor its ledger", g.ContractNumber, g.PaidMinor)
		}
		if n := count(`SELECT COUNT(*) FROM payment_requests r JOIN users f ON f.id = r.verified_by JOIN users o ON o.id = r.approved_by
			WHERE r.grant_id = ? AND r.status = 'paid' AND f.email = ? AND o.email = ?`, g.ID, Accounts[2].Email, Accounts[1].Email); n != 2 {
			t.Errorf("%s: %d payments verified by finance and approved by the officer, want 2", g.ContractNumber, n)
		}
		var rep struct {
			ID        int64      `db:"id"`
			Kind      string     `db:"kind"`
			PeriodEnd string     `db:"period_end"`
			Status    string     `db:"status"`
			Submitted *time.Time `db:"submitted_at"`
		}
		if err := db.Get(ctx, d, &rep, `SELECT id, kind, period_end, status, submitted_at
			FROM grantee_reports WHERE grant_id = ? AND position = 1`, g.ID); err != nil {
			t.Fatal(err)
		}
		if rep.Kind != "interim" || rep.Status != "approved" || rep.Submitted == nil || rep.Submitted.UTC().Format("2006-01-02") <= rep.PeriodEnd {
			t.Errorf("%s: first report %+v, want the interim report submitted after its year and approved", g.ContractNumber, rep)
		}
		back := count(`SELECT COUNT(*) FROM audit_log WHERE object = 'grantee_report' AND object_id = ?
			AND action = 'grantee_report.request_changes'`, rep.ID)
		sentBack += back
		for action, want := range map[string]int64{"grantee_report.submit": 1 + back, "grantee_report.approve": 1} {
			if n := count(`SELECT COUNT(*) FROM audit_log WHERE object = 'grantee_report' AND object_id = ? AND action = ?`, rep.ID, action); n != want {
				t.Errorf("%s: %d %s rows on the interim report, want %d", g.ContractNumber, n, action, want)
			}
		}
		spent := count(`SELECT COALESCE(SUM(amount_minor), 0) FROM expenditures WHERE report_id = ? AND eligible = ?`, rep.ID, true)
		if spent*10000 < ts[0].AmountMinor*profiles["eu"].Payments.NextTrancheSpentMinBP {
			t.Errorf("%s: %d spent of %d paid, below the spending rule", g.ContractNumber, spent, ts[0].AmountMinor)
		}
		if n := count(`SELECT COUNT(*) FROM audit_log WHERE object = 'grant' AND object_id = ? AND action = 'grant.tranche_due'
			AND payload LIKE '%"reduced_minor":0%'`, g.ID); n != 1 {
			t.Errorf("%s: the second tranche was not made due unreduced by the approval", g.ContractNumber)
		}
		if n := count(`SELECT COUNT(*) FROM grantee_reports WHERE grant_id = ? AND kind = 'final' AND status = 'due' AND due_on > ?`,
			g.ID, today); n != 1 {
			t.Errorf("%s: the final report is not still to come", g.ContractNumber)
		}
		src, err := gs.Sources(ctx, g.ProgrammeID)
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range ts {
			parts := grant.Split(tr.AmountMinor, src)
			if len(parts) != 2 || parts[0]+parts[1] != tr.AmountMinor || parts[0] != tr.AmountMinor*9500/10000 {
				t.Errorf("%s: tranche %d split %v between the sources", g.ContractNumber, tr.Position, parts)
			}
		}
	}
	if len(list) < 2 || sentBack != 1 {
		t.Errorf("%d day-care agreements, %d interim reports sent back: want two approved, one of them after changes requested", len(list), sentBack)
	}
}
