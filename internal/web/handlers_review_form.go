package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/review"
)

// scoreCriterionView is one criterion of the score form.
type scoreCriterionView struct {
	Code                                 string
	Title, Guidance                      i18n.Shown
	Weight                               int
	ScoreName, ScoreID, ScoreValue       string
	ScoreError                           string
	JustName, JustID, JustValue, JustErr string
}

// scoreSectionView is one fieldset of the score form.
type scoreSectionView struct {
	Code     string
	Title    i18n.Shown
	Max      int
	Criteria []scoreCriterionView
}

// scoreFormData is the score form: the application's label, the grid in
// the user's language with the values typed or stored, and the state.
type scoreFormData struct {
	Sheet    review.Sheet
	Sections []scoreSectionView
	Locked   bool // submitted: read only until the chair reopens it
	ScaleMin int
	ScaleMax int
	MinChars int
	Action   string
}

// scoreValues fills the form from the stored review.
func scoreValues(f *Form, sh review.Sheet) {
	got := map[int64]review.Score{}
	for _, sc := range sh.Review.Scores {
		got[sc.CriterionID] = sc
	}
	for _, sec := range sh.Grid.Sections {
		for _, c := range sec.Criteria {
			if sc, ok := got[c.ID]; ok {
				if sc.Score != nil {
					f.Values[review.ScoreField(c.Code)] = strconv.Itoa(*sc.Score)
				}
				f.Values[review.JustificationField(c.Code)] = sc.Justification
			}
		}
	}
	f.Values["comment"] = sh.Review.Comment
}

// renderScoreForm renders the sheet with the form's values and errors.
func (s *Server) renderScoreForm(c *gin.Context, status int, p *Page, sh review.Sheet) {
	d := scoreFormData{Sheet: sh, Locked: sh.Review.Status == review.SubmittedReview, ScaleMin: sh.Grid.ScaleMin,
		ScaleMax: sh.Grid.ScaleMax, MinChars: sh.Grid.MinJustification,
		Action: "/assignments/" + strconv.FormatInt(sh.AssignmentID, 10) + "/review"}
	f := p.Form
	for _, sec := range sh.Grid.Sections {
		sv := scoreSectionView{Code: sec.Code, Title: sec.Titles().In(p.Lang), Max: sec.Max(sh.Grid.ScaleMax)}
		for _, cr := range sec.Criteria {
			sn, jn := review.ScoreField(cr.Code), review.JustificationField(cr.Code)
			cv := scoreCriterionView{Code: cr.Code, Weight: cr.Weight,
				Title: cr.Titles().In(p.Lang), Guidance: cr.Guidances().In(p.Lang),
				ScoreName: sn, ScoreID: fieldID(sn), ScoreValue: f.Values[sn],
				JustName: jn, JustID: fieldID(jn), JustValue: f.Values[jn]}
			if k := f.Errors[sn]; k != "" {
				cv.ScoreError = p.T(k)
			}
			if k := f.Errors[jn]; k != "" {
				cv.JustErr = p.T(k)
			}
			f.Order = append(f.Order, sn, jn)
			sv.Criteria = append(sv.Criteria, cv)
		}
		d.Sections = append(d.Sections, sv)
	}
	f.Order = append(f.Order, "comment", "form")
	p.Data = d
	s.render(c, status, "reviews/form", p)
}

// scoreSheet loads the user's own assignment of :id; before the
// declaration it sends the evaluator to declare first.
func (s *Server) scoreSheet(c *gin.Context) (review.Sheet, bool) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return review.Sheet{}, false
	}
	sh, err := s.reviewStore().Sheet(c.Request.Context(), id, currentUser(c).ID)
	if apperr.As(err).Key == "reviews.error.declare_first" && !isAPI(c) && c.Request.Method == http.MethodGet {
		c.Redirect(http.StatusSeeOther, "/assignments/"+strconv.FormatInt(id, 10)+"/declare")
		return review.Sheet{}, false
	}
	if err != nil {
		s.respondError(c, err)
		return review.Sheet{}, false
	}
	return sh, true
}

// scoreForm shows the evaluator's score form (read only once submitted).
func (s *Server) scoreForm(c *gin.Context) {
	sh, ok := s.scoreSheet(c)
	if !ok {
		return
	}
	p := s.newPage(c, "reviews.form.title")
	scoreValues(newForm(p), sh)
	s.renderScoreForm(c, http.StatusOK, p, sh)
}

// saveScoreForm saves a draft or submits; a refusal shows the form again
// with everything typed (422, or 409 when locked or not scorable).
func (s *Server) saveScoreForm(c *gin.Context) {
	sh, ok := s.scoreSheet(c)
	if !ok || !s.parseForm(c) {
		return
	}
	p := s.newPage(c, "reviews.form.title")
	f := newForm(p)
	in := review.ReviewInput{Submit: postValue(c, "action") == "submit", Comment: c.Request.PostForm.Get("comment")}
	for _, sec := range sh.Grid.Sections {
		for _, cr := range sec.Criteria {
			sn, jn := review.ScoreField(cr.Code), review.JustificationField(cr.Code)
			f.Values[sn], f.Values[jn] = postValue(c, sn), c.Request.PostForm.Get(jn)
			in.Scores = append(in.Scores, review.ScoreInput{Criterion: cr.Code, Score: f.Values[sn], Justification: f.Values[jn]})
		}
	}
	f.Values["comment"] = in.Comment
	_, err := s.reviewStore().SaveReview(c.Request.Context(), sh.AssignmentID, currentUser(c).ID, in)
	if err == nil {
		s.setFlash(c, map[bool]string{false: "reviews.flash.saved", true: "reviews.flash.submitted"}[in.Submit])
		c.Redirect(http.StatusSeeOther, "/assignments/"+strconv.FormatInt(sh.AssignmentID, 10)+"/review")
		return
	}
	status := statusOf(apperr.CodeOf(err))
	if status != http.StatusUnprocessableEntity && status != http.StatusConflict {
		s.respondError(c, err)
		return
	}
	f.setError(err)
	if status == http.StatusConflict {
		sh.Review.Status = review.DraftReview // show what was typed, editable, beside the message
	}
	s.renderScoreForm(c, status, p, sh)
}
