package payment

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/grant"
)

// NewRequest is what a grantee asks for: an amount of the grant's currency
// for a tranche (the first due one when TrancheID is nil), under a key
// that makes a retry or a double click return the first request.
type NewRequest struct {
	TrancheID      *int64
	AmountMinor    int64
	Currency       string
	IdempotencyKey string
}

// MaxKeyLen bounds an idempotency key.
const MaxKeyLen = 200

// grantRow is what the workflow needs of a grant.
type grantRow struct {
	ID          int64        `db:"id"`
	OrgID       int64        `db:"org_id"`
	ProgrammeID int64        `db:"programme_id"`
	Status      grant.Status `db:"status"`
	Currency    string       `db:"currency"`
	AmountMinor int64        `db:"amount_minor"`
	PaidMinor   int64        `db:"paid_minor"`
	IBAN        string       `db:"iban"`
}

func lockGrant(ctx context.Context, tx *sqlx.Tx, a Actor, id int64) (grantRow, error) {
	cond, args := a.Scope.Grants("g")
	var g grantRow
	err := db.Get(ctx, tx, &g, `SELECT g.id, g.org_id, g.programme_id, g.status, g.currency, g.amount_minor,
		g.paid_minor, g.iban FROM grants g WHERE g.id = ? AND `+cond+forUpdate(tx, "g"), append([]any{id}, args...)...)
	if err != nil {
		return grantRow{}, fmt.Errorf("grant %d: %w", id, err)
	}
	return g, nil
}

var errDuplicate = errors.New("payment request: duplicate idempotency key")

// Request records the grantee's request for a tranche. The same key again
// returns the first request and created false, whatever the concurrency:
// the grant's row is locked first, so a second request with the key finds
// the first one's row.
func (s *Store) Request(ctx context.Context, a Actor, grantID int64, in NewRequest) (Request, bool, error) {
	in.IdempotencyKey = strings.TrimSpace(in.IdempotencyKey)
	if in.IdempotencyKey == "" || len(in.IdempotencyKey) > MaxKeyLen {
		return Request{}, false, apperr.Field("idempotency_key", "payments.error.idempotency_key")
	}
	var id int64
	created := false
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		g, err := lockGrant(ctx, tx, a, grantID)
		if err != nil {
			return err
		}
		if !a.Scope.ActsForGrantee(g.OrgID) {
			return apperr.New(apperr.Forbidden, "payments.error.grantee_only")
		}
		var prior struct {
			ID     int64 `db:"id"`
			Amount int64 `db:"amount_minor"`
		}
		err = db.Get(ctx, tx, &prior, `SELECT id, amount_minor FROM payment_requests WHERE grant_id = ? AND idempotency_key = ?`,
			grantID, in.IdempotencyKey)
		switch {
		case err == nil:
			if prior.Amount != in.AmountMinor {
				return apperr.Field("idempotency_key", "payments.error.idempotency_reused")
			}
			id = prior.ID
			return nil
		case apperr.CodeOf(err) != apperr.NotFound:
			return err
		}
		t, err := s.checkRequest(ctx, tx, g, in)
		if err != nil {
			return err
		}
		id, err = s.insertRequest(ctx, tx, a, g, t, in)
		if err != nil {
			return err
		}
		created = true
		return s.tellRequested(ctx, tx, a, id)
	})
	if errors.Is(err, errDuplicate) {
		created = false
		err = db.Get(ctx, s.DB, &id, `SELECT id FROM payment_requests WHERE grant_id = ? AND idempotency_key = ?`,
			grantID, in.IdempotencyKey)
	}
	if err != nil {
		return Request{}, false, err
	}
	r, err := getRequest(ctx, s.DB, a.Scope, id, false)
	return r, created, err
}

