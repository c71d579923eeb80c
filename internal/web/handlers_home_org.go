package web

import "github.com/gin-gonic/gin"

// organisationCards are the home page's cards of the organisations area:
// applicants reach their own profile and documents, officers the
// organisations waiting for verification and the services directory.
func (s *Server) organisationCards(c *gin.Context, p *Page) []homeCard {
	var cards []homeCard
	if p.User == nil {
		return nil
	}
	if p.User.Role == "applicant" && p.Can("organisation", "edit") {
		cards = append(cards, homeCard{"home.card.our_org", "home.card.our_org_body", "/organisations/mine"})
	}
	if p.Can("organisation", "verify") {
		cards = append(cards,
			homeCard{"home.card.org_verify", "home.card.org_verify_body", "/organisations?verified=0"},
			homeCard{"home.card.org_services", "home.card.org_services_body", "/organisations/services"})
	}
	return cards
}
