package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
)

// askRows is how many questions the ask form offers at once.
const askRows = 3

// rfiData is the page of requests for more information: the history for
// the officer and the applicant organisation, the ask form for officers
// and the answer form for the applicant.
type rfiData struct {
	App       application.Application
	Requests  []application.InfoRequest
	Open      *application.InfoRequest
	CanAsk    bool
	CanAnswer bool
	Rows      []askRow
	Sections  []string
	ZoneLabel string // the call's clock, "ora e Kosovës (CET)"
}

// askRow is one question of the ask form with its section checkboxes.
type askRow struct {
	Index    int
	Text     string
	Sections []sectionBox
}

// sectionBox is one section checkbox.
type sectionBox struct {
	Name, ID string
	Checked  bool
}

// TextName is the form name of the row's question.
func (r askRow) TextName() string { return application.QuestionField(r.Index, "text") }

// SectionsName is the form name of the row's checkboxes.
func (r askRow) SectionsName() string { return application.QuestionField(r.Index, "sections") }

// TextID is the id of the row's question.
func (r askRow) TextID() string { return fieldID(r.TextName()) }

// SectionsID is the id of the row's fieldset.
func (r askRow) SectionsID() string { return fieldID(r.SectionsName()) }

// AnswerName is the form name of the answer to question id.
func (d rfiData) AnswerName(id int64) string { return application.AnswerField(id) }

// AnswerID is the id of the answer to question id.
func (d rfiData) AnswerID(id int64) string { return fieldID(application.AnswerField(id)) }

func (s *Server) infoRequestsPage(c *gin.Context) {
	ac, ok := s.loadApp(c)
	if !ok {
		return
	}
	p := s.newPage(c, "screening.rfi.title")
	newForm(p)
	s.renderRFI(c, http.StatusOK, p, ac, nil)
}

func (s *Server) renderRFI(c *gin.Context, status int, p *Page, ac *appCtx, rows []askRow) {
	ac.steps(p)
	rs, err := ac.st.InfoRequests(c.Request.Context(), ac.app.ID, ac.sc)
	if err != nil {
		s.respondError(c, err)
		return
	}
	d := rfiData{App: ac.app, Requests: rs, Sections: application.Sections, ZoneLabel: s.cat.ZoneLabel(p.Lang, ac.call.TimeZone, s.now()),
		CanAsk: ac.sc.All() && s.canScreen(c) && ac.app.Status == application.Submitted}
	for i := range rs {
		if rs[i].Open() {
			d.Open = &rs[i]
		}
	}
	d.CanAnswer = d.Open != nil && ac.sc.CanWriteFor(ac.app.OrgID) && ac.app.Status == application.InfoRequested
	if rows == nil {
		for i := range askRows {
			rows = append(rows, newAskRow(i, "", nil))
		}
	}
	d.Rows = rows
	p.Data = d
	s.render(c, status, "screening/info_requests", p)
}

func newAskRow(i int, text string, checked []string) askRow {
	r := askRow{Index: i, Text: text}
	for _, sec := range application.Sections {
		box := sectionBox{Name: sec, ID: fieldID(application.QuestionField(i, "sections")) + "-" + sec}
		for _, c := range checked {
			box.Checked = box.Checked || c == sec
		}
		r.Sections = append(r.Sections, box)
	}
	return r
}

// askInfo asks the applicant questions; the application goes to
// info_requested.
func (s *Server) askInfo(c *gin.Context) {
	ac, ok := s.loadApp(c)
	if !ok || !s.parseForm(c) {
		return
	}
	var qs []application.Question
	var rows []askRow
	for i := range askRows {
		q := application.Question{Text: c.Request.PostForm.Get(application.QuestionField(i, "text")),
			Sections: c.Request.PostForm[application.QuestionField(i, "sections")]}
		qs = append(qs, q)
		rows = append(rows, newAskRow(i, q.Text, q.Sections))
	}
	p := s.newPage(c, "screening.rfi.title")
	f := newForm(p)
	f.Values["due_at"] = postValue(c, "due_at")
	due, err := dueDate(f.Values["due_at"], ac.call.Location())
	if err == nil {
		_, err = ac.st.Ask(c.Request.Context(), ac.app.ID, ac.sc, currentUser(c).ID, qs, due)
	}
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.respondError(c, err)
			return
		}
		f.setError(err)
		s.renderRFI(c, http.StatusUnprocessableEntity, p, ac, rows)
		return
	}
	s.setFlash(c, "screening.flash.asked")
	c.Redirect(http.StatusSeeOther, appPath(ac.app.ID, "/info-requests"))
}

// dueDate reads an optional deadline day: the end of that day in the
// call's time zone.
func dueDate(v string, loc *time.Location) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	d, err := time.ParseInLocation("2006-01-02", v, loc)
	if err != nil {
		return nil, apperr.Field("due_at", "screening.error.due_invalid")
	}
	t := d.AddDate(0, 0, 1).Add(-time.Second).UTC()
	return &t, nil
}

// answerInfo sends the applicant's answers; the application returns to
// submitted with a new version kept.
func (s *Server) answerInfo(c *gin.Context) {
	ac, ok := s.loadApp(c)
	if !ok || !s.parseForm(c) {
		return
	}
	p := s.newPage(c, "screening.rfi.title")
	f := newForm(p)
	var answers []application.Answer
	for name, vals := range c.Request.PostForm {
		if id, err := strconv.ParseInt(trimAnswerName(name), 10, 64); err == nil && len(vals) > 0 {
			answers = append(answers, application.Answer{QuestionID: id, Text: vals[0]})
			f.Values[name] = vals[0]
		}
	}
	if _, err := ac.st.SendAnswers(c.Request.Context(), ac.app.ID, ac.sc, currentUser(c).ID, answers); err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.respondError(c, err)
			return
		}
		f.setError(err)
		s.renderRFI(c, http.StatusUnprocessableEntity, p, ac, nil)
		return
	}
	s.setFlash(c, "screening.flash.answered")
	c.Redirect(http.StatusSeeOther, appPath(ac.app.ID, "/info-requests"))
}

// trimAnswerName returns the id in "answers[<id>]", or "" for another name.
func trimAnswerName(name string) string {
	const pre, suf = "answers[", "]"
	if len(name) <= len(pre)+len(suf) || name[:len(pre)] != pre || name[len(name)-1:] != suf {
		return ""
	}
	return name[len(pre) : len(name)-1]
}
