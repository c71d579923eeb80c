// Package grant is the grant agreement that an award becomes: its amount,
// period, bank account, budget and payment schedule, its states and its
// amendments. Payments (internal/payment) and grantee reports
// (internal/reporting) belong to a grant.
package grant

import "time"

// Status is the state of an agreement.
type Status string

// The states of an agreement, in the order a grant usually passes them.
const (
	Draft      Status = "draft"
	Signed     Status = "signed"
	Active     Status = "active"
	Suspended  Status = "suspended"
	Closed     Status = "closed"
	Terminated Status = "terminated"
)

// Payable reports whether a grant in status st may be paid: signed or
// active, never a draft, a suspended, closed or terminated one.
func (st Status) Payable() bool { return st == Signed || st == Active }

// ScheduleRule is how the payment schedule is built from the donor profile.
type ScheduleRule string

// The EU's two options: 80 % pre-financing and the balance after the final
// report (up to 12 months or EUR 100,000), or yearly tranches where the
// next is reduced unless 70 % of the previous one was spent.
const (
	PrefinancingBalance ScheduleRule = "prefinancing_balance"
	Yearly              ScheduleRule = "yearly"
)

// Grant is an agreement as stored.
type Grant struct {
	ID             int64        `db:"id"`
	ApplicationID  int64        `db:"application_id"`
	ProgrammeID    int64        `db:"programme_id"`
	CallID         int64        `db:"call_id"`
	OrgID          int64        `db:"org_id"`
	ContractNumber string       `db:"contract_number"`
	Currency       string       `db:"currency"`
	AmountMinor    int64        `db:"amount_minor"`
	PaidMinor      int64        `db:"paid_minor"`
	DonorShareBP   int          `db:"donor_share_bp"`
	StartsOn       string       `db:"starts_on"`
	EndsOn         string       `db:"ends_on"`
	ScheduleRule   ScheduleRule `db:"schedule_rule"`
	Status         Status       `db:"status"`
	Lang           string       `db:"lang"`
	IBAN           string       `db:"iban"`
	BankName       string       `db:"bank_name"`
	SignedAt       *time.Time   `db:"signed_at"`
	CreatedBy      *int64       `db:"created_by"`
	CreatedAt      time.Time    `db:"created_at"`
	UpdatedAt      time.Time    `db:"updated_at"`
}

// TrancheKind is the place of a tranche in the schedule.
type TrancheKind string

// The kinds of tranche.
const (
	Prefinancing TrancheKind = "prefinancing"
	Interim      TrancheKind = "interim"
	Balance      TrancheKind = "balance"
)

// TrancheStatus is where a tranche stands.
type TrancheStatus string

// The states of a tranche.
const (
	Planned   TrancheStatus = "planned"
	Due       TrancheStatus = "due"
	Requested TrancheStatus = "requested"
	Paid      TrancheStatus = "paid"
)

// Condition is what a request for a tranche needs first.
type Condition string

// The conditions of a tranche.
const (
	NeedsSignature   Condition = "signature"
	NeedsReport      Condition = "report"
	NeedsSpending    Condition = "spent"
	NeedsFinalReport Condition = "final_report"
)

// Tranche is one planned payment of a grant.
type Tranche struct {
	ID          int64         `db:"id"`
	GrantID     int64         `db:"grant_id"`
	Position    int           `db:"position"`
	Kind        TrancheKind   `db:"kind"`
	AmountMinor int64         `db:"amount_minor"`
	DueOn       string        `db:"due_on"`
	Requires    Condition     `db:"requires"`
	Status      TrancheStatus `db:"status"`
}
