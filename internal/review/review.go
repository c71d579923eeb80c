// Package review holds the evaluation of eligible applications: the grid
// of a call's stage (sections, weighted sub-criteria, thresholds and the
// committee's rules), the committee, declarations of impartiality and
// conflict of interest, the assignment of evaluators, their scores with
// justifications, and the consolidation of scores per application
// (means, divergence, final score, thresholds, normalised view).
//
// Scores are integers on the grid's scale; weighted points are score ×
// weight; consolidated values are kept in hundredths of a point (X100) so
// that ranking and ties are exact and identical on both databases.
package review

import (
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
)

// Store reads and writes the evaluation of calls.
type Store struct {
	DB       *db.DB
	Now      func() time.Time
	Profiles donor.Profiles // default grids come from the programme's donor profile
	// Cat and BaseURL write the notices of new assignments (the evaluator's
	// language; links as full URLs in the e-mail); nil Cat sends none.
	Cat     *i18n.Catalogue
	BaseURL string
}

// NewStore returns a store on d with the database clock.
func NewStore(d *db.DB, profiles donor.Profiles) *Store {
	return &Store{DB: d, Now: db.Now, Profiles: profiles}
}

// Final-score rules of a grid.
const (
	MeanAll        = "mean_all"         // the mean of every evaluator's total
	MeanTwoClosest = "mean_two_closest" // the mean of the two closest totals
)

// Committee roles.
const (
	Chair     = "chair"
	Secretary = "secretary"
	Voting    = "evaluator"
)

// Assignment statuses.
const (
	Active  = "active"
	Recused = "recused" // the evaluator declared a conflict of interest
	Removed = "removed" // an officer took the assignment away
)

// Review statuses.
const (
	DraftReview     = "draft"
	SubmittedReview = "submitted"
)

// Grid is the evaluation grid of one stage of a call with its rules.
type Grid struct {
	ID               int64      `db:"id" json:"id"`
	CallID           int64      `db:"call_id" json:"call_id"`
	Stage            string     `db:"stage" json:"stage"`
	ScaleMin         int        `db:"scale_min" json:"scale_min"`
	ScaleMax         int        `db:"scale_max" json:"scale_max"`
	PassMark         int        `db:"pass_mark" json:"pass_mark"`
	EvaluatorsPerApp int        `db:"evaluators_per_app" json:"evaluators_per_application"`
	MinJustification int        `db:"min_justification" json:"min_justification"`
	DivergencePoints int        `db:"divergence_points" json:"divergence_points"`
	FinalRule        string     `db:"final_rule" json:"final_rule"`
	ReserveSize      int        `db:"reserve_size" json:"reserve_size"`
	TieBreakSection  string     `db:"tie_break_section" json:"tie_break_section"`
	ReviewDueAt      *time.Time `db:"review_due_at" json:"review_due_at"`
	FrozenAt         *time.Time `db:"frozen_at" json:"frozen_at"`
	CreatedAt        time.Time  `db:"created_at" json:"-"`
	UpdatedAt        time.Time  `db:"updated_at" json:"-"`
	Sections         []Section  `db:"-" json:"sections"`
}

// Section is a group of criteria with its own threshold.
type Section struct {
	ID        int64       `db:"id" json:"id"`
	GridID    int64       `db:"grid_id" json:"-"`
	Position  int         `db:"position" json:"position"`
	Code      string      `db:"code" json:"code"`
	TitleSQ   string      `db:"title_sq" json:"title_sq"`
	TitleEN   string      `db:"title_en" json:"title_en"`
	TitleSR   string      `db:"title_sr" json:"title_sr"`
	Threshold int         `db:"threshold" json:"threshold"`
	Criteria  []Criterion `db:"-" json:"criteria"`
}

// Criterion is one sub-criterion scored on the grid's scale.
type Criterion struct {
	ID         int64  `db:"id" json:"id"`
	SectionID  int64  `db:"section_id" json:"-"`
	Position   int    `db:"position" json:"position"`
	Code       string `db:"code" json:"code"`
	TitleSQ    string `db:"title_sq" json:"title_sq"`
	TitleEN    string `db:"title_en" json:"title_en"`
	TitleSR    string `db:"title_sr" json:"title_sr"`
	GuidanceSQ string `db:"guidance_sq" json:"guidance_sq"`
	GuidanceEN string `db:"guidance_en" json:"guidance_en"`
	GuidanceSR string `db:"guidance_sr" json:"guidance_sr"`
	Weight     int    `db:"weight" json:"weight"`
}

// Max is the section's maximum: the scale's top times each weight.
func (s Section) Max(scaleMax int) int {
	n := 0
	for _, c := range s.Criteria {
		n += scaleMax * c.Weight
	}
	return n
}

// Max is the grid's maximum total.
func (g Grid) Max() int {
	n := 0
	for _, s := range g.Sections {
		n += s.Max(g.ScaleMax)
	}
	return n
}

// Frozen reports whether scoring has started, after which the grid is fixed.
func (g Grid) Frozen() bool { return g.FrozenAt != nil }

