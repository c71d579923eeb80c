package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/review"
)

// reviewScoreView is one criterion of a review as read on the page.
type reviewScoreView struct {
	Code                 string
	Title                i18n.Shown
	Score, Justification string
}

// reviewView is one review on the application's page.
type reviewView struct {
	review.ReviewView
	Scores []reviewScoreView
	Open   bool // this review's reopen form carries the errors
}

// appReviewsData is an application's reviews: every one with names and
// the consolidation for officers, the evaluator's own for an evaluator.
type appReviewsData struct {
	App          review.AppLabel
	Officer      bool
	Chair        bool
	Reviews      []reviewView
	Consolidated review.Consolidated
	Sections     []i18n.Shown // section titles in lang, by position
	Final, Mean  string

	sectionTitle map[string]i18n.Shown // by section code
}

// SectionTitle is a section's title in the reader's language, for a
// reason that names the section by its code; the code itself only when
// the grid no longer has it.
func (d appReviewsData) SectionTitle(code string) i18n.Shown {
	if t, ok := d.sectionTitle[code]; ok && t.Text != "" {
		return t
	}
	return i18n.Shown{Text: code}
}

// Points formats hundredths for the template.
func (d appReviewsData) Points(lang i18n.Lang, x100 int64) string { return hundredths(lang, x100) }

// applicationReviewsPage shows an application's reviews.
func (s *Server) applicationReviewsPage(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	p := s.newPage(c, "reviews.app.title")
	newForm(p)
	s.renderAppReviews(c, http.StatusOK, p, id, 0)
}

// renderAppReviews renders the page; openID names the review whose reopen
// form was refused, so its errors show beside it.
func (s *Server) renderAppReviews(c *gin.Context, status int, p *Page, appID, openID int64) {
	ctx, st, u := c.Request.Context(), s.reviewStore(), currentUser(c)
	sc := requestScope(c)
	d := appReviewsData{Officer: sc.All()}
	revs, err := st.ApplicationReviews(ctx, appID, sc)
	if err == nil {
		d.App, err = st.AppLabel(ctx, appID)
	}
	var g review.Grid
	if err == nil {
		g, d.Consolidated, err = st.ConsolidateApplication(ctx, appID)
	}
	if err == nil && d.Officer {
		d.Chair, err = st.IsCommitteeChair(ctx, d.App.CallID, u.ID)
	}
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.appStepsByID(c, p, d.App.CallID, d.App.ID, d.App.Title)
	titles := map[int64]i18n.Shown{}
	codes := map[int64]string{}
	d.sectionTitle = map[string]i18n.Shown{}
	for _, sec := range g.Sections {
		d.Sections = append(d.Sections, sec.Titles().In(p.Lang))
		d.sectionTitle[sec.Code] = sec.Titles().In(p.Lang)
		for _, cr := range sec.Criteria {
			titles[cr.ID], codes[cr.ID] = cr.Titles().In(p.Lang), cr.Code
		}
	}
	for _, r := range revs {
		v := reviewView{ReviewView: r, Open: r.AssignmentID == openID}
		for _, sc := range r.Review.Scores {
			sv := reviewScoreView{Code: codes[sc.CriterionID], Title: titles[sc.CriterionID], Justification: sc.Justification}
			if sc.Score != nil {
				sv.Score = strconv.Itoa(*sc.Score)
			}
			v.Scores = append(v.Scores, sv)
		}
		d.Reviews = append(d.Reviews, v)
	}
	if !d.Officer {
		d.Consolidated = review.Consolidated{} // an evaluator never sees the others' work
	}
	p.Data = d
	s.render(c, status, "reviews/application", p)
}

// reopenReview lets the chair unlock a submitted review with a reason.
func (s *Server) reopenReview(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok || !s.parseForm(c) {
		if !ok {
			s.notFound(c)
		}
		return
	}
	ctx, st := c.Request.Context(), s.reviewStore()
	err := st.Reopen(ctx, id, currentUser(c).ID, c.Request.PostForm.Get("reason"))
	var appID int64 // the assignment's application, not a posted one
	if a, aerr := st.AssignmentByID(ctx, id); aerr == nil {
		appID = a.ApplicationID
	}
	s.afterChairAction(c, err, appID, id, "reviews.flash.reopened", "reason")
}

// resolveDivergence records the chair's note on a divergent application.
func (s *Server) resolveDivergence(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok || !s.parseForm(c) {
		if !ok {
			s.notFound(c)
		}
		return
	}
	err := s.reviewStore().ResolveDivergence(c.Request.Context(), id, currentUser(c).ID, c.Request.PostForm.Get("note"))
	s.afterChairAction(c, err, id, 0, "reviews.flash.resolved", "note")
}

// afterChairAction redirects to the application's reviews, or shows them
// again with the refused text kept (422).
func (s *Server) afterChairAction(c *gin.Context, err error, appID, openID int64, flash, field string) {
	if err == nil {
		s.setFlash(c, flash)
		c.Redirect(http.StatusSeeOther, appPath(appID, "/reviews"))
		return
	}
	if !apperr.Is(err, apperr.Invalid) || appID == 0 {
		s.respondError(c, err)
		return
	}
	p := s.newPage(c, "reviews.app.title")
	f := newForm(p, field)
	f.Values[field] = c.Request.PostForm.Get(field)
	f.setError(err)
	s.renderAppReviews(c, http.StatusUnprocessableEntity, p, appID, openID)
}
