package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/review"
)

// callScoreRow is one application of the call's consolidated table.
type callScoreRow struct {
	App  review.AppLabel
	C    review.Consolidated
	Norm *review.Normalised
}

// callScoresData is the call's consolidated scores with the normalised view.
type callScoresData struct {
	CallID    int64
	CallTitle i18n.Shown
	Stage     string
	Stages    []string
	Sections  []i18n.Shown // section titles in lang
	Rows      []callScoreRow
	Normalise bool
	Pager     pagerView
}

// Points formats hundredths for the template.
func (callScoresData) Points(lang i18n.Lang, x100 int64) string { return hundredths(lang, x100) }

// Decimal formats a normalised score with two decimals.
func (callScoresData) Decimal(lang i18n.Lang, v float64) string {
	return hundredths(lang, int64(v*100+0.5))
}

// callScoresPage shows officers every application of a call's stage with
// means, final score, divergence and readiness, and optionally the
// normalised view (?normalise=1). Other scopes get 403.
func (s *Server) callScoresPage(c *gin.Context) {
	if !requestScope(c).All() {
		s.forbidden(c)
		return
	}
	cl, ok := s.scopedCall(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	stage := c.DefaultQuery("stage", "full")
	if stage != "full" && stage != "concept" {
		s.notFound(c)
		return
	}
	p := s.newPage(c, "reviews.scores.title")
	p.callSteps(cl)
	d := callScoresData{CallID: cl.ID, CallTitle: cl.Titles().In(p.Lang), Stage: stage, Stages: callStages(cl.TwoStage),
		Normalise: c.Query("normalise") == "1"}
	st := s.reviewStore()
	g, cs, err := st.Consolidate(ctx, cl.ID, stage)
	if err != nil {
		s.respondError(c, err)
		return
	}
	labels, err := st.AppLabels(ctx, cl.ID, stage)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, sec := range g.Sections {
		d.Sections = append(d.Sections, sec.Titles().In(p.Lang))
	}
	norm := map[int64]*review.Normalised{}
	if d.Normalise {
		ns := review.Normalise(g, cs)
		for i := range ns {
			norm[ns[i].ApplicationID] = &ns[i]
		}
	}
	from, to, pg := evalPage(c, len(cs))
	for _, co := range cs[from:to] {
		d.Rows = append(d.Rows, callScoreRow{App: labels[co.ApplicationID], C: co, Norm: norm[co.ApplicationID]})
	}
	d.Pager = pg
	p.Data = d
	s.render(c, http.StatusOK, "reviews/call_scores", p)
}
