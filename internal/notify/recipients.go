package notify

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
)

// Recipient is a user a notice is addressed to, with the language its
// account reads.
type Recipient struct {
	UserID int64  `db:"id"`
	Email  string `db:"email"`
	Lang   string `db:"lang"`
}

// Language is the catalogue language of the recipient's account (the
// default for an unknown one).
func (r Recipient) Language() i18n.Lang {
	l, _ := i18n.ParseLang(r.Lang)
	return l
}

// Members are the enabled users of organisation orgID: who hears of its
// grants, payments, reports, drafts and documents.
func Members(ctx context.Context, c db.Conn, orgID int64) ([]Recipient, error) {
	out := []Recipient{}
	if err := db.Select(ctx, c, &out, `SELECT u.id, u.email, u.lang FROM users u
		JOIN memberships m ON m.user_id = u.id WHERE m.org_id = ? AND u.disabled = ? ORDER BY u.id`, orgID, false); err != nil {
		return nil, fmt.Errorf("members of organisation %d: %w", orgID, err)
	}
	return out, nil
}

// WithRole are the enabled users of a role (the finance officers a payment
// request waits for), except the user except (0: nobody), who acted.
func WithRole(ctx context.Context, c db.Conn, role string, except int64) ([]Recipient, error) {
	out := []Recipient{}
	if err := db.Select(ctx, c, &out, `SELECT id, email, lang FROM users WHERE role = ? AND disabled = ? AND id <> ?
		ORDER BY id`, role, false, except); err != nil {
		return nil, fmt.Errorf("users of role %s: %w", role, err)
	}
	return out, nil
}

// User is one enabled user as a recipient; none when disabled or unknown.
func User(ctx context.Context, c db.Conn, id int64) ([]Recipient, error) {
	out := []Recipient{}
	if err := db.Select(ctx, c, &out, `SELECT id, email, lang FROM users WHERE id = ? AND disabled = ?`, id, false); err != nil {
		return nil, fmt.Errorf("user %d: %w", id, err)
	}
	return out, nil
}

// Tell sends the notice of event to each recipient, in the recipient's
// language: text writes the subject and body for a language, link is the
// page where the recipient acts. c is the transaction of the change.
func Tell(ctx context.Context, c db.Conn, to []Recipient, event, link string, text func(l i18n.Lang) (subject, body string)) error {
	for _, r := range to {
		subject, body := text(r.Language())
		n := Notice{UserID: r.UserID, Event: event, Link: link, Subject: subject, Body: body}
		if validAddress(r.Email) {
			// an address the outbox would refuse keeps the in-app notice
			// rather than rolling back the change it reports
			n.Mail.To, n.Mail.Lang = r.Email, string(r.Language())
		}
		if err := Notify(ctx, c, n); err != nil {
			return err
		}
	}
	return nil
}
