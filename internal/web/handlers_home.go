package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/dashboard"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/place"
)

// homeCard is one thing the user can do next.
type homeCard struct {
	TitleKey, BodyKey, Link string
}

// homeFigure is one headline number of a dashboard and the page where its
// rows are worked on.
type homeFigure struct {
	Label, Value, Link string
}

// homeTask is one next step: what, by when, and the page where it is done.
type homeTask struct {
	Text, When, Link string
	Late             bool
}

type homeData struct {
	RoleKey, IntroKey, HelpKey string
	Figures                    []homeFigure
	Tasks                      []homeTask
	TasksTitle                 string
	Charts                     []dashChart
	Maps                       []tileMapView // the donor officer's programmes' sub-grants by municipality (issue 12)
	Cards                      []homeCard
}

// dashScopes are the scopes the dashboard reads under: for each object the
// relation the role's policy grants (none when it grants nothing), so the
// figures count exactly the rows the role's own pages list.
func (s *Server) dashScopes(c *gin.Context, u *auth.User) dashboard.Scopes {
	p, grant := principalOf(c), s.grant(u.Role)
	scope := func(obj, act string) access.Scope {
		rel, ok := grant(obj, act)
		if !ok {
			return access.Scope{}
		}
		return access.For(p, rel)
	}
	return dashboard.Scopes{
		Applications: scope("application", "view"),
		Calls:        scope("call", "view"),
		Grants:       scope("grant", "view"),
		Assignments:  scope("review", "view"),
		Rankings:     scope("ranking", "view"),
	}
}

// home is each role's dashboard: headline figures, the next tasks with
// the page where each is done, bar charts with their tables, then the
// links to the role's other pages, each behind its route's permission.
func (s *Server) home(c *gin.Context) {
	u := currentUser(c)
	p := s.newPage(c, "home.title")
	role := string(u.Role)
	d := homeData{RoleKey: "auth.role." + role, IntroKey: "home.intro." + role, HelpKey: "dash.help." + role}
	st, sc, now, ctx := dashboard.New(s.db), s.dashScopes(c, u), s.now().UTC(), c.Request.Context()
	var err error
	switch u.Role {
	case auth.Applicant:
		err = s.applicantDash(c, p, &d, st, sc, now)
	case auth.Evaluator:
		err = evaluatorDash(ctx, p, &d, st, sc, now)
	case auth.ProgramOfficer:
		err = officerDash(ctx, p, &d, st, sc, now)
	case auth.FinanceOfficer:
		err = financeDash(ctx, p, &d, st, sc, now)
	case auth.DonorOfficer:
		if err = donorDash(ctx, p, &d, st, sc); err == nil {
			err = s.donorMaps(c, p, &d, sc.Grants)
		}
	case auth.Admin:
		err = adminDash(ctx, p, &d, st)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Cards = s.homeCards(c, p)
	p.Data = d
	s.render(c, http.StatusOK, "home/home", p)
}

// homeCards are the links to the role's pages, each behind the same
// permission as its route.
func (s *Server) homeCards(c *gin.Context, p *Page) []homeCard {
	var cards []homeCard
	if p.Can("user", "view") {
		cards = append(cards, homeCard{"home.card.users", "home.card.users_body", "/admin/users"})
	}
	if p.Can("programme", "view") {
		cards = append(cards, homeCard{"home.card.programmes", "home.card.programmes_body", "/programmes"})
	}
	if p.Can("call", "edit") {
		cards = append(cards, homeCard{"home.card.calls", "home.card.calls_body", "/manage/calls"})
	} else {
		cards = append(cards, homeCard{"home.card.open_calls", "home.card.open_calls_body", "/calls"})
	}
	if p.Can("system", "view") {
		cards = append(cards, homeCard{"dash.card.status", "dash.card.status_body", "/admin/status"},
			homeCard{"home.card.metrics", "home.card.metrics_body", "/metrics"})
	}
	if p.Can("application", "create") {
		cards = append(cards, homeCard{"apppages.home.mine", "apppages.home.mine_body", "/applications"})
	} else if p.Can("application", "view") && p.Can("programme", "view") {
		cards = append(cards, homeCard{"apppages.home.by_call", "apppages.home.by_call_body", "/applications"})
	}
	if p.Can("review", "declare") {
		cards = append(cards, homeCard{"committee.home.worklist", "committee.home.worklist_body", "/reviews"})
	}
	if p.Can("grant", "view") { // grant agreements (issue 9)
		cards = append(cards, homeCard{"grants.home.card", "grants.home.card_body", "/grants"})
	}
	if p.Can("payment_request", "verify") || p.Can("payment_request", "approve") {
		cards = append(cards, homeCard{"payments.home.card", "payments.home.card_body", "/payments"})
	}
	if p.Can("exchange_rate", "edit") {
		cards = append(cards, homeCard{"payments.home.rates", "payments.home.rates_body", "/finance/rates"})
	}
	if p.Can("grantee_report", "view") {
		cards = append(cards, homeCard{"reporting.home.card", "reporting.home.card_body", "/grantee-reports"})
	}
	if p.Can("recovery_order", "recover") || p.Can("recovery_order", "waive") {
		cards = append(cards, homeCard{"reporting.recovery.home_card", "reporting.recovery.home_card_body", "/recovery-orders"})
	}
	cards = append(cards, s.organisationCards(c, p)...)
	return append(cards,
		homeCard{"home.card.account", "home.card.account_body", "/account"},
		homeCard{"home.card.tokens", "home.card.tokens_body", "/account/tokens"},
	)
}

// dashID is an id in a link.
func dashID(n int64) string { return strconv.FormatInt(n, 10) }

// dashNum is n as the page's language writes it.
func dashNum(p *Page, n int64) string { return p.Number(n) }

// dashDay is a stored date (YYYY-MM-DD) as the page's language writes it.
func dashDay(p *Page, s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return p.Date(t)
}

// dashPercent is part of whole in whole percent (0 when whole is 0).
func dashPercent(part, whole int64) int64 {
	if whole <= 0 {
		return 0
	}
	return part * 100 / whole
}

// dashCallTitle is a deadline's call title in the page's language, else Albanian.
func dashCallTitle(l i18n.Lang, dl dashboard.Deadline) string {
	switch {
	case l == i18n.EN && dl.TitleEN != "":
		return dl.TitleEN
	case l == i18n.SR && dl.TitleSR != "":
		return dl.TitleSR
	}
	return dl.TitleSQ
}

// dashMunicipality is a municipality code's name in the page's language.
func dashMunicipality(l i18n.Lang, code string) string {
	if m, ok := place.Lookup(code); ok {
		return m.Name(string(l))
	}
	return code
}
