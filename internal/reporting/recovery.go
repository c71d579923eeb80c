package reporting

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/grant"
)

// The states of a recovery order.
const (
	RecoveryOpen      = "open"
	RecoveryRecovered = "recovered"
	RecoveryWaived    = "waived"
)

const recoveryCols = `ro.id, ro.grant_id, ro.report_id, ro.currency, ro.amount_minor, ro.reason, ro.status, ro.created_at,
	ro.recovered_minor, ro.recovered_on, ro.bank_reference, ro.waiver_reason, ro.waiver_proposed_by, ro.waiver_proposed_at,
	ro.settled_by, ro.settled_at`

// Recovery is a recovery order with its grant's facts, for its pages.
type Recovery struct {
	RecoveryOrder
	ContractNumber string `db:"contract_number" json:"contract_number"`
	OrgID          int64  `db:"org_id" json:"org_id"`
	OrgName        string `db:"org_name" json:"org_name"`
	GrantStatus    string `db:"grant_status" json:"grant_status"`
}

// WaiverProposed reports whether a waiver waits for its second user.
func (r Recovery) WaiverProposed() bool { return r.Status == RecoveryOpen && r.WaiverProposedBy != nil }

const recoverySelect = `SELECT ` + recoveryCols + `, g.contract_number, g.org_id, o.name AS org_name, g.status AS grant_status
	FROM recovery_orders ro JOIN grants g ON g.id = ro.grant_id JOIN organisations o ON o.id = g.org_id`

// Recoveries lists the recovery orders the scope reaches (status "" for
// every state), open first, then the newest.
func (s *Store) Recoveries(ctx context.Context, sc access.Scope, status string) ([]Recovery, error) {
	cond, args := sc.Grants("g")
	q := recoverySelect + ` WHERE ` + cond
	if status != "" {
		q += ` AND ro.status = ?`
		args = append(args, status)
	}
	out := []Recovery{}
	err := db.Select(ctx, s.DB, &out, q+` ORDER BY CASE WHEN ro.status = 'open' THEN 0 ELSE 1 END, ro.created_at DESC, ro.id DESC`, args...)
	return out, err
}

// Recovery is recovery order id if the scope reaches its grant.
func (s *Store) Recovery(ctx context.Context, sc access.Scope, id int64) (Recovery, error) {
	return recoveryOf(ctx, s.DB, sc, id, false)
}

func recoveryOf(ctx context.Context, c db.Conn, sc access.Scope, id int64, lock bool) (Recovery, error) {
	cond, args := sc.Grants("g")
	q := recoverySelect + ` WHERE ro.id = ? AND ` + cond
	if lock && c.DriverName() == string(db.Postgres) {
		q += ` FOR UPDATE OF ro`
	}
	var r Recovery
	if err := db.Get(ctx, c, &r, q, append([]any{id}, args...)...); err != nil {
		return r, fmt.Errorf("recovery order %d: %w", id, err)
	}
	r.CreatedAt = r.CreatedAt.UTC()
	return r, nil
}

// Repayment is what finance records of the grantee's repayment.
type Repayment struct {
	RecoveredOn   string // YYYY-MM-DD, not in the future
	BankReference string
	AmountMinor   int64 // the whole amount of the order
}

// MaxBankRefLen bounds a bank reference, in characters.
const MaxBankRefLen = 100

// Recover records that the grantee paid back the whole of open recovery
// order id, and closes the grant: one transaction with the audit rows. A
// partial repayment is refused (the order is settled in one transfer).
func (s *Store) Recover(ctx context.Context, sc access.Scope, id int64, in Repayment, by int64) (Recovery, error) {
	in.BankReference = strings.TrimSpace(in.BankReference)
	fe := apperr.FieldErrors{}
	if day, err := time.Parse(dateLayout, in.RecoveredOn); err != nil {
		fe.Add("recovered_on", "reporting.recovery.error.date")
	} else if day.After(s.now()) {
		fe.Add("recovered_on", "reporting.recovery.error.date_future")
	}
	if in.BankReference == "" || utf8.RuneCountInString(in.BankReference) > MaxBankRefLen {
		fe.Add("bank_reference", "reporting.recovery.error.bank_reference")
	}
	if in.AmountMinor <= 0 {
		fe.Add("amount", "reporting.recovery.error.amount")
	}
	if err := fe.Err(); err != nil {
		return Recovery{}, err
	}
	return s.settleRecovery(ctx, sc, id, func(tx *sqlx.Tx, r Recovery, now time.Time) error {
		if in.AmountMinor != r.AmountMinor {
			return apperr.Field("amount", "reporting.recovery.error.amount_whole")
		}
		if err := openMove(ctx, tx, id, RecoveryRecovered, `recovered_minor = ?, recovered_on = ?, bank_reference = ?,
			settled_by = ?, settled_at = ?`, in.AmountMinor, in.RecoveredOn, in.BankReference, userRef(by), now); err != nil {
			return err
		}
		if err := audit.Write(ctx, tx, audit.Entry{Action: "recovery_order.recover", Object: "recovery_order", ObjectID: id,
			Payload: map[string]any{"grant_id": r.GrantID, "amount_minor": in.AmountMinor, "currency": r.Currency,
				"recovered_on": in.RecoveredOn, "bank_reference": in.BankReference}}); err != nil {
			return err
		}
		return grant.CloseTx(ctx, tx, r.GrantID, grant.ClosedRecovered)
	})
}

