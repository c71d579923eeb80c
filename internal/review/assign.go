package review

import (
	"context"
	"errors"

	"github.com/jmoiron/sqlx"
)

// OWNER: committee helper. Placeholder bodies; replace them.

// AssignedApplicationIDs lists the applications an evaluator may read: an
// active assignment and a declaration of no conflict for each.
func (s *Store) AssignedApplicationIDs(ctx context.Context, userID int64) ([]int64, error) {
	return nil, errors.New("review: AssignedApplicationIDs not implemented yet")
}

// assignFurther adds one more evaluator to an application whose evaluators
// diverged (Assignment.Further), balancing load and respecting conflicts;
// it reports false when no evaluator is available.
func (s *Store) assignFurther(ctx context.Context, tx *sqlx.Tx, appID int64, by *int64) (bool, error) {
	return false, errors.New("review: assignFurther not implemented yet")
}
