package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
)

// appRequest gathers what every application handler starts with: the
// store, the scope and, on /:id routes, the id. It answers errors itself.
func (s *Server) appRequest(c *gin.Context, withID bool) (*application.Store, access.Scope, int64, bool) {
	var id int64
	if withID {
		var ok bool
		if id, ok = idParam(c, "id"); !ok {
			s.respondError(c, apperr.New(apperr.NotFound, "error.not_found"))
			return nil, access.Scope{}, 0, false
		}
	}
	st := s.applicationStore()
	sc := requestScope(c)
	return st, sc, id, true
}

// listFilter reads the list's query string; a malformed value is a 400.
func listFilter(c *gin.Context) (application.Filter, bool) {
	pageNo, perPage, ok := paging(c)
	if !ok {
		return application.Filter{}, false
	}
	f := application.Filter{Page: pageNo, PerPage: perPage, Municipality: c.Query("municipality"),
		TargetGroup: c.Query("target_group"), Query: c.Query("q"), Sort: c.Query("sort")}
	for name, dst := range map[string]*int64{"call": &f.CallID, "lot": &f.LotID} {
		if v := c.Query(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return f, false
			}
			*dst = n
		}
	}
	if v := c.Query("status"); v != "" {
		st, ok := application.ParseStatus(v)
		if !ok {
			return f, false
		}
		f.Status = st
	}
	return f, application.ValidSort(f.Sort) && len(f.Query) <= 200
}

func (s *Server) apiApplications(c *gin.Context) {
	f, ok := listFilter(c)
	if !ok {
		s.problem(c, http.StatusBadRequest, "applications.error.filter", nil)
		return
	}
	st, sc, _, ok := s.appRequest(c, false)
	if !ok {
		return
	}
	p, err := st.List(c.Request.Context(), f, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := page[apiApplicationItem]{Items: []apiApplicationItem{}, Page: p.Page, PerPage: p.PerPage, Total: p.Total}
	for _, a := range p.Items {
		out.Items = append(out.Items, toAPIApplicationItem(a))
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) apiApplication(c *gin.Context) {
	st, sc, id, ok := s.appRequest(c, true)
	if !ok {
		return
	}
	a, err := st.Get(c.Request.Context(), id, sc)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, toAPIApplication(a))
}

func (s *Server) apiCreateApplication(c *gin.Context) {
	var in apiNewApplication
	if !s.decodeJSON(c, &in) {
		return
	}
	st, sc, _, ok := s.appRequest(c, false)
	if !ok {
		return
	}
	orgID, err := s.applicantOrg(c, in.OrganisationID)
	if err == nil {
		var a application.Application
		a, err = st.Create(c.Request.Context(), sc, application.NewDraft{CallID: in.CallID, LotID: in.LotID, OrgID: orgID,
			Stage: application.Stage(in.Stage), UserID: currentUser(c).ID})
		if err == nil {
			c.Header("Location", "/api/v1/applications/"+strconv.FormatInt(a.ID, 10))
			c.JSON(http.StatusCreated, toAPIApplication(a))
			return
		}
	}
	s.respondError(c, err)
}

func (s *Server) apiUpdateApplication(c *gin.Context) {
	st, sc, id, ok := s.appRequest(c, true)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	cur, err := st.Get(ctx, id, sc)
	if err != nil {
		s.respondError(c, err)
		return
	}
	var body apiApplicationInput
	if !s.decodeJSONObject(c, &body, apiApplicationFields...) {
		return
	}
	f, shape := body.toForm(cur.Currency)
	if len(shape) > 0 {
		s.problem(c, http.StatusUnprocessableEntity, "hardening.error.api_shape", shape)
		return
	}
	profile, err := st.Profile(ctx, cur.CallID)
	if err != nil {
		s.fail(c, err)
		return
	}
	in, err := f.Parse(apiMoneyLang, profile)
	if err == nil {
		cur, err = st.Update(ctx, id, sc, currentUser(c).ID, in)
	}
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, toAPIApplication(cur))
}

func (s *Server) apiSubmitApplication(c *gin.Context) {
	if len(c.GetHeader("Idempotency-Key")) > 200 {
		s.problem(c, http.StatusBadRequest, "error.bad_request", nil)
		return
	}
	st, sc, id, ok := s.appRequest(c, true)
	if !ok {
		return
	}
	rc, err := st.Submit(c.Request.Context(), id, sc, submitter(c))
	if err != nil {
		s.submitError(c, st, id, sc, err)
		return
	}
	a, err := st.Get(c.Request.Context(), id, sc)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, apiReceipt{ID: id, Status: string(a.Status), Reference: rc.Reference, SubmittedAt: rc.SubmittedAt, SHA256: rc.SHA256})
}

// submitError names the deadline, in the call's time zone, when that is
// what refused the submission.
func (s *Server) submitError(c *gin.Context, st *application.Store, id int64, sc access.Scope, err error) {
	if apperr.As(err).Key != "applications.error.deadline_passed" {
		s.respondError(c, err)
		return
	}
	lang, when := s.lang(c), ""
	if a, gerr := st.Get(c.Request.Context(), id, sc); gerr == nil {
		if cl, cerr := s.callStore().ByID(c.Request.Context(), a.CallID); cerr == nil {
			when = deadlineText(s.cat, lang, cl)
		}
	}
	doc := problemDoc{Type: "about:blank", Title: http.StatusText(http.StatusConflict), Status: http.StatusConflict,
		Detail:   s.cat.T(lang, "applications.error.deadline_passed", "deadline", when),
		Instance: c.Request.URL.Path, RequestID: requestID(c)}
	b, _ := json.Marshal(doc)
	c.Abort()
	c.Data(http.StatusConflict, "application/problem+json", b)
}

func (s *Server) apiWithdrawApplication(c *gin.Context) {
	var in struct {
		Reason string `json:"reason"`
	}
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil && !errors.Is(err, io.EOF) {
		s.problem(c, http.StatusBadRequest, "error.bad_json", nil)
		return
	}
	st, sc, id, ok := s.appRequest(c, true)
	if !ok {
		return
	}
	if err := st.Withdraw(c.Request.Context(), id, sc, in.Reason); err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"id": id, "status": string(application.Withdrawn)})
}

func (s *Server) apiCheckApplication(c *gin.Context) {
	st, sc, id, ok := s.appRequest(c, true)
	if !ok {
		return
	}
	ps, err := st.Problems(c.Request.Context(), id, sc)
	if err != nil {
		s.respondError(c, err)
		return
	}
	out := apiCheck{Ready: len(ps) == 0, Problems: []fieldProblem{}}
	for _, p := range ps {
		out.Problems = append(out.Problems, fieldProblem{Field: p.Field, Code: p.Key, Message: s.problemMessage(s.lang(c), p)})
	}
	c.JSON(http.StatusOK, out)
}
