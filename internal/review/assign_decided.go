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

// Removable lists the committee members of a call that may be taken off
// it now: none once a stage of the call is decided (its session is
// approved, the committee is locked), else those without an active
// assignment in the call (RemoveMember refuses the others).
func (s *Store) Removable(ctx context.Context, callID int64) (map[int64]bool, error) {
	var locked int
	if err := db.Get(ctx, s.DB, &locked, `SELECT COUNT(*) FROM committee_sessions WHERE call_id = ? AND status = 'approved'`,
		callID); err != nil {
		return nil, fmt.Errorf("committee locked: %w", err)
	}
	out := map[int64]bool{}
	if locked > 0 {
		return out, nil
	}
	var ids []int64
	if err := db.Select(ctx, s.DB, &ids, `SELECT m.user_id FROM committee_members m WHERE m.call_id = ? AND NOT EXISTS (
		SELECT 1 FROM review_assignments ra JOIN applications a ON a.id = ra.application_id
		WHERE a.call_id = m.call_id AND ra.user_id = m.user_id AND ra.status = ?)`, callID, Active); err != nil {
		return nil, fmt.Errorf("removable members: %w", err)
	}
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}
