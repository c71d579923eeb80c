package notify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/subgrant/portal/internal/db"
)

// Event types a user is notified of. Each has the catalogue name
// "notify.event.<type>" in every language, and a user may turn its e-mail
// off (the in-app notification always stays).
const (
	EventSubmitted       = "application.submitted"   // submission receipt
	EventInfoRequested   = "application.info"        // request for information and its deadline
	EventEligibility     = "application.eligibility" // screening decision
	EventAssigned        = "review.assigned"         // evaluation assignment
	EventReviewReminder  = "review.reminder"         // reviews due
	EventOutcome         = "award.outcome"           // award, reserve or rejection
	EventAgreementReady  = "grant.agreement"         // agreement ready to sign
	EventPaymentRequest  = "payment.request"         // payment request state change
	EventReportDue       = "report.due"              // report due and overdue
	EventAmendment       = "grant.amendment"         // amendment decided
	EventCallClosing     = "call.closing"            // call closing in three days, for a draft's organisation
	EventDocumentExpires = "document.expiring"       // vault document about to expire
	EventAccount         = "account"                 // invitations and password resets: always by e-mail
)

// Events lists the event types a user may choose for, in the order the
// preferences page shows them.
var Events = []string{EventSubmitted, EventInfoRequested, EventEligibility, EventAssigned, EventReviewReminder,
	EventOutcome, EventAgreementReady, EventPaymentRequest, EventReportDue, EventAmendment, EventCallClosing,
	EventDocumentExpires}

// Notice is one event for one user: the in-app notification and, unless
// the user turned it off for Event, the same text by e-mail. Subject and
// Body are already in the user's language; Link is the portal path where
// the user acts on it ("/applications/12").
type Notice struct {
	UserID  int64
	Event   string
	Link    string
	Subject string
	Body    string
	// Mail, when its To is set, is the e-mail sent with the notice (it may
	// carry an attachment); its Subject and Body default to the notice's.
	Mail Message
}

// Notification is a notice as the list shows it.
type Notification struct {
	ID        int64      `db:"id"`
	UserID    int64      `db:"user_id"`
	Event     string     `db:"event"`
	Subject   string     `db:"subject"`
	Body      string     `db:"body"`
	Link      string     `db:"link"`
	CreatedAt time.Time  `db:"created_at"`
	ReadAt    *time.Time `db:"read_at"`
}

// Notify records n for its user and, when the user wants e-mail for the
// event, enqueues the e-mail. c is normally the transaction of the change
// the notice reports, so a rollback drops both.
func Notify(ctx context.Context, c db.Conn, n Notice) error {
	subject := oneLine(n.Subject)
	if n.UserID == 0 || subject == "" || n.Event == "" {
		return fmt.Errorf("notify: user, event and subject are required (user %d, event %q)", n.UserID, n.Event)
	}
	if n.Link != "" && (!strings.HasPrefix(n.Link, "/") || strings.HasPrefix(n.Link, "//") || strings.HasPrefix(n.Link, "/\\")) {
		return fmt.Errorf("notify: link %q is not a portal path", n.Link)
	}
	if _, err := db.Exec(ctx, c, `INSERT INTO notifications (user_id, event, subject, body, link, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, n.UserID, n.Event, subject, n.Body, n.Link, db.Now()); err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	if n.Mail.To == "" {
		return nil
	}
	on, err := WantsEmail(ctx, c, n.UserID, n.Event)
	if err != nil || !on {
		return err
	}
	m := n.Mail
	if m.Subject == "" {
		m.Subject = n.Subject
	}
	if m.Body == "" {
		m.Body = n.Body
	}
	return Enqueue(ctx, c, m)
}

// WantsEmail reports whether the user gets event by e-mail: yes unless
// the user turned it off. Account mail always goes.
func WantsEmail(ctx context.Context, c db.Conn, userID int64, event string) (bool, error) {
	if event == EventAccount {
		return true, nil
	}
	var on []int
	if err := db.Select(ctx, c, &on, `SELECT email FROM notification_prefs WHERE user_id = ? AND event = ?`,
		userID, event); err != nil {
		return false, fmt.Errorf("notification preference: %w", err)
	}
	return len(on) == 0 || on[0] == 1, nil
}

// SetEmail records the user's choice of e-mail for event.
func SetEmail(ctx context.Context, c db.Conn, userID int64, event string, on bool) error {
	v := 0
	if on {
		v = 1
	}
	_, err := db.Exec(ctx, c, `INSERT INTO notification_prefs (user_id, event, email) VALUES (?, ?, ?)
		ON CONFLICT (user_id, event) DO UPDATE SET email = excluded.email`, userID, event, v)
	if err != nil {
		return fmt.Errorf("set notification preference: %w", err)
	}
	return nil
}

// Unread counts the user's unread notifications (the header's badge).
func Unread(ctx context.Context, c db.Conn, userID int64) (int, error) {
	var n int
	if err := db.Get(ctx, c, &n, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`,
		userID); err != nil {
		return 0, fmt.Errorf("count unread: %w", err)
	}
	return n, nil
}

// List returns a page of the user's notifications, newest first.
func List(ctx context.Context, c db.Conn, userID int64, limit, offset int) ([]Notification, error) {
	out := []Notification{}
	if err := db.Select(ctx, c, &out, `SELECT id, user_id, event, subject, body, link, created_at, read_at
		FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?`, userID, limit, offset); err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	for i := range out {
		out[i].CreatedAt = out[i].CreatedAt.UTC()
		if out[i].ReadAt != nil {
			t := out[i].ReadAt.UTC()
			out[i].ReadAt = &t
		}
	}
	return out, nil
}

// MarkRead marks one of the user's notifications read (id 0: all of them).
// Another user's id changes nothing.
func MarkRead(ctx context.Context, c db.Conn, userID, id int64) error {
	q, args := `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, []any{db.Now(), userID}
	if id != 0 {
		q, args = q+` AND id = ?`, append(args, id)
	}
	if _, err := db.Exec(ctx, c, q, args...); err != nil {
		return fmt.Errorf("mark read: %w", err)
	}
	return nil
}
