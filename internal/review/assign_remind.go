package review

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/notify"
)

// Reminder windows: assignments due within remindAhead (or overdue) are
// reminded, each at most once per remindEvery.
const (
	remindAhead = 72 * time.Hour
	remindEvery = 24 * time.Hour
)

// Reminder is what one reminder e-mail is about: an evaluator and its
// pending assignments in a call.
type Reminder struct {
	UserID  int64
	Email   string
	Name    string
	Lang    string
	Pending int       // assignments not yet submitted and due soon or overdue
	NextDue time.Time // the earliest of their due dates
}

// SendReminders notifies (in the portal and, unless the evaluator turned
// it off, by e-mail) each evaluator of the call with pending
// (not submitted) assignments due within three days or overdue, not
// reminded in the last day, and marks those assignments reminded; compose
// writes the message. It returns how many evaluators were reminded.
func (s *Store) SendReminders(ctx context.Context, callID int64, compose func(Reminder) notify.Message) (int, error) {
	sent := 0
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := committeeCallExists(ctx, tx, callID); err != nil {
			return err
		}
		now := s.assignClock()
		var rows []struct {
			ID     int64     `db:"id"`
			UserID int64     `db:"user_id"`
			Email  string    `db:"email"`
			Name   string    `db:"name"`
			Lang   string    `db:"lang"`
			DueAt  time.Time `db:"due_at"`
		}
		err := db.Select(ctx, tx, &rows, `SELECT ra.id, ra.user_id, u.email, u.name, u.lang, ra.due_at
			FROM review_assignments ra JOIN applications a ON a.id = ra.application_id JOIN users u ON u.id = ra.user_id
			LEFT JOIN reviews r ON r.assignment_id = ra.id
			WHERE a.call_id = ? AND ra.status = ? AND u.disabled = ? AND ra.due_at IS NOT NULL AND ra.due_at <= ?
			AND (r.status IS NULL OR r.status <> ?) AND (ra.reminded_at IS NULL OR ra.reminded_at <= ?)
			ORDER BY ra.user_id, ra.due_at, ra.id`,
			callID, Active, false, now.Add(remindAhead), SubmittedReview, now.Add(-remindEvery))
		if err != nil {
			return fmt.Errorf("pending assignments: %w", err)
		}
		var order []int64
		byUser := map[int64]*Reminder{}
		for _, r := range rows {
			rm, ok := byUser[r.UserID]
			if !ok {
				rm = &Reminder{UserID: r.UserID, Email: r.Email, Name: r.Name, Lang: r.Lang, NextDue: r.DueAt.UTC()}
				byUser[r.UserID] = rm
				order = append(order, r.UserID)
			}
			rm.Pending++
			if _, err := db.Exec(ctx, tx, `UPDATE review_assignments SET reminded_at = ? WHERE id = ?`, now, r.ID); err != nil {
				return fmt.Errorf("mark reminded: %w", err)
			}
		}
		for _, id := range order {
			rm := byUser[id]
			m := compose(*rm)
			m.To = rm.Email
			if m.Lang == "" {
				m.Lang = rm.Lang
			}
			if err := notify.Notify(ctx, tx, notify.Notice{UserID: rm.UserID, Event: notify.EventReviewReminder,
				Link: "/reviews", Subject: m.Subject, Body: m.Body, Mail: m}); err != nil {
				return err
			}
			sent++
		}
		return nil
	})
	return sent, err
}
