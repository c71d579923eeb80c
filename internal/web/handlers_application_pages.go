package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/grant"
	"github.com/subgrant/portal/internal/i18n"
)

// appCtx is one application with what its pages need: the store, the
// request's scope, the call with its lots and the donor profile.
type appCtx struct {
	st      *application.Store
	sc      access.Scope
	app     application.Application
	call    call.Call
	lots    []call.Lot
	profile *donor.Profile
}

// Writable reports whether the user may still change the application.
func (a *appCtx) Writable() bool { return a.editableNow() && a.sc.CanWriteFor(a.app.OrgID) }

// editableNow is a draft, or an application whose sections named in a
// request for information may change (the domain refuses the others).
func (a *appCtx) editableNow() bool {
	return a.app.Editable() || a.app.Status == application.InfoRequested
}

// loadApp loads the application of the :id parameter within the scope and
// its call; it answers 404 (also for another organisation's id) itself.
func (s *Server) loadApp(c *gin.Context) (*appCtx, bool) {
	st, sc, id, ok := s.appRequest(c, true)
	if !ok {
		return nil, false
	}
	ctx := c.Request.Context()
	a, err := st.Get(ctx, id, sc)
	if err != nil {
		s.respondError(c, err)
		return nil, false
	}
	ac := &appCtx{st: st, sc: sc, app: a}
	if ac.call, err = s.callStore().ByID(ctx, a.CallID); err == nil {
		if ac.lots, err = s.callStore().Lots(ctx, a.CallID); err == nil {
			ac.profile, err = st.Profile(ctx, a.CallID)
		}
	}
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return ac, true
}

// myApplicationsData is the list of the user's organisations' applications.
type myApplicationsData struct {
	Items []application.Application
	Calls []linkView // staff: the calls whose applications they may list
	Staff bool
	Pager pagerView
}

// myApplications lists the applications the scope reaches: an applicant's
// organisations' (and those naming them as partners); staff also get the
// calls, each leading to its list of applications.
func (s *Server) myApplications(c *gin.Context) {
	f, ok := listFilter(c)
	if !ok {
		s.renderStatusPage(c, http.StatusBadRequest, "error.bad_request_title", "applications.error.filter")
		return
	}
	st, sc, _, ok := s.appRequest(c, false)
	if !ok {
		return
	}
	pg, err := st.List(c.Request.Context(), f, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "apppages.mine.title")
	d := myApplicationsData{Items: pg.Items, Pager: pagerOf(c, pg)}
	if staff := officerViewer(c); staff {
		d.Staff = true
		p.Title = p.T("apppages.all.title")
		calls, err := s.callStore().List(c.Request.Context(), publicScope(c), call.Filter{})
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, cl := range calls {
			title := cl.Titles().In(p.Lang)
			l := linkView{Href: "/calls/" + strconv.FormatInt(cl.ID, 10) + "/applications", Label: cl.Reference + " – " + title.Text}
			if title.Foreign() {
				l.Lang = title.Lang // the reference is a code, the same in every language
			}
			d.Calls = append(d.Calls, l)
		}
	}
	p.Data = d
	s.render(c, http.StatusOK, "applications/mine", p)
}

// linkView is a link with its text (and the text's language when it is not
// the page's).
type linkView struct {
	Href, Label string
	Lang        i18n.Lang
}

// officerViewer reports whether the user reads applications as staff (its
// role reads programmes: admins, officers, donor officers) rather than as
// an applicant.
func officerViewer(c *gin.Context) bool { return principalOf(c).Programmes != "" }

// appViewData is the read-only view of an application.
type appViewData struct {
	App      application.Application
	Call     callView
	Writable bool
	// Checks: the user reads the screening and requests for information.
	Checks   bool
	Totals   totalsView
	Months   []int
	Workplan []workplanRow
	Receipt  *application.Receipt
	Grant    *grant.Agreement // the agreement of an awarded application, when there is one
	Decision *decisionView    // the approved decision, when the reader may read its letter
}

// viewApplication shows an application read-only: to its applicant, its
// partners and officers.
func (s *Server) viewApplication(c *gin.Context) {
	ac, ok := s.loadApp(c)
	if !ok {
		return
	}
	p := s.newPage(c, "apppages.view.title")
	p.Title = p.T("apppages.view.title_of", "title", titleOr(p, ac.app.Title))
	d := appViewData{App: ac.app, Call: s.viewOf(p, ac.call, ac.lots), Writable: ac.Writable(),
		Totals: totalsOf(p, ac.app.Budget, ac.profile, ac.app.Currency), Months: seq1(monthsOf(ac.app.DurationMonths))}
	d.Workplan = workplanRows(ac.app.Activities, len(d.Months))
	d.Checks = application.ReadsChecks(ac.sc, ac.app)
	p.appParents(ac.call)
	if ac.app.Status == application.Awarded {
		d.Grant = s.grantOfApplication(c, ac.app.ID, ac.sc)
	}
	if ac.app.Status != application.Draft {
		if rc, err := ac.st.Receipt(c.Request.Context(), ac.app.ID, ac.sc); err == nil {
			d.Receipt = &rc
		}
	}
	if d.Decision = s.decisionOf(c, p, ac, requestScope(c)); d.Decision != nil {
		d.Decision.NextStep = nextStep(p, d.Decision, d.Grant != nil)
	}
	p.Data = d
	s.render(c, http.StatusOK, "applications/view", p)
}

// steps are the breadcrumb steps to the application, for its sub-pages.
func (a *appCtx) steps(p *Page) { p.appSteps(a.call, a.app.ID, a.app.Title) }

// titleOr is the application's title, or a placeholder for an untitled draft.
func titleOr(p *Page, title string) string {
	if title == "" {
		return p.T("apppages.untitled")
	}
	return title
}

// workplanRow is an activity with a flag per month column.
type workplanRow struct {
	Title string
	Cells []bool
}

func workplanRows(acts []application.Activity, months int) []workplanRow {
	var out []workplanRow
	for _, a := range acts {
		r := workplanRow{Title: a.Title, Cells: make([]bool, months)}
		for _, m := range a.Months {
			if m >= 1 && m <= months {
				r.Cells[m-1] = true
			}
		}
		out = append(out, r)
	}
	return out
}

// monthsOf is how many month columns a workplan shows.
func monthsOf(duration int) int {
	if duration <= 0 {
		return 12
	}
	return min(duration, application.MaxDuration)
}

func seq1(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}
