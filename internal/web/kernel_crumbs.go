package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/i18n"
)

// Crumb is one step of a page's breadcrumb trail: Home first, the page
// itself last (Current, shown with aria-current="page").
type Crumb struct {
	Label   i18n.Shown
	Href    string // empty for the current page of a POST answer
	Current bool
}

// Step adds a step, a catalogue key and its link, between Home and the
// page itself. Handlers add the steps of the role's own path; render puts
// Home in front and the page itself at the end.
func (p *Page) Step(key, href string) {
	p.steps = append(p.steps, Crumb{Label: i18n.Shown{Text: p.T(key), Lang: p.Lang, Reader: p.Lang}, Href: href})
}

// StepText adds a step named by stored text (a call's or application's
// title), marked with its language when it is not the page's.
func (p *Page) StepText(label i18n.Shown, href string) {
	p.steps = append(p.steps, Crumb{Label: label, Href: href})
}

// trail is the full breadcrumb trail of a signed-in user's page: Home, the
// steps handlers added, the page itself. The home page and error pages have
// none.
func (p *Page) trail(c *gin.Context, page string) []Crumb {
	if p.User == nil || p.Path == "/home" || page == "errors/status" {
		return nil
	}
	here := Crumb{Label: i18n.Shown{Text: p.Title, Lang: p.Lang, Reader: p.Lang}, Current: true}
	if c.Request.Method == http.MethodGet {
		here.Href = p.Path // without the query: filters and pages of a list are the list
	}
	out := []Crumb{{Label: i18n.Shown{Text: p.T("nav.home"), Lang: p.Lang, Reader: p.Lang}, Href: "/home"}}
	for _, s := range p.steps {
		if s.Href == p.Path {
			continue // a handler's step that is the page itself
		}
		out = append(out, s)
	}
	return append(out, here)
}

// plainText is a text of the page's own language (a title the page built).
func (p *Page) plainText(s string) i18n.Shown {
	return i18n.Shown{Text: s, Lang: p.Lang, Reader: p.Lang}
}

// callSteps are the steps to a call along the role's path: managers of
// calls go through their call management, everyone else through the
// published calls.
func (p *Page) callSteps(c call.Call) { p.callStepsOf(c.ID, c.Titles().In(p.Lang)) }

func (p *Page) callStepsOf(id int64, title i18n.Shown) {
	sid := strconv.FormatInt(id, 10)
	if p.Can("call", "edit") {
		p.Step("nav.manage_calls", "/manage/calls")
		p.StepText(title, "/manage/calls/"+sid)
		return
	}
	p.Step("nav.calls", "/calls")
	p.StepText(title, "/calls/"+sid)
}

// viaCall reports whether the role reaches applications through their
// call (officers, donors) rather than its own list.
func (p *Page) viaCall() bool { return !p.Can("application", "create") && !p.Can("review", "declare") }

// appParents are the steps leading to an application for the role: the
// applicant's own list, the evaluator's work list, else the call and its
// list of applications (officers, donors).
func (p *Page) appParents(c call.Call) {
	switch {
	case p.Can("application", "create"):
		p.Step("nav.applications", "/applications")
	case p.Can("review", "declare"):
		p.Step("dash.nav.evaluations", "/reviews")
	default:
		p.callSteps(c)
		p.Step("dash.back.call_applications", "/calls/"+strconv.FormatInt(c.ID, 10)+"/applications")
	}
}

// appSteps are the steps to an application and the application itself,
// for the pages under it (attachments, screening, reviews...).
func (p *Page) appSteps(c call.Call, appID int64, title string) {
	p.appParents(c)
	if title == "" {
		title = p.T("apppages.untitled")
	}
	p.StepText(p.plainText(title), "/applications/"+strconv.FormatInt(appID, 10))
}

// appStepsByID is appSteps for pages that know only the application's
// call id: the call is read only for the roles whose path goes through it.
func (s *Server) appStepsByID(c *gin.Context, p *Page, callID, appID int64, title string) {
	var cl call.Call
	if p.viaCall() {
		got, err := s.callStore().ByID(c.Request.Context(), callID)
		if err != nil {
			return // no trail beyond Home rather than a failed page
		}
		cl = got
	}
	p.appSteps(cl, appID, title)
}

// auditSteps are the steps to the object an audit page lists: the way the
// role reaches that object's own page, then the object. An application
// goes along appSteps (its list, work list or call); an application the
// scope does not reach gets no steps beyond Home.
func (s *Server) auditSteps(c *gin.Context, p *Page, object string, id int64) {
	sid := strconv.FormatInt(id, 10)
	switch object {
	case "application":
		a, err := s.applicationStore().Get(c.Request.Context(), id, requestScope(c))
		if err != nil {
			return
		}
		s.appStepsByID(c, p, a.CallID, a.ID, a.Title)
	case "grant":
		p.Step("grants.nav", "/grants")
		p.Step("grants.detail_title", "/grants/"+sid)
	case "payment_request":
		p.Step("payments.nav", "/payments")
		p.Step("payments.page.title", "/payments/"+sid)
	case "grantee_report":
		p.Step("reporting.nav", "/grantee-reports")
		p.Step("reporting.report.title", "/grantee-reports/"+sid)
	case "recovery_order":
		p.Step("reporting.recovery.nav", "/recovery-orders")
		p.Step("reporting.recovery.title", "/recovery-orders/"+sid)
	}
}

// sessionSteps are the steps to a committee session: the call along the
// role's path, then the ranking the session decides on.
func (p *Page) sessionSteps(callID int64, title i18n.Shown, stage string) {
	p.callStepsOf(callID, title)
	p.Step("award.ranking.title", "/calls/"+strconv.FormatInt(callID, 10)+"/ranking?stage="+stage)
}
