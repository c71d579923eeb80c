// Package notify sends email through an outbox table: a message is written
// in the same transaction as the change it reports, and a background loop
// sends it after commit, retrying until the mail server takes it.
package notify

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// Message is one plain-text email to one recipient, with at most one
// attachment (a letter's PDF, say): AttachmentName is the file name the
// recipient sees, AttachmentType its media type (application/octet-stream
// when empty) and Attachment its bytes (nil for none).
type Message struct {
	To             string `db:"to_addr"`
	Subject        string `db:"subject"`
	Body           string `db:"body"`
	AttachmentName string `db:"attachment_name"`
	AttachmentType string `db:"attachment_type"`
	Attachment     []byte `db:"attachment"`
	// Lang is the recipient's language ("sq", "en", "sr"; "" unknown): the
	// mail's Content-Language and the lang of its HTML part.
	Lang string `db:"lang"`
}

// Row is a message as the outbox keeps it.
type Row struct {
	ID        int64      `db:"id"`
	To        string     `db:"to_addr"`
	Subject   string     `db:"subject"`
	Body      string     `db:"body"`
	CreatedAt time.Time  `db:"created_at"`
	SentAt    *time.Time `db:"sent_at"`
	Attempts  int        `db:"attempts"`
	LastError string     `db:"last_error"`
	// LastAttemptAt is when the sender last tried (nil: never); the
	// back-off is counted from it.
	LastAttemptAt *time.Time `db:"last_attempt_at"`
	Lang          string     `db:"lang"`

	AttachmentName string `db:"attachment_name"`
	AttachmentType string `db:"attachment_type"`
	Attachment     []byte `db:"attachment"`
}

// MaxAttempts is how many times a message is tried before the outbox gives
// up on it: the message is then failed (Row.Failed), and stays with its
// last error for the administrator's outbox page, which may Retry it.
const MaxAttempts = 10

// validAddress accepts one bare address: no display name, no list, nothing
// that could smuggle a header.
func validAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s && !strings.ContainsAny(s, "\r\n")
}

// oneLine keeps a header value on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Enqueue stores a message to be sent after the caller's transaction
// commits; c may be that transaction, so a rollback drops the mail too.
func Enqueue(ctx context.Context, c db.Conn, m Message) error {
	to := strings.TrimSpace(m.To)
	if !validAddress(to) {
		return fmt.Errorf("enqueue mail: invalid recipient %q", m.To)
	}
	subject := oneLine(m.Subject)
	if subject == "" {
		return errors.New("enqueue mail: empty subject")
	}
	name, typ, data, err := checkAttachment(m)
	if err != nil {
		return err
	}
	_, err = db.Exec(ctx, c, `INSERT INTO outbox (to_addr, subject, body, created_at, attachment_name, attachment_type, attachment, lang)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, to, subject, m.Body, db.Now(), name, typ, data, langTag(m.Lang))
	if err != nil {
		return fmt.Errorf("enqueue mail: %w", err)
	}
	return nil
}

// All lists every message in the outbox, oldest first; for tests and the
// admin's view of mail that could not be sent.
func All(ctx context.Context, c db.Conn) ([]Row, error) {
	rows := []Row{}
	if err := db.Select(ctx, c, &rows, `SELECT id, to_addr, subject, body, created_at, sent_at, attempts, last_error,
		last_attempt_at, lang, attachment_name, attachment_type, attachment FROM outbox ORDER BY id`); err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	for i := range rows {
		rows[i].utc()
	}
	return rows, nil
}

// utc gives the row's times in UTC, as every driver reads them back.
func (r *Row) utc() {
	r.CreatedAt = r.CreatedAt.UTC()
	for _, t := range []**time.Time{&r.SentAt, &r.LastAttemptAt} {
		if *t != nil {
			u := (**t).UTC()
			*t = &u
		}
	}
}

// langTag keeps a language code short and plain ("sq", "en", "sr-Latn"),
// or "" when it is not one, so that it is safe in a header.
func langTag(s string) string {
	if len(s) > 12 {
		return ""
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-') {
			return ""
		}
	}
	return s
}

// messageColumns are the outbox columns a Message is read from.
const messageColumns = `to_addr, subject, body, attachment_name, attachment_type, attachment, lang`

// Pending lists the unsent messages to an address ("" for every address),
// oldest first: tests of other packages read reset links from here.
func Pending(ctx context.Context, c db.Conn, to string) ([]Message, error) {
	msgs := []Message{}
	q, args := `SELECT `+messageColumns+` FROM outbox WHERE sent_at IS NULL`, []any{}
	if to != "" {
		q, args = q+` AND lower(to_addr) = lower(?)`, append(args, to)
	}
	err := db.Select(ctx, c, &msgs, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list pending mail: %w", err)
	}
	return msgs, nil
}

// isNotFound reports a query that found no row.
func isNotFound(err error) bool { return apperr.Is(err, apperr.NotFound) }
