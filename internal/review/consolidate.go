package review

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/db"
)

// consolidatedStatuses is the condition on the application statuses that
// are ranked: being evaluated, and after a committee's decision.
func consolidatedStatuses() string { return application.StatusInSQL("a.status", application.Ranked...) }

// Consolidate puts together the evaluation of every eligible (or already
// evaluated) application of a call's stage, in application id order. It
// reads the whole call in five bulk queries, whatever its size.
//
// Submitted reviews are read by their stored section points, so the
// result has no per-criterion means (Consolidated.Criteria stays empty);
// only reviews without stored points have their scores read.
func (s *Store) Consolidate(ctx context.Context, callID int64, stage string) (Grid, []Consolidated, error) {
	return s.consolidate(ctx, callID, stage, false, `a.call_id = ? AND a.stage = ? AND `+consolidatedStatuses(), callID, stage)
}

// ConsolidateApplication consolidates one application (in any status) with
// its call's grid, with the means per criterion.
func (s *Store) ConsolidateApplication(ctx context.Context, appID int64) (Grid, Consolidated, error) {
	var a struct {
		CallID int64  `db:"call_id"`
		Stage  string `db:"stage"`
	}
	if err := db.Get(ctx, s.DB, &a, `SELECT call_id, stage FROM applications WHERE id = ?`, appID); err != nil {
		return Grid{}, Consolidated{}, err
	}
	g, cs, err := s.consolidate(ctx, a.CallID, a.Stage, true, `a.id = ?`, appID)
	if err != nil || len(cs) != 1 {
		return g, Consolidated{}, reviewNotFoundUnless(err)
	}
	return g, cs[0], nil
}

// consolidate loads the rows of the applications matching where (over
// applications a) and consolidates them on the call stage's grid; with
// criteria every score is read, else only those of reviews without
// stored section points.
func (s *Store) consolidate(ctx context.Context, callID int64, stage string, criteria bool, where string, args ...any) (Grid, []Consolidated, error) {
	g, err := storedGrid(ctx, s.DB, callID, stage)
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
	if in.Assignments, in.Sections, err = s.assignmentRows(ctx, where, args); err != nil {
		return Grid{}, nil, err
	}
	if !criteria && !missingPoints(in) {
		return g, ConsolidateRows(g, in), nil // every submitted review has its section points
	}
	scoresOf := where
	if !criteria {
		scoresOf += ` AND r.section_points = ''`
	}
	if in.Scores, err = s.scoreRows(ctx, scoresOf, args); err != nil {
		return Grid{}, nil, err
	}
	return g, ConsolidateRows(g, in), nil
}

// missingPoints reports whether a submitted review has no stored section
// points (submitted before they were kept), so its scores must be read.
func missingPoints(in Rows) bool {
	known := make(map[int64]bool, len(in.Sections))
	for _, sr := range in.Sections {
		known[sr.ReviewID] = true
	}
	for _, a := range in.Assignments {
		if a.ReviewID != 0 && !known[a.ReviewID] {
			return true
		}
	}
	return false
}

// assignmentRows reads the active assignments with their submitted review
// and its stored section points. Rows are scanned by hand: a large call
// has tens of thousands.
func (s *Store) assignmentRows(ctx context.Context, where string, args []any) ([]AssignmentRow, []SectionRow, error) {
	rows, err := s.DB.QueryContext(ctx, s.DB.Rebind(`SELECT ra.application_id, ra.user_id, ra.further, COALESCE(r.id, 0),
		COALESCE(r.section_points, '')
		FROM review_assignments ra JOIN applications a ON a.id = ra.application_id
		LEFT JOIN reviews r ON r.assignment_id = ra.id AND r.status = 'submitted'
		WHERE ra.status = 'active' AND `+where), args...)
	if err != nil {
		return nil, nil, fmt.Errorf("assignment rows: %w", err)
	}
	defer rows.Close()
	var out []AssignmentRow
	var secs []SectionRow
	for rows.Next() {
		var a AssignmentRow
		var points string
		if err := rows.Scan(&a.ApplicationID, &a.UserID, &a.Further, &a.ReviewID, &points); err != nil {
			return nil, nil, err
		}
		out = append(out, a)
		if ps, ok := parseSectionPoints(a.ReviewID, points); ok && a.ReviewID != 0 {
			secs = append(secs, ps...)
		}
	}
	return out, secs, rows.Err()
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
