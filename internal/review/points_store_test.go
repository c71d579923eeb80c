package review_test

import (
	"context"
	"slices"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/review/scoretest"
)

// A submission keeps its section points; the call's bulk consolidation
// reads them (and the scores of a review that has none) and agrees with
// the consolidation of the one application from its scores.
func TestSubmittedReviewKeepsItsSectionPoints(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, ctx := newScoring(t, d), context.Background()
		if _, err := s.st.SaveReview(ctx, s.asg[0], s.ev[0], full(true, "4", "5", "3", "2")); err != nil {
			t.Fatal(err)
		}
		var points string
		if err := db.Get(ctx, d, &points, `SELECT section_points FROM reviews WHERE assignment_id = ?`, s.asg[0]); err != nil {
			t.Fatal(err)
		}
		if points == "" {
			t.Fatal("a submitted review kept no section points")
		}
		// The second review is inserted as before section points existed.
		scoretest.Submitted(t, d, s.gridID, s.asg[1], 2, 2, 5, 5)
		_, bulk, err := s.st.Consolidate(ctx, s.callID, "full")
		if err != nil || len(bulk) != 1 {
			t.Fatalf("Consolidate: %v %v", bulk, err)
		}
		_, one, err := s.st.ConsolidateApplication(ctx, s.appID)
		if err != nil {
			t.Fatal(err)
		}
		if bulk[0].FinalX100 != one.FinalX100 || !slices.Equal(bulk[0].Sections, one.Sections) || bulk[0].Submitted != 2 {
			t.Errorf("bulk %+v\nwant %+v", bulk[0], one)
		}
		if len(one.Criteria) == 0 {
			t.Error("one application's consolidation has no criterion means")
		}
	})
}
