// Package findoc renders the programme's financial documents as PDF: the
// programme financial summary (budget against committed against paid,
// overall, by municipality and by target group, with bar charts drawn with
// fpdf's own primitives, and the list of agreements) and a grantee's
// statement (its schedule, its payments and the balance). The renderers
// take loaded data and a language and write to an io.Writer; the loaders
// read the grant and payment stores under an access.Scope, so a document
// holds exactly the rows its reader may see.
package findoc

import (
	"time"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
)

// Media type of the documents.
const PDFType = "application/pdf"

// Renderer renders the documents with the portal's catalogue.
type Renderer struct {
	Cat *i18n.Catalogue
}

// New returns a renderer using cat for every label.
func New(cat *i18n.Catalogue) *Renderer { return &Renderer{Cat: cat} }

func (r *Renderer) t(lang i18n.Lang, key string, args ...any) string {
	return r.Cat.T(lang, key, args...)
}

// Programme is what the summary says about the programme.
type Programme struct {
	ID          int64
	Title       string
	Donor       string // the donor organisation's name
	Currency    string // ISO 4217 code of every amount
	BudgetMinor int64  // the sub-granting budget
	StartsOn    string // YYYY-MM-DD
	EndsOn      string
}

// Totals are committed and paid money over a set of agreements.
type Totals struct {
	CommittedMinor int64
	PaidMinor      int64
	Grants         int
}

// Split is the share of the totals falling to one municipality or target
// group. Code is the place or target-group code ("" for agreements that
// name none); the renderer translates it.
type Split struct {
	Code string
	Totals
}

// GrantRow is one agreement in the summary's list.
type GrantRow struct {
	ContractNumber string
	Organisation   string
	Status         string // grant.Status
	AmountMinor    int64
	CommittedMinor int64
	PaidMinor      int64
}

// Summary is a programme's financial summary.
type Summary struct {
	Generated      time.Time
	Issuer         pdfdoc.Issuer
	Programme      Programme
	Totals         Totals
	ByMunicipality []Split // largest commitment first
	ByTargetGroup  []Split
	Grants         []GrantRow // by contract number
}

// Reference is the summary's reference number.
func (s Summary) Reference() string {
	return "FS/" + itoa(s.Programme.ID) + "/" + s.Generated.UTC().Format("20060102")
}

// GrantFacts is what the statement says about the grant.
type GrantFacts struct {
	ID             int64
	ContractNumber string
	Organisation   string
	Programme      string
	Call           string
	Currency       string
	AmountMinor    int64
	PaidMinor      int64
	StartsOn       string
	EndsOn         string
	Status         string
}

// Tranche is one line of the schedule.
type Tranche struct {
	Position    int
	Kind        string // grant.TrancheKind
	DueOn       string
	Status      string // grant.TrancheStatus
	AmountMinor int64
}

// Payment is one disbursement of the ledger.
type Payment struct {
	PaidOn        string
	BankReference string
	Currency      string
	AmountMinor   int64
}

// Statement is a grant's statement.
type Statement struct {
	Generated time.Time
	Issuer    pdfdoc.Issuer
	Grant     GrantFacts
	Tranches  []Tranche // in schedule order
	Payments  []Payment // oldest first
}

// Reference is the statement's reference number.
func (s Statement) Reference() string {
	return s.Grant.ContractNumber + "/ST/" + s.Generated.UTC().Format("20060102")
}

// Balance is what is left to pay.
func (s Statement) Balance() int64 { return s.Grant.AmountMinor - s.Grant.PaidMinor }
