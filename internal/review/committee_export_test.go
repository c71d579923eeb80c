package review

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// Unexported committee functions, exported for the external tests.
var CommitteePlan = planAssignments

// CommitteeAssignFurther runs assignFurther for tests.
func (s *Store) CommitteeAssignFurther(ctx context.Context, tx *sqlx.Tx, appID int64, by *int64) (bool, error) {
	return s.assignFurther(ctx, tx, appID, by)
}
