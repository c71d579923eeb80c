package review

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/notify"
)

// AppReminder is one reminder to one evaluator about one application.
type AppReminder struct {
	UserID int64      `db:"user_id"`
	Email  string     `db:"email"`
	Name   string     `db:"name"`
	Lang   string     `db:"lang"`
	DueAt  *time.Time `db:"due_at"`
}

// RemindApplication reminds, in one transaction, each enabled evaluator
// with an active assignment on application appID whose review is not
// submitted and who was not reminded of it in the last day (the rule of
// SendReminders; the officer chose the application, so its due date
// need not be near): the assignment is marked reminded and compose's
// notice recorded (notify.Notify: in the portal, and by e-mail unless the
// evaluator turned that off). It returns how many were reminded.
func (s *Store) RemindApplication(ctx context.Context, appID int64, compose func(AppReminder) notify.Notice) (int, error) {
	sent := 0
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		now := s.assignClock()
		var rows []struct {
			ID int64 `db:"id"`
			AppReminder
		}
		if err := db.Select(ctx, tx, &rows, `SELECT ra.id, ra.user_id, u.email, u.name, u.lang, ra.due_at
			FROM review_assignments ra JOIN users u ON u.id = ra.user_id LEFT JOIN reviews r ON r.assignment_id = ra.id
			WHERE ra.application_id = ? AND ra.status = ? AND u.disabled = ? AND (r.status IS NULL OR r.status <> ?)
			AND (ra.reminded_at IS NULL OR ra.reminded_at <= ?) ORDER BY ra.user_id, ra.id`,
			appID, Active, false, SubmittedReview, now.Add(-remindEvery)); err != nil {
			return fmt.Errorf("pending assignments of application %d: %w", appID, err)
		}
		for _, r := range rows {
			if _, err := db.Exec(ctx, tx, `UPDATE review_assignments SET reminded_at = ? WHERE id = ?`, now, r.ID); err != nil {
				return fmt.Errorf("mark reminded: %w", err)
			}
			rm := r.AppReminder
			if rm.DueAt != nil {
				t := rm.DueAt.UTC()
				rm.DueAt = &t
			}
			n := compose(rm)
			n.UserID, n.Mail.To = rm.UserID, rm.Email
			if err := notify.Notify(ctx, tx, n); err != nil {
				return err
			}
			sent++
		}
		return nil
	})
	return sent, err
}
