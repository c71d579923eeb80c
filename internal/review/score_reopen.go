package review

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/db"
)

// chairNote checks the chair's reason or note: required, bounded.
func chairNote(field, text string) (string, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return "", apperr.Field(field, "reviews.error.reason_required")
	case utf8.RuneCountInString(text) > maxReviewText:
		return "", apperr.Field(field, "reviews.error.too_long")
	}
	return text, nil
}

// Reopen unlocks a submitted review (the assignment's) so its evaluator
// can change it; only the call's committee chair may, with a reason, and
// only while the application is still being evaluated.
func (s *Store) Reopen(ctx context.Context, assignmentID, chairID int64, reason string) error {
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		var a struct {
			CallID    int64              `db:"call_id"`
			AppStatus application.Status `db:"app_status"`
		}
		if err := db.Get(ctx, tx, &a, `SELECT a.call_id, a.status AS app_status FROM review_assignments ra
			JOIN applications a ON a.id = ra.application_id WHERE ra.id = ?`, assignmentID); err != nil {
			return err
		}
		if ok, err := ChairsCall(ctx, tx, a.CallID, chairID); err != nil || !ok {
			return chairOnlyUnless(err)
		}
		reason, err := chairNote("reason", reason)
		if err != nil {
			return err
		}
		if a.AppStatus != application.Eligible {
			return apperr.New(apperr.Conflict, "reviews.error.not_scorable")
		}
		now := s.Now()
		res, err := db.Exec(ctx, tx, `UPDATE reviews SET status = 'draft', submitted_at = NULL, reopened_at = ?,
			reopened_by = ?, reopen_reason = ?, updated_at = ? WHERE assignment_id = ? AND status = 'submitted'`,
			now, chairID, reason, now, assignmentID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return apperr.Wrap(apperr.Conflict, "reviews.error.not_submitted", err)
		}
		return nil
	})
}

func chairOnlyUnless(err error) error {
	if err != nil {
		return err
	}
	return apperr.New(apperr.Forbidden, "reviews.error.chair_only")
}
