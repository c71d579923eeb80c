package remind

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

// sendOnce writes rm's guard rows and, only when this call inserted one,
// the notice (and its e-mail) about the items it inserted, in the same
// transaction: a second pass, at the same time or later, finds the rows
// and sends nothing. The rows go in the items' order, so two passes at
// once on PostgreSQL wait for each other instead of deadlocking.
func (r *Runner) sendOnce(ctx context.Context, rm reminder, now time.Time) (bool, error) {
	sent := false
	err := r.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		sent = false
		var labels []string
		for _, it := range rm.items {
			res, err := db.Exec(ctx, tx, `INSERT INTO reminders_sent (kind, item_id, user_id, bucket, sent_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (kind, item_id, user_id, bucket) DO NOTHING`, rm.kind, it.id, rm.to.UserID, rm.bucket, now)
			if err != nil {
				return fmt.Errorf("reminder guard: %w", err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			if n == 1 {
				labels = append(labels, it.label)
			}
		}
		if len(labels) == 0 {
			return nil
		}
		sent = true
		return notify.Tell(ctx, tx, []notify.Recipient{rm.to}, rm.event, rm.link, func(l i18n.Lang) (string, string) {
			return rm.text(l, labels)
		})
	})
	if err != nil {
		return false, fmt.Errorf("reminder %s for user %d: %w", rm.kind, rm.to.UserID, err)
	}
	return sent, nil
}
