package review

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// StageDecided reports whether the committee's session of a call stage is
// approved: the ranking is final, so its assignments no longer change
// (no automatic assignment, no evaluator added or removed).
func (s *Store) StageDecided(ctx context.Context, callID int64, stage string) (bool, error) {
	return stageDecided(ctx, s.DB, callID, stage)
}

func stageDecided(ctx context.Context, c db.Conn, callID int64, stage string) (bool, error) {
	var n int
	if err := db.Get(ctx, c, &n, `SELECT COUNT(*) FROM committee_sessions WHERE call_id = ? AND stage = ? AND status = 'approved'`,
		callID, stage); err != nil {
		return false, fmt.Errorf("stage decided: %w", err)
	}
	return n > 0, nil
}

// refuseDecided is the Conflict every assignment change meets once the
// stage's ranking is approved.
func refuseDecided(ctx context.Context, c db.Conn, callID int64, stage string) error {
	done, err := stageDecided(ctx, c, callID, stage)
	if err != nil {
		return err
	}
	if done {
		return apperr.New(apperr.Conflict, "committee.error.stage_decided")
	}
	return nil
}
