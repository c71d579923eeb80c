// Package payment is the money going out: a grantee's request for a
// tranche, its verification by a finance officer, its approval by a
// different user (four eyes) and the payment recorded in the ledger, with
// the grant's, the programme's and the third party's ceilings held by
// conditional updates in the ledger row's own transaction. It also keeps
// the monthly exchange rates each payment's report amount is taken from.
package payment

import (
	"time"

	"github.com/subgrant/portal/internal/access"
)

// Status is where a payment request stands.
type Status string

// The states of a request: requested → verified → approved → paid; from
// any state before paid, back to the grantee (changes_requested) or
// rejected, both with a reason and both final for the request (the tranche
// becomes due again and the grantee requests it anew).
const (
	Requested        Status = "requested"
	ChangesRequested Status = "changes_requested"
	Verified         Status = "verified"
	Approved         Status = "approved"
	Paid             Status = "paid"
	Rejected         Status = "rejected"
)

// Statuses lists the states in workflow order (filters, counts).
func Statuses() []Status {
	return []Status{Requested, Verified, Approved, Paid, ChangesRequested, Rejected}
}

// Valid reports whether st is a known state.
func (st Status) Valid() bool {
	for _, s := range Statuses() {
		if s == st {
			return true
		}
	}
	return false
}

// Open reports whether a request in st still waits for someone.
func (st Status) Open() bool { return st == Requested || st == Verified || st == Approved }

// ReportCurrency is the currency every payment's amount is also recorded
// in, through the month's exchange rate.
const ReportCurrency = "EUR"

// Actor is who acts on a request: the user (for the four-eyes rule) and
// the scope its route granted (for the rows it reaches).
type Actor struct {
	UserID int64
	Scope  access.Scope
}

// Request is a payment request as stored, with its grant's facts.
type Request struct {
	ID             int64      `db:"id"`
	GrantID        int64      `db:"grant_id"`
	TrancheID      *int64     `db:"tranche_id"`
	AmountMinor    int64      `db:"amount_minor"`
	Currency       string     `db:"currency"`
	Status         Status     `db:"status"`
	IdempotencyKey string     `db:"idempotency_key"`
	RequestedBy    *int64     `db:"requested_by"`
	RequestedAt    time.Time  `db:"requested_at"`
	VerifiedBy     *int64     `db:"verified_by"`
	VerifiedAt     *time.Time `db:"verified_at"`
	ApprovedBy     *int64     `db:"approved_by"`
	ApprovedAt     *time.Time `db:"approved_at"`
	DecidedBy      *int64     `db:"decided_by"`
	DecidedAt      *time.Time `db:"decided_at"`
	Reason         string     `db:"reason"`

	ContractNumber string `db:"contract_number"`
	OrgID          int64  `db:"org_id"`
	OrgName        string `db:"org_name"`
	ProgrammeID    int64  `db:"programme_id"`
	ProgrammeCur   string `db:"programme_currency"`
	GrantStatus    string `db:"grant_status"`
	GrantAmount    int64  `db:"grant_amount_minor"`
	GrantPaid      int64  `db:"grant_paid_minor"`
	IBAN           string `db:"iban"`
	BankName       string `db:"bank_name"`
	TrancheKind    string `db:"tranche_kind"`
	TranchePos     int    `db:"tranche_position"`
	TrancheAmount  int64  `db:"tranche_amount_minor"`
}

// Payment is a row of the ledger.
type Payment struct {
	ID            int64     `db:"id"`
	RequestID     int64     `db:"request_id"`
	GrantID       int64     `db:"grant_id"`
	AmountMinor   int64     `db:"amount_minor"`
	Currency      string    `db:"currency"`
	PaidOn        string    `db:"paid_on"`
	BankReference string    `db:"bank_reference"`
	IBAN          string    `db:"iban"`
	RateFrom      string    `db:"rate_from"`
	RateTo        string    `db:"rate_to"`
	RateMicros    int64     `db:"rate_micros"`
	RateCurrency  string    `db:"rate_currency"`
	ReportMinor   int64     `db:"report_minor"`
	RecordedBy    *int64    `db:"recorded_by"`
	RecordedAt    time.Time `db:"recorded_at"`
}
