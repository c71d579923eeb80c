// Package award ranks the evaluated applications of a call's stage per lot
// and draws the funding line: awards in rank order while the lot budget
// lasts, never above the call's maximum grant nor above the programme's
// cumulative cap per third party, then the ranked reserve list, and the
// rest rejected with their reasons. Concept notes end in a shortlist. The
// committee session records the decisions with the committee's overrides;
// only the chair's approval changes statuses and sends the letters.
//
// Rank is pure: the store loads the consolidated scores (review) and the
// application facts, and keeps sessions and decisions.
package award

import (
	"time"

	"github.com/subgrant/portal/internal/review"
)

// Decisions of a ranking.
const (
	Award     = "award"
	Reserve   = "reserve"
	Reject    = "reject"
	Shortlist = "shortlist"
)

// Committee override actions.
const (
	Reduce  = "reduce"  // award less than requested, with a reason
	Exclude = "exclude" // reject with a reason
	Promote = "award"   // award a reserve application
)

// Reason keys (catalogue keys in award.json).
const (
	ReasonReducedToCap  = "award.reason.reduced_to_cap"
	ReasonReducedToMax  = "award.reason.reduced_to_max"
	ReasonCapReached    = "award.reason.cap_reached"
	ReasonBeyondReserve = "award.reason.beyond_reserve"
	ReasonBeyondList    = "award.reason.beyond_shortlist"
	ReasonExcluded      = "award.reason.excluded"
	ReasonPromoted      = "award.reason.promoted"
	ReasonReduced       = "award.reason.reduced"
)

// Lot is a lot of the call with its budget.
type Lot struct {
	ID          int64  `db:"id" json:"id"`
	Name        string `db:"name" json:"name"`
	BudgetMinor int64  `db:"budget_minor" json:"budget_minor"`
}

// Entry is one application to rank: its facts and its consolidated scores.
type Entry struct {
	ApplicationID  int64
	LotID          int64
	OrgID          int64
	RequestedMinor int64
	SubmittedAt    time.Time
	Result         review.Consolidated
}

// Rules are the call's and programme's limits for a ranking.
type Rules struct {
	Stage         string // "concept" or "full"
	MinGrantMinor int64
	MaxGrantMinor int64           // 0: no maximum
	CapMinor      int64           // the programme's cap per third party; 0: none
	Prior         map[int64]int64 // org id -> awards approved elsewhere in the programme
	ReserveSize   int
	TieBreak      string // section code breaking ties of the final score
	Shortlist     int    // concept stage: how many to shortlist; 0: every fundable one
}

// Override is a committee's change to the computed decision of one
// application; Reason is the committee's own text.
type Override struct {
	ApplicationID int64  `json:"application_id"`
	Action        string `json:"action"`
	AmountMinor   int64  `json:"amount_minor"` // for Reduce (and optionally Promote)
	Reason        string `json:"reason"`
}

// Decision is the outcome for one application of a ranking.
type Decision struct {
	ApplicationID  int64                  `json:"application_id"`
	LotID          int64                  `json:"lot_id"`
	OrgID          int64                  `json:"organisation_id"`
	Rank           int                    `json:"rank"`
	FinalX100      int64                  `json:"final_x100"`
	TieX100        int64                  `json:"-"`
	Fundable       bool                   `json:"fundable"`
	Decision       string                 `json:"decision"`
	ReserveRank    int                    `json:"reserve_rank,omitempty"`
	RequestedMinor int64                  `json:"requested_minor"`
	AmountMinor    int64                  `json:"amount_minor"`
	ReducedReason  string                 `json:"reduced_reason,omitempty"` // a catalogue key or the committee's text
	Reasons        []review.Reason        `json:"reasons"`
	Comment        string                 `json:"comment,omitempty"` // the committee's reason for an override
	Override       string                 `json:"override,omitempty"`
	Sections       []review.SectionResult `json:"sections"`

	at int64 // submission time (ns), the last tie-break before the id
}

// LotResult is the ranking of one lot and where its funding line falls.
type LotResult struct {
	Lot          Lot        `json:"lot"`
	Decisions    []Decision `json:"decisions"`
	AwardedMinor int64      `json:"awarded_minor"`
	LineAfter    int        `json:"line_after"` // rank of the last award above the line; 0: none
}

// Remaining is what the lot budget has left after the awards.
func (l LotResult) Remaining() int64 { return l.Lot.BudgetMinor - l.AwardedMinor }
