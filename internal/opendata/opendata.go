// Package opendata publishes a programme and its sub-grants as open data:
// IATI 2.03 activity XML (the programme a parent activity, each grant
// agreement a child activity) and 360Giving JSON (a grant per agreement).
// It reads the programme, its agreements, their schedules and the payment
// ledger within an access.Scope, and maps them to the two standards'
// codes (sectors, organisation identifiers, statuses) from tables of its
// own; it imports neither gin nor net/http.
package opendata

import (
	"time"

	"github.com/subgrant/portal/internal/apperr"
)

// Format is one of the open-data formats.
type Format string

// The formats, as their names appear in addresses and on the command line.
const (
	IATI      Format = "iati"
	Giving360 Format = "360giving"
)

// Formats lists every format.
var Formats = []Format{IATI, Giving360}

// ParseFormat returns the format named s; an unknown name is a NotFound
// with a translated message (there is no such export).
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", apperr.New(apperr.NotFound, "opendata.error.format")
}

// FileName is the name a download of format f for programme id takes.
func (f Format) FileName(id int64) string {
	if f == IATI {
		return "programme-" + itoa(id) + "-iati.xml"
	}
	return "programme-" + itoa(id) + "-360giving.json"
}

// ContentType is the media type of format f.
func (f Format) ContentType() string {
	if f == IATI {
		return "application/xml; charset=utf-8"
	}
	return "application/json; charset=utf-8"
}

// Org is an organisation as the exports name it: its kind, country and
// the registration facts its identifier is built from.
type Org struct {
	ID                 int64  `db:"id"`
	Name               string `db:"name"`
	Kind               string `db:"kind"` // intermediary, ngo, donor, municipality
	LegalName          string `db:"legal_name"`
	Municipality       string `db:"municipality"` // a place code such as XK-FERIZAJ, or ""
	RegistrationNumber string `db:"registration_number"`
	Registry           string `db:"registry"`
	FiscalNumber       string `db:"fiscal_number"`
}

// DisplayName is the legal name when the profile has one, else the name.
func (o Org) DisplayName() string {
	if o.LegalName != "" {
		return o.LegalName
	}
	return o.Name
}

// Programme is the parent activity.
type Programme struct {
	ID                  int64     `db:"id"`
	Title               string    `db:"title"`
	Currency            string    `db:"currency"`
	SubgrantBudgetMinor int64     `db:"subgrant_budget_minor"`
	StartsOn            string    `db:"starts_on"`
	EndsOn              string    `db:"ends_on"`
	UpdatedAt           time.Time `db:"updated_at"`
	Donor               Org       `db:"-"`
	// Places are the municipalities its calls are open to (their
	// eligibility), which name its country while it has no grant.
	Places []string `db:"-"`
}

// TargetGroup is one group an application serves, with its beneficiaries.
type TargetGroup struct {
	Code          string `db:"target_group"`
	Beneficiaries int64  `db:"beneficiaries"`
}

// Tranche is a planned payment of a grant.
type Tranche struct {
	Kind        string `db:"kind"`
	AmountMinor int64  `db:"amount_minor"`
	DueOn       string `db:"due_on"`
	Status      string `db:"status"` // planned, due, requested, paid
}

// Payment is one row of the ledger: money paid to the grantee.
type Payment struct {
	ID          int64     `db:"id"`
	AmountMinor int64     `db:"amount_minor"`
	Currency    string    `db:"currency"`
	PaidOn      string    `db:"paid_on"`
	RecordedAt  time.Time `db:"recorded_at"`
}

// Grant is a sub-grant: a grant agreement (a draft while unsigned), with
// what the exports say of it.
type Grant struct {
	ID             int64      `db:"id"`
	ApplicationID  int64      `db:"application_id"`
	ContractNumber string     `db:"contract_number"`
	Currency       string     `db:"currency"`
	AmountMinor    int64      `db:"amount_minor"`
	Status         string     `db:"status"`
	StartsOn       string     `db:"starts_on"`
	EndsOn         string     `db:"ends_on"`
	Lang           string     `db:"lang"`
	SignedAt       *time.Time `db:"signed_at"`
	OrgSignedOn    string     `db:"org_signed_on"`
	UpdatedAt      time.Time  `db:"updated_at"`
	Title          string     `db:"app_title"`
	Summary        string     `db:"app_summary"`
	DurationMonths int        `db:"duration_months"`
	CallReference  string     `db:"call_reference"`
	CallTitleSQ    string     `db:"call_title_sq"`
	CallTitleEN    string     `db:"call_title_en"`
	Grantee        Org        `db:"-"`
	AwardedAt      *time.Time `db:"-"`

	Municipalities []string      `db:"-"`
	TargetGroups   []TargetGroup `db:"-"`
	Tranches       []Tranche     `db:"-"`
	Payments       []Payment     `db:"-"`
}

// PaidMinor is the sum of the grant's ledger rows.
func (g Grant) PaidMinor() int64 {
	var sum int64
	for _, p := range g.Payments {
		sum += p.AmountMinor
	}
	return sum
}

// LastUpdated is the grant's last change: the agreement's, or a payment
// recorded after it.
func (g Grant) LastUpdated() time.Time {
	last := g.UpdatedAt
	for _, p := range g.Payments {
		if p.RecordedAt.After(last) {
			last = p.RecordedAt
		}
	}
	return last.UTC()
}

// LastUpdated is the programme's last change or its grants' latest.
func (ex Export) LastUpdated() time.Time {
	last := ex.Programme.UpdatedAt
	for _, g := range ex.Grants {
		if t := g.LastUpdated(); t.After(last) {
			last = t
		}
	}
	return last.UTC()
}

// SignedOn is the day the agreement was signed (the commitment's date):
// the intermediary's signature date, else the day the signature was
// recorded, else its start.
func (g Grant) SignedOn() string {
	switch {
	case g.OrgSignedOn != "":
		return g.OrgSignedOn
	case g.SignedAt != nil:
		return g.SignedAt.UTC().Format(time.DateOnly)
	}
	return g.StartsOn
}

// Signed counts the agreements past their draft.
func (ex Export) Signed() int {
	n := 0
	for _, g := range ex.Grants {
		if g.Status != "draft" {
			n++
		}
	}
	return n
}

// Export is everything one programme's open data says, read in one scope.
type Export struct {
	Programme Programme
	Publisher Org // the intermediary that reports and awards the sub-grants
	Grants    []Grant
	Generated time.Time // UTC
}
