package review

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// submittedTotals are the totals of an application's submitted reviews on
// active assignments.
func submittedTotals(ctx context.Context, c db.Conn, appID int64) ([]int, error) {
	var totals []int
	err := db.Select(ctx, c, &totals, `SELECT COALESCE(SUM(rs.score * c.weight), 0) FROM reviews r
		JOIN review_assignments ra ON ra.id = r.assignment_id
		JOIN review_scores rs ON rs.review_id = r.id
		JOIN eval_criteria c ON c.id = rs.criterion_id
		WHERE ra.application_id = ? AND ra.status = 'active' AND r.status = 'submitted'
		GROUP BY r.id ORDER BY r.id`, appID)
	return totals, err
}

// totalsDiverge reports whether the totals differ by more than the grid allows.
func totalsDiverge(g Grid, totals []int) bool {
	if len(totals) < 2 {
		return false
	}
	lo, hi := totals[0], totals[0]
	for _, t := range totals[1:] {
		lo, hi = min(lo, t), max(hi, t)
	}
	return hi-lo > g.DivergencePoints
}

// afterSubmit calls a further evaluator, in the submission's transaction,
// when the application's submitted totals now diverge and neither a
// further evaluator nor the chair's note has dealt with it yet. When no
// evaluator is available the chair resolves it with a note.
func (s *Store) afterSubmit(ctx context.Context, tx *sqlx.Tx, appID int64, g Grid) error {
	totals, err := submittedTotals(ctx, tx, appID)
	if err != nil || !totalsDiverge(g, totals) {
		return err
	}
	var n int
	if err := db.Get(ctx, tx, &n, `SELECT
		(SELECT COUNT(*) FROM review_assignments WHERE application_id = ? AND further AND status = 'active') +
		(SELECT COUNT(*) FROM divergence_resolutions WHERE application_id = ?)`, appID, appID); err != nil || n > 0 {
		return err
	}
	_, err = s.assignFurther(ctx, tx, appID, nil)
	return err
}

// ResolveDivergence records the chair's note settling an application whose
// evaluators diverged (instead of, or after, a further evaluator).
func (s *Store) ResolveDivergence(ctx context.Context, appID, chairID int64, note string) error {
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		var a struct {
			CallID int64  `db:"call_id"`
			Stage  string `db:"stage"`
		}
		if err := db.Get(ctx, tx, &a, `SELECT call_id, stage FROM applications WHERE id = ?`, appID); err != nil {
			return err
		}
		if ok, err := ChairsCall(ctx, tx, a.CallID, chairID); err != nil || !ok {
			return chairOnlyUnless(err)
		}
		note, err := chairNote("note", note)
		if err != nil {
			return err
		}
		g, err := storedGrid(ctx, tx, a.CallID, a.Stage)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return err
		}
		totals, err := submittedTotals(ctx, tx, appID)
		if err != nil {
			return err
		}
		if g.ID == 0 || !totalsDiverge(g, totals) {
			return apperr.New(apperr.Conflict, "reviews.error.not_divergent")
		}
		_, err = db.Exec(ctx, tx, `INSERT INTO divergence_resolutions (application_id, note, resolved_by, resolved_at)
			VALUES (?, ?, ?, ?)`, appID, note, chairID, s.Now())
		if db.IsUnique(err) {
			return apperr.Wrap(apperr.Conflict, "reviews.error.already_resolved", err)
		}
		return err
	})
}