// Member is a member of a call's committee.
type Member struct {
	CallID    int64     `db:"call_id" json:"call_id"`
	UserID    int64     `db:"user_id" json:"user_id"`
	Name      string    `db:"name" json:"name"`
	Email     string    `db:"email" json:"-"`
	Role      string    `db:"role" json:"role"`
	Languages string    `db:"languages" json:"languages"` // comma-separated codes: "sq,en"
	AddedAt   time.Time `db:"added_at" json:"added_at"`
}

// Assignment links an evaluator to an application.
type Assignment struct {
	ID            int64      `db:"id" json:"id"`
	ApplicationID int64      `db:"application_id" json:"application_id"`
	UserID        int64      `db:"user_id" json:"user_id"`
	Status        string     `db:"status" json:"status"`
	Further       bool       `db:"further" json:"further"` // added because evaluators diverged
	AssignedBy    *int64     `db:"assigned_by" json:"-"`
	AssignedAt    time.Time  `db:"assigned_at" json:"assigned_at"`
	DueAt         *time.Time `db:"due_at" json:"due_at"`
	RemindedAt    *time.Time `db:"reminded_at" json:"-"`
	EndedReason   string     `db:"ended_reason" json:"-"`
	EndedAt       *time.Time `db:"ended_at" json:"-"`
}

// Declaration is an evaluator's statement of impartiality for an application.
type Declaration struct {
	ID            int64     `db:"id" json:"id"`
	ApplicationID int64     `db:"application_id" json:"application_id"`
	UserID        int64     `db:"user_id" json:"user_id"`
	Conflict      bool      `db:"conflict" json:"conflict"`
	Lang          string    `db:"lang" json:"lang"`
	Statement     string    `db:"statement" json:"statement"`
	Comment       string    `db:"comment" json:"comment"`
	DeclaredAt    time.Time `db:"declared_at" json:"declared_at"`
}

// Review is an evaluator's scores on one assignment.
type Review struct {
	ID            int64      `db:"id" json:"id"`
	AssignmentID  int64      `db:"assignment_id" json:"assignment_id"`
	GridID        int64      `db:"grid_id" json:"grid_id"`
	Status        string     `db:"status" json:"status"`
	Comment       string     `db:"comment" json:"comment"`
	SubmittedAt   *time.Time `db:"submitted_at" json:"submitted_at"`
	ReopenedAt    *time.Time `db:"reopened_at" json:"reopened_at"`
	ReopenReason  string     `db:"reopen_reason" json:"reopen_reason"`
	CreatedAt     time.Time  `db:"created_at" json:"-"`
	UpdatedAt     time.Time  `db:"updated_at" json:"updated_at"`
	ApplicationID int64      `db:"application_id" json:"application_id"`
	UserID        int64      `db:"user_id" json:"-"`
	SectionPoints string     `db:"-" json:"-"` // kept at submission for consolidation (see SectionPoints)
	Scores        []Score    `db:"-" json:"scores"`
}

// Score is one sub-criterion's score and its justification; Score is nil
// while a draft leaves it empty.
type Score struct {
	CriterionID   int64  `db:"criterion_id" json:"criterion_id"`
	Score         *int   `db:"score" json:"score"`
	Justification string `db:"justification" json:"justification"`
}

// SectionResult is one section of a consolidated application.
type SectionResult struct {
	Code      string `json:"code"`
	MeanX100  int64  `json:"mean_x100"`
	Max       int    `json:"max"`
	Threshold int    `json:"threshold"`
	Passed    bool   `json:"passed"`
}

// Consolidated is an application's evaluation put together: the means of
// its submitted reviews per criterion and section, each evaluator's
// total, the final score by the grid's rule, and whether it may be funded.
type Consolidated struct {
	ApplicationID int64            `json:"application_id"`
	Criteria      map[int64]int64  `json:"-"` // criterion id -> mean weighted points x100; one application only
	Sections      []SectionResult  `json:"sections"`
	Totals        []EvaluatorTotal `json:"-"` // per submitted review, for officers only
	MeanX100      int64            `json:"mean_x100"`
	FinalX100     int64            `json:"final_x100"`
	Submitted     int              `json:"submitted"` // submitted reviews counted
	Pending       int              `json:"pending"`   // active assignments not yet submitted
	Divergent     bool             `json:"divergent"` // totals differ by more than the grid allows
	Resolved      bool             `json:"resolved"`  // a further evaluator or the chair settled it
	Ready         bool             `json:"ready"`     // complete and not an open divergence
	Fundable      bool             `json:"fundable"`  // every threshold and the pass mark met
	Reasons       []Reason         `json:"reasons"`   // why it is not fundable
}

// Reason says why an application may not be funded: a catalogue key and,
// for a section threshold, the section's code.
type Reason struct {
	Key     string `json:"key"`
	Section string `json:"section,omitempty"`
}

// EvaluatorTotal is one evaluator's total for an application.
type EvaluatorTotal struct {
	ReviewID int64 `json:"review_id"`
	UserID   int64 `json:"user_id"`
	Total    int   `json:"total"`
}
