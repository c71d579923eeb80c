package payment

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
)

// Store reads and changes payment requests, the ledger and the rates.
type Store struct {
	DB  *db.DB
	Now func() time.Time
	// failAfterLedger, set only by this package's tests, fails a payment
	// after its ledger row is written, to prove that nothing is left.
	failAfterLedger func() error
	// Cat writes the notices of a request's changes of state in each
	// recipient's language; nil sends none.
	Cat *i18n.Catalogue
}

// NewStore is a store on d with the database clock.
func NewStore(d *db.DB) *Store { return &Store{DB: d, Now: db.Now} }

func (s *Store) now() time.Time {
	if s.Now == nil {
		return db.Now()
	}
	return s.Now().UTC().Truncate(time.Microsecond)
}

// requestSelect reads a request with its grant and tranche; the caller
// appends the scope's condition on g.
const requestSelect = `SELECT r.id, r.grant_id, r.tranche_id, r.amount_minor, r.currency, r.status,
	r.idempotency_key, r.requested_by, r.requested_at, r.verified_by, r.verified_at, r.approved_by,
	r.approved_at, r.decided_by, r.decided_at, r.reason,
	g.contract_number, g.org_id, o.name AS org_name, g.programme_id, p.currency AS programme_currency, g.status AS grant_status,
	g.amount_minor AS grant_amount_minor, g.paid_minor AS grant_paid_minor, g.iban, g.bank_name,
	COALESCE(t.kind, '') AS tranche_kind, COALESCE(t.position, 0) AS tranche_position,
	COALESCE(t.amount_minor, 0) AS tranche_amount_minor
	FROM payment_requests r
	JOIN grants g ON g.id = r.grant_id
	JOIN organisations o ON o.id = g.org_id
	JOIN programmes p ON p.id = g.programme_id
	LEFT JOIN grant_tranches t ON t.id = r.tranche_id`

// forUpdate locks the rows of alias on PostgreSQL; SQLite's immediate
// write transaction already serialises writers.
func forUpdate(c db.Conn, alias string) string {
	if tx, ok := c.(*sqlx.Tx); ok && tx.DriverName() == string(db.Postgres) {
		return " FOR UPDATE OF " + alias
	}
	return ""
}

// Get is request id if the scope reaches its grant.
func (s *Store) Get(ctx context.Context, sc access.Scope, id int64) (Request, error) {
	return getRequest(ctx, s.DB, sc, id, false)
}

func getRequest(ctx context.Context, c db.Conn, sc access.Scope, id int64, lock bool) (Request, error) {
	cond, args := sc.Grants("g")
	q := requestSelect + ` WHERE r.id = ? AND ` + cond
	if lock {
		q += forUpdate(c, "r")
	}
	var r Request
	if err := db.Get(ctx, c, &r, q, append([]any{id}, args...)...); err != nil {
		return Request{}, fmt.Errorf("payment request %d: %w", id, err)
	}
	return r, nil
}

// Filter narrows a list of requests; zero values match everything.
type Filter struct {
	Status  Status
	GrantID int64
	Open    bool // only those waiting for verification or approval
}

// List is the requests the scope reaches, oldest first.
func (s *Store) List(ctx context.Context, sc access.Scope, f Filter) ([]Request, error) {
	cond, args := sc.Grants("g")
	q := requestSelect + ` WHERE ` + cond
	if f.Status != "" {
		q += ` AND r.status = ?`
		args = append(args, f.Status)
	}
	if f.GrantID != 0 {
		q += ` AND r.grant_id = ?`
		args = append(args, f.GrantID)
	}
	if f.Open {
		q += ` AND r.status IN ('requested', 'verified', 'approved')`
	}
	q += ` ORDER BY r.requested_at, r.id`
	out := []Request{}
	if err := db.Select(ctx, s.DB, &out, q, args...); err != nil {
		return nil, fmt.Errorf("list payment requests: %w", err)
	}
	return out, nil
}

// Counts is the number of requests the scope reaches in each state.
func (s *Store) Counts(ctx context.Context, sc access.Scope) (map[Status]int, error) {
	cond, args := sc.Grants("g")
	var rows []struct {
		Status Status `db:"status"`
		N      int    `db:"n"`
	}
	err := db.Select(ctx, s.DB, &rows, `SELECT r.status, COUNT(*) AS n FROM payment_requests r
		JOIN grants g ON g.id = r.grant_id WHERE `+cond+` GROUP BY r.status`, args...)
	if err != nil {
		return nil, fmt.Errorf("count payment requests: %w", err)
	}
	out := map[Status]int{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// Payments is the ledger of grant grantID (or of every reached grant when
// 0), newest first.
func (s *Store) Payments(ctx context.Context, sc access.Scope, grantID int64) ([]Payment, error) {
	cond, args := sc.Grants("g")
	q := `SELECT p.id, p.request_id, p.grant_id, p.amount_minor, p.currency, p.paid_on, p.bank_reference, p.iban,
		p.rate_from, p.rate_to, p.rate_micros, p.rate_currency, p.report_minor, p.recorded_by, p.recorded_at
		FROM payments p JOIN grants g ON g.id = p.grant_id WHERE ` + cond
	if grantID != 0 {
		q += ` AND p.grant_id = ?`
		args = append(args, grantID)
	}
	out := []Payment{}
	if err := db.Select(ctx, s.DB, &out, q+` ORDER BY p.paid_on DESC, p.id DESC`, args...); err != nil {
		return nil, fmt.Errorf("list payments: %w", err)
	}
	return out, nil
}

// PaymentOf is the ledger row of request id (not found before payment).
func (s *Store) PaymentOf(ctx context.Context, sc access.Scope, requestID int64) (Payment, error) {
	cond, args := sc.Grants("g")
	var p Payment
	err := db.Get(ctx, s.DB, &p, `SELECT p.id, p.request_id, p.grant_id, p.amount_minor, p.currency, p.paid_on,
		p.bank_reference, p.iban, p.rate_from, p.rate_to, p.rate_micros, p.rate_currency, p.report_minor,
		p.recorded_by, p.recorded_at FROM payments p JOIN grants g ON g.id = p.grant_id
		WHERE p.request_id = ? AND `+cond, append([]any{requestID}, args...)...)
	if err != nil {
		return Payment{}, fmt.Errorf("payment of request %d: %w", requestID, err)
	}
	return p, nil
}
