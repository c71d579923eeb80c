package remind

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/notify"
)

// sendOnce writes rm's guard row and, only when this call inserted it,
// the notice (and its e-mail) in the same transaction: a second pass, at
// the same time or later, finds the row and sends nothing.
func (r *Runner) sendOnce(ctx context.Context, rm reminder, now time.Time) (bool, error) {
	sent := false
	err := r.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		sent = false
		res, err := db.Exec(ctx, tx, `INSERT INTO reminders_sent (kind, item_id, user_id, bucket, sent_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (kind, item_id, user_id, bucket) DO NOTHING`, rm.kind, rm.item, rm.to.UserID, rm.bucket, now)
		if err != nil {
			return fmt.Errorf("reminder guard: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return err
		}
		sent = true
		return notify.Tell(ctx, tx, []notify.Recipient{rm.to}, rm.event, rm.link, rm.text)
	})
	if err != nil {
		return false, fmt.Errorf("reminder %s %d for user %d: %w", rm.kind, rm.item, rm.to.UserID, err)
	}
	return sent, nil
}
