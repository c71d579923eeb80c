package review

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// consolidatedStatuses are the application statuses that are ranked: being
// evaluated, and after a committee's decision.
const consolidatedStatuses = `a.status IN ('eligible', 'evaluated', 'awarded', 'reserve', 'rejected')`

// Consolidate puts together the evaluation of every eligible (or already
// evaluated) application of a call's stage, in application id order. It
// reads the whole call in five bulk queries, whatever its size.
func (s *Store) Consolidate(ctx context.Context, callID int64, stage string) (Grid, []Consolidated, error) {
	return s.consolidate(ctx, callID, stage, `a.call_id = ? AND a.stage = ? AND `+consolidatedStatuses, callID, stage)
}

// ConsolidateApplication consolidates one application (in any status) with
// its call's grid.
func (s *Store) ConsolidateApplication(ctx context.Context, appID int64) (Grid, Consolidated, error) {
	var a struct {
		CallID int64  `db:"call_id"`
		Stage  string `db:"stage"`
	}
	if err := db.Get(ctx, s.DB, &a, `SELECT call_id, stage FROM applications WHERE id = ?`, appID); err != nil {
		return Grid{}, Consolidated{}, err
	}
	g, cs, err := s.consolidate(ctx, a.CallID, a.Stage, `a.id = ?`, appID)
	if err != nil || len(cs) != 1 {
		return g, Consolidated{}, reviewNotFoundUnless(err)
	}
	return g, cs[0], nil
}

// consolidate loads the rows of the applications matching where (over
// applications a) and consolidates them on the call stage's grid.
func (s *Store) consolidate(ctx context.Context, callID int64, stage, where string, args ...any) (Grid, []Consolidated, error) {
	g, err := scoreGridOf(ctx, s.DB, callID, stage)
	if apperr.Is(err, apperr.NotFound) {
		g, err = s.Grid(ctx, callID, stage) // nothing scored yet: the default grid
	}
	if err != nil {
		return Grid{}, nil, err
	}
	var in Rows
	if err := db.Select(ctx, s.DB, &in.Applications, `SELECT a.id FROM applications a WHERE `+where+` ORDER BY a.id`, args...); err != nil {
		return Grid{}, nil, err
	}
	if err := db.Select(ctx, s.DB, &in.Resolved, `SELECT dr.application_id FROM divergence_resolutions dr
		JOIN applications a ON a.id = dr.application_id WHERE `+where, args...); err != nil {
		return Grid{}, nil, err
	}
	if in.Assignments, err = s.assignmentRows(ctx, where, args); err != nil {
		return Grid{}, nil, err
	}
	if in.Scores, err = s.scoreRows(ctx, where, args); err != nil {
		return Grid{}, nil, err
	}
	return g, ConsolidateRows(g, in), nil
}

// assignmentRows reads the active assignments with their submitted review.
// Rows are scanned by hand: a large call has tens of thousands.
func (s *Store) assignmentRows(ctx context.Context, where string, args []any) ([]AssignmentRow, error) {
	rows, err := s.DB.QueryContext(ctx, s.DB.Rebind(`SELECT ra.application_id, ra.user_id, ra.further, COALESCE(r.id, 0)
		FROM review_assignments ra JOIN applications a ON a.id = ra.application_id
		LEFT JOIN reviews r ON r.assignment_id = ra.id AND r.status = 'submitted'
		WHERE ra.status = 'active' AND `+where), args...)
	if err != nil {
		return nil, fmt.Errorf("assignment rows: %w", err)
	}
	defer rows.Close()
	var out []AssignmentRow
	for rows.Next() {
		var a AssignmentRow
		if err := rows.Scan(&a.ApplicationID, &a.UserID, &a.Further, &a.ReviewID); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// scoreRows reads every score of the submitted reviews on active assignments.
func (s *Store) scoreRows(ctx context.Context, where string, args []any) ([]ScoreRow, error) {
	rows, err := s.DB.QueryContext(ctx, s.DB.Rebind(`SELECT rs.review_id, rs.criterion_id, rs.score
		FROM review_scores rs JOIN reviews r ON r.id = rs.review_id
		JOIN review_assignments ra ON ra.id = r.assignment_id JOIN applications a ON a.id = ra.application_id
		WHERE r.status = 'submitted' AND ra.status = 'active' AND rs.score IS NOT NULL AND `+where), args...)
	if err != nil {
		return nil, fmt.Errorf("score rows: %w", err)
	}
	defer rows.Close()
	var out []ScoreRow
	for rows.Next() {
		var sc ScoreRow
		if err := rows.Scan(&sc.ReviewID, &sc.CriterionID, &sc.Score); err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}