// checkRequest applies the rules of a new request and returns its tranche.
func (s *Store) checkRequest(ctx context.Context, tx *sqlx.Tx, g grantRow, in NewRequest) (grant.Tranche, error) {
	fe := apperr.FieldErrors{}
	if in.AmountMinor <= 0 {
		fe.Add("amount_minor", "payments.error.amount")
	}
	if in.Currency != g.Currency {
		fe.Add("currency", "payments.error.currency")
	}
	if err := fe.Err(); err != nil {
		return grant.Tranche{}, err
	}
	if !g.Status.Payable() {
		return grant.Tranche{}, conflict("grant", "payments.error.not_signed")
	}
	t, err := trancheFor(ctx, tx, g.ID, in.TrancheID)
	if err != nil {
		return grant.Tranche{}, err
	}
	switch t.Status {
	case grant.Due:
	case grant.Requested:
		return t, conflict("tranche_id", "payments.error.tranche_requested")
	case grant.Paid:
		return t, conflict("tranche_id", "payments.error.tranche_paid")
	default:
		return t, conflict("tranche_id", "payments.error.requires."+string(t.Requires))
	}
	if in.AmountMinor > t.AmountMinor {
		return t, conflict("amount_minor", "payments.error.above_tranche")
	}
	if in.AmountMinor > g.AmountMinor-g.PaidMinor {
		return t, conflict("amount_minor", "payments.error.above_left")
	}
	return t, nil
}

// trancheFor is tranche id of the grant, or (id nil) its first due one,
// else its first one not yet paid or requested, whose condition a refusal
// names.
func trancheFor(ctx context.Context, tx *sqlx.Tx, grantID int64, id *int64) (grant.Tranche, error) {
	var t grant.Tranche
	q := `SELECT id, grant_id, position, kind, amount_minor, due_on, requires, status FROM grant_tranches WHERE grant_id = ?`
	if id != nil {
		if err := db.Get(ctx, tx, &t, q+` AND id = ?`, grantID, *id); err != nil {
			if apperr.CodeOf(err) == apperr.NotFound {
				return t, apperr.Field("tranche_id", "payments.error.tranche")
			}
			return t, err
		}
		return t, nil
	}
	err := db.Get(ctx, tx, &t, q+` AND status IN ('due', 'planned') ORDER BY CASE status WHEN 'due' THEN 0 ELSE 1 END, position LIMIT 1`, grantID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return t, conflict("tranche_id", "payments.error.no_tranche")
	}
	return t, err
}

func (s *Store) insertRequest(ctx context.Context, tx *sqlx.Tx, a Actor, g grantRow, t grant.Tranche, in NewRequest) (int64, error) {
	res, err := db.Exec(ctx, tx, `UPDATE grant_tranches SET status = 'requested' WHERE id = ? AND status = 'due'`, t.ID)
	if err != nil {
		return 0, fmt.Errorf("request tranche: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return 0, conflict("tranche_id", "payments.error.tranche_requested")
	}
	now := s.now()
	id, err := db.InsertID(ctx, tx, `INSERT INTO payment_requests (grant_id, tranche_id, amount_minor, currency, status,
		idempotency_key, requested_by, requested_at) VALUES (?, ?, ?, ?, 'requested', ?, ?, ?) RETURNING id`,
		g.ID, t.ID, in.AmountMinor, g.Currency, in.IdempotencyKey, userRef(a.UserID), now)
	if db.IsUnique(err) {
		return 0, errDuplicate
	}
	if err != nil {
		return 0, fmt.Errorf("insert payment request: %w", err)
	}
	return id, audit.Write(ctx, tx, audit.Entry{Action: "payment_request.request", Object: "payment_request", ObjectID: id,
		Payload: map[string]any{"grant_id": g.ID, "tranche_id": t.ID, "amount_minor": in.AmountMinor, "currency": g.Currency}})
}

// conflict is a 409 naming the condition not met (field: the condition's
// subject, key: its message).
func conflict(field, key string) *apperr.Error {
	return &apperr.Error{Code: apperr.Conflict, Key: key, Fields: map[string]string{field: key}}
}

func userRef(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
