package review

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
)

// scoringGrid is the grid an application's scores go on: the stored grid
// of its call and stage, copied from the profile first when needed.
func (s *Store) scoringGrid(ctx context.Context, tx *sqlx.Tx, callID int64, stage string) (Grid, error) {
	g, err := storedGrid(ctx, tx, callID, stage)
	if !apperr.Is(err, apperr.NotFound) {
		return g, err
	}
	if g, err = s.EnsureGrid(ctx, tx, callID, stage); err != nil {
		return Grid{}, err
	}
	return gridByID(ctx, tx, g.ID)
}
