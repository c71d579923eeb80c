package review_test

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/review/scoretest"
)

// Totals 23 and 10 differ by 13 > 5: the second submission calls a
// further evaluator in its own transaction.
func TestDivergentSubmissionCallsAFurtherEvaluator(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, ctx := newScoring(t, d), context.Background()
		if _, err := s.st.SaveReview(ctx, s.asg[0], s.ev[0], full(true, "5", "5", "4", "4")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.st.SaveReview(ctx, s.asg[1], s.ev[1], full(true, "2", "2", "2", "2")); err != nil {
			t.Fatalf("divergent submission: %v", err)
		}
		var further struct {
			ID     int64 `db:"id"`
			UserID int64 `db:"user_id"`
		}
		if err := db.Get(ctx, d, &further, `SELECT id, user_id FROM review_assignments
			WHERE application_id = ? AND further AND status = 'active'`, s.appID); err != nil {
			t.Fatalf("no further assignment: %v", err)
		}
		if further.UserID != s.ev[2] {
			t.Errorf("further evaluator = %d, want the free one %d", further.UserID, s.ev[2])
		}
		_, c, err := s.st.ConsolidateApplication(ctx, s.appID)
		if err != nil || !c.Divergent || c.Resolved || c.Ready || c.Pending != 1 {
			t.Fatalf("before the further review: %+v %v", c, err)
		}
		s.exec(t, `INSERT INTO coi_declarations (application_id, user_id, conflict, lang, statement, declared_at)
			VALUES (?, ?, ?, 'en', 'No conflict.', ?)`, s.appID, further.UserID, false, db.Now())
		if _, err := s.st.SaveReview(ctx, further.ID, further.UserID, full(true, "3", "3", "3", "3")); err != nil {
			t.Fatal(err)
		}
		_, c, err = s.st.ConsolidateApplication(ctx, s.appID)
		if err != nil || !c.Divergent || !c.Resolved || !c.Ready || c.Submitted != 3 {
			t.Fatalf("after the further review: %+v %v", c, err)
		}
	})
}

// A further evaluator already there (set up by the committee) is not
// called twice; the chair may instead settle a divergence with a note.
func TestChairResolvesADivergenceWithANote(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, ctx := newScoring(t, d), context.Background()
		wantCode(t, s.st.ResolveDivergence(ctx, s.appID, s.chair, "nothing to resolve"), apperr.Conflict, "reviews.error.not_divergent")
		third := scoretest.Assign(t, d, s.appID, s.ev[2], true, true)
		for i, sc := range [][]string{{"5", "5", "5", "5"}, {"1", "1", "1", "1"}} {
			if _, err := s.st.SaveReview(ctx, s.asg[i], s.ev[i], full(true, sc...)); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		if err := db.Get(ctx, d, &n, `SELECT COUNT(*) FROM review_assignments WHERE application_id = ?`, s.appID); err != nil || n != 3 {
			t.Fatalf("assignments = %d (%v), want the 3 set up", n, err)
		}
		_, c, _ := s.st.ConsolidateApplication(ctx, s.appID)
		if !c.Divergent || c.Resolved || c.Ready {
			t.Fatalf("consolidated = %+v", c)
		}
		wantCode(t, s.st.ResolveDivergence(ctx, s.appID, s.officer, "x"), apperr.Forbidden, "reviews.error.chair_only")
		wantField(t, s.st.ResolveDivergence(ctx, s.appID, s.chair, ""), "note", "reviews.error.reason_required")
		if err := s.st.ResolveDivergence(ctx, s.appID, s.chair, "Evaluator B misread the budget; the committee keeps A's view."); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.st.ResolveDivergence(ctx, s.appID, s.chair, "again"), apperr.Conflict, "reviews.error.already_resolved")
		s.exec(t, `UPDATE review_assignments SET status = 'removed' WHERE id = ?`, third)
		_, c, _ = s.st.ConsolidateApplication(ctx, s.appID)
		if !c.Resolved || !c.Ready {
			t.Fatalf("after the note: %+v", c)
		}
	})
}

// The first saved score freezes the grid (grids engineer's freezeGrid).
func TestFirstSaveFreezesTheGrid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, ctx := newScoring(t, d), context.Background()
		s.exec(t, `UPDATE eval_grids SET frozen_at = NULL WHERE id = ?`, s.gridID)
		if _, err := s.st.SaveReview(ctx, s.asg[0], s.ev[0], full(false, "3", "", "", "")); err != nil {
			t.Fatal(err)
		}
		var frozen int
		if err := db.Get(ctx, d, &frozen, `SELECT COUNT(*) FROM eval_grids WHERE id = ? AND frozen_at IS NOT NULL`, s.gridID); err != nil || frozen != 1 {
			t.Fatalf("grid frozen = %d (%v)", frozen, err)
		}
	})
}
