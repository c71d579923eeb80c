package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/bulk"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/i18n"
)

// bulkRow is one selectable application of the bulk screening list.
type bulkRow struct {
	App     application.Application
	Checked bool
}

// bulkScreeningData is the bulk screening page: the call's submitted
// applications with a checkbox each, and the decision to take for the
// selected ones.
type bulkScreeningData struct {
	Call     callView
	Rows     []bulkRow
	Pager    pagerView
	Action   string // the form's address, keeping the page
	Decision string
	Point    FieldView
	Selected int
	// CaptionKey, CountKey and RowTail tune the shared rows (partial bulk_rows).
	CaptionKey, CountKey, RowTail string
}

// bulkScreeningPage is GET /calls/:id/bulk/screening: the submitted
// applications of the call, nothing selected.
func (s *Server) bulkScreeningPage(c *gin.Context) {
	cl, ok := s.callWithin(c, requestScope(c))
	if !ok {
		return
	}
	p := s.newPage(c, "bulk.screening.title")
	newForm(p, "ids", "decision", "point", "reason")
	s.renderBulkScreening(c, http.StatusOK, p, cl, nil)
}

// renderBulkScreening renders the list with the checked ids.
func (s *Server) renderBulkScreening(c *gin.Context, status int, p *Page, cl call.Call, checked []int64) {
	ctx := c.Request.Context()
	rows, pager, ok := s.bulkPage(c, cl, application.Submitted, checked)
	if !ok {
		return
	}
	points, err := s.applicationStore().Points(ctx, cl.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p.callSteps(cl)
	d := bulkScreeningData{Call: s.viewOf(p, cl, nil), Rows: rows, Pager: pager, Decision: p.Form.Values["decision"],
		Action: c.Request.URL.RequestURI(), Selected: len(checked),
		CaptionKey: "bulk.screening.caption", CountKey: "bulk.screening.count", RowTail: "/screening"}
	d.Point = choice(p.Form, "point", "bulk.screening.point", p.T("bulk.screening.point_none"))
	for _, pt := range points {
		label := pt.Label(string(p.Lang))
		if !pt.Custom() {
			label = p.T("screening.point." + pt.Code)
		}
		d.Point.Options = append(d.Point.Options, option(p.Form, "point", pt.Code, label))
	}
	p.Data = d
	s.render(c, status, "bulk/screening", p)
}

// bulkIDs reads the selected ids; a malformed one refuses the request.
func bulkIDs(c *gin.Context) ([]int64, bool) {
	var out []int64
	for _, v := range c.Request.PostForm["ids"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return nil, false
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, true
}

// bulkScreeningPost is POST /calls/:id/bulk/screening. "select_all" and
// "clear" show the page again with every row of the page checked or none
// (no JavaScript needed); "export" downloads the selected rows; "prepare"
// checks the selection and the decision and shows the confirmation page.
// An id that is not an application of this call refuses the whole request
// (404) and stores nothing.
func (s *Server) bulkScreeningPost(c *gin.Context) {
	cl, ok := s.callWithin(c, requestScope(c))
	if !ok || !s.parseForm(c) {
		return
	}
	ids, ok := bulkIDs(c)
	if !ok {
		s.notFound(c)
		return
	}
	p := s.newPage(c, "bulk.screening.title")
	f := newForm(p, "ids", "decision", "point", "reason")
	for _, k := range []string{"decision", "point", "reason"} {
		f.Values[k] = c.Request.PostForm.Get(k)
	}
	ctx := c.Request.Context()
	targets, ok := s.bulkSelection(c, p, cl, ids, func(status int, checked []int64) { s.renderBulkScreening(c, status, p, cl, checked) })
	if !ok {
		return
	}
	if !s.bulkMayRun(c, bulk.KindScreening) {
		return
	}
	params, err := bulk.CheckScreening(ctx, s.applicationStore(), cl.ID, postValue(c, "decision"), postValue(c, "point"),
		c.Request.PostForm.Get("reason"))
	var job bulk.Job
	if err == nil {
		job, err = s.bulkStore().Prepare(ctx, requestScope(c), bulk.KindScreening, cl.ID, params, targets)
	}
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			s.respondError(c, err)
			return
		}
		f.setError(err)
		s.renderBulkScreening(c, http.StatusUnprocessableEntity, p, cl, ids)
		return
	}
	c.Redirect(http.StatusSeeOther, "/bulk-jobs/"+strconv.FormatInt(job.ID, 10))
}

