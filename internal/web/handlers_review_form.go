package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/review"
)

// scoreCriterionView is one criterion of the score form: one compact row
// with its number and name, weight and maximum, the scale as a radio
// group and the justification.
type scoreCriterionView struct {
	Code                                 string
	Title, Guidance                      i18n.Shown
	Weight, Max                          int
	Points                               string // score × weight, "" while unscored
	Options                              []scoreOption
	ScoreName, ScoreID, ScoreValue       string
	ScoreError                           string
	JustName, JustID, JustValue, JustErr string
}

// scoreOption is one point of the scale in a criterion's radio group; the
// first carries the field's id, so the error summary's link lands on it.
type scoreOption struct {
	Value, ID string
	Checked   bool
}

// scoreSectionView is one fieldset of the score form with its running
// points (the weighted scores given so far) against its maximum.
type scoreSectionView struct {
	Code     string
	Title    i18n.Shown
	Max      int
	Points   int
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
	Total    int // the weighted scores given so far, server-side
	TotalMax int
	Summary  []SummaryItem            // the errors, each naming its criterion
	Hidden   []hiddenField            // the confirmation step: every value typed, posted again
	Beside   *application.Application // ?beside=1: the application shown beside the form
	Path     string                   // the form's address, to show or hide the application
}

// hiddenField is one value carried by the confirmation step's form.
type hiddenField struct{ Name, Value string }

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

// scoreView builds the sheet's sections with the form's values and
// errors, the running points and the error summary naming each criterion.
func scoreView(p *Page, sh review.Sheet) scoreFormData {
	d := scoreFormData{Sheet: sh, Locked: sh.Review.Status == review.SubmittedReview, ScaleMin: sh.Grid.ScaleMin,
		ScaleMax: sh.Grid.ScaleMax, MinChars: sh.Grid.MinJustification, TotalMax: sh.Grid.Max(),
		Action: "/assignments/" + strconv.FormatInt(sh.AssignmentID, 10) + "/review"}
	d.Path = d.Action
	f := p.Form
	named := func(cr review.Criterion, name string) {
		if k := f.Errors[name]; k != "" {
			d.Summary = append(d.Summary, SummaryItem{ID: fieldID(name), Message: p.T("reviews.form.error_named",
				"criterion", cr.Code+" "+cr.Titles().In(p.Lang).Text, "message", p.T(k))})
		}
	}
	for _, sec := range sh.Grid.Sections {
		sv := scoreSectionView{Code: sec.Code, Title: sec.Titles().In(p.Lang), Max: sec.Max(sh.Grid.ScaleMax)}
		for _, cr := range sec.Criteria {
			sn, jn := review.ScoreField(cr.Code), review.JustificationField(cr.Code)
			cv := scoreCriterionView{Code: cr.Code, Weight: cr.Weight, Max: cr.Weight * sh.Grid.ScaleMax,
				Title: cr.Titles().In(p.Lang), Guidance: cr.Guidances().In(p.Lang),
				ScoreName: sn, ScoreID: fieldID(sn), ScoreValue: f.Values[sn],
				JustName: jn, JustID: fieldID(jn), JustValue: f.Values[jn]}
			for v := sh.Grid.ScaleMin; v <= sh.Grid.ScaleMax; v++ {
				o := scoreOption{Value: strconv.Itoa(v), ID: cv.ScoreID + "-" + strconv.Itoa(v)}
				if v == sh.Grid.ScaleMin {
					o.ID = cv.ScoreID
				}
				o.Checked = o.Value == cv.ScoreValue
				cv.Options = append(cv.Options, o)
			}
			if n, err := strconv.Atoi(cv.ScoreValue); err == nil && n >= sh.Grid.ScaleMin && n <= sh.Grid.ScaleMax {
				cv.Points = strconv.Itoa(n * cr.Weight)
				sv.Points += n * cr.Weight
			}
			if k := f.Errors[sn]; k != "" {
				cv.ScoreError = p.T(k)
			}
			if k := f.Errors[jn]; k != "" {
				cv.JustErr = p.T(k)
			}
			named(cr, sn)
			named(cr, jn)
			f.Order = append(f.Order, sn, jn)
			sv.Criteria = append(sv.Criteria, cv)
		}
		d.Total += sv.Points
		d.Sections = append(d.Sections, sv)
	}
	f.Order = append(f.Order, "comment", "form")
	for _, name := range []string{"comment", "form"} {
		if k := f.Errors[name]; k != "" {
			d.Summary = append(d.Summary, SummaryItem{ID: fieldID(name), Message: p.T(k)})
		}
	}
	return d
}

