package application

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

// Decide marks a submitted application eligible or ineligible. Ineligible
// needs at least one failed point; eligible needs every point recorded and
// none failed (both Invalid on the field "decision"). In one transaction
// the status changes (only from submitted: Conflict otherwise), the change
// and the decision are recorded with who and when, and the applicant is
// told by e-mail in its own language, with the failed points and reasons.
func (s *Store) Decide(ctx context.Context, id int64, sc access.Scope, officerID int64, eligible bool) error {
	if !sc.All() {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	a, err := s.Get(ctx, id, sc)
	if err != nil {
		return err
	}
	c, err := s.calls().ByID(ctx, a.CallID)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		reasons, err := s.decisionReasons(ctx, tx, a, eligible)
		if err != nil {
			return err
		}
		to := Ineligible
		if eligible {
			to = Eligible
		}
		now := s.Now()
		if err := Transition(ctx, tx, a.ID, Submitted, to, officerID, now); err != nil {
			return err
		}
		rj, _ := json.Marshal(reasons)
		if _, err := db.Exec(ctx, tx, `INSERT INTO screening_decisions (application_id, eligible, reasons, decided_by, decided_at)
			VALUES (?, ?, ?, ?, ?)`, a.ID, eligible, string(rj), officerID, now); err != nil {
			return fmt.Errorf("record decision: %w", err)
		}
		return s.mailDecision(ctx, tx, a, c, eligible, reasons)
	})
}

