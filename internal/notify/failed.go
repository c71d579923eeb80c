package notify

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
)

// Failed reports whether the sender gave up on a message: it was tried
// MaxAttempts times and never went out.
func (r Row) Failed() bool { return r.SentAt == nil && r.Attempts >= MaxAttempts }

// UnsentPage is a page of the mail that has not gone out.
type UnsentPage struct {
	Items         []Row
	Total, Failed int
	Page, PerPage int
}

// Unsent lists the mail not sent yet for the administrator: failed
// messages first, then those waiting for a retry or their first try,
// newest first within each. Bodies and attachments are not read: the page
// shows the address, the subject and the last error.
func Unsent(ctx context.Context, c db.Conn, page, perPage int) (UnsentPage, error) {
	if perPage <= 0 || perPage > 200 {
		perPage = 50
	}
	page = min(max(page, 1), 100_000) // beyond it the page is empty; no offset overflow
	out := UnsentPage{Items: []Row{}, Page: page, PerPage: perPage}
	var counts struct {
		Total  int `db:"total"`
		Failed int `db:"failed"`
	}
	if err := db.Get(ctx, c, &counts, `SELECT COUNT(*) AS total,
		COALESCE(SUM(CASE WHEN attempts >= ? THEN 1 ELSE 0 END), 0) AS failed
		FROM outbox WHERE sent_at IS NULL`, MaxAttempts); err != nil {
		return out, fmt.Errorf("count unsent mail: %w", err)
	}
	out.Total, out.Failed = counts.Total, counts.Failed
	if err := db.Select(ctx, c, &out.Items, `SELECT id, to_addr, subject, created_at, sent_at, attempts, last_error,
		last_attempt_at, lang FROM outbox WHERE sent_at IS NULL
		ORDER BY CASE WHEN attempts >= ? THEN 0 ELSE 1 END, id DESC LIMIT ? OFFSET ?`,
		MaxAttempts, perPage, (page-1)*perPage); err != nil {
		return out, fmt.Errorf("list unsent mail: %w", err)
	}
	for i := range out.Items {
		out.Items[i].utc()
	}
	return out, nil
}

// Retry makes an unsent message that has been tried (failed, or waiting
// for its next try) due again at once: its attempts start from zero, its
// last error stays until it goes out. The retry is audited in the same
// transaction. A sent message, one never tried or an unknown id is not
// found.
func Retry(ctx context.Context, d *db.DB, id int64) error {
	return d.Tx(ctx, func(tx *sqlx.Tx) error {
		var before struct {
			Attempts  int    `db:"attempts"`
			LastError string `db:"last_error"`
		}
		q := `SELECT attempts, last_error FROM outbox WHERE id = ? AND sent_at IS NULL AND attempts > 0`
		if d.Driver == db.Postgres {
			q += ` FOR UPDATE`
		}
		if err := db.Get(ctx, tx, &before, q, id); err != nil {
			if apperr.Is(err, apperr.NotFound) {
				return apperr.New(apperr.NotFound, "outbox.error.not_found")
			}
			return fmt.Errorf("retry mail %d: %w", id, err)
		}
		if _, err := db.Exec(ctx, tx, `UPDATE outbox SET attempts = 0, last_attempt_at = NULL WHERE id = ?`, id); err != nil {
			return fmt.Errorf("retry mail %d: %w", id, err)
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "outbox.retry", Object: "outbox", ObjectID: id,
			Payload: map[string]any{"attempts": before.Attempts, "last_error": before.LastError}})
	})
}
