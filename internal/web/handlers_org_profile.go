package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/org"
)

type orgShowData struct {
	P        org.Profile
	IBAN     string
	CanEdit  bool
	CanCheck bool
}

func (s *Server) orgShow(c *gin.Context) {
	prof, _, ok := s.orgProfile(c)
	if !ok {
		return
	}
	p := s.newPage(c, "org.profile_title")
	orgSteps(p, prof, true)
	p.Title = prof.Name
	p.Data = orgShowData{P: prof, IBAN: org.FormatIBAN(prof.IBAN),
		CanEdit: p.Can("organisation", "edit"), CanCheck: p.Can("organisation", "verify")}
	s.render(c, http.StatusOK, "organisations/show", p)
}

// orgEditData is the edit page: the form plus its choices.
type orgEditData struct {
	ID           int64
	Verified     bool
	Municipality orgMuniSelect
	Currency     FieldView
	Turnover     []FieldView
	TargetGroups []orgCheck
	Services     []orgServiceRow
}

type orgCheck struct {
	Value, Label string
	Checked      bool
}

type orgServiceRow struct {
	Index                   int
	Type                    FieldView
	Municipality            orgMuniSelect
	Capacity, Beneficiaries FieldView
}

var orgFormOrder = append(append([]string{}, orgTextFields...), "turnover", "target_groups", "services")

func (s *Server) orgEditForm(c *gin.Context) {
	prof, _, ok := s.orgProfile(c)
	if !ok {
		return
	}
	p := s.newPage(c, "org.edit_title")
	orgSteps(p, prof, false)
	f := newForm(p, orgFormOrder...)
	orgProfileValues(f, prof, p.Lang, org.TurnoverYears(s.now()))
	s.renderOrgEdit(c, http.StatusOK, p, f, prof)
}

func (s *Server) renderOrgEdit(c *gin.Context, status int, p *Page, f *Form, prof org.Profile) {
	d := orgEditData{ID: prof.OrgID, Verified: prof.Verified(),
		Municipality: f.orgMuniField("municipality", "org.municipality"),
		Currency:     f.Field("turnover_currency", "select", "org.turnover_currency")}
	for _, cur := range money.Currencies() {
		d.Currency.Options = append(d.Currency.Options, OptionView{Value: cur, Label: cur, Selected: f.Values["turnover_currency"] == cur})
	}
	for _, y := range org.TurnoverYears(s.now()) {
		v := f.Field("turnover."+strconv.Itoa(y), "text", "org.turnover", "hint=org.amount_hint")
		v.Label = p.T("org.turnover_year", "year", y)
		d.Turnover = append(d.Turnover, v)
	}
	for _, g := range org.TargetGroups {
		d.TargetGroups = append(d.TargetGroups, orgCheck{Value: g, Label: p.T("org.target." + g), Checked: f.Values["target_groups."+g] == "1"})
	}
	rows, _ := strconv.Atoi(f.Values["service_rows"])
	pairs := []string{"", "org.service.choose"}
	for _, t := range org.ServiceTypes {
		pairs = append(pairs, t, "org.service."+t)
	}
	for i := 0; i < rows && i < org.MaxServices; i++ {
		pre := "services." + strconv.Itoa(i) + "."
		d.Services = append(d.Services, orgServiceRow{Index: i,
			Type:          f.Select(pre+"type", "org.service_type", pairs...),
			Municipality:  f.orgMuniField(pre+"municipality", "org.service_municipality"),
			Capacity:      f.Field(pre+"capacity", "number", "org.service_capacity", "hint=org.service_capacity_hint"),
			Beneficiaries: f.Field(pre+"beneficiaries_per_year", "number", "org.service_beneficiaries"),
		})
	}
	p.Data = d
	s.render(c, status, "organisations/edit", p)
}

// orgSave saves the profile, or, for the "add a service" and "remove"
// buttons, shows the form again with one row more or less and saves nothing.
func (s *Server) orgSave(c *gin.Context) {
	prof, sc, ok := s.orgProfile(c)
	if !ok || !s.parseForm(c) {
		return
	}
	p := s.newPage(c, "org.edit_title")
	orgSteps(p, prof, false)
	f := newForm(p, orgFormOrder...)
	in, fe := parseProfileForm(c, f, p.Lang, org.TurnoverYears(s.now()))
	action := postValue(c, "action")
	if action == "add_service" || strings.HasPrefix(action, "remove_service.") {
		if action == "add_service" {
			rows, _ := strconv.Atoi(f.Values["service_rows"])
			f.Values["service_rows"] = strconv.Itoa(rows + 1)
		}
		s.renderOrgEdit(c, http.StatusOK, p, f, prof)
		return
	}
	for k, v := range in.Validate(s.now()) {
		fe.Add(k, v)
	}
	if len(fe) > 0 {
		f.setError(fe.Err())
		s.renderOrgEdit(c, http.StatusUnprocessableEntity, p, f, prof)
		return
	}
	saved, err := s.orgs().Update(c.Request.Context(), sc, prof.OrgID, in)
	if err != nil {
		if apperr.CodeOf(err) == apperr.Invalid {
			f.setError(err)
			s.renderOrgEdit(c, http.StatusUnprocessableEntity, p, f, prof)
			return
		}
		s.respondError(c, err)
		return
	}
	if saved.Unverified {
		s.setFlash(c, "org.saved_unverified")
	} else {
		s.setFlash(c, "org.saved")
	}
	c.Redirect(http.StatusSeeOther, "/organisations/"+strconv.FormatInt(prof.OrgID, 10))
}

// orgVerify records the officer's verification of the organisation.
func (s *Server) orgVerify(c *gin.Context) {
	prof, sc, ok := s.orgProfile(c)
	if !ok {
		return
	}
	if err := s.orgs().Verify(c.Request.Context(), sc, prof.OrgID, currentUser(c).ID); err != nil {
		s.respondError(c, err)
		return
	}
	s.setFlash(c, "org.verified_done")
	c.Redirect(http.StatusSeeOther, "/organisations/"+strconv.FormatInt(prof.OrgID, 10))
}

// orgSteps are the breadcrumb steps to an organisation's profile: through
// the list of organisations for those who verify them.
func orgSteps(p *Page, prof org.Profile, self bool) {
	if p.Can("organisation", "verify") {
		p.Step("nav.organisations", "/organisations")
	}
	if !self {
		p.StepText(p.plainText(prof.Name), "/organisations/"+strconv.FormatInt(prof.OrgID, 10))
	}
}