// ProposeWaiver proposes to give up open recovery order id, with a reason;
// a different user approves it (ApproveWaiver). A second proposal while
// one waits is a conflict.
func (s *Store) ProposeWaiver(ctx context.Context, sc access.Scope, id int64, reason string, by int64) (Recovery, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > maxShort*4 {
		return Recovery{}, apperr.Field("waiver_reason", "reporting.recovery.error.reason")
	}
	return s.settleRecovery(ctx, sc, id, func(tx *sqlx.Tx, r Recovery, now time.Time) error {
		if r.WaiverProposed() {
			return apperr.New(apperr.Conflict, "reporting.recovery.error.waiver_waiting")
		}
		res, err := db.Exec(ctx, tx, `UPDATE recovery_orders SET waiver_reason = ?, waiver_proposed_by = ?, waiver_proposed_at = ?
			WHERE id = ? AND status = 'open' AND waiver_proposed_by IS NULL`, reason, userRef(by), now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.Conflict, "reporting.recovery.error.waiver_waiting")
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "recovery_order.propose_waiver", Object: "recovery_order", ObjectID: id,
			Payload: map[string]any{"grant_id": r.GrantID, "amount_minor": r.AmountMinor, "currency": r.Currency, "reason": reason}})
	})
}

// ApproveWaiver waives open recovery order id as proposed, by a user other
// than the proposer, and closes the grant.
func (s *Store) ApproveWaiver(ctx context.Context, sc access.Scope, id, by int64) (Recovery, error) {
	return s.settleRecovery(ctx, sc, id, func(tx *sqlx.Tx, r Recovery, now time.Time) error {
		if !r.WaiverProposed() {
			return apperr.New(apperr.Conflict, "reporting.recovery.error.no_waiver")
		}
		if by == 0 || *r.WaiverProposedBy == by {
			return &apperr.Error{Code: apperr.Forbidden, Key: "reporting.recovery.error.four_eyes",
				Fields: map[string]string{"user": "reporting.recovery.error.four_eyes"}}
		}
		if err := openMove(ctx, tx, id, RecoveryWaived, `settled_by = ?, settled_at = ?`, userRef(by), now); err != nil {
			return err
		}
		if err := audit.Write(ctx, tx, audit.Entry{Action: "recovery_order.waive", Object: "recovery_order", ObjectID: id,
			Payload: map[string]any{"grant_id": r.GrantID, "amount_minor": r.AmountMinor, "currency": r.Currency,
				"reason": r.WaiverReason, "proposed_by": *r.WaiverProposedBy}}); err != nil {
			return err
		}
		return grant.CloseTx(ctx, tx, r.GrantID, grant.ClosedWaived)
	})
}

// DeclineWaiver refuses the waiver proposed on open recovery order id, with
// a reason (its proposer may withdraw it the same way); the order stays
// open, to be recovered or waived on a new proposal.
func (s *Store) DeclineWaiver(ctx context.Context, sc access.Scope, id int64, reason string, by int64) (Recovery, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > maxShort*4 {
		return Recovery{}, apperr.Field("decline_reason", "reporting.recovery.error.reason_decline")
	}
	return s.settleRecovery(ctx, sc, id, func(tx *sqlx.Tx, r Recovery, now time.Time) error {
		if !r.WaiverProposed() {
			return apperr.New(apperr.Conflict, "reporting.recovery.error.no_waiver")
		}
		res, err := db.Exec(ctx, tx, `UPDATE recovery_orders SET waiver_reason = '', waiver_proposed_by = NULL,
			waiver_proposed_at = NULL WHERE id = ? AND status = 'open' AND waiver_proposed_by = ?`, id, *r.WaiverProposedBy)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.Conflict, "reporting.recovery.error.no_waiver")
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "recovery_order.decline_waiver", Object: "recovery_order", ObjectID: id,
			Payload: map[string]any{"grant_id": r.GrantID, "proposed_reason": r.WaiverReason, "reason": reason,
				"proposed_by": *r.WaiverProposedBy}})
	})
}

// settleRecovery runs fn on open recovery order id, locked, in one
// transaction, for staff only (a grantee's or a donor's scope is refused),
// and returns the order as it then stands.
func (s *Store) settleRecovery(ctx context.Context, sc access.Scope, id int64, fn func(*sqlx.Tx, Recovery, time.Time) error) (Recovery, error) {
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		r, err := recoveryOf(ctx, tx, sc, id, true)
		if err != nil {
			return err
		}
		if !sc.All() {
			return apperr.New(apperr.Forbidden, "error.forbidden")
		}
		if r.Status != RecoveryOpen {
			return apperr.New(apperr.Conflict, "reporting.recovery.error.settled")
		}
		return fn(tx, r, s.now())
	})
	if err != nil {
		return Recovery{}, err
	}
	return recoveryOf(ctx, s.DB, sc, id, false)
}

// openMove moves an open order to status to, setting the columns of set.
func openMove(ctx context.Context, tx *sqlx.Tx, id int64, to, set string, args ...any) error {
	res, err := db.Exec(ctx, tx, `UPDATE recovery_orders SET status = ?, `+set+` WHERE id = ? AND status = 'open'`,
		append(append([]any{to}, args...), id)...)
	if err != nil {
		return fmt.Errorf("recovery order %d to %s: %w", id, to, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.New(apperr.Conflict, "reporting.recovery.error.settled")
	}
	return nil
}
