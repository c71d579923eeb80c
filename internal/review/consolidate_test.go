package review_test

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/review/scoretest"
)

// The store's bulk load gives what the pure function gives on the same
// reviews; drafts, removed assignments, other stages and ineligible
// applications do not count.
func TestStoreConsolidateLoadsTheCall(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, ctx := newScoring(t, d), context.Background()
		org := scoretest.Org(t, d, "Second NGO")
		app2 := scoretest.App(t, d, s.callID, s.lotID, org, "full", "eligible", "Second")
		inel := scoretest.App(t, d, s.callID, s.lotID, org, "full", "ineligible", "Out")
		scoretest.Submitted(t, d, s.gridID, s.asg[0], 4, 4, 3, 3) // 18
		scoretest.Submitted(t, d, s.gridID, s.asg[1], 5, 4, 4, 4) // 21
		b1 := scoretest.Assign(t, d, app2, s.ev[0], false, true)  // submitted: 2+4+2+2 = 10
		b2 := scoretest.Assign(t, d, app2, s.ev[1], false, true)  // draft: pending
		b3 := scoretest.Assign(t, d, app2, s.ev[2], false, true)  // removed
		scoretest.Submitted(t, d, s.gridID, b1, 2, 2, 2, 2)
		scoretest.Submitted(t, d, s.gridID, b3, 5, 5, 5, 5)
		s.exec(t, `UPDATE review_assignments SET status = 'removed' WHERE id = ?`, b3)
		s.exec(t, `INSERT INTO reviews (assignment_id, grid_id, status, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?)`,
			b2, s.gridID, db.Now(), db.Now())
		scoretest.Submitted(t, d, s.gridID, scoretest.Assign(t, d, inel, s.ev[0], false, true), 5, 5, 5, 5)

		g, cs, err := s.st.Consolidate(ctx, s.callID, "full")
		if err != nil {
			t.Fatal(err)
		}
		if g.ID != s.gridID || len(cs) != 2 || cs[0].ApplicationID != s.appID || cs[1].ApplicationID != app2 {
			t.Fatalf("grid %d, consolidated %+v", g.ID, cs)
		}
		a, b := cs[0], cs[1]
		if a.Submitted != 2 || a.FinalX100 != 1950 || !a.Ready || !a.Fundable || a.Divergent {
			t.Errorf("first = %+v", a)
		}
		if b.Submitted != 1 || b.Pending != 1 || b.FinalX100 != 1000 || b.Ready || b.Fundable {
			t.Errorf("second = %+v", b)
		}
		_, one, err := s.st.ConsolidateApplication(ctx, app2)
		if err != nil || one.FinalX100 != b.FinalX100 || one.Pending != 1 {
			t.Errorf("one application = %+v %v", one, err)
		}
		_, cs, err = s.st.Consolidate(ctx, s.callID, "concept")
		if err == nil && len(cs) != 0 {
			t.Errorf("concept stage = %+v", cs)
		}
	})
}
