// Package evaldoc renders the documents of an evaluation: the letter each
// applicant receives (PDF), the committee's evaluation report (PDF) and the
// ranking workbook (XLSX). It takes plain input structs, filled by the
// award package from the ranking and the committee session, so that it
// depends on neither review nor award. Every label comes from the
// catalogue in the document's language; amounts and dates are formatted by
// i18n. Letters carry no evaluator's name: their input has no field for one.
package evaldoc

import (
	"time"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
)

// Decisions, as award_decisions.decision stores them.
const (
	Award     = "award"
	Reserve   = "reserve"
	Reject    = "reject"
	Shortlist = "shortlist"
)

// Stages of a call, as eval_grids.stage stores them.
const (
	StageConcept = "concept"
	StageFull    = "full"
)

// Media types of the documents, for downloads and mail attachments.
const (
	PDFType  = "application/pdf"
	XLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// Renderer renders the documents with the portal's catalogue.
type Renderer struct {
	Cat *i18n.Catalogue
}

// New returns a renderer using cat for every label.
func New(cat *i18n.Catalogue) *Renderer { return &Renderer{Cat: cat} }

// Call is what every document says about the call.
type Call struct {
	Reference     string        // the call's reference, e.g. EU-SOC-2026-01
	Title         string        // in the document's language
	Programme     string        // the programme's name
	Publisher     string        // the organisation running the call; signs the letters ("" to omit)
	Stage         string        // StageConcept or StageFull
	Currency      string        // ISO 4217 code of every amount in the input
	BudgetMinor   int64         // the call's total budget, minor units
	MinGrantMinor int64         // smallest grant, minor units (0: none)
	MaxGrantMinor int64         // largest grant, minor units
	Issuer        pdfdoc.Issuer // letterhead and signatory of the letters and the report
}

// publisher is the organisation named as running the call and signing.
func (c Call) publisher() string {
	if c.Publisher == "" && c.Issuer.Letterhead != nil {
		return c.Issuer.Letterhead.Name
	}
	return c.Publisher
}

// Section is one section's consolidated score for one application.
type Section struct {
	Code      string // grid section code, e.g. "relevance"
	Title     string // in the document's language
	MeanX100  int64  // the committee's mean, in hundredths of a point
	Max       int    // the section's maximum, in points
	Threshold int    // the section's threshold, in points (0: none)
}

// Reason explains a rejection, a reduction or a failed threshold. Key is a
// catalogue key (review.reason.*, award.reason.*) whose message may use
// {section}, replaced by the title of the section whose code is Section;
// Text is the committee's own words (an exclusion, a reduced amount).
// Either or both may be set.
type Reason struct {
	Key     string
	Section string
	Text    string
}

// LetterInput is one application's decision, as the applicant is told it.
type LetterInput struct {
	Date           time.Time // the day of the decision (the chair's approval)
	Call           Call
	Reference      string // the application's reference
	Title          string // the application's title
	Organisation   string // the applicant organisation
	Contact        string // the person addressed ("" greets the organisation)
	Lot            string // the lot's name ("" for a call without lots)
	Decision       string // Award, Reserve, Reject or Shortlist
	RequestedMinor int64  // the amount requested
	AmountMinor    int64  // the amount awarded (Award only)
	ReducedReason  string // why AmountMinor is below RequestedMinor ("" when it is not)
	ReserveRank    int    // the place on the reserve list (Reserve only)
	Reasons        []Reason
	Sections       []Section // in grid order
	FinalX100      int64     // the final score, hundredths of a point
	MaxTotal       int       // the grid's maximum total, points
	PassMark       int       // the grid's pass mark, points
	Comment        string    // the committee's comment to the applicant
}

// Criterion is one sub-criterion of the grid.
type Criterion struct {
	Code   string
	Title  string // in the document's language
	Weight int
}

// GridSection is a section of the grid with its criteria.
type GridSection struct {
	Code      string
	Title     string // in the document's language
	Threshold int    // points
	Criteria  []Criterion
}

// Max is the section's maximum: the scale's top times each weight.
func (s GridSection) Max(scaleMax int) int {
	n := 0
	for _, c := range s.Criteria {
		n += scaleMax * c.Weight
	}
	return n
}

// Grid is the evaluation grid of the call's stage and its rules.
type Grid struct {
	ScaleMin         int
	ScaleMax         int
	PassMark         int    // points
	FinalRule        string // "mean_all" or "mean_two_closest"
	TieBreak         string // code of the section that breaks ties
	EvaluatorsPerApp int
	Sections         []GridSection
}

// Max is the grid's maximum total.
func (g Grid) Max() int {
	n := 0
	for _, s := range g.Sections {
		n += s.Max(g.ScaleMax)
	}
	return n
}

// Member is a committee member present at the session.
type Member struct {
	Name string
	Role string // "chair", "secretary", "evaluator" or "observer"
}

// Session is the committee session that decided the ranking.
type Session struct {
	HeldOn     time.Time // the day of the session
	Location   string
	Minutes    string
	Present    []Member
	ApprovedAt *time.Time // nil while the session is a draft
	ApprovedBy string     // the chair's name, once approved
}

// Row is one ranked application of a lot.
type Row struct {
	Rank           int
	Reference      string
	Title          string
	Applicant      string    // the applicant organisation
	Sections       []Section // matched to the grid's columns by Code
	FinalX100      int64
	Fundable       bool
	Decision       string // Award, Reserve, Reject or Shortlist
	RequestedMinor int64
	AmountMinor    int64 // awarded amount (0 unless Award)
	ReducedReason  string
	ReserveRank    int // 0 unless Reserve
	Reasons        []Reason
}

// Lot is one lot's ranking, rows in rank order.
type Lot struct {
	Name        string
	BudgetMinor int64
	LineAfter   int // the rank of the last award above the funding line; 0: none
	Rows        []Row
}

// ReportInput is everything the evaluation report of a call's stage shows.
type ReportInput struct {
	Generated time.Time // when the report is produced (metadata and footer)
	Call      Call
	Grid      Grid
	Session   Session
	Lots      []Lot
}

// RankingInput is what the ranking workbook holds.
type RankingInput struct {
	Generated time.Time // when the workbook is produced (its properties); zero: now
	Call      Call
	Grid      Grid // its sections give the score columns, in order
	Lots      []Lot
}
