package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/grant"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/payment"
	"github.com/subgrant/portal/internal/report"
	"github.com/subgrant/portal/internal/reporting"
)

type optionItem struct {
	ID       int64
	Label    string
	Selected bool
}

// staffRole reports whether the request's user manages grants.
func staffRole(c *gin.Context) bool {
	u := currentUser(c)
	return u != nil && (u.Role == auth.Admin || u.Role == auth.ProgramOfficer)
}

// grantReader is who reads a grant's next step: its managers, its grantee,
// or anyone else (finance, a donor officer), who gets a read-only status
// line instead of an instruction.
type grantReader int

const (
	readerOther grantReader = iota
	readerManager
	readerGrantee
)

func readerOf(c *gin.Context, sc access.Scope, g grant.Agreement) grantReader {
	switch {
	case staffRole(c):
		return readerManager
	case sc.ActsForGrantee(g.OrgID):
		return readerGrantee
	}
	return readerOther
}

// nextKey is the catalogue key of the next step of a grant for its
// reader: an instruction to a manager or the grantee, a status line to
// anyone else.
func nextKey(g grant.Agreement, ts []grant.Tranche, who grantReader) string {
	due := slices.ContainsFunc(ts, func(t grant.Tranche) bool { return t.Status == grant.Due })
	requested := slices.ContainsFunc(ts, func(t grant.Tranche) bool { return t.Status == grant.Requested })
	ro := who == readerOther
	switch {
	case g.Status == grant.Draft && who == readerManager:
		return "grants.next.prepare"
	case g.Status == grant.Draft && ro:
		return "grants.state_line.draft"
	case g.Status == grant.Draft:
		return "grants.next.sign"
	case g.Status == grant.Suspended:
		return "grants.next.suspended"
	case (g.Status == grant.Closed || g.Status == grant.Terminated) && ro:
		return "grants.state_line.ended"
	case g.Status == grant.Closed || g.Status == grant.Terminated:
		return "grants.next.none"
	case requested:
		return "grants.next.requested"
	case due && who == readerGrantee:
		return "grants.next.request"
	case due:
		return "grants.next.await_request"
	case ro:
		return "grants.state_line.running"
	}
	return "grants.next.report"
}

// roleOf is the signed-in user's role, "" for a visitor; the grant pages
// word their next step and links by it (rows are decided by the scope).
func roleOf(c *gin.Context) auth.Role {
	if x := currentUser(c); x != nil {
		return x.Role
	}
	return ""
}

// trancheView is a tranche with what the page shows of it.
type trancheView struct {
	grant.Tranche
	Missing  string  // the condition still missing, when planned
	BySource []int64 // the part each funding source pays, in the order of the sources
}

type lineView struct {
	grant.Line
	HeadingLabel string
}

type amendmentView struct {
	grant.Amendment
	Summary   string
	CanDecide bool
}

type grantData struct {
	G          grant.Agreement
	Tranches   []trancheView
	Sources    []grant.Source
	Lines      []lineView
	LineTotal  int64
	LineDonor  int64
	Amendments []amendmentView
	Actions    []grant.Action
	Staff      bool
	CanAmend   bool
	Grantee    bool
	Next       string
	Headings   []optionItem
	KindOpts   []grant.AmendmentKind
	DonorView  bool
	Reader     bool // the next step shows as a read-only status line
	IBAN       string
	Open       string // which form the 422 belongs to
	// The grant's payment requests and reports, and whether the grantee may
	// request a tranche now (one is due).
	Requests   []payment.Request
	Reports    []reporting.Report
	CanRequest bool
	Downloads  reportLinks // the grant's reports the user may download (issue 10)
}

var grantFormFields = []string{"special_conditions", "budget", "scan", "grantee_signed_on", "org_signed_on", "iban",
	"action", "reason", "kind", "amend_reason", "ends_on", "from_line", "to_line", "amount", "bank_name", "note", "form"}

// grantOf loads the route's :id grant within the scope (404 outside).
func (s *Server) grantOf(c *gin.Context) (grant.Agreement, access.Scope, bool) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return grant.Agreement{}, access.Scope{}, false
	}
	sc := requestScope(c)
	g, err := s.grantStore().Get(c.Request.Context(), id, sc)
	if err != nil {
		s.respondError(c, err)
		return g, sc, false
	}
	return g, sc, true
}

func (s *Server) grantPage(c *gin.Context) {
	g, sc, ok := s.grantOf(c)
	if !ok {
		return
	}
	p := s.newPage(c, "grants.detail_title")
	newForm(p, grantFormFields...)
	s.renderGrant(c, http.StatusOK, p, g, sc, "")
}

