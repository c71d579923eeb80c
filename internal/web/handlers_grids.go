package web

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/authz"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/review"
)

// gridReviews is the evaluation store as the grid pages use it.
func (s *Server) gridReviews() *review.Store {
	st := review.NewStore(s.db, s.profiles)
	st.Now = s.now
	return st
}

// gridCall loads the call named by :id when the request may see its grid:
// any → the calls the user may see (staff every call, others published
// ones); own_org → the calls of the donor's programmes; assigned → the
// calls an evaluator is assigned in. Anything else answers 404.
func (s *Server) gridCall(c *gin.Context) (call.Call, bool) {
	if scopeOf(c) == authz.Any {
		return s.visibleCall(c)
	}
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return call.Call{}, false
	}
	ctx, u := c.Request.Context(), currentUser(c)
	var allowed bool
	switch scopeOf(c) {
	case authz.OwnOrg:
		orgs, err := s.accounts.OrgIDsOf(ctx, u.ID)
		if err != nil {
			s.fail(c, err)
			return call.Call{}, false
		}
		cl, err := s.callStore().ByID(ctx, id)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			s.fail(c, err)
			return call.Call{}, false
		}
		if err == nil && slices.Contains(orgs, cl.DonorOrgID) {
			return cl, true
		}
	case authz.Assigned:
		calls, err := s.gridReviews().GridCallsOf(ctx, u.ID)
		if err != nil {
			s.fail(c, err)
			return call.Call{}, false
		}
		allowed = slices.Contains(calls, id)
	}
	if !allowed {
		s.notFound(c)
		return call.Call{}, false
	}
	cl, err := s.callStore().ByID(ctx, id)
	if err != nil {
		s.respondError(c, err)
		return call.Call{}, false
	}
	return cl, true
}

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

// gridStages lists the stages of a call.
func gridStages(cl call.Call) []string {
	if cl.TwoStage {
		return []string{review.StageConcept, review.StageFull}
	}
	return []string{review.StageFull}
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
	Code, Title     string
	Threshold, Max  int
	Criteria        []gridCriterionView
	TieBreak        bool
	ThresholdActive bool
}

type gridCriterionView struct {
	Code, Title, Guidance string
	Weight, Max           int
}

// gridPage shows a call stage's grid in the reader's language.
func (s *Server) gridPage(c *gin.Context) {
	cl, ok := s.gridCall(c)
	if !ok {
		return
	}
	stage, ok := gridStage(c.Query("stage"))
	if !ok {
		s.notFound(c)
		return
	}
	g, err := s.gridReviews().Grid(c.Request.Context(), cl.ID, stage)
	if err != nil {
		s.respondError(c, err)
		return
	}
	p := s.newPage(c, "grids.title")
	v := s.viewOf(p, cl, nil)
	p.Title = cl.Reference + ": " + p.T("grids.title") + " (" + p.T("grids.stage."+stage) + ")"
	lang := string(p.Lang)
	d := gridPageData{Call: v, Stage: stage, Stages: gridStages(cl), Grid: g, Max: g.Max(),
		CanEdit: !g.Frozen() && p.Can("grid", "edit")}
	if g.ReviewDueAt != nil {
		d.DueOn = p.Date(g.ReviewDueAt.In(cl.Location()))
	}
	if g.FrozenAt != nil {
		d.FrozenOn = p.Date(g.FrozenAt.In(cl.Location()))
	}
	for _, sec := range g.Sections {
		sv := gridSectionView{Code: sec.Code, Title: sec.Title(lang), Threshold: sec.Threshold, Max: sec.Max(g.ScaleMax),
			TieBreak: sec.Code == g.TieBreakSection, ThresholdActive: sec.Threshold > 0}
		for _, cr := range sec.Criteria {
			sv.Criteria = append(sv.Criteria, gridCriterionView{Code: cr.Code, Title: cr.Title(lang),
				Guidance: cr.Guidance(lang), Weight: cr.Weight, Max: cr.Weight * g.ScaleMax})
		}
		d.Sections = append(d.Sections, sv)
	}
	p.Data = d
	s.render(c, http.StatusOK, "grids/view", p)
}
