package web

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/report"
)

// reportObject is the Casbin object of the downloadable reports: action
// list for the reports page and the background jobs, one action per
// report name for the report itself.
const reportObject = "donor_report"

// reportRegistry is the registry of downloadable reports.
func (s *Server) reportRegistry() *report.Registry { return s.reports }

// RunReportJobs is the worker that builds background reports until ctx
// ends; main starts it beside the server.
func (s *Server) RunReportJobs(ctx context.Context) { s.reports.RunJobs(ctx, 5*time.Second, s.log) }

// reportScope is the scope report name gives the request's user: the
// relation its role holds on the report's action; ok false when denied.
func (s *Server) reportScope(c *gin.Context, name string) (access.Scope, bool) {
	u := currentUser(c)
	if u == nil {
		return access.Scope{}, false
	}
	rel, err := s.authz.Scope(string(u.Role), reportObject, name)
	if err != nil {
		return access.Scope{}, false
	}
	return access.For(principalOf(c), access.Relation(rel)), true
}

// reportLink is a link to one report in one format.
type reportLink struct {
	Href, Label string
}

// reportLinks are the links of a page to the reports of one subject.
type reportLinks struct {
	Heading string
	Links   []reportLink
}

// reportLinksFor lists the reports of a programme, a call or a grant (id)
// that the user may download, in each format: only reports its role may
// open and whose subject its scope reaches, so no link leads to a refusal.
func (s *Server) reportLinksFor(c *gin.Context, p *Page, param report.Param, id int64) reportLinks {
	out := reportLinks{Heading: p.T("report.links.heading")}
	reg := s.reportRegistry()
	for _, rep := range reg.List() {
		if len(rep.Needs) != 1 || rep.Needs[0] != param {
			continue
		}
		sc, ok := s.reportScope(c, rep.Name)
		if !ok {
			continue
		}
		req := report.Request{Name: rep.Name, Format: rep.Formats[0], Lang: p.Lang, Scope: sc}
		setSubject(&req, param, id)
		if !reg.Reaches(c.Request.Context(), req) {
			continue
		}
		for _, f := range rep.Formats {
			q := url.Values{string(param): {strconv.FormatInt(id, 10)}, "format": {f}, "lang": {string(p.Lang)}}
			out.Links = append(out.Links, reportLink{Href: "/reports/" + rep.Name + "?" + q.Encode(),
				Label: p.T("report.links.get", "title", p.T(rep.TitleKey()), "format", p.T("report.format."+f))})
		}
	}
	return out
}

// setSubject sets the request's programme, call or grant.
func setSubject(req *report.Request, param report.Param, id int64) {
	switch param {
	case report.Programme:
		req.ProgrammeID = id
	case report.Call:
		req.CallID = id
	case report.Grant:
		req.GrantID = id
	}
}

// reportLang is the language a report is asked in: lang when given (ok
// false when it is not one of the portal's), else the page's.
func (s *Server) reportLang(c *gin.Context, given string) (i18n.Lang, bool) {
	if given == "" {
		return s.lang(c), true
	}
	return i18n.ParseLang(given)
}
