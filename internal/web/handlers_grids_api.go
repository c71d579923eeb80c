package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/review"
)

// apiGrid is a grid in the API, read and written in the same shape: the
// read-only members (id, call_id, stage, max, frozen, frozen_at) are
// ignored on PUT so that a client may send back what it read.
type apiGrid struct {
	ID               int64        `json:"id"` // 0 while the call uses the donor's default
	CallID           int64        `json:"call_id"`
	Stage            string       `json:"stage"`
	Max              int          `json:"max"`
	Frozen           bool         `json:"frozen"`
	FrozenAt         *time.Time   `json:"frozen_at"`
	ScaleMin         int          `json:"scale_min"`
	ScaleMax         int          `json:"scale_max"`
	PassMark         int          `json:"pass_mark"`
	EvaluatorsPerApp int          `json:"evaluators_per_application"`
	MinJustification int          `json:"min_justification"`
	DivergencePoints int          `json:"divergence_points"`
	FinalRule        string       `json:"final_rule"`
	ReserveSize      int          `json:"reserve_size"`
	TieBreakSection  string       `json:"tie_break_section"`
	ReviewDueAt      *time.Time   `json:"review_due_at"`
	Sections         []apiSection `json:"sections"`
}

type apiSection struct {
	Code      string         `json:"code"`
	TitleSQ   string         `json:"title_sq"`
	TitleEN   string         `json:"title_en"`
	TitleSR   string         `json:"title_sr"`
	Threshold int            `json:"threshold"`
	Max       int            `json:"max"`
	Criteria  []apiCriterion `json:"criteria"`
}

type apiCriterion struct {
	Code       string `json:"code"`
	TitleSQ    string `json:"title_sq"`
	TitleEN    string `json:"title_en"`
	TitleSR    string `json:"title_sr"`
	GuidanceSQ string `json:"guidance_sq"`
	GuidanceEN string `json:"guidance_en"`
	GuidanceSR string `json:"guidance_sr"`
	Weight     int    `json:"weight"`
	Max        int    `json:"max"`
}

func toAPIGrid(g review.Grid) apiGrid {
	out := apiGrid{ID: g.ID, CallID: g.CallID, Stage: g.Stage, Max: g.Max(), Frozen: g.Frozen(), FrozenAt: g.FrozenAt,
		ScaleMin: g.ScaleMin, ScaleMax: g.ScaleMax, PassMark: g.PassMark, EvaluatorsPerApp: g.EvaluatorsPerApp,
		MinJustification: g.MinJustification, DivergencePoints: g.DivergencePoints, FinalRule: g.FinalRule,
		ReserveSize: g.ReserveSize, TieBreakSection: g.TieBreakSection, ReviewDueAt: g.ReviewDueAt, Sections: []apiSection{}}
	for _, s := range g.Sections {
		as := apiSection{Code: s.Code, TitleSQ: s.TitleSQ, TitleEN: s.TitleEN, TitleSR: s.TitleSR, Threshold: s.Threshold,
			Max: s.Max(g.ScaleMax), Criteria: []apiCriterion{}}
		for _, c := range s.Criteria {
			as.Criteria = append(as.Criteria, apiCriterion{Code: c.Code, TitleSQ: c.TitleSQ, TitleEN: c.TitleEN,
				TitleSR: c.TitleSR, GuidanceSQ: c.GuidanceSQ, GuidanceEN: c.GuidanceEN, GuidanceSR: c.GuidanceSR,
				Weight: c.Weight, Max: c.Weight * g.ScaleMax})
		}
		out.Sections = append(out.Sections, as)
	}
	return out
}

// grid is the edited grid a PUT carries.
func (a apiGrid) grid() review.Grid {
	g := review.Grid{ScaleMin: a.ScaleMin, ScaleMax: a.ScaleMax, PassMark: a.PassMark, EvaluatorsPerApp: a.EvaluatorsPerApp,
		MinJustification: a.MinJustification, DivergencePoints: a.DivergencePoints, FinalRule: a.FinalRule,
		ReserveSize: a.ReserveSize, TieBreakSection: a.TieBreakSection, ReviewDueAt: a.ReviewDueAt}
	if g.ReviewDueAt != nil {
		due := g.ReviewDueAt.UTC()
		g.ReviewDueAt = &due
	}
	for _, as := range a.Sections {
		s := review.Section{Code: as.Code, TitleSQ: as.TitleSQ, TitleEN: as.TitleEN, TitleSR: as.TitleSR, Threshold: as.Threshold}
		for _, c := range as.Criteria {
			s.Criteria = append(s.Criteria, review.Criterion{Code: c.Code, TitleSQ: c.TitleSQ, TitleEN: c.TitleEN,
				TitleSR: c.TitleSR, GuidanceSQ: c.GuidanceSQ, GuidanceEN: c.GuidanceEN, GuidanceSR: c.GuidanceSR, Weight: c.Weight})
		}
		g.Sections = append(g.Sections, s)
	}
	return g
}

// apiGridCall loads the call and the ?stage= of an API request.
func (s *Server) apiGridCall(c *gin.Context) (int64, string, bool) {
	cl, ok := s.scopedCall(c)
	if !ok {
		return 0, "", false
	}
	stage, ok := gridStage(c.Query("stage"))
	if !ok {
		s.problem(c, http.StatusBadRequest, "grids.error.stage", nil)
		return 0, "", false
	}
	return cl.ID, stage, true
}

func (s *Server) apiGrid(c *gin.Context) {
	id, stage, ok := s.apiGridCall(c)
	if !ok {
		return
	}
	g, err := s.reviewStore().Grid(c.Request.Context(), id, stage)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, toAPIGrid(g))
}

// apiUpdateGrid replaces a call stage's grid: 422 with field errors when
// it is not valid, 409 once scoring has frozen it.
func (s *Server) apiUpdateGrid(c *gin.Context) {
	id, stage, ok := s.apiGridCall(c)
	if !ok {
		return
	}
	var in apiGrid
	if !s.decodeJSON(c, &in) {
		return
	}
	g, err := s.reviewStore().UpdateGrid(c.Request.Context(), id, stage, in.grid(), currentUser(c).ID)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, toAPIGrid(g))
}
