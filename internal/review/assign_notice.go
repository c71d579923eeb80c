package review

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

// noticeAssigned tells the evaluator, in its language and in the same
// transaction as the assignment, that an application was given to it: an
// in-app notice linking to the declaration of interests and, unless the
// evaluator turned it off, the same by e-mail. Without a catalogue (tests
// of the planner) nothing is sent.
func (s *Store) noticeAssigned(ctx context.Context, c db.Conn, assignmentID, appID, userID int64, due *time.Time) error {
	if s.Cat == nil {
		return nil
	}
	var r struct {
		Name      string `db:"name"`
		Email     string `db:"email"`
		Lang      string `db:"lang"`
		Reference string `db:"reference"`
		Title     string `db:"title"`
		Call      string `db:"call_ref"`
		Zone      string `db:"time_zone"`
	}
	err := db.Get(ctx, c, &r, `SELECT u.name, u.email, u.lang, COALESCE(a.reference, '') AS reference, a.title,
		cl.reference AS call_ref, cl.time_zone
		FROM users u, applications a JOIN calls cl ON cl.id = a.call_id WHERE u.id = ? AND a.id = ?`, userID, appID)
	if err != nil {
		return fmt.Errorf("assignment notice: %w", err)
	}
	lang, _ := i18n.ParseLang(r.Lang)
	when := s.Cat.T(lang, "notify.mail.no_due")
	if due != nil {
		when = s.Cat.When(lang, *due, r.Zone)
	}
	link := "/assignments/" + strconv.FormatInt(assignmentID, 10) + "/declare"
	n := notify.Notice{UserID: userID, Event: notify.EventAssigned, Link: link,
		Subject: s.Cat.T(lang, "notify.mail.assigned_subject", "reference", r.Reference),
		Body: s.Cat.T(lang, "notify.mail.assigned_body", "name", r.Name, "reference", r.Reference, "title", r.Title,
			"call", r.Call, "due", when, "url", s.BaseURL+link)}
	if r.Email != "" {
		n.Mail = notify.Message{To: r.Email, Lang: string(lang)}
	}
	return notify.Notify(ctx, c, n)
}
