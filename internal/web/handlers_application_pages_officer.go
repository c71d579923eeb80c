package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/place"
)

// callApplicationsData is an officer's list of a call's applications.
type callApplicationsData struct {
	Call    callView
	Items   []application.Application
	Pager   pagerView
	Lot     FieldView
	Status  FieldView
	Muni    FieldView
	Target  FieldView
	Sorts   map[string]sortLink
	CSV     string
	Filters bool
	Drafts  int // drafts not yet submitted: a count, never their rows
}

// officerCall loads the call of an officer's list: staff only (applicants
// and evaluators read applications elsewhere), the call visible to them,
// the filter valid (400 otherwise).
func (s *Server) officerCall(c *gin.Context) (call.Call, application.Filter, bool) {
	if !officerViewer(c) {
		s.forbidden(c)
		return call.Call{}, application.Filter{}, false
	}
	cl, ok := s.visibleCall(c)
	if !ok {
		return cl, application.Filter{}, false
	}
	f, ok := listFilter(c)
	if !ok {
		s.renderStatusPage(c, http.StatusBadRequest, "error.bad_request_title", "applications.error.filter")
		return cl, f, false
	}
	f.CallID = cl.ID
	return cl, f, true
}

// callApplications lists a call's applications with filters, sortable
// columns and pages.
func (s *Server) callApplications(c *gin.Context) {
	cl, f, ok := s.officerCall(c)
	if !ok {
		return
	}
	st, sc, _, ok := s.appRequest(c, false)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	pg, err := st.List(ctx, f, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	lots, err := s.callStore().Lots(ctx, cl.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	drafts, err := st.DraftCount(ctx, cl.ID, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "apppages.officer.title")
	cv := s.viewOf(p, cl, lots)
	p.Title = p.T("apppages.officer.title_of", "call", cl.Reference)
	p.callSteps(cl)
	form := newForm(p)
	q := c.Request.URL.Query()
	for _, k := range []string{"lot", "status", "municipality", "target_group", "q"} {
		form.Values[k] = q.Get(k)
	}
	d := callApplicationsData{Call: cv, Items: pg.Items, Pager: pagerOf(c, pg), Sorts: map[string]sortLink{},
		CSV: "/calls/" + strconv.FormatInt(cl.ID, 10) + "/applications.csv?" + q.Encode(), Drafts: drafts}
	d.Filters = f.LotID != 0 || f.Status != "" || f.Municipality != "" || f.TargetGroup != "" || f.Query != ""
	all := p.T("apppages.filter.all")
	d.Lot = choice(form, "lot", "apppages.col.lot", all)
	for _, l := range lots {
		d.Lot.Options = append(d.Lot.Options, option(form, "lot", strconv.FormatInt(l.ID, 10), l.Name))
	}
	d.Status = choice(form, "status", "apppages.col.status", all)
	for _, st := range application.Statuses {
		if st == application.Draft { // drafts are not listed here
			continue
		}
		d.Status.Options = append(d.Status.Options, option(form, "status", string(st), p.T("applications.status."+string(st))))
	}
	d.Muni = choice(form, "municipality", "apppages.filter.municipality", all)
	for _, m := range place.Municipalities("") {
		d.Muni.Options = append(d.Muni.Options, option(form, "municipality", m.Code, m.Name(string(p.Lang))))
	}
	d.Target = choice(form, "target_group", "apppages.filter.target_group", all)
	for _, g := range application.TargetGroups() {
		d.Target.Options = append(d.Target.Options, option(form, "target_group", g, p.T("applications.target."+g)))
	}
	for _, k := range application.Sorts {
		d.Sorts[k] = sortLinkOf(c.Request.URL, k)
	}
	p.Data = d
	s.render(c, http.StatusOK, "applications/by_call", p)
}
