// Package reporting is the grantee's reports on a grant: the reporting
// calendar (interim reports per 12-month period, one final report), the
// narrative part (indicators achieved, beneficiaries reached, difficulties),
// the financial part (the expenditure list, the variance per budget line and
// its explanation), the officer's decisions, the next tranche each approved
// interim report makes due (reduced by the spending rule), and the final
// settlement with its recovery order. Reports are reached through their
// grant: every query joins grants and applies access.Scope.Grants.
package reporting

import (
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
)

// Kind is an interim or the final report.
type Kind string

// The kinds of report.
const (
	Interim Kind = "interim"
	Final   Kind = "final"
)

// Status is where a report stands.
type Status string

// The states of a report: due (created by the calendar, nothing entered),
// draft (the grantee has saved something), submitted, changes_requested
// (back to the grantee with a reason) and approved.
const (
	Due              Status = "due"
	Draft            Status = "draft"
	Submitted        Status = "submitted"
	ChangesRequested Status = "changes_requested"
	Approved         Status = "approved"
)

// Editable reports whether the grantee may change a report in status st.
func (st Status) Editable() bool { return st == Due || st == Draft || st == ChangesRequested }

// Genders, age bands of the beneficiary table.
var (
	Genders  = []string{"f", "m", "other"}
	AgeBands = []string{"0-17", "18-64", "65+"}
)

// Report is a report with its grant's facts and its totals.
type Report struct {
	ID           int64      `db:"id" json:"id"`
	GrantID      int64      `db:"grant_id" json:"grant_id"`
	Kind         Kind       `db:"kind" json:"kind"`
	Position     int        `db:"position" json:"position"`
	PeriodStart  string     `db:"period_start" json:"period_start"`
	PeriodEnd    string     `db:"period_end" json:"period_end"`
	DueOn        string     `db:"due_on" json:"due_on"`
	Status       Status     `db:"status" json:"status"`
	Difficulties string     `db:"difficulties" json:"difficulties"`
	SubmittedBy  *int64     `db:"submitted_by" json:"-"`
	SubmittedAt  *time.Time `db:"submitted_at" json:"submitted_at"`
	DecidedBy    *int64     `db:"decided_by" json:"-"`
	DecidedAt    *time.Time `db:"decided_at" json:"decided_at"`
	Reason       string     `db:"reason" json:"reason"`
	CreatedAt    time.Time  `db:"created_at" json:"-"`
	UpdatedAt    time.Time  `db:"updated_at" json:"-"`

	ContractNumber string `db:"contract_number" json:"contract_number"`
	OrgID          int64  `db:"org_id" json:"org_id"`
	OrgName        string `db:"org_name" json:"org_name"`
	ProgrammeID    int64  `db:"programme_id" json:"-"`
	ApplicationID  int64  `db:"application_id" json:"-"`
	Currency       string `db:"currency" json:"currency"`
	SpentMinor     int64  `db:"spent_minor" json:"spent_minor"`
	EligibleMinor  int64  `db:"eligible_minor" json:"eligible_minor"`
}

// Overdue reports whether the report is still the grantee's to send and its
// due date (YYYY-MM-DD) is before today.
func (r Report) Overdue(today string) bool { return r.Status.Editable() && r.DueOn < today }

// Store reads and writes grantee reports.
type Store struct {
	DB       *db.DB
	Now      func() time.Time
	Profiles donor.Profiles
	// Cat writes the notices of a report's decision in each recipient's
	// language; nil sends none.
	Cat *i18n.Catalogue
}

// NewStore returns a store on d with the database clock.
func NewStore(d *db.DB, profiles donor.Profiles) *Store {
	return &Store{DB: d, Now: db.Now, Profiles: profiles}
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return db.Now()
}

// Today is the store's date, YYYY-MM-DD (UTC).
func (s *Store) Today() string { return s.now().Format(dateLayout) }

// userRef is a user id for a nullable column: nil for 0 (the system).
func userRef(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
