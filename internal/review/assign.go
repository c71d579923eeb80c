package review

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/db"
)

// AssignedApplicationIDs lists the applications an evaluator may read: an
// active assignment and a declaration of no conflict for each.
func (s *Store) AssignedApplicationIDs(ctx context.Context, userID int64) ([]int64, error) {
	return s.assignedIDs(ctx, "a.id", userID)
}

// AssignedCallIDs lists the calls of the applications an evaluator may read
// (AssignedApplicationIDs): its call scope.
func (s *Store) AssignedCallIDs(ctx context.Context, userID int64) ([]int64, error) {
	return s.assignedIDs(ctx, "a.call_id", userID)
}

// AssignedOrgIDs lists the organisations of the applications an evaluator
// may read: the applicants and the partners named with an organisation.
func (s *Store) AssignedOrgIDs(ctx context.Context, userID int64) ([]int64, error) {
	ids := []int64{}
	err := db.Select(ctx, s.DB, &ids, `SELECT a.org_id FROM applications a WHERE a.id IN (`+readableSQL+`)
		UNION SELECT pt.org_id FROM application_partners pt WHERE pt.org_id IS NOT NULL AND pt.application_id IN (`+readableSQL+`)
		ORDER BY 1`, userID, Active, false, userID, Active, false)
	if err != nil {
		return nil, fmt.Errorf("assigned organisations: %w", err)
	}
	return ids, nil
}

// readableSQL selects the applications a user may read as an evaluator;
// its arguments are the user id, Active and false.
const readableSQL = `SELECT ra.application_id FROM review_assignments ra
	JOIN coi_declarations d ON d.application_id = ra.application_id AND d.user_id = ra.user_id
	WHERE ra.user_id = ? AND ra.status = ? AND d.conflict = ?`

func (s *Store) assignedIDs(ctx context.Context, col string, userID int64) ([]int64, error) {
	ids := []int64{}
	err := db.Select(ctx, s.DB, &ids, `SELECT DISTINCT `+col+` FROM applications a
		WHERE a.id IN (`+readableSQL+`) ORDER BY 1`, userID, Active, false)
	if err != nil {
		return nil, fmt.Errorf("assigned ids: %w", err)
	}
	return ids, nil
}

// assignFurther adds one more evaluator to an application whose evaluators
// diverged (Assignment.Further), balancing load and respecting conflicts;
// it reports false when no evaluator is available.
func (s *Store) assignFurther(ctx context.Context, tx *sqlx.Tx, appID int64, by *int64) (bool, error) {
	app, err := loadAssignApp(ctx, tx, appID)
	if err != nil {
		return false, err
	}
	_, due, err := committeeRules(ctx, tx, app.callID, app.stage)
	if err != nil {
		return false, err
	}
	return s.assignOne(ctx, tx, app, due, true, by)
}

// assignOne adds the best available evaluator to one application (the
// balancing rules of AutoAssign without a language preference); false
// when nobody is available.
func (s *Store) assignOne(ctx context.Context, tx *sqlx.Tx, app assignApp, due *time.Time, further bool, by *int64) (bool, error) {
	cands, err := committeeVoters(ctx, tx, app.callID)
	if err != nil {
		return false, err
	}
	excl, err := assignExclusions(ctx, tx, app.callID)
	if err != nil {
		return false, err
	}
	picks := planAssignments([]AppNeed{{AppID: app.id, Need: 1, Lang: app.lang, Excluded: excl[app.id]}}, cands, false)
	if len(picks) == 0 {
		return false, nil
	}
	if err := s.insertAssignment(ctx, tx, picks[0], further, by, due); err != nil {
		return false, err
	}
	return true, nil
}
