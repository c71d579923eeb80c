package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/programme"
)

type apiSource struct {
	Name   string       `json:"name"`
	Amount money.Amount `json:"amount"`
}

type apiProgramme struct {
	ID                  int64                 `json:"id"`
	Status              string                `json:"status"`
	Title               string                `json:"title"`
	DonorOrganisationID int64                 `json:"donor_organisation_id"`
	DonorName           string                `json:"donor_name"`
	DonorProfile        string                `json:"donor_profile"`
	Currency            string                `json:"currency"`
	SubgrantBudget      money.Amount          `json:"subgrant_budget"`
	ThirdPartyCap       money.Amount          `json:"third_party_cap"`
	StartsOn            string                `json:"starts_on"`
	EndsOn              string                `json:"ends_on"`
	FundingSources      []apiSource           `json:"funding_sources,omitempty"`
	Indicators          []programme.Indicator `json:"indicators,omitempty"`
}

// programmeStatus is planned, active or ended by the server's day.
func (s *Server) programmeStatus(p programme.Programme) string {
	today := s.now().Format(programme.DateLayout)
	switch {
	case today < p.StartsOn:
		return "planned"
	case today > p.EndsOn:
		return "ended"
	}
	return "active"
}

func (s *Server) toAPIProgramme(p programme.Programme) apiProgramme {
	out := apiProgramme{ID: p.ID, Status: s.programmeStatus(p), Title: p.Title, DonorOrganisationID: p.DonorOrgID,
		DonorName: p.DonorName, DonorProfile: p.DonorProfile, Currency: p.Currency, SubgrantBudget: p.SubgrantBudget(),
		ThirdPartyCap: p.ThirdPartyCap(), StartsOn: p.StartsOn, EndsOn: p.EndsOn, Indicators: p.Indicators}
	for _, src := range p.Sources {
		out.FundingSources = append(out.FundingSources, apiSource{Name: src.Name, Amount: money.Amount{Minor: src.AmountMinor, Currency: p.Currency}})
	}
	return out
}

func (s *Server) apiProgrammes(c *gin.Context) {
	pageNo, perPage, ok := paging(c)
	if !ok {
		s.problem(c, http.StatusBadRequest, "error.bad_paging", nil)
		return
	}
	sc := requestScope(c)
	list, err := s.programmeStore().List(c.Request.Context(), sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	all := make([]apiProgramme, 0, len(list))
	for _, p := range list {
		all = append(all, s.toAPIProgramme(p))
	}
	c.JSON(http.StatusOK, slicePage(all, pageNo, perPage))
}

func (s *Server) apiProgramme(c *gin.Context) {
	p, ok := s.programmeOf(c)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, s.toAPIProgramme(p))
}