// renderGrant shows a grant's page; open names the form a refused post
// came from (its values and errors are in p.Form).
func (s *Server) renderGrant(c *gin.Context, status int, p *Page, g grant.Agreement, sc access.Scope, open string) {
	p.Step("grants.nav", "/grants")
	ctx := c.Request.Context()
	st := s.grantStore()
	ts, err := st.Tranches(ctx, g.ID, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	ls, err := st.Lines(ctx, g.ID, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	ams, err := st.Amendments(ctx, g.ID, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	sources, err := st.Sources(ctx, g.ProgrammeID)
	if err != nil {
		s.fail(c, err)
		return
	}
	user := currentUser(c)
	staff := staffRole(c)
	d := grantData{G: g, Staff: staff, Open: open, DonorView: roleOf(c) == auth.DonorOfficer,
		Grantee: sc.ActsForGrantee(g.OrgID), IBAN: grant.FormatIBAN(g.IBAN), Sources: sources}
	d.CanAmend = p.Can("grant", "amend") && (staff || d.Grantee) &&
		(g.Status == grant.Signed || g.Status == grant.Active || g.Status == grant.Suspended)
	if staff {
		d.Actions = grant.Available(g.Status, string(user.Role))
		d.KindOpts = []grant.AmendmentKind{grant.PeriodChange, grant.Reallocation, grant.BankAccount}
	} else if d.Grantee {
		d.KindOpts = []grant.AmendmentKind{grant.BankAccount}
	}
	d.Reader = readerOf(c, sc, g) == readerOther
	d.Next = nextKey(g, ts, readerOf(c, sc, g))
	if d.Requests, err = s.payments().List(ctx, sc, payment.Filter{GrantID: g.ID}); err != nil {
		s.fail(c, err)
		return
	}
	if d.Reports, err = s.reportStore().ForGrant(ctx, sc, g.ID); err != nil {
		s.fail(c, err)
		return
	}
	for _, t := range ts {
		d.CanRequest = d.CanRequest || (d.Grantee && t.Status == grant.Due && p.Can("payment_request", "create"))
		v := trancheView{Tranche: t, BySource: grant.Split(t.AmountMinor, sources)}
		if t.Status == grant.Planned {
			v.Missing = p.T("grants.requires." + string(t.Requires))
		}
		d.Tranches = append(d.Tranches, v)
	}
	prof := s.profiles[g.DonorProfile]
	for _, l := range ls {
		v := lineView{Line: l, HeadingLabel: l.Heading}
		if prof != nil {
			if h, ok := prof.Heading(l.Heading); ok {
				v.HeadingLabel = l.Heading + " " + h.Label.In(string(p.Lang))
			}
		}
		d.Lines = append(d.Lines, v)
		d.LineTotal += l.TotalMinor
		d.LineDonor += l.DonorMinor
	}
	if prof != nil {
		for _, h := range prof.Headings {
			d.Headings = append(d.Headings, optionItem{Label: h.Code + " " + h.Label.In(string(p.Lang))})
		}
	}
	for _, m := range ams {
		v := amendmentView{Amendment: m, Summary: amendmentSummary(p, g, m)}
		v.CanDecide = staff && m.Status == grant.AmendRequested && (m.RequestedBy == nil || *m.RequestedBy != user.ID)
		d.Amendments = append(d.Amendments, v)
	}
	if status == http.StatusOK && g.Status == grant.Draft && staff {
		p.Form.Values["special_conditions"] = g.SpecialConditions
		p.Form.Values["grantee_signed_on"], p.Form.Values["org_signed_on"] = g.GranteeSignedOn, g.OrgSignedOn
		for i, l := range ls {
			k := strconv.Itoa(i)
			p.Form.Values["line_heading_"+k], p.Form.Values["line_description_"+k] = l.Heading, l.Description
			p.Form.Values["line_total_"+k] = amountText(p.Lang, l.TotalMinor)
			p.Form.Values["line_donor_"+k] = amountText(p.Lang, l.DonorMinor)
		}
	}
	if slices.Contains(grant.CloseReasons, g.StatusReason) {
		d.G.StatusReason = p.T("grants.close_reason." + g.StatusReason)
	}
	p.Title = p.T("grants.detail_title", "number", g.ContractNumber)
	d.Downloads = s.reportLinksFor(c, p, report.Grant, g.ID)
	p.Data = d
	s.render(c, status, "grants/detail", p)
}

// amountText writes minor units the way a person of lang types them.
func amountText(lang i18n.Lang, minor int64) string {
	sep := ","
	if lang == i18n.EN {
		sep = "."
	}
	return strconv.FormatInt(minor/100, 10) + sep + twoDigits(minor%100)
}

func twoDigits(n int64) string {
	if n < 0 {
		n = -n
	}
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}
