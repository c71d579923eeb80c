package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/place"
	"github.com/subgrant/portal/internal/report"
)

type openCallsData struct{ Calls []callView }

// openCalls is the public list of calls accepting applications now.
func (s *Server) openCalls(c *gin.Context) {
	ctx := c.Request.Context()
	st := s.callStore()
	list, err := st.List(ctx, access.Visitor(), call.Filter{Status: call.Open})
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "calls.open_title")
	d := openCallsData{}
	for _, cl := range list {
		lots, err := st.Lots(ctx, cl.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		d.Calls = append(d.Calls, s.viewOf(p, cl, lots))
	}
	p.Data = d
	s.render(c, http.StatusOK, "calls/open", p)
}

type callPageData struct {
	Call           callView
	Documents      []docView
	OrgKinds       []string
	Municipalities []string
	Questions      []call.Question
	Moderator      bool
	CanAsk         bool
	Reports        reportLinks // the call's reports the user may download
}

type docView struct {
	Code  string
	Label i18n.Shown
}

// callPage is the public page of a call: texts, lots, documents,
// eligibility and clarifications.
func (s *Server) callPage(c *gin.Context) {
	cl, ok := s.visibleCall(c)
	if !ok {
		return
	}
	s.renderCallPage(c, http.StatusOK, cl, "", nil)
}

func (s *Server) renderCallPage(c *gin.Context, status int, cl call.Call, question string, formErr error) {
	ctx := c.Request.Context()
	st := s.callStore()
	lots, err := st.Lots(ctx, cl.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	docs, err := st.Documents(ctx, cl.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	qs, err := st.Questions(ctx, cl.ID, publicScope(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "calls.open_title")
	p.Step("nav.calls", "/calls")
	lang := string(p.Lang)
	d := callPageData{Call: s.viewOf(p, cl, lots), Questions: qs, Moderator: principalOf(c).EditsCalls,
		CanAsk: p.Can("call", "ask") && call.IsOpen(cl, s.now()), Reports: s.reportLinksFor(c, p, report.Call, cl.ID)}
	p.Title = d.Call.Title.Text
	for _, doc := range docs {
		d.Documents = append(d.Documents, docView{Code: doc.Code, Label: doc.Labels().In(p.Lang)})
	}
	for _, k := range cl.OrgKinds() {
		d.OrgKinds = append(d.OrgKinds, p.T("calls.kind."+k))
	}
	for _, code := range cl.Municipalities() {
		if m, ok := place.Lookup(code); ok {
			d.Municipalities = append(d.Municipalities, m.Name(lang))
		}
	}
	f := newForm(p, "question")
	f.Values["question"] = question
	if formErr != nil {
		f.setError(formErr)
	}
	p.Data = d
	s.render(c, status, "calls/call", p)
}

// askQuestion records a clarification question of the user's organisation.
func (s *Server) askQuestion(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	cl, ok := s.visibleCall(c)
	if !ok {
		return
	}
	text := c.Request.PostForm.Get("question")
	ids := principalOf(c).OrgIDs
	if len(ids) == 0 {
		s.renderCallPage(c, http.StatusUnprocessableEntity, cl, text, apperr.Field("question", "calls.error.no_org"))
		return
	}
	_, err := s.callStore().Ask(c.Request.Context(), cl.ID, ids[0], currentUser(c).ID, text)
	if apperr.CodeOf(err) == apperr.Invalid {
		s.renderCallPage(c, http.StatusUnprocessableEntity, cl, text, err)
		return
	}
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.setFlash(c, "calls.question_sent")
	c.Redirect(http.StatusSeeOther, "/calls/"+strconv.FormatInt(cl.ID, 10)+"#clarifications")
}
