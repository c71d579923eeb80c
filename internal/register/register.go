// Package register is the public register of awarded sub-grants and the
// municipality map: which grants are published (the rule is
// access.PublishedGrants), their list with filters, totals per currency
// and downloads, the amounts and counts per municipality, and the social
// services that verified organisations run (access.PublicServices). It
// never imports gin or internal/web.
package register

import (
	"time"

	"github.com/subgrant/portal/internal/db"
)

// PerPage is the number of awards on a page of the register.
const PerPage = 25

// MaxExport bounds a download of the register.
const MaxExport = 10000

// Store reads the register.
type Store struct {
	DB *db.DB
}

// Filter narrows the register. Zero values filter nothing.
type Filter struct {
	ProgrammeID  int64
	DonorID      int64  // the donor organisation
	Municipality string // a place code, the grantee's seat
	Country      string // "XK" or "AL": the municipalities of a country
	Year         int    // the year the agreement was signed
	Sort         string // one of Sorts; "" is the newest signature first
	Desc         bool
	Page         int // from 1
}

// Sorts are the columns the register sorts by.
var Sorts = []string{"organisation", "municipality", "amount", "programme", "starts", "signed"}

// orderBy maps a sort to its SQL: an allow-list, never the input itself.
var orderBy = map[string]string{
	"organisation": "lower(o.name)",
	"municipality": "municipality",
	"amount":       "g.amount_minor",
	"programme":    "lower(p.title)",
	"starts":       "g.starts_on",
	"signed":       "g.signed_at",
}

// Award is one row of the register: what the public may know of a
// sub-grant, no person named, no bank account.
type Award struct {
	Contract     string    `db:"contract_number"`
	Organisation string    `db:"org_name"`
	Municipality string    `db:"municipality"`
	Title        string    `db:"title"`
	Currency     string    `db:"currency"`
	AmountMinor  int64     `db:"amount_minor"`
	StartsOn     string    `db:"starts_on"`
	EndsOn       string    `db:"ends_on"`
	SignedAt     time.Time `db:"signed_at"`
	ProgrammeID  int64     `db:"programme_id"`
	Programme    string    `db:"programme"`
	Donor        string    `db:"donor"`
}

// Total is the count and sum of the awards of one currency.
type Total struct {
	Currency    string `db:"currency"`
	Count       int    `db:"n"`
	AmountMinor int64  `db:"amount_minor"`
}

// Result is a page of the register with the filter's totals.
type Result struct {
	Awards []Award
	Count  int     // awards matching the filter, every page
	Totals []Total // per currency, by currency code
	Page   int
	Pages  int
}

// Choice is an option of a filter: a programme or a donor.
type Choice struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

// Options are the values the register's filters offer: only programmes,
// donors and years that have a published award.
type Options struct {
	Programmes []Choice
	Donors     []Choice
	Years      []int
}
