package award

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/evaldoc"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/pdfdoc"
	"github.com/subgrant/portal/internal/review"
)

// statusOf is the application status an approved decision gives; a
// shortlisted concept note stays evaluated (its organisation is invited).
var statusOf = map[string]application.Status{Award: application.Awarded, Reserve: application.Reserve,
	Reject: application.Rejected, Shortlist: application.Evaluated}

// Approve is the chair's approval of a draft session: in one transaction
// the session is approved, every ranked application takes its status,
// shortlisted organisations are invited to the full stage, and one letter
// per application is put in the outbox. Only the call's committee chair
// approves (Forbidden); an approved session stays as it is (Conflict).
func (s *Store) Approve(ctx context.Context, id, userID int64) error {
	sess, err := s.load(ctx, s.DB, id)
	if err != nil {
		return err
	}
	if sess.Status != Draft {
		return apperr.New(apperr.Conflict, "award.error.approved")
	}
	chair, err := review.ChairsCall(ctx, s.DB, sess.CallID, userID)
	if err != nil {
		return err
	}
	if !chair {
		return apperr.New(apperr.Forbidden, "award.error.not_chair")
	}
	lp, err := s.letterParts(ctx, sess)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		now := s.Now()
		lp.session.ApprovedAt = &now
		res, err := db.Exec(ctx, tx, `UPDATE committee_sessions SET status = 'approved', approved_by = ?, approved_at = ?
			WHERE id = ? AND status = 'draft'`, userID, now, id)
		if err != nil {
			return fmt.Errorf("approve session: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "award.error.approved")
		}
		// The session row is now locked: check the chair and read the
		// decisions again, as they stand when the approval commits.
		if chair, err := review.ChairsCall(ctx, tx, sess.CallID, userID); err != nil || !chair {
			return cmp.Or(err, error(apperr.New(apperr.Forbidden, "award.error.not_chair")))
		}
		if sess, err = s.load(ctx, tx, id); err != nil {
			return err
		}
		for _, d := range sess.Decisions {
			if err := s.apply(ctx, tx, lp, d, userID); err != nil {
				return err
			}
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "award_session.approve", Object: "award_session", ObjectID: id,
			Payload: map[string]any{"call_id": sess.CallID, "decisions": len(sess.Decisions)}})
	})
}

// apply gives one application its decided status, invites a shortlisted
// organisation and enqueues the letter.
func (s *Store) apply(ctx context.Context, tx *sqlx.Tx, lp letterParts, d Decision, by int64) error {
	c := lp.call
	if to := statusOf[d.Decision]; to != application.Evaluated {
		if err := move(ctx, tx, d.ApplicationID, application.Evaluated, to, by, s.Now()); err != nil {
			return err
		}
	}
	if d.Decision == Shortlist {
		if err := application.InviteIn(ctx, tx, c.ID, d.OrgID, s.Now()); err != nil {
			return fmt.Errorf("invite: %w", err)
		}
	}
	return s.enqueueLetter(ctx, tx, lp, d)
}

// letterParts is what every letter of a session needs, read before the
// approval's transaction.
type letterParts struct {
	call     CallFacts
	session  Session
	apps     map[int64]AppFact
	lots     map[int64]string
	grid     review.Grid
	sections map[int64][]review.SectionResult
	issuer   pdfdoc.Issuer
}

func (s *Store) letterParts(ctx context.Context, sess Session) (letterParts, error) {
	lp := letterParts{session: sess, lots: map[int64]string{}}
	var err error
	if lp.call, err = s.CallOf(ctx, sess.CallID, access.Everything()); err != nil {
		return lp, err
	}
	if lp.apps, err = appFacts(ctx, s.DB, `a.call_id = ? AND a.stage = ?`, sess.CallID, sess.Stage); err != nil {
		return lp, err
	}
	ls, err := lots(ctx, s.DB, sess.CallID)
	if err != nil {
		return lp, err
	}
	for _, l := range ls {
		lp.lots[l.ID] = l.Name
	}
	var cons []review.Consolidated
	lp.grid, cons, err = s.Reviews.Consolidate(ctx, sess.CallID, sess.Stage)
	lp.sections = sectionsByApp(cons)
	if err != nil {
		return lp, fmt.Errorf("consolidate: %w", err)
	}
	lp.session.Decisions, lp.session.Members = nil, nil
	if s.Issuer != nil {
		if lp.issuer, err = s.Issuer(ctx); err != nil {
			return lp, fmt.Errorf("letterhead: %w", err)
		}
	}
	return lp, nil
}

