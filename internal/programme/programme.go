// Package programme holds the donor money the intermediary manages: the
// programme's donor, rule profile, currency, funding sources, sub-granting
// budget, ceiling per third party, dates and results. Calls for proposals
// (package call) draw on a programme's sub-granting budget.
package programme

import (
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/money"
)

// DateLayout is how programme days are typed and stored (ISO 8601).
const DateLayout = "2006-01-02"

// Programme is one donor-funded programme. Amounts are minor units of Currency.
type Programme struct {
	ID                  int64     `db:"id"`
	Title               string    `db:"title"`
	DonorOrgID          int64     `db:"donor_org_id"`
	DonorName           string    `db:"donor_name"`
	DonorProfile        string    `db:"donor_profile"`
	Currency            string    `db:"currency"`
	SubgrantBudgetMinor int64     `db:"subgrant_budget_minor"`
	ThirdPartyCapMinor  int64     `db:"third_party_cap_minor"` // 0: no ceiling
	StartsOn            string    `db:"starts_on"`             // YYYY-MM-DD
	EndsOn              string    `db:"ends_on"`               // YYYY-MM-DD
	CreatedAt           time.Time `db:"created_at"`
	UpdatedAt           time.Time `db:"updated_at"`

	Sources    []FundingSource `db:"-"`
	Indicators []Indicator     `db:"-"`
}

// FundingSource is one contributor to the programme (the EU, a ministry, ...).
type FundingSource struct {
	Name        string `db:"name"`
	AmountMinor int64  `db:"amount_minor"`
}

// Indicator measures one of the programme's results.
type Indicator struct {
	Result    string `db:"result" json:"result"`
	Indicator string `db:"indicator" json:"indicator"`
	Baseline  string `db:"baseline" json:"baseline"`
	Target    string `db:"target" json:"target"`
	Unit      string `db:"unit" json:"unit"`
}

// SubgrantBudget is the money available to calls for proposals.
func (p Programme) SubgrantBudget() money.Amount {
	return money.Amount{Minor: p.SubgrantBudgetMinor, Currency: p.Currency}
}

// ThirdPartyCap is the most one third party may receive in total (0: none).
func (p Programme) ThirdPartyCap() money.Amount {
	return money.Amount{Minor: p.ThirdPartyCapMinor, Currency: p.Currency}
}

// Funding is the sum of the funding sources.
func (p Programme) Funding() money.Amount {
	var sum int64
	for _, s := range p.Sources {
		sum += s.AmountMinor
	}
	return money.Amount{Minor: sum, Currency: p.Currency}
}

// Starts returns the first day of the programme.
func (p Programme) Starts() time.Time { t, _ := time.Parse(DateLayout, p.StartsOn); return t }

// Ends returns the last day of the programme.
func (p Programme) Ends() time.Time { t, _ := time.Parse(DateLayout, p.EndsOn); return t }

// Results groups the indicators by result, in the order they were entered.
func (p Programme) Results() []Result {
	var out []Result
	for _, ind := range p.Indicators {
		if n := len(out); n > 0 && out[n-1].Text == ind.Result {
			out[n-1].Indicators = append(out[n-1].Indicators, ind)
			continue
		}
		out = append(out, Result{Text: ind.Result, Indicators: []Indicator{ind}})
	}
	return out
}

// Result is a programme result with its indicators.
type Result struct {
	Text       string
	Indicators []Indicator
}

// Org is a donor organisation a programme may name.
type Org struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

// Store reads and writes programmes.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

// NewStore returns a store on d using the database clock.
func NewStore(d *db.DB) *Store { return &Store{DB: d, Now: db.Now} }
