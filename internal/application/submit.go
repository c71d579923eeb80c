package application

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

// Submitter is the user who submits, for the record and the receipt e-mail.
type Submitter struct {
	UserID      int64
	Name, Email string
	Lang        string
}

// Receipt is the proof of a submission.
type Receipt struct {
	ApplicationID int64     `db:"application_id"`
	Reference     string    `db:"reference"`
	SubmittedAt   time.Time `db:"created_at"`
	SHA256        string    `db:"sha256"`
}

// errAlready ends a submission transaction that found the application no
// longer a draft.
var errAlready = errors.New("already submitted")

// Submit submits a draft: refused after the call's deadline by the server
// clock, for a call that is not open, or while Check finds problems
// (Invalid, one field error per problem). In one transaction it assigns the
// next reference of the call (<CALL-REF>-0042, gap-free), stores the
// snapshot with its SHA-256 and queues the receipt e-mail. Submitting again
// returns the same receipt.
func (s *Store) Submit(ctx context.Context, id int64, sc access.Scope, by Submitter) (Receipt, error) {
	a, err := s.Get(ctx, id, sc)
	if err != nil {
		return Receipt{}, err
	}
	if !sc.CanWriteFor(a.OrgID) {
		return Receipt{}, apperr.New(apperr.Forbidden, "applications.error.read_only")
	}
	if a.Status != Draft {
		return s.existingReceipt(ctx, a)
	}
	c, lots, profile, err := s.rules(ctx, a.CallID)
	if err != nil {
		return Receipt{}, err
	}
	now := s.Now().UTC()
	if err := deadlineOK(c, now); err != nil {
		return Receipt{}, err
	}
	var rc Receipt
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		res, err := db.Exec(ctx, tx, `UPDATE applications SET status = 'submitted', submitted_at = ?, submitted_by = ?,
			updated_at = ? WHERE id = ? AND status = 'draft'`, now, by.UserID, now, id)
		if err != nil {
			return fmt.Errorf("submit: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errAlready
		}
		if err := auditStatus(ctx, tx, id, Draft, Submitted); err != nil {
			return err
		}
		fresh, err := get(ctx, tx, id, access.Everything())
		if err != nil {
			return err
		}
		if ps := Check(fresh, c, lots, profile, now); len(ps) > 0 {
			return problemsError(ps)
		}
		if err := checkMax(ctx, tx, c, fresh.OrgID, fresh.Stage, id, `a.status NOT IN ('draft', 'withdrawn')`); err != nil {
			return err
		}
		rc, err = s.record(ctx, tx, fresh, c, now, by)
		return err
	})
	if errors.Is(err, errAlready) {
		a, err := s.Get(ctx, id, sc)
		if err != nil {
			return Receipt{}, err
		}
		return s.existingReceipt(ctx, a)
	}
	return rc, err
}

// deadlineOK refuses a submission at or after the deadline, or to a call
// that is not open.
func deadlineOK(c call.Call, now time.Time) error {
	if c.DeadlinePassed(now) {
		return apperr.New(apperr.Conflict, "applications.error.deadline_passed")
	}
	if !call.IsOpen(c, now) {
		return apperr.New(apperr.Conflict, "applications.error.call_not_open")
	}
	return nil
}

func problemsError(ps []Problem) error {
	e := apperr.New(apperr.Invalid, "applications.error.problems")
	e.Fields = map[string]string{}
	for _, p := range ps {
		if _, ok := e.Fields[p.Field]; !ok {
			e.Fields[p.Field] = p.Key
		}
	}
	return e
}