// Transition moves an application from one status to another and records
// who did it and when (application_status_changes), inside the caller's
// transaction; Conflict when it is no longer in the from status.
func Transition(ctx context.Context, tx *sqlx.Tx, id int64, from, to Status, by int64, now time.Time) error {
	res, err := db.Exec(ctx, tx, `UPDATE applications SET status = ?, updated_at = ? WHERE id = ? AND status = ?`, to, now, id, from)
	if err != nil {
		return fmt.Errorf("change status: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.Conflict, "screening.error.status_changed")
	}
	if _, err := db.Exec(ctx, tx, `INSERT INTO application_status_changes (application_id, from_status, to_status, changed_by,
		changed_at) VALUES (?, ?, ?, ?, ?)`, id, from, to, by, now); err != nil {
		return fmt.Errorf("record status change: %w", err)
	}
	return auditStatus(ctx, tx, id, from, to)
}

// auditStatus writes the audit row of a status change (internal/audit).
func auditStatus(ctx context.Context, tx *sqlx.Tx, id int64, from, to Status) error {
	return audit.Write(ctx, tx, audit.Entry{Action: "application.status", Object: "application", ObjectID: id,
		Payload: map[string]Status{"from": from, "to": to}})
}

// decisionReasons checks the recorded results against the decision and
// returns the failed points with their labels in every language.
func (s *Store) decisionReasons(ctx context.Context, tx *sqlx.Tx, a Application, eligible bool) ([]DecisionReason, error) {
	if a.Status != Submitted {
		return nil, apperr.New(apperr.Conflict, "screening.error.not_decidable")
	}
	ps, err := listPoints(ctx, tx, a.CallID)
	if err != nil {
		return nil, err
	}
	var rows []PointResult
	if err := db.Select(ctx, tx, &rows, `SELECT p.id, p.code, p.label_sq, p.label_en, p.label_sr, r.result, r.reason
		FROM screening_results r JOIN screening_points p ON p.id = r.point_id WHERE r.application_id = ?
		ORDER BY p.position, p.id`, a.ID); err != nil {
		return nil, fmt.Errorf("screening results: %w", err)
	}
	reasons := []DecisionReason{}
	for _, r := range rows {
		if r.Result == Failed {
			reasons = append(reasons, s.reasonOf(r))
		}
	}
	switch {
	case !eligible && len(reasons) == 0:
		return nil, apperr.Field("decision", "screening.error.no_failed_point")
	case eligible && len(reasons) > 0:
		return nil, apperr.Field("decision", "screening.error.failed_points")
	case eligible && (len(ps) == 0 || len(rows) < len(ps)):
		return nil, apperr.Field("decision", "screening.error.incomplete")
	}
	return reasons, nil
}

// reasonOf labels a failed point in the three languages: default points
// from the catalogue, added points with their own labels.
func (s *Store) reasonOf(r PointResult) DecisionReason {
	d := DecisionReason{Code: r.Code, LabelSQ: r.LabelSQ, LabelEN: r.LabelEN, LabelSR: r.LabelSR, Reason: r.Reason}
	if !r.Custom() && s.Cat != nil {
		key := "screening.point." + r.Code
		d.LabelSQ, d.LabelEN, d.LabelSR = s.Cat.T(i18n.SQ, key), s.Cat.T(i18n.EN, key), s.Cat.T(i18n.SR, key)
	}
	return d
}

// recipient is the applicant user told of a decision or a request: the
// submitter, else the creator of the draft.
type recipient struct {
	UserID int64  `db:"id"` // 0 for the organisation's own address
	Name   string `db:"name"`
	Email  string `db:"email"`
	Lang   string `db:"lang"`
}

// tell sends a notice about application a to its applicant: in the portal
// and by e-mail (unless the user turned the event off) when the applicant
// is a user, else by e-mail to the organisation's address.
func tell(ctx context.Context, c db.Conn, to recipient, event, link string, m notify.Message) error {
	m.To = to.Email
	if to.UserID == 0 {
		return notify.Enqueue(ctx, c, m)
	}
	return notify.Notify(ctx, c, notify.Notice{UserID: to.UserID, Event: event, Link: link,
		Subject: m.Subject, Body: m.Body, Mail: m})
}

func applicantOf(ctx context.Context, c db.Conn, a Application) (recipient, bool, error) {
	uid := a.SubmittedBy
	if uid == nil {
		uid = a.CreatedBy
	}
	var r recipient
	if uid != nil {
		// Only a member of the applicant organisation hears of the decision
		// in person: an officer who keyed in a paper application does not.
		err := db.Get(ctx, c, &r, `SELECT u.id, u.name, u.email, u.lang FROM users u
			JOIN memberships m ON m.user_id = u.id AND m.org_id = ? WHERE u.id = ?`, a.OrgID, *uid)
		if err == nil {
			return r, true, nil
		}
		if !apperr.Is(err, apperr.NotFound) {
			return r, false, err
		}
	}
	// Otherwise the organisation's own address, in the default language.
	err := db.Get(ctx, c, &r, `SELECT 0 AS id, p.legal_name AS name, p.email, 'sq' AS lang FROM organisation_profiles p
		WHERE p.org_id = ? AND p.email <> ''`, a.OrgID)
	if apperr.Is(err, apperr.NotFound) {
		return r, false, nil
	}
	return r, err == nil, err
}

func (s *Store) mailDecision(ctx context.Context, tx *sqlx.Tx, a Application, c call.Call, eligible bool, reasons []DecisionReason) error {
	to, ok, err := applicantOf(ctx, tx, a)
	if err != nil || !ok || s.Cat == nil {
		return err
	}
	lang, _ := i18n.ParseLang(to.Lang)
	var list strings.Builder
	for _, r := range reasons {
		fmt.Fprintf(&list, "- %s: %s\n", r.Label(string(lang)), r.Reason)
	}
	kind := "eligible"
	if !eligible {
		kind = "ineligible"
	}
	return tell(ctx, tx, to, notify.EventEligibility, "/applications/"+strconv.FormatInt(a.ID, 10), notify.Message{
		Lang:    string(lang),
		Subject: s.Cat.T(lang, "screening.mail."+kind+"_subject", "reference", a.Reference),
		Body: s.Cat.T(lang, "screening.mail."+kind+"_body", "name", to.Name, "reference", a.Reference, "title", a.Title,
			"call", c.Title(string(lang)), "reasons", strings.TrimRight(list.String(), "\n"))})
}
