package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// homeCard is one thing the user can do next.
type homeCard struct {
	TitleKey, BodyKey, Link string
}

type homeData struct {
	RoleKey, IntroKey string
	Cards             []homeCard
}

// home shows each role what it can do next; later capabilities add cards
// here, each behind the same permission as its route.
func (s *Server) home(c *gin.Context) {
	u := currentUser(c)
	p := s.newPage(c, "home.title")
	role := string(u.Role)
	d := homeData{RoleKey: "auth.role." + role, IntroKey: "home.intro." + role}
	if p.Can("user", "view") {
		d.Cards = append(d.Cards, homeCard{"home.card.users", "home.card.users_body", "/admin/users"})
	}
	if p.Can("programme", "view") {
		d.Cards = append(d.Cards, homeCard{"home.card.programmes", "home.card.programmes_body", "/programmes"})
	}
	if p.Can("call", "edit") {
		d.Cards = append(d.Cards, homeCard{"home.card.calls", "home.card.calls_body", "/manage/calls"})
	} else {
		d.Cards = append(d.Cards, homeCard{"home.card.open_calls", "home.card.open_calls_body", "/calls"})
	}
	if p.Can("system", "view") {
		d.Cards = append(d.Cards, homeCard{"home.card.metrics", "home.card.metrics_body", "/metrics"})
	}
	if p.Can("application", "create") {
		d.Cards = append(d.Cards, homeCard{"apppages.home.mine", "apppages.home.mine_body", "/applications"})
	} else if p.Can("application", "view") && p.Can("programme", "view") {
		d.Cards = append(d.Cards, homeCard{"apppages.home.by_call", "apppages.home.by_call_body", "/applications"})
	}
	if p.Can("review", "declare") {
		d.Cards = append(d.Cards, homeCard{"committee.home.worklist", "committee.home.worklist_body", "/reviews"})
	}
	if p.Can("grant", "view") { // grant agreements (issue 9)
		d.Cards = append(d.Cards, homeCard{"grants.home.card", "grants.home.card_body", "/grants"})
	}
	if p.Can("payment_request", "verify") || p.Can("payment_request", "approve") {
		d.Cards = append(d.Cards, homeCard{"payments.home.card", "payments.home.card_body", "/payments"})
	}
	if p.Can("exchange_rate", "edit") {
		d.Cards = append(d.Cards, homeCard{"payments.home.rates", "payments.home.rates_body", "/finance/rates"})
	}
	if p.Can("grantee_report", "view") {
		d.Cards = append(d.Cards, homeCard{"reporting.home.card", "reporting.home.card_body", "/grantee-reports"})
	}
	if p.Can("recovery_order", "recover") || p.Can("recovery_order", "waive") {
		d.Cards = append(d.Cards, homeCard{"reporting.recovery.home_card", "reporting.recovery.home_card_body", "/recovery-orders"})
	}
	d.Cards = append(d.Cards, s.organisationCards(c, p)...)
	d.Cards = append(d.Cards,
		homeCard{"home.card.account", "home.card.account_body", "/account"},
		homeCard{"home.card.tokens", "home.card.tokens_body", "/account/tokens"},
	)
	p.Data = d
	s.render(c, http.StatusOK, "home/home", p)
}
