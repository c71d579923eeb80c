// Package call holds calls for proposals: reference, texts in three
// languages, lots, grant limits, co-financing, duration, deadline in the
// call's time zone, eligibility rules, required documents, one or two
// stages, the lifecycle draft → published → closed and the clarifications
// (questions and answers). A call's status is computed from the server
// clock, so a call closes at its deadline without any scheduled job.
//
// Other packages use Store.ByID, Store.Lots, IsOpen, Deadline and
// Call.Location.
package call

import (
	"strings"
	"time"
	_ "time/tzdata" // the call's zone must load on machines without a zone database

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/money"
)

// Status is where a call stands at a moment.
type Status string

// The statuses of a call. Published means announced but not yet open.
const (
	Draft     Status = "draft"
	Published Status = "published"
	Open      Status = "open"
	Closed    Status = "closed"
)

// Statuses lists every status, in lifecycle order.
var Statuses = []Status{Draft, Published, Open, Closed}

// Stored states (the status adds the clock to them).
const (
	stateDraft     = "draft"
	statePublished = "published"
	stateClosed    = "closed"
)

// Zones are the time zones a call may use: Kosovo's and Albania's.
var Zones = []string{"Europe/Belgrade", "Europe/Tirane"}

// Call is one call for proposals. Amounts are minor units of Currency (the
// programme's); percentages are basis points; moments are UTC.
type Call struct {
	ID                    int64      `db:"id"`
	ProgrammeID           int64      `db:"programme_id"`
	ProgrammeTitle        string     `db:"programme_title"`
	DonorOrgID            int64      `db:"donor_org_id"`
	Currency              string     `db:"currency"`
	Reference             string     `db:"reference"`
	TitleSQ               string     `db:"title_sq"`
	TitleEN               string     `db:"title_en"`
	TitleSR               string     `db:"title_sr"`
	DescriptionSQ         string     `db:"description_sq"`
	DescriptionEN         string     `db:"description_en"`
	DescriptionSR         string     `db:"description_sr"`
	MinGrantMinor         int64      `db:"min_grant_minor"`
	MaxGrantMinor         int64      `db:"max_grant_minor"`
	MaxDonorShareBP       int64      `db:"max_donor_share_bp"`
	MinCofinancingBP      int64      `db:"min_cofinancing_bp"`
	MinDurationMonths     int        `db:"min_duration_months"`
	MaxDurationMonths     int        `db:"max_duration_months"`
	TimeZone              string     `db:"time_zone"`
	OpensAt               *time.Time `db:"opens_at"`
	ClosesAt              *time.Time `db:"closes_at"`
	OrgKindsText          string     `db:"org_kinds"`
	MinYearsRegistered    int        `db:"min_years_registered"`
	MunicipalitiesText    string     `db:"municipalities"`
	MaxApplicationsPerOrg int        `db:"max_applications_per_org"` // 0: no limit
	TwoStage              bool       `db:"two_stage"`
	State                 string     `db:"state"`
	PublishedAt           *time.Time `db:"published_at"`
	ClosedAt              *time.Time `db:"closed_at"`
	CreatedAt             time.Time  `db:"created_at"`
	UpdatedAt             time.Time  `db:"updated_at"`
	LotsBudgetMinor       int64      `db:"lots_budget_minor"` // sum of the lots' budgets
}

// Lot is a part of a call with its own budget and theme or target group.
type Lot struct {
	ID          int64  `db:"id"`
	CallID      int64  `db:"call_id"`
	Name        string `db:"name"`
	BudgetMinor int64  `db:"budget_minor"`
	Theme       string `db:"theme"`
}

// Document is a document type every application to the call must attach.
type Document struct {
	Code    string `db:"code"`
	LabelSQ string `db:"label_sq"`
	LabelEN string `db:"label_en"`
	LabelSR string `db:"label_sr"`
}

// Labels is the document's label in each language.
func (d Document) Labels() i18n.Text { return i18n.Text{SQ: d.LabelSQ, EN: d.LabelEN, SR: d.LabelSR} }

// Label is the document's label in lang (i18n.Fallback when missing).
func (d Document) Label(lang string) string { return d.Labels().In(i18n.Lang(lang)).Text }

// Titles is the call's title in each language.
func (c Call) Titles() i18n.Text { return i18n.Text{SQ: c.TitleSQ, EN: c.TitleEN, SR: c.TitleSR} }

// Title is the call's title in lang (i18n.Fallback when missing).
func (c Call) Title(lang string) string { return c.Titles().In(i18n.Lang(lang)).Text }

// Descriptions is the call's description in each language.
func (c Call) Descriptions() i18n.Text {
	return i18n.Text{SQ: c.DescriptionSQ, EN: c.DescriptionEN, SR: c.DescriptionSR}
}

// Description is the call's description in lang, with the same fallbacks.
func (c Call) Description(lang string) string { return c.Descriptions().In(i18n.Lang(lang)).Text }

// Location is the call's time zone; UTC when the stored name is unknown.
func (c Call) Location() *time.Location {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Deadline is the closing moment (UTC); zero while a draft has none.
func Deadline(c Call) time.Time {
	if c.ClosesAt == nil {
		return time.Time{}
	}
	return *c.ClosesAt
}

// DeadlinePassed reports whether t is at or after the deadline: the
// deadline's own instant is already late, so an application is on time when
// it arrives strictly before it. Both are instants (stored in UTC), so the
// call's time zone changes how the deadline is shown, never this answer.
// A call without a deadline (a draft) has none passed. Submission,
// withdrawal, the screening "on time" point and the call's status (the
// pages) all ask this method.
func (c Call) DeadlinePassed(t time.Time) bool { return c.ClosesAt != nil && !t.Before(*c.ClosesAt) }

// StatusAt computes the call's status at now from its state and dates.
func (c Call) StatusAt(now time.Time) Status {
	switch {
	case c.State == stateDraft:
		return Draft
	case c.State == stateClosed:
		return Closed
	case c.DeadlinePassed(now):
		return Closed
	case c.OpensAt != nil && now.Before(*c.OpensAt):
		return Published
	}
	return Open
}

// IsOpen reports whether applications and questions are accepted at now:
// published, opened, before the deadline and not closed early.
func IsOpen(c Call, now time.Time) bool { return c.StatusAt(now) == Open }

// OrgKinds lists the organisation kinds allowed to apply (empty: any).
func (c Call) OrgKinds() []string { return splitList(c.OrgKindsText) }

// Municipalities lists the eligible municipality codes (empty: any).
func (c Call) Municipalities() []string { return splitList(c.MunicipalitiesText) }

// Amount wraps minor units in the call's currency.
func (c Call) Amount(minor int64) money.Amount {
	return money.Amount{Minor: minor, Currency: c.Currency}
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Store reads and writes calls, lots, documents and questions.
type Store struct {
	DB  *db.DB
	Now func() time.Time // the server clock that opens and closes calls
}

// NewStore returns a store on d using the database clock.
func NewStore(d *db.DB) *Store { return &Store{DB: d, Now: db.Now} }
