package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/org"
)

// apiOrgProfile is an organisation profile as the API shows it: what PUT
// takes, plus what only the portal sets.
type apiOrgProfile struct {
	ID   int64  `json:"id"`
	Kind string `json:"kind"`
	apiOrgInput
	Verified   bool       `json:"verified"`
	VerifiedAt *time.Time `json:"verified_at"`
}

type apiTurnover struct {
	Year int `json:"year"`
	money.Amount
}

func toAPIOrg(p org.Profile) apiOrgProfile {
	out := apiOrgProfile{ID: p.OrgID, Kind: p.Kind, Verified: p.Verified(), VerifiedAt: p.VerifiedAt,
		apiOrgInput: apiOrgInput{LegalName: p.LegalName, Acronym: p.Acronym,
			RegistrationNumber: p.RegistrationNumber, Registry: p.Registry, FiscalNumber: p.FiscalNumber,
			Address: p.Address, Municipality: p.Municipality, Email: p.Email, Phone: p.Phone, RepName: p.RepName,
			RepPosition: p.RepPosition, IBAN: p.IBAN, StaffCount: p.StaffCount, VolunteerCount: p.VolunteerCount,
			Turnover: []apiTurnover{}, TargetGroups: append([]string{}, p.TargetGroups...),
			Services: append([]org.Service{}, p.Services...)}}
	if p.RegistrationDate != nil {
		d := p.RegistrationDate.Format(time.DateOnly)
		out.RegistrationDate = &d
	}
	for _, t := range p.Turnover {
		out.Turnover = append(out.Turnover, apiTurnover{Year: t.Year, Amount: money.Amount{Minor: t.Minor, Currency: t.Currency}})
	}
	return out
}

func (s *Server) apiOrgGet(c *gin.Context) {
	prof, _, ok := s.orgProfile(c)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, toAPIOrg(prof))
}

type apiOrgSummary struct {
	ID           int64      `json:"id"`
	Name         string     `json:"name"`
	Acronym      string     `json:"acronym"`
	Municipality string     `json:"municipality"`
	Verified     bool       `json:"verified"`
	VerifiedAt   *time.Time `json:"verified_at"`
	Services     int        `json:"services"`
}

// apiOrgList lists organisations (officers: all; applicants: their own),
// filtered by ?municipality= and ?verified=, a page at a time.
func (s *Server) apiOrgList(c *gin.Context) {
	sc := requestScope(c)
	filter, bad := orgFilter(c)
	if bad != "" {
		s.problem(c, http.StatusBadRequest, "error.invalid_input", map[string]string{bad: "org.error.filter"})
		return
	}
	pageNo, perPage, ok := paging(c)
	if !ok {
		s.problem(c, http.StatusBadRequest, "error.bad_paging", nil)
		return
	}
	items, total, err := s.orgs().List(c.Request.Context(), sc, filter, perPage, (pageNo-1)*perPage)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := page[apiOrgSummary]{Items: []apiOrgSummary{}, Page: pageNo, PerPage: perPage, Total: total}
	for _, o := range items {
		out.Items = append(out.Items, apiOrgSummary{ID: o.OrgID, Name: o.Name, Acronym: o.Acronym,
			Municipality: o.Municipality, Verified: o.VerifiedAt != nil, VerifiedAt: o.VerifiedAt, Services: o.Services})
	}
	c.JSON(http.StatusOK, out)
}

// apiOrgInput is the body of PUT: unknown fields ("id", "verified", ...)
// are refused by decodeJSON.
type apiOrgInput struct {
	LegalName          string        `json:"legal_name"`
	Acronym            string        `json:"acronym"`
	RegistrationNumber string        `json:"registration_number"`
	Registry           string        `json:"registry"`
	FiscalNumber       string        `json:"fiscal_number"`
	RegistrationDate   *string       `json:"registration_date"`
	Address            string        `json:"address"`
	Municipality       string        `json:"municipality"`
	Email              string        `json:"email"`
	Phone              string        `json:"phone"`
	RepName            string        `json:"rep_name"`
	RepPosition        string        `json:"rep_position"`
	IBAN               string        `json:"iban"`
	StaffCount         int           `json:"staff_count"`
	VolunteerCount     int           `json:"volunteer_count"`
	Turnover           []apiTurnover `json:"turnover"`
	TargetGroups       []string      `json:"target_groups"`
	Services           []org.Service `json:"services"`
}

func (s *Server) apiOrgUpdate(c *gin.Context) {
	prof, sc, ok := s.orgProfile(c)
	if !ok {
		return
	}
	var body apiOrgInput
	if !s.decodeJSON(c, &body) {
		return
	}
	fe := apperr.FieldErrors{}
	in := org.Input{LegalName: body.LegalName, Acronym: body.Acronym, RegistrationNumber: body.RegistrationNumber,
		Registry: body.Registry, FiscalNumber: body.FiscalNumber, Address: body.Address, Municipality: body.Municipality,
		Email: body.Email, Phone: body.Phone, RepName: body.RepName, RepPosition: body.RepPosition, IBAN: body.IBAN,
		StaffCount: body.StaffCount, VolunteerCount: body.VolunteerCount, TargetGroups: body.TargetGroups}
	if body.RegistrationDate != nil {
		in.RegistrationDate = orgFormDate(fe, "registration_date", *body.RegistrationDate)
	}
	for _, t := range body.Turnover {
		in.Turnover = append(in.Turnover, org.Turnover{Year: t.Year, Minor: t.Minor, Currency: t.Currency})
	}
	for _, sv := range body.Services {
		in.Services = append(in.Services, org.Service{Type: sv.Type, Municipality: sv.Municipality,
			Capacity: sv.Capacity, BeneficiariesPerYear: sv.BeneficiariesPerYear})
	}
	for k, v := range in.Validate(s.now()) {
		fe.Add(k, v)
	}
	if len(fe) > 0 {
		s.problem(c, http.StatusUnprocessableEntity, "error.invalid_input", fe)
		return
	}
	if _, err := s.orgs().Update(c.Request.Context(), sc, prof.OrgID, in); err != nil {
		s.respondError(c, err)
		return
	}
	updated, err := s.orgs().Get(c.Request.Context(), sc, prof.OrgID)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.Header("Location", "/api/v1/organisations/"+strconv.FormatInt(prof.OrgID, 10))
	c.JSON(http.StatusOK, toAPIOrg(updated))
}
