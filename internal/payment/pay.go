package payment

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/grant"
)

// PayInput is what finance records of a transfer.
type PayInput struct {
	PaidOn        string // YYYY-MM-DD
	BankReference string
	AmountMinor   int64 // must equal the approved amount
}

// MaxBankRefLen bounds a bank reference, in characters.
const MaxBankRefLen = 100

// Pay records the payment of an approved request in one transaction: the
// three ceilings (grant amount, programme budget, third-party cap) by
// conditional updates that change nothing when they would be passed, the
// ledger row with the agreement's current IBAN and the month's rate, the
// request and tranche paid, and the audit rows. Any refusal rolls all back.
func (s *Store) Pay(ctx context.Context, a Actor, id int64, in PayInput) (Request, error) {
	in.BankReference = strings.TrimSpace(in.BankReference)
	fe := apperr.FieldErrors{}
	day, err := time.Parse(grantDate, in.PaidOn)
	if err != nil {
		fe.Add("paid_on", "payments.error.paid_on")
	} else if day.After(s.now()) {
		fe.Add("paid_on", "payments.error.paid_on_future")
	}
	if in.BankReference == "" || utf8.RuneCountInString(in.BankReference) > MaxBankRefLen {
		fe.Add("bank_reference", "payments.error.bank_reference")
	}
	if in.AmountMinor <= 0 {
		fe.Add("amount_minor", "payments.error.amount")
	}
	if err := fe.Err(); err != nil {
		return Request{}, err
	}
	return s.step(ctx, a, id, func(tx *sqlx.Tx, r Request) error {
		if r.Status != Approved {
			return conflict("status", "payments.error.state")
		}
		if in.AmountMinor != r.AmountMinor {
			return apperr.Field("amount_minor", "payments.error.pay_amount")
		}
		if !grant.Status(r.GrantStatus).Payable() {
			return conflict("grant", "payments.error.not_signed")
		}
		if r.Currency != r.ProgrammeCur {
			// The programme's totals are kept in its currency: an agreement
			// in another one is never added to them unconverted.
			return conflict("currency", "payments.error.programme_currency")
		}
		if r.IBAN == "" {
			return conflict("iban", "payments.error.no_iban")
		}
		rate, err := rateFor(ctx, tx, r.Currency, in.PaidOn[:7])
		if err != nil {
			return err
		}
		if err := s.addToCeilings(ctx, tx, r); err != nil {
			return err
		}
		return s.record(ctx, tx, a, r, in, rate)
	})
}

const grantDate = "2006-01-02"

// addToCeilings adds the amount to the grant's, the programme's and the
// third party's totals, each only if it stays within its ceiling.
func (s *Store) addToCeilings(ctx context.Context, tx *sqlx.Tx, r Request) error {
	amt := r.AmountMinor
	if err := one(ctx, tx, "payments.error.ceiling.grant", `UPDATE grants SET paid_minor = paid_minor + ?, updated_at = ?
		WHERE id = ? AND paid_minor + ? <= amount_minor`, amt, s.now(), r.GrantID, amt); err != nil {
		return err
	}
	if err := one(ctx, tx, "payments.error.ceiling.programme", `UPDATE programmes SET paid_minor = paid_minor + ?
		WHERE id = ? AND paid_minor + ? <= subgrant_budget_minor`, amt, r.ProgrammeID, amt); err != nil {
		return err
	}
	if _, err := db.Exec(ctx, tx, `INSERT INTO programme_party_totals (programme_id, org_id, paid_minor) VALUES (?, ?, 0)
		ON CONFLICT (programme_id, org_id) DO NOTHING`, r.ProgrammeID, r.OrgID); err != nil {
		return fmt.Errorf("third-party total: %w", err)
	}
	// A cap of 0 means none, as in the award (internal/award).
	return one(ctx, tx, "payments.error.ceiling.third_party", `UPDATE programme_party_totals SET paid_minor = paid_minor + ?
		WHERE programme_id = ? AND org_id = ? AND (paid_minor + ? <= (SELECT third_party_cap_minor FROM programmes WHERE id = ?)
		OR (SELECT third_party_cap_minor FROM programmes WHERE id = ?) = 0)`,
		amt, r.ProgrammeID, r.OrgID, amt, r.ProgrammeID, r.ProgrammeID)
}

// one runs a conditional update that must change exactly one row; none is
// the ceiling key's conflict.
func one(ctx context.Context, tx *sqlx.Tx, key, q string, args ...any) error {
	res, err := db.Exec(ctx, tx, q, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return conflict("amount_minor", key)
	}
	return nil
}

func (s *Store) record(ctx context.Context, tx *sqlx.Tx, a Actor, r Request, in PayInput, rate Rate) error {
	report, err := rate.Convert(r.AmountMinor, r.Currency)
	if err != nil {
		return apperr.Wrap(apperr.Invalid, "payments.error.amount", err)
	}
	pid, err := db.InsertID(ctx, tx, `INSERT INTO payments (request_id, grant_id, amount_minor, currency, paid_on,
		bank_reference, iban, rate_from, rate_to, rate_micros, rate_currency, report_minor, recorded_by, recorded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, r.ID, r.GrantID, r.AmountMinor, r.Currency,
		in.PaidOn, in.BankReference, r.IBAN, rate.From, rate.To, rate.Micros, ReportCurrency, report, userRef(a.UserID), s.now())
	if err != nil {
		return fmt.Errorf("insert payment: %w", err)
	}
	if s.failAfterLedger != nil {
		if err := s.failAfterLedger(); err != nil {
			return err
		}
	}
	if r.TrancheID != nil {
		if _, err := db.Exec(ctx, tx, `UPDATE grant_tranches SET status = 'paid' WHERE id = ?`, *r.TrancheID); err != nil {
			return fmt.Errorf("tranche paid: %w", err)
		}
	}
	if err := s.move(ctx, tx, r, Approved, Paid, `decided_by = decided_by`); err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, audit.Entry{Action: "payment.record", Object: "payment", ObjectID: pid,
		Payload: map[string]any{"request_id": r.ID, "grant_id": r.GrantID, "amount_minor": r.AmountMinor,
			"currency": r.Currency, "paid_on": in.PaidOn, "bank_reference": in.BankReference,
			"rate_micros": rate.Micros, "report_minor": report}}); err != nil {
		return err
	}
	return closeIfSettled(ctx, tx, r)
}

// closeIfSettled closes the grant in tx when the payment just recorded
// was its balance after the approved final report: the final settlement
// is then complete.
func closeIfSettled(ctx context.Context, tx *sqlx.Tx, r Request) error {
	if r.TrancheKind != string(grant.Balance) {
		return nil
	}
	var final int
	if err := db.Get(ctx, tx, &final, `SELECT COUNT(*) FROM grantee_reports WHERE grant_id = ? AND kind = 'final'
		AND status = 'approved'`, r.GrantID); err != nil {
		return fmt.Errorf("final report: %w", err)
	}
	if final == 0 {
		return nil
	}
	return grant.CloseTx(ctx, tx, r.GrantID, grant.ClosedBalance)
}