// bulkTargets checks the selection against the call and the scope. A
// selection refused whole (an id of another call, unknown, or out of
// scope) answers the error page and leaves a log line for operators; too
// many ids show the form again (422) through rerender.
// bulkPage is the page of the call's applications in state st that a bulk
// list shows (50 a page, by reference), the checked ids ticked; false: it
// has answered (a bad page number, a failure).
func (s *Server) bulkPage(c *gin.Context, cl call.Call, st application.Status, checked []int64) ([]bulkRow, pagerView, bool) {
	pageNo, _, ok := paging(c)
	if !ok {
		s.renderStatusPage(c, http.StatusBadRequest, "error.bad_request_title", "error.bad_request")
		return nil, pagerView{}, false
	}
	pg, err := s.applicationStore().List(c.Request.Context(), application.Filter{CallID: cl.ID, Status: st, Page: pageNo,
		PerPage: 50, Sort: "reference"}, requestScope(c))
	if err != nil {
		s.fail(c, err)
		return nil, pagerView{}, false
	}
	rows := make([]bulkRow, 0, len(pg.Items))
	for _, a := range pg.Items {
		rows = append(rows, bulkRow{App: a, Checked: slices.Contains(checked, a.ID)})
	}
	return rows, pagerOf(c, pg), true
}

// bulkSelection handles the buttons every bulk list has: "select all on
// this page" and "clear" render the list again with the new selection,
// and "export" answers the download of the selected rows. For the list's
// action it returns the checked selection, refused whole (false, answered)
// when an id lies outside the call or the scope.
func (s *Server) bulkSelection(c *gin.Context, p *Page, cl call.Call, ids []int64, render func(status int, checked []int64)) ([]bulk.Target, bool) {
	switch postValue(c, "action") {
	case "select_all":
		for _, v := range c.Request.PostForm["page_ids"] {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		render(http.StatusOK, ids)
		return nil, false
	case "clear":
		render(http.StatusOK, nil)
		return nil, false
	}
	targets, ok := s.bulkTargets(c, p, cl, ids, func() { render(http.StatusUnprocessableEntity, nil) })
	if !ok {
		return nil, false
	}
	if postValue(c, "action") == "export" {
		s.bulkExport(c, p.Lang, cl, ids)
		return nil, false
	}
	return targets, true
}

func (s *Server) bulkTargets(c *gin.Context, p *Page, cl call.Call, ids []int64, rerender func()) ([]bulk.Target, bool) {
	targets, err := bulk.CallTargets(c.Request.Context(), s.applicationStore(), requestScope(c), cl.ID, ids)
	switch {
	case err == nil:
		return targets, true
	case apperr.CodeOf(err) == apperr.Invalid:
		p.Form.setError(err)
		rerender()
	default:
		s.log.Warn("bulk selection refused", "request_id", requestID(c), "user", currentUser(c).ID, "call", cl.ID,
			"selected", len(ids), "error", err.Error())
		s.respondError(c, err)
	}
	return nil, false
}

// bulkPointLabel names a checklist point of a call in lang.
func (s *Server) bulkPointLabel(c *gin.Context, lang i18n.Lang, callID int64, code string) string {
	ps, err := s.applicationStore().Points(c.Request.Context(), callID)
	if err != nil {
		return code
	}
	for _, pt := range ps {
		if pt.Code == code {
			if pt.Custom() {
				return pt.Label(string(lang))
			}
			return s.cat.T(lang, "screening.point."+code)
		}
	}
	return code
}
