package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/bulk"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/review"
)

// bulkAssignData is the bulk assignment page: the call's eligible
// applications with a checkbox each and the evaluator to assign.
type bulkAssignData struct {
	Call      callView
	Rows      []bulkRow
	Pager     pagerView
	Action    string
	Evaluator FieldView
	Selected  int
	// CaptionKey, CountKey and RowTail tune the shared rows (partial bulk_rows).
	CaptionKey, CountKey, RowTail string
}

// bulkAssignPage is GET /calls/:id/bulk/assign.
func (s *Server) bulkAssignPage(c *gin.Context) {
	cl, ok := s.callWithin(c, requestScope(c))
	if !ok {
		return
	}
	p := s.newPage(c, "bulk.assign.title")
	newForm(p, "ids", "user_id")
	s.renderBulkAssign(c, http.StatusOK, p, cl, nil)
}

func (s *Server) renderBulkAssign(c *gin.Context, status int, p *Page, cl call.Call, checked []int64) {
	ctx := c.Request.Context()
	rows, pager, ok := s.bulkPage(c, cl, application.Eligible, checked)
	if !ok {
		return
	}
	members, err := s.reviewStore().Members(ctx, cl.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p.callSteps(cl)
	d := bulkAssignData{Call: s.viewOf(p, cl, nil), Rows: rows, Pager: pager, Action: c.Request.URL.RequestURI(), Selected: len(checked),
		CaptionKey: "bulk.assign.caption", CountKey: "bulk.assign.count"}
	d.Evaluator = choice(p.Form, "user_id", "bulk.assign.evaluator", p.T("bulk.assign.evaluator_none"))
	for _, m := range members {
		if m.Role == review.Voting {
			d.Evaluator.Options = append(d.Evaluator.Options, option(p.Form, "user_id", strconv.FormatInt(m.UserID, 10), m.Name))
		}
	}
	p.Data = d
	s.render(c, status, "bulk/assign", p)
}

// bulkAssignPost is POST /calls/:id/bulk/assign: like the bulk screening
// (select_all, clear, export, prepare), with the evaluator to assign; or
// "remind": remind the selected applications' evaluators.
func (s *Server) bulkAssignPost(c *gin.Context) {
	cl, ok := s.callWithin(c, requestScope(c))
	if !ok || !s.parseForm(c) {
		return
	}
	ids, ok := bulkIDs(c)
	if !ok {
		s.notFound(c)
		return
	}
	p := s.newPage(c, "bulk.assign.title")
	f := newForm(p, "ids", "user_id")
	f.Values["user_id"] = postValue(c, "user_id")
	targets, ok := s.bulkSelection(c, p, cl, ids, func(status int, checked []int64) { s.renderBulkAssign(c, status, p, cl, checked) })
	if !ok {
		return
	}
	kind := bulk.KindAssign
	if postValue(c, "action") == "remind" {
		kind = bulk.KindRemind
	}
	if !s.bulkMayRun(c, kind) {
		return
	}
	job, err := s.prepareAssignOrRemind(c, cl.ID, targets)
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.respondError(c, err)
			return
		}
		f.setError(err)
		s.renderBulkAssign(c, http.StatusUnprocessableEntity, p, cl, ids)
		return
	}
	c.Redirect(http.StatusSeeOther, bulkJobPath(job.ID))
}

// prepareAssignOrRemind stores the draft of the pressed action: the
// reminder of the selected applications' evaluators, or the assignment
// of the chosen evaluator.
func (s *Server) prepareAssignOrRemind(c *gin.Context, callID int64, targets []bulk.Target) (bulk.Job, error) {
	ctx, sc := c.Request.Context(), requestScope(c)
	if postValue(c, "action") == "remind" {
		return s.bulkStore().Prepare(ctx, sc, bulk.KindRemind, callID, struct{}{}, targets)
	}
	userID, _ := strconv.ParseInt(postValue(c, "user_id"), 10, 64)
	params, err := bulk.CheckAssign(ctx, s.reviewStore(), callID, userID)
	if err != nil {
		return bulk.Job{}, err
	}
	return s.bulkStore().Prepare(ctx, sc, bulk.KindAssign, callID, params, targets)
}
