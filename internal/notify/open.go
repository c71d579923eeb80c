package notify

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// Count is how many notifications the user has, read or not (the list's
// pages).
func Count(ctx context.Context, c db.Conn, userID int64) (int, error) {
	var n int
	if err := db.Get(ctx, c, &n, `SELECT COUNT(*) FROM notifications WHERE user_id = ?`, userID); err != nil {
		return 0, fmt.Errorf("count notifications: %w", err)
	}
	return n, nil
}

// Open marks one of the user's notifications read and returns it, so that
// the list can follow its link. Another user's id is not found and changes
// nothing.
func Open(ctx context.Context, c db.Conn, userID, id int64) (Notification, error) {
	var n Notification
	err := db.Get(ctx, c, &n, `SELECT id, user_id, event, subject, body, link, created_at, read_at
		FROM notifications WHERE id = ? AND user_id = ?`, id, userID)
	if apperr.Is(err, apperr.NotFound) {
		return n, apperr.New(apperr.NotFound, "notifications.error.not_found")
	}
	if err != nil {
		return n, fmt.Errorf("open notification: %w", err)
	}
	if n.ReadAt == nil {
		if err := MarkRead(ctx, c, userID, id); err != nil {
			return n, err
		}
	}
	return n, nil
}
