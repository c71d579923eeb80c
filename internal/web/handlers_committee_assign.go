package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/review"
)

// assignmentsData is the officer's table of a call stage's applications
// and their evaluators, with the forms that change it.
type assignmentsData struct {
	Call      call.Call
	CallTitle i18n.Shown
	Stage     string
	Stages    []string // the stages of the call, for a two-stage switch
	Apps      []review.AppAssignments
	Voters    []review.Member
	RemoveID  int64                   // the assignment whose removal form was refused
	All       []review.AppAssignments // every application, for the add form's list
	Decided   bool                    // the stage's ranking is approved: nothing to change
	Counts    []string                // the applications by how far their evaluation is
	Page      assignPager
}

// assignPager is the table's page links.
type assignPager struct {
	Label, PrevHref, NextHref string
}

// assignPageSize is how many applications the table shows on one page.
const assignPageSize = 25

// assignCounts counts a stage's applications: without evaluators, being
// evaluated, every active review submitted.
func assignCounts(p *Page, apps []review.AppAssignments) []string {
	var none, open, done int
	for _, a := range apps {
		active, submitted := 0, 0
		for _, l := range a.Assignments {
			if l.Status == review.Active {
				active++
				if l.ReviewStatus == review.SubmittedReview {
					submitted++
				}
			}
		}
		switch {
		case active == 0:
			none++
		case submitted == active:
			done++
		default:
			open++
		}
	}
	return []string{p.T("committee.assign.count_none", "n", none), p.T("committee.assign.count_open", "n", open),
		p.T("committee.assign.count_done", "n", done)}
}

// evalStage reads ?stage= (or the form's stage): concept or full; a
// one-stage call has only full, a two-stage call starts at concept.
func evalStage(cl call.Call, given string) (string, bool) {
	switch {
	case given == "":
		if cl.TwoStage {
			return "concept", true
		}
		return "full", true
	case given == "full", given == "concept" && cl.TwoStage:
		return given, true
	}
	return "", false
}

func (s *Server) assignmentsPage(c *gin.Context) {
	cl, ok := s.scopedCall(c)
	if !ok {
		return
	}
	stage, ok := evalStage(cl, c.Query("stage"))
	if !ok {
		s.notFound(c)
		return
	}
	p := s.newPage(c, "committee.assign.title")
	newForm(p, "application_id", "user_id", "reason")
	s.renderAssignments(c, http.StatusOK, p, cl, stage, 0)
}

func (s *Server) renderAssignments(c *gin.Context, status int, p *Page, cl call.Call, stage string, removeID int64) {
	p.callSteps(cl)
	st := s.reviewStore()
	ctx := c.Request.Context()
	apps, err := st.CallAssignments(ctx, cl.ID, stage)
	if err != nil {
		s.fail(c, err)
		return
	}
	ms, err := st.Members(ctx, cl.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	decided, err := st.StageDecided(ctx, cl.ID, stage)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := assignmentsData{Call: cl, CallTitle: cl.Titles().In(p.Lang), Stage: stage, Stages: callStages(cl.TwoStage),
		Apps: apps, All: apps, RemoveID: removeID, Decided: decided, Counts: assignCounts(p, apps)}
	d.Apps, d.Page = assignPage(p, apps, cl.ID, stage, c.Query("page"), removeID)
	for _, m := range ms {
		if m.Role == review.Voting {
			d.Voters = append(d.Voters, m)
		}
	}
	p.Title = p.T("committee.assign.title_of", "call", cl.Reference)
	p.Data = d
	s.render(c, status, "committee/assignments", p)
}

// assignPage cuts the table to its page (the one holding the refused
// removal form, after a refusal) and builds the page links.
func assignPage(p *Page, apps []review.AppAssignments, callID int64, stage, page string, removeID int64) ([]review.AppAssignments, assignPager) {
	pages := (len(apps) + assignPageSize - 1) / assignPageSize
	if pages <= 1 {
		return apps, assignPager{}
	}
	n, _ := strconv.Atoi(page)
	for i, a := range apps {
		for _, l := range a.Assignments {
			if removeID != 0 && l.ID == removeID {
				n = i/assignPageSize + 1
			}
		}
	}
	n = min(max(n, 1), pages)
	link := func(k int) string {
		return committeeCallPath(callID, "/assignments?stage="+stage+"&page="+strconv.Itoa(k))
	}
	pg := assignPager{Label: p.T("committee.assign.page", "page", n, "pages", pages)}
	if n > 1 {
		pg.PrevHref = link(n - 1)
	}
	if n < pages {
		pg.NextHref = link(n + 1)
	}
	return apps[(n-1)*assignPageSize : min(n*assignPageSize, len(apps))], pg
}

// postedStage reads the call of :id and the posted form with its stage
// (evalStage); it answers 404 (or 400) itself and reports false when any
// is wrong.
func (s *Server) postedStage(c *gin.Context) (call.Call, string, bool) {
	cl, ok := s.scopedCall(c)
	if !ok || !s.parseForm(c) {
		return cl, "", false
	}
	stage, ok := evalStage(cl, postValue(c, "stage"))
	if !ok {
		s.notFound(c)
	}
	return cl, stage, ok
}

func (s *Server) assignmentsURL(cl call.Call, stage string) string {
	return committeeCallPath(cl.ID, "/assignments?stage="+stage)
}

// autoAssign runs the automatic assignment of the posted stage.
func (s *Server) autoAssign(c *gin.Context) {
	cl, stage, ok := s.postedStage(c)
	if !ok {
		return
	}
	res, err := s.reviewStore().AutoAssign(c.Request.Context(), cl.ID, stage,
		review.AutoOptions{PreferLanguage: postValue(c, "prefer_language") == "1", By: currentUser(c).ID})
	if err != nil {
		s.respondError(c, err)
		return
	}
	flash := "committee.flash.auto_done"
	if len(res.Unfilled) > 0 {
		flash = "committee.flash.auto_unfilled"
	}
	s.setFlash(c, flash)
	c.Redirect(http.StatusSeeOther, s.assignmentsURL(cl, stage))
}

// addAssignment is the officer's override: one evaluator on one application.
func (s *Server) addAssignment(c *gin.Context) {
	cl, stage, ok := s.postedStage(c)
	if !ok {
		return
	}
	p := s.newPage(c, "committee.assign.title")
	f := newForm(p, "application_id", "user_id", "reason")
	f.Values["application_id"], f.Values["user_id"] = postValue(c, "application_id"), postValue(c, "user_id")
	appID, _ := strconv.ParseInt(f.Values["application_id"], 10, 64)
	userID, _ := strconv.ParseInt(f.Values["user_id"], 10, 64)
	err := s.appInCall(c, cl, appID)
	if err == nil {
		_, err = s.reviewStore().AddAssignment(c.Request.Context(), appID, userID, currentUser(c).ID)
	}
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.respondError(c, err)
			return
		}
		f.setError(err)
		s.renderAssignments(c, http.StatusUnprocessableEntity, p, cl, stage, 0)
		return
	}
	s.setFlash(c, "committee.flash.assigned")
	c.Redirect(http.StatusSeeOther, s.assignmentsURL(cl, stage))
}