// letterPDF renders an application's letter in lang.
func (s *Store) letterPDF(lp letterParts, d Decision, lang i18n.Lang) ([]byte, error) {
	l := Letter{Call: lp.call, App: lp.apps[d.ApplicationID], Session: lp.session, Decision: d,
		LotName: lp.lots[d.LotID], Grid: lp.grid, Sections: lp.sections[d.ApplicationID]}
	in := s.LetterInput(l, lang)
	in.Call.Issuer = lp.issuer
	return evaldoc.New(s.Cat).Letter(lang, in)
}

// recipient is who hears of a decision: the submitter when still a member
// of the organisation, else the organisation's own address.
type recipient struct {
	UserID    int64  `db:"id"` // 0 for the organisation's own address
	Name      string `db:"name"`
	Email     string `db:"email"`
	Lang      string `db:"lang"`
	Reference string `db:"reference"`
	Title     string `db:"title"`
}

func recipientOf(ctx context.Context, c db.Conn, appID int64) (recipient, bool, error) {
	var r recipient
	err := db.Get(ctx, c, &r, `SELECT u.id, u.name, u.email, u.lang, COALESCE(a.reference, '') AS reference, a.title
		FROM applications a JOIN users u ON u.id = a.submitted_by JOIN memberships m ON m.user_id = u.id AND m.org_id = a.org_id
		WHERE a.id = ?`, appID)
	if err == nil || !apperr.Is(err, apperr.NotFound) {
		return r, err == nil, err
	}
	err = db.Get(ctx, c, &r, `SELECT 0 AS id, p.legal_name AS name, p.email, 'sq' AS lang, COALESCE(a.reference, '') AS reference, a.title
		FROM applications a JOIN organisation_profiles p ON p.org_id = a.org_id WHERE a.id = ? AND p.email <> ''`, appID)
	if apperr.Is(err, apperr.NotFound) {
		return r, false, nil
	}
	return r, err == nil, err
}

// enqueueLetter tells the applicant of the decision, in its language: a
// notice in the portal and the letter by e-mail (to the organisation's
// address when the submitter is no longer a member).
func (s *Store) enqueueLetter(ctx context.Context, tx *sqlx.Tx, lp letterParts, d Decision) error {
	c := lp.call
	to, ok, err := recipientOf(ctx, tx, d.ApplicationID)
	if err != nil || !ok || s.Cat == nil {
		return err
	}
	lang, _ := i18n.ParseLang(to.Lang)
	args := []any{"name", to.Name, "reference", to.Reference, "title", to.Title, "call", c.Title(string(lang)),
		"amount", i18n.Money(lang, d.AmountMinor, c.Currency), "reserve_rank", strconv.Itoa(d.ReserveRank),
		"letter", "/applications/" + strconv.FormatInt(d.ApplicationID, 10) + "/letter.pdf"}
	m := notify.Message{To: to.Email, Lang: string(lang),
		Subject: s.Cat.T(lang, "award.mail."+d.Decision+"_subject", args...),
		Body:    s.Cat.T(lang, "award.mail."+d.Decision+"_body", args...)}
	pdf, err := s.letterPDF(lp, d, lang)
	if err != nil {
		return err
	}
	m.AttachmentName, m.AttachmentType, m.Attachment = LetterFileName(to.Reference, d.ApplicationID), "application/pdf", pdf
	if to.UserID == 0 {
		return notify.Enqueue(ctx, tx, m)
	}
	// The submitter also sees the outcome in the portal, linking to the
	// application, whose page offers the letter.
	return notify.Notify(ctx, tx, notify.Notice{UserID: to.UserID, Event: notify.EventOutcome,
		Link: "/applications/" + strconv.FormatInt(d.ApplicationID, 10), Subject: m.Subject, Body: m.Body, Mail: m})
}

// LetterFileName is the letter's file name: its reference, safe as a name.
func LetterFileName(reference string, appID int64) string {
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return -1
	}, reference)
	if name == "" {
		name = strconv.FormatInt(appID, 10)
	}
	return "letter-" + name + ".pdf"
}
