package review

import (
	"context"
	"errors"
)

// OWNER: scoring helper. Placeholder body; replace it.

// Consolidate puts together the evaluation of every eligible (or already
// evaluated) application of a call's stage, in application id order.
func (s *Store) Consolidate(ctx context.Context, callID int64, stage string) (Grid, []Consolidated, error) {
	return Grid{}, nil, errors.New("review: Consolidate not implemented yet")
}
