package demo

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/programme"
)

// checkConsortium: the consortium action's sources are the EU's
// 436,049.60 and the three partners' co-financing, adding up to the
// 485,000.00 budget; its work package re-grants to three (2 to 4) local
// CSOs in their three municipalities, each within the EU's 60,000 per
// third party, and every application names a co-applicant organisation
// of the portal and an affiliated entity, with their shares.
//
// TestSeed seeds the database and calls it.
func checkConsortium(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	id := checkStory(t, d, storyWant{Call: ConsortiumCall, Programme: ConsortiumProgramme, Currency: "EUR", Profile: "eu",
		Apps: 3, Municipalities: []string{"XK-GJAKOVE", "XK-FUSHE-KOSOVE", "XK-PRIZREN"}})
	p, err := programme.NewStore(d).ByID(ctx, id, access.Everything())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Sources) != 4 || p.Sources[0].AmountMinor != 43_604_960 || p.Funding().Minor != 48_500_000 ||
		p.ThirdPartyCapMinor != 6_000_000 {
		t.Errorf("consortium sources %+v (sum %d), cap %d; want the EU's 436,049.60 and three partners' to 485,000.00, cap 60,000",
			p.Sources, p.Funding().Minor, p.ThirdPartyCapMinor)
	}
	var over int
	if err := db.Get(ctx, d, &over, `SELECT COUNT(*) FROM grants WHERE programme_id = ? AND amount_minor > 6000000`, id); err != nil || over != 0 {
		t.Errorf("%d re-grants above the third-party cap (%v)", over, err)
	}
	var ids []int64
	if err := db.Select(ctx, d, &ids, `SELECT a.id FROM applications a JOIN calls c ON c.id = a.call_id WHERE c.reference = ?`,
		ConsortiumCall); err != nil {
		t.Fatal(err)
	}
	st := application.Store{DB: d}
	for _, aid := range ids {
		a, err := st.Get(ctx, aid, access.Everything())
		if err != nil {
			t.Fatal(err)
		}
		roles := map[string]int{}
		for _, pt := range a.Partners {
			if pt.ShareMinor <= 0 || (pt.Role == application.CoApplicant) != (pt.OrgID != nil) {
				t.Errorf("application %s: partner %+v", a.Reference, pt)
			}
			roles[pt.Role]++
		}
		if roles[application.CoApplicant] != 1 || roles[application.Affiliated] != 1 {
			t.Errorf("application %s has partners %v, want a co-applicant and an affiliated entity", a.Reference, roles)
		}
	}
}
