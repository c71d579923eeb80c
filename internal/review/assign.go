package review

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
)

// AssignedApplicationIDs lists the applications an evaluator may read
// (access.Scope.Applications under assigned): an active assignment and a
// declaration of no conflict for each.
func (s *Store) AssignedApplicationIDs(ctx context.Context, userID int64) ([]int64, error) {
	cond, args := access.Evaluator(userID).Applications("a")
	ids := []int64{}
	if err := db.Select(ctx, s.DB, &ids, `SELECT a.id FROM applications a WHERE `+cond+` ORDER BY 1`, args...); err != nil {
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
