package demo

import (
	"context"
	"testing"

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
// agreement on the organisation's verified account, and the agreements
// show the programme's two funding sources (EU 380,000 and the ministry's
// 20,000 EUR).
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
		if g.Status != grant.Signed {
			t.Errorf("day-care agreement %s is %s, want signed", g.ContractNumber, g.Status)
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
