// Package application holds online applications to calls for proposals:
// the draft and its sections (summary, target groups, municipalities,
// logframe, workplan, budget by the donor profile's headings, partners,
// declaration of honour), the rules checked before submission (Check),
// submission with a per-call reference and an immutable snapshot, and
// withdrawal. Rows are scoped in SQL by an access.Scope built from the
// request's authorisation relation.
package application

import (
	"slices"
	"strings"
	"time"

	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/org"
)

// Status is where an application stands.
type Status string

// The statuses. Evaluated, awarded, reserve and rejected belong to later
// stages (review, award) and are already allowed by the schema.
const (
	Draft         Status = "draft"
	Submitted     Status = "submitted"
	Eligible      Status = "eligible"
	Ineligible    Status = "ineligible"
	Withdrawn     Status = "withdrawn"
	InfoRequested Status = "info_requested"
	Evaluated     Status = "evaluated"
	Awarded       Status = "awarded"
	Reserve       Status = "reserve"
	Rejected      Status = "rejected"
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{Draft, Submitted, InfoRequested, Eligible, Ineligible, Evaluated, Awarded, Reserve, Rejected, Withdrawn}

// Ranked are the statuses a ranking holds: found eligible, being
// evaluated, and decided by a committee.
var Ranked = []Status{Eligible, Evaluated, Awarded, Reserve, Rejected}

// StatusInSQL is the SQL condition "column IN ('eligible', ...)" over
// statuses, written from these constants (never from input) so that the
// stores of review and award name no status in a string literal.
func StatusInSQL(column string, ss ...Status) string {
	q := make([]string, len(ss))
	for i, st := range ss {
		q[i] = "'" + string(st) + "'"
	}
	return column + " IN (" + strings.Join(q, ", ") + ")"
}

// ParseStatus reads a status name.
func ParseStatus(s string) (Status, bool) {
	i := slices.Index(Statuses, Status(s))
	return Status(s), i >= 0
}

// Stage is the stage of a two-stage call an application belongs to; a
// one-stage call takes full applications only.
type Stage string

// The stages.
const (
	Concept Stage = "concept"
	Full    Stage = "full"
)

// Partner roles.
const (
	CoApplicant = "co_applicant"
	Affiliated  = "affiliated"
)

// TargetGroups are the codes of target groups an application may name:
// those of organisation profiles (org.TargetGroups).
func TargetGroups() []string { return slices.Clone(org.TargetGroups) }

// Application is one application with all its sections. Amounts are minor
// units of Currency (the programme's); moments are UTC.
type Application struct {
	ID                  int64      `db:"id" json:"id"`
	CallID              int64      `db:"call_id" json:"call_id"`
	CallReference       string     `db:"call_reference" json:"call_reference"`
	LotID               int64      `db:"lot_id" json:"lot_id"`
	LotName             string     `db:"lot_name" json:"lot_name"`
	OrgID               int64      `db:"org_id" json:"organisation_id"`
	OrgName             string     `db:"org_name" json:"organisation_name"`
	Stage               Stage      `db:"stage" json:"stage"`
	Status              Status     `db:"status" json:"status"`
	Reference           string     `db:"reference" json:"reference"`
	Title               string     `db:"title" json:"title"`
	Summary             string     `db:"summary" json:"summary"`
	DurationMonths      int        `db:"duration_months" json:"duration_months"`
	StartMonth          string     `db:"start_month" json:"start_month"` // YYYY-MM
	Currency            string     `db:"currency" json:"currency"`
	TotalMinor          int64      `db:"total_minor" json:"total_minor"`
	RequestedMinor      int64      `db:"requested_minor" json:"requested_minor"`
	CofinancingMinor    int64      `db:"cofinancing_minor" json:"cofinancing_minor"`
	DeclarationAccepted bool       `db:"declaration_accepted" json:"declaration_accepted"`
	DeclarationAt       *time.Time `db:"declaration_at" json:"declaration_at"`
	DeclarationBy       *int64     `db:"declaration_by" json:"declaration_by"`
	CreatedBy           *int64     `db:"created_by" json:"created_by"`
	SubmittedAt         *time.Time `db:"submitted_at" json:"submitted_at"`
	SubmittedBy         *int64     `db:"submitted_by" json:"submitted_by"`
	WithdrawnAt         *time.Time `db:"withdrawn_at" json:"withdrawn_at"`
	WithdrawalReason    string     `db:"withdrawal_reason" json:"withdrawal_reason"`
	CreatedAt           time.Time  `db:"created_at" json:"created_at"`
	UpdatedAt           time.Time  `db:"updated_at" json:"updated_at"`
	LogframeJSON        string     `db:"logframe" json:"-"`
	WorkplanJSON        string     `db:"workplan" json:"-"`

	TargetGroups   []TargetGroup `db:"-" json:"target_groups"`
	Municipalities []string      `db:"-" json:"municipalities"`
	Logframe       Logframe      `db:"-" json:"logframe"`
	Activities     []Activity    `db:"-" json:"activities"`
	Budget         []BudgetLine  `db:"-" json:"budget"`
	Partners       []Partner     `db:"-" json:"partners"`
	Attachments    []Attachment  `db:"-" json:"attachments"` // with their SHA-256, so the snapshot lists them

	RequiredDocuments []call.Document `db:"-" json:"-"` // the call's, for Check
}

// Amount wraps minor units in the application's currency.
func (a Application) Amount(minor int64) money.Amount {
	return money.Amount{Minor: minor, Currency: a.Currency}
}

// Editable reports whether the applicant may still change the application.
func (a Application) Editable() bool { return a.Status == Draft }

// TargetGroup is a target group with the beneficiaries the action expects.
type TargetGroup struct {
	Code          string `db:"target_group" json:"code"`
	Beneficiaries int    `db:"beneficiaries" json:"beneficiaries"`
}

// Logframe is the logical framework: objectives, and indicators grouped by
// the result they measure (in entry order, as programme indicators are).
type Logframe struct {
	Objectives []string    `json:"objectives"`
	Indicators []Indicator `json:"indicators"`
}

// Indicator measures one expected result.
type Indicator struct {
	Result    string `json:"result"`
	Indicator string `json:"indicator"`
	Baseline  string `json:"baseline"`
	Target    string `json:"target"`
	Source    string `json:"source"` // source of verification
}

// Activity is one activity with the months (1..duration) it runs in.
type Activity struct {
	Title  string `json:"title"`
	Months []int  `json:"months"`
}

// BudgetLine is one line of the budget: units × unit rate under a heading
// of the donor profile, split into the amount requested from the donor and
// co-financing. Units are hundredths (2.5 units = 250).
type BudgetLine struct {
	Heading          string `db:"heading" json:"heading"`
	Description      string `db:"description" json:"description"`
	Unit             string `db:"unit" json:"unit"`
	UnitsX100        int64  `db:"units_x100" json:"units_x100"`
	UnitRateMinor    int64  `db:"unit_rate_minor" json:"unit_rate_minor"`
	TotalMinor       int64  `db:"total_minor" json:"total_minor"`
	RequestedMinor   int64  `db:"requested_minor" json:"requested_minor"`
	CofinancingMinor int64  `db:"cofinancing_minor" json:"cofinancing_minor"`
}

// Partner is a co-applicant or affiliated entity: an organisation of the
// portal (which may then read the application) or a free name.
type Partner struct {
	OrgID      *int64 `db:"org_id" json:"organisation_id"`
	Name       string `db:"name" json:"name"`
	Role       string `db:"role" json:"role"`
	ShareMinor int64  `db:"share_minor" json:"share_minor"`
}
