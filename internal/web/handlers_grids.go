package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/review"
)

// gridStage reads a stage ("full" when empty); ok is false for any other.
func gridStage(v string) (string, bool) {
	switch v {
	case "":
		return review.StageFull, true
	case review.StageConcept, review.StageFull:
		return v, true
	}
	return "", false
}

type gridPageData struct {
	Call     callView
	Stage    string
	Stages   []string
	Grid     review.Grid
	Sections []gridSectionView
	Max      int
	DueOn    string
	FrozenOn string
	CanEdit  bool
}

type gridSectionView struct {
	Code            string
	Title           i18n.Shown
	Threshold, Max  int
	Criteria        []gridCriterionView
	TieBreak        bool
	ThresholdActive bool
}

type gridCriterionView struct {
	Code            string
	Title, Guidance i18n.Shown
	Weight, Max     int
}

// callGrid loads the call of :id within the request's scope (scopedCall)
// and the grid of its ?stage= (full when empty); it answers 404 (or the
// store's error) itself and reports false when it cannot.
func (s *Server) callGrid(c *gin.Context) (call.Call, string, review.Grid, bool) {
	cl, ok := s.scopedCall(c)
	if !ok {
		return cl, "", review.Grid{}, false
	}
	stage, ok := gridStage(c.Query("stage"))
	if !ok {
		s.notFound(c)
		return cl, "", review.Grid{}, false
	}
	g, err := s.reviewStore().Grid(c.Request.Context(), cl.ID, stage)
	if err != nil {
		s.respondError(c, err)
		return cl, "", review.Grid{}, false
	}
	return cl, stage, g, true
}

// gridPage shows a call stage's grid in the reader's language.
func (s *Server) gridPage(c *gin.Context) {
	cl, stage, g, ok := s.callGrid(c)
	if !ok {
		return
	}
	p := s.newPage(c, "grids.title")
	p.callSteps(cl)
	v := s.viewOf(p, cl, nil)
	p.Title = cl.Reference + ": " + p.T("grids.title") + " (" + p.T("grids.stage."+stage) + ")"
	d := gridPageData{Call: v, Stage: stage, Stages: callStages(cl.TwoStage), Grid: g, Max: g.Max(),
		CanEdit: !g.Frozen() && p.Can("grid", "edit")}
	if g.ReviewDueAt != nil {
		d.DueOn = p.Date(g.ReviewDueAt.In(cl.Location()))
	}
	if g.FrozenAt != nil {
		d.FrozenOn = p.Date(g.FrozenAt.In(cl.Location()))
	}
	for _, sec := range g.Sections {
		sv := gridSectionView{Code: sec.Code, Title: sec.Titles().In(p.Lang), Threshold: sec.Threshold, Max: sec.Max(g.ScaleMax),
			TieBreak: sec.Code == g.TieBreakSection, ThresholdActive: sec.Threshold > 0}
		for _, cr := range sec.Criteria {
			sv.Criteria = append(sv.Criteria, gridCriterionView{Code: cr.Code, Title: cr.Titles().In(p.Lang),
				Guidance: cr.Guidances().In(p.Lang), Weight: cr.Weight, Max: cr.Weight * g.ScaleMax})
		}
		d.Sections = append(d.Sections, sv)
	}
	p.Data = d
	s.render(c, http.StatusOK, "grids/view", p)
}