// appInCall refuses (field error) an application that is not of the call.
func (s *Server) appInCall(c *gin.Context, cl call.Call, appID int64) error {
	a, err := s.applicationStore().Get(c.Request.Context(), appID, requestScope(c))
	if apperr.Is(err, apperr.NotFound) || (err == nil && a.CallID != cl.ID) {
		return apperr.Field("application_id", "committee.error.application")
	}
	return err
}

// removeAssignment takes one evaluator off one application with a reason.
func (s *Server) removeAssignment(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok || !s.parseForm(c) {
		if !ok {
			s.notFound(c)
		}
		return
	}
	ctx := c.Request.Context()
	st := s.reviewStore()
	a, err := st.AssignmentByID(ctx, id)
	if err != nil {
		s.respondError(c, err)
		return
	}
	cl, stage, err := s.callOfApplication(c, a.ApplicationID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "committee.assign.title")
	f := newForm(p, "application_id", "user_id", "reason")
	f.Values["reason"] = postValue(c, "reason")
	if _, err := st.RemoveAssignment(ctx, id, f.Values["reason"], currentUser(c).ID); err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.respondError(c, err)
			return
		}
		f.setError(err)
		s.renderAssignments(c, http.StatusUnprocessableEntity, p, cl, stage, id)
		return
	}
	s.setFlash(c, "committee.flash.removed")
	c.Redirect(http.StatusSeeOther, s.assignmentsURL(cl, stage))
}

// callOfApplication loads an application's call and stage.
func (s *Server) callOfApplication(c *gin.Context, appID int64) (call.Call, string, error) {
	a, err := s.applicationStore().Get(c.Request.Context(), appID, requestScope(c))
	if err != nil {
		return call.Call{}, "", err
	}
	cl, err := s.callStore().ByID(c.Request.Context(), a.CallID)
	return cl, string(a.Stage), err
}

// sendReminders e-mails the evaluators whose work is due within three days.
func (s *Server) sendReminders(c *gin.Context) {
	cl, ok := s.scopedCall(c)
	if !ok || !s.parseForm(c) {
		return
	}
	stage, _ := evalStage(cl, postValue(c, "stage"))
	n, err := s.reviewStore().SendReminders(c.Request.Context(), cl.ID, s.reminderMail(cl))
	if err != nil {
		s.respondError(c, err)
		return
	}
	flash := "committee.flash.reminders_sent"
	if n == 0 {
		flash = "committee.flash.no_reminders"
	}
	s.setFlash(c, flash)
	c.Redirect(http.StatusSeeOther, s.assignmentsURL(cl, stage))
}

// reminderMail writes a reminder in the evaluator's language.
func (s *Server) reminderMail(cl call.Call) func(review.Reminder) notify.Message {
	return func(r review.Reminder) notify.Message {
		lang, _ := i18n.ParseLang(r.Lang)
		due := s.cat.When(lang, r.NextDue, cl.TimeZone)
		return notify.Message{
			Subject: s.cat.T(lang, "committee.mail.reminder_subject", "call", cl.Reference),
			Body: s.cat.T(lang, "committee.mail.reminder_body", "name", r.Name, "pending", s.cat.N(lang, "committee.mail.pending", int64(r.Pending)), "call", cl.Reference,
				"due", due, "url", s.cfg.PublicBaseURL()+"/reviews"),
		}
	}
}