// renderScoreForm renders the sheet with the form's values and errors.
func (s *Server) renderScoreForm(c *gin.Context, status int, p *Page, sh review.Sheet) {
	p.Data = scoreView(p, sh)
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
	s.appStepsByID(c, p, sh.App.CallID, sh.App.ID, sh.App.Title)
	scoreValues(newForm(p), sh)
	p.Data = scoreView(p, sh)
	if c.Query("beside") == "1" {
		app, err := s.applicationStore().Get(c.Request.Context(), sh.App.ID, requestScope(c))
		if err != nil {
			s.respondError(c, err)
			return
		}
		d := p.Data.(scoreFormData)
		d.Beside = &app
		p.Data = d
	}
	s.render(c, http.StatusOK, "reviews/form", p)
}

// saveScoreForm saves a draft or submits; a refusal shows the form again
// with everything typed (422, or 409 when locked or not scorable). A
// submission goes through a confirmation step: the first "Submit" checks
// the review as a submission, saves it as a draft and shows what will be
// locked; only the confirmation's own button (confirm=yes) submits.
func (s *Server) saveScoreForm(c *gin.Context) {
	sh, ok := s.scoreSheet(c)
	if !ok || !s.parseForm(c) {
		return
	}
	p := s.newPage(c, "reviews.form.title")
	s.appStepsByID(c, p, sh.App.CallID, sh.App.ID, sh.App.Title)
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
	confirm := in.Submit && postValue(c, "confirm") != "yes" && sh.Review.Status != review.SubmittedReview
	var err error
	if confirm {
		if err = review.CheckSubmission(sh.Grid, in); err == nil {
			draft := in
			draft.Submit = false
			_, err = s.reviewStore().SaveReview(c.Request.Context(), sh.AssignmentID, currentUser(c).ID, draft)
		}
		if err == nil {
			s.renderScoreConfirm(c, p, sh)
			return
		}
	} else {
		_, err = s.reviewStore().SaveReview(c.Request.Context(), sh.AssignmentID, currentUser(c).ID, in)
	}
	if err == nil {
		if in.Submit { // done: the next review waits on the work list
			s.setFlash(c, "reviews.flash.submitted")
			c.Redirect(http.StatusSeeOther, "/reviews")
			return
		}
		s.setFlash(c, "reviews.flash.saved")
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

// renderScoreConfirm is the confirmation step: the scores as they will be
// locked, and a form that posts them again with confirm=yes. Going back
// to the form loses nothing: the values are saved as a draft.
func (s *Server) renderScoreConfirm(c *gin.Context, p *Page, sh review.Sheet) {
	d := scoreView(p, sh)
	d.Locked = true // the rows are shown read only
	for _, sec := range d.Sections {
		for _, cr := range sec.Criteria {
			d.Hidden = append(d.Hidden, hiddenField{cr.ScoreName, cr.ScoreValue}, hiddenField{cr.JustName, cr.JustValue})
		}
	}
	d.Hidden = append(d.Hidden, hiddenField{"comment", p.Form.Values["comment"]})
	p.Title = p.T("reviews.confirm.title")
	p.Data = d
	s.render(c, http.StatusOK, "reviews/confirm", p)
}