// record numbers the submission, stores the snapshot and queues the receipt.
func (s *Store) record(ctx context.Context, tx *sqlx.Tx, a Application, c call.Call, now time.Time, by Submitter) (Receipt, error) {
	if _, err := db.Exec(ctx, tx, `INSERT INTO application_counters (call_id, last_number) VALUES (?, 0)
		ON CONFLICT (call_id) DO NOTHING`, c.ID); err != nil {
		return Receipt{}, fmt.Errorf("reference counter: %w", err)
	}
	var n int64
	if err := db.Get(ctx, tx, &n, `UPDATE application_counters SET last_number = last_number + 1 WHERE call_id = ?
		RETURNING last_number`, c.ID); err != nil {
		return Receipt{}, fmt.Errorf("next reference: %w", err)
	}
	a.Reference = fmt.Sprintf("%s-%04d", c.Reference, n)
	if _, err := db.Exec(ctx, tx, `UPDATE applications SET reference = ? WHERE id = ?`, a.Reference, a.ID); err != nil {
		return Receipt{}, fmt.Errorf("set reference: %w", err)
	}
	a.Status, a.SubmittedAt, a.SubmittedBy, a.UpdatedAt = Submitted, &now, &by.UserID, now
	content, err := json.Marshal(a)
	if err != nil {
		return Receipt{}, fmt.Errorf("snapshot: %w", err)
	}
	sum := sha256.Sum256(content)
	rc := Receipt{ApplicationID: a.ID, Reference: a.Reference, SubmittedAt: now, SHA256: hex.EncodeToString(sum[:])}
	if _, err := db.Exec(ctx, tx, `INSERT INTO application_snapshots (application_id, content, sha256, created_at)
		VALUES (?, ?, ?, ?)`, a.ID, string(content), rc.SHA256, now); err != nil {
		return Receipt{}, fmt.Errorf("insert snapshot: %w", err)
	}
	if s.Cat != nil && by.Email != "" {
		lang, _ := i18n.ParseLang(by.Lang)
		when := s.Cat.When(lang, now, c.TimeZone)
		msg := notify.Message{Lang: string(lang),
			Subject: s.Cat.T(lang, "applications.mail.receipt_subject", "reference", a.Reference),
			Body: s.Cat.T(lang, "applications.mail.receipt_body", "name", by.Name, "reference", a.Reference,
				"title", a.Title, "call", c.Title(string(lang)), "time", when, "sha", rc.SHA256)}
		to := recipient{Name: by.Name, Email: by.Email, Lang: by.Lang}
		// The receipt is a notice of the submitter's own only when the
		// submitter belongs to the organisation; an officer keying in a
		// paper application sends it to the address given, by e-mail only.
		var member int
		if err := db.Get(ctx, tx, &member, `SELECT COUNT(*) FROM memberships WHERE user_id = ? AND org_id = ?`,
			by.UserID, a.OrgID); err != nil {
			return Receipt{}, fmt.Errorf("submitter membership: %w", err)
		}
		if member > 0 {
			to.UserID = by.UserID
		}
		if err := tell(ctx, tx, to, notify.EventSubmitted, "/applications/"+strconv.FormatInt(a.ID, 10)+"/receipt", msg); err != nil {
			return Receipt{}, err
		}
	}
	return rc, nil
}

func (s *Store) existingReceipt(ctx context.Context, a Application) (Receipt, error) {
	var rc Receipt
	err := db.Get(ctx, s.DB, &rc, `SELECT sn.application_id, COALESCE(a.reference, '') AS reference, sn.created_at, sn.sha256
		FROM application_snapshots sn JOIN applications a ON a.id = sn.application_id WHERE sn.application_id = ?`, a.ID)
	if apperr.Is(err, apperr.NotFound) {
		return rc, apperr.New(apperr.Conflict, "applications.error.not_draft")
	}
	rc.SubmittedAt = rc.SubmittedAt.UTC()
	return rc, err
}

// Receipt returns the receipt of a submitted application within the scope.
func (s *Store) Receipt(ctx context.Context, id int64, sc access.Scope) (Receipt, error) {
	a, err := s.Get(ctx, id, sc)
	if err != nil {
		return Receipt{}, err
	}
	return s.existingReceipt(ctx, a)
}

// Snapshot returns the JSON stored at submission and its SHA-256.
func (s *Store) Snapshot(ctx context.Context, id int64, sc access.Scope) (content, sha string, err error) {
	if _, err := s.Get(ctx, id, sc); err != nil {
		return "", "", err
	}
	var row struct {
		Content string `db:"content"`
		SHA     string `db:"sha256"`
	}
	err = db.Get(ctx, s.DB, &row, `SELECT content, sha256 FROM application_snapshots WHERE application_id = ?`, id)
	return row.Content, row.SHA, err
}

// Withdraw withdraws a draft or a submitted application before the call's
// deadline, with an optional reason.
func (s *Store) Withdraw(ctx context.Context, id int64, sc access.Scope, reason string) error {
	a, err := s.Get(ctx, id, sc)
	if err != nil {
		return err
	}
	if !sc.CanWriteFor(a.OrgID) {
		return apperr.New(apperr.Forbidden, "applications.error.read_only")
	}
	if utf8.RuneCountInString(reason) > MaxText {
		return apperr.Field("reason", "applications.error.too_long")
	}
	c, err := s.calls().ByID(ctx, a.CallID)
	if err != nil {
		return err
	}
	now := s.Now().UTC()
	if c.DeadlinePassed(now) {
		return apperr.New(apperr.Conflict, "applications.error.withdraw_deadline")
	}
	if a.Status != Draft && a.Status != Submitted {
		return apperr.New(apperr.Conflict, "applications.error.not_withdrawable")
	}
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		res, err := db.Exec(ctx, tx, `UPDATE applications SET status = 'withdrawn', withdrawn_at = ?, withdrawal_reason = ?,
			updated_at = ? WHERE id = ? AND status = ?`, now, reason, now, id, a.Status)
		if err != nil {
			return fmt.Errorf("withdraw: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 { // its status changed meanwhile
			return apperr.New(apperr.Conflict, "applications.error.not_withdrawable")
		}
		return auditStatus(ctx, tx, id, a.Status, Withdrawn)
	})
}
