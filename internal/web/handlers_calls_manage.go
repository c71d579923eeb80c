package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/report"
)

type manageCallsData struct {
	Calls    []callView
	Status   string
	Statuses []call.Status
}

// manageCalls lists every call for officers, optionally by status.
func (s *Server) manageCalls(c *gin.Context) {
	st, ok := call.ParseStatus(c.Query("status"))
	if !ok && c.Query("status") != "" {
		s.renderStatusPage(c, http.StatusBadRequest, "error.bad_request_title", "calls.error.status_filter")
		return
	}
	list, err := s.callStore().List(c.Request.Context(), requestScope(c), call.Filter{Status: st})
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "calls.manage_title")
	d := manageCallsData{Status: string(st), Statuses: call.Statuses}
	for _, cl := range list {
		d.Calls = append(d.Calls, s.viewOf(p, cl, nil))
	}
	p.Data = d
	s.render(c, http.StatusOK, "calls/manage_list", p)
}

type manageCallData struct {
	Call      callView
	Documents []call.Document
	Questions []call.Question
	CanClose  bool
	Reports   reportLinks // the call's reports the user may download
}

func (s *Server) manageCall(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	s.renderManageCall(c, http.StatusOK, id, nil)
}

func (s *Server) renderManageCall(c *gin.Context, status int, id int64, formErr error) {
	cl, lots, docs, ok := s.callWithParts(c, id)
	if !ok {
		return
	}
	qs, err := s.callStore().Questions(c.Request.Context(), id, requestScope(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "calls.manage_title")
	p.Step("nav.manage_calls", "/manage/calls")
	v := s.viewOf(p, cl, lots)
	p.Title = cl.Reference + ": " + v.Title.Text
	f := newForm(p)
	for k, val := range c.Request.PostForm {
		if len(val) > 0 {
			f.Values[k] = val[0]
		}
	}
	if formErr != nil {
		f.setError(formErr)
	}
	p.Data = manageCallData{Call: v, Documents: docs, Questions: qs, CanClose: v.Status == string(call.Open) || v.Status == string(call.Published),
		Reports: s.reportLinksFor(c, p, report.Call, cl.ID)}
	s.render(c, status, "calls/manage_call", p)
}

func (s *Server) publishCall(c *gin.Context) {
	s.moveCall(c, func(st *call.Store, id int64) error { return st.Publish(c.Request.Context(), id) }, "calls.published")
}

func (s *Server) closeCall(c *gin.Context) {
	s.moveCall(c, func(st *call.Store, id int64) error { return st.Close(c.Request.Context(), id) }, "calls.closed")
}

// moveCall publishes or closes a call; an incomplete call comes back with
// the list of what is missing (422).
func (s *Server) moveCall(c *gin.Context, move func(*call.Store, int64) error, flash string) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	if !s.parseForm(c) {
		return
	}
	err := move(s.callStore(), id)
	switch {
	case apperr.CodeOf(err) == apperr.Invalid:
		s.renderManageCall(c, http.StatusUnprocessableEntity, id, err)
	case err != nil:
		s.respondError(c, err)
	default:
		s.setFlash(c, flash)
		c.Redirect(http.StatusSeeOther, "/manage/calls/"+strconv.FormatInt(id, 10))
	}
}

// answerQuestion records an officer's answer and whether to publish it.
func (s *Server) answerQuestion(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	if !s.parseForm(c) {
		return
	}
	st := s.callStore()
	q, err := st.QuestionByID(c.Request.Context(), id)
	if err != nil {
		s.respondError(c, err)
		return
	}
	field := "answer_" + strconv.FormatInt(id, 10)
	_, err = st.Answer(c.Request.Context(), id, currentUser(c).ID, c.Request.PostForm.Get(field), postValue(c, "publish") == "1")
	if apperr.CodeOf(err) == apperr.Invalid {
		e := apperr.As(err)
		s.renderManageCall(c, http.StatusUnprocessableEntity, q.CallID, apperr.Field(field, e.Fields["answer"]))
		return
	}
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.setFlash(c, "calls.answer_saved")
	c.Redirect(http.StatusSeeOther, "/manage/calls/"+strconv.FormatInt(q.CallID, 10)+"#clarifications")
}
