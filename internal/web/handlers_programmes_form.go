package web

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/programme"
)

// programmeFormFrom reads the posted programme form and which "add a row"
// button was pressed, if any.
func programmeFormFrom(c *gin.Context) (programme.Form, string) {
	f := programme.Form{
		Title: postValue(c, "title"), DonorOrgID: postValue(c, "donor_org_id"), DonorProfile: postValue(c, "donor_profile"),
		Currency: postValue(c, "currency"), SubgrantBudget: postValue(c, "subgrant_budget"),
		ThirdPartyCap: postValue(c, "third_party_cap"), StartsOn: postValue(c, "starts_on"), EndsOn: postValue(c, "ends_on"),
	}
	for i := range rowCount(c, "source", 0, 0, "") {
		n := strconv.Itoa(i)
		f.Sources = append(f.Sources, programme.SourceRow{Name: postValue(c, "source_name_"+n), Amount: postValue(c, "source_amount_"+n)})
	}
	for i := range rowCount(c, "indicator", 0, 0, "") {
		n := strconv.Itoa(i)
		f.Indicators = append(f.Indicators, programme.IndicatorRow{Result: postValue(c, "ind_result_"+n),
			Indicator: postValue(c, "ind_indicator_"+n), Baseline: postValue(c, "ind_baseline_"+n),
			Target: postValue(c, "ind_target_"+n), Unit: postValue(c, "ind_unit_"+n)})
	}
	return f, postValue(c, "add")
}

type programmeFormData struct {
	Action        string
	Donor         FieldView
	Profile       FieldView
	Currency      FieldView
	SourceRows    []int
	IndicatorRows []int
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// renderProgrammeForm shows the new (id 0) or edit form with f's values.
func (s *Server) renderProgrammeForm(c *gin.Context, status int, id int64, f programme.Form, err error) {
	donors, derr := s.programmeStore().DonorOrgs(c.Request.Context())
	if derr != nil {
		s.fail(c, derr)
		return
	}
	profiles := s.profiles
	title, action := "programmes.new_title", "/programmes"
	if id != 0 {
		title, action = "programmes.edit_title", "/programmes/"+strconv.FormatInt(id, 10)
	}
	p := s.newPage(c, title)
	p.Step("nav.programmes", "/programmes")
	form := newForm(p, "title", "donor_org_id", "donor_profile", "currency", "subgrant_budget", "third_party_cap", "starts_on", "ends_on")
	v := form.Values
	v["title"], v["donor_org_id"], v["donor_profile"], v["currency"] = f.Title, f.DonorOrgID, f.DonorProfile, f.Currency
	v["subgrant_budget"], v["third_party_cap"], v["starts_on"], v["ends_on"] = f.SubgrantBudget, f.ThirdPartyCap, f.StartsOn, f.EndsOn
	add := postValue(c, "add")
	nSources := rowCount(c, "source", len(f.Sources), 2, add)
	nInd := rowCount(c, "indicator", len(f.Indicators), 1, add)
	for i, r := range f.Sources {
		n := strconv.Itoa(i)
		v["source_name_"+n], v["source_amount_"+n] = r.Name, r.Amount
	}
	for i, r := range f.Indicators {
		n := strconv.Itoa(i)
		v["ind_result_"+n], v["ind_indicator_"+n], v["ind_baseline_"+n] = r.Result, r.Indicator, r.Baseline
		v["ind_target_"+n], v["ind_unit_"+n] = r.Target, r.Unit
	}
	if err != nil {
		form.setError(err)
	}
	d := programmeFormData{Action: action, SourceRows: seq(nSources), IndicatorRows: seq(nInd)}
	d.Donor = choice(form, "donor_org_id", "programmes.donor", p.T("programmes.choose"))
	for _, o := range donors {
		d.Donor.Options = append(d.Donor.Options, option(form, "donor_org_id", strconv.FormatInt(o.ID, 10), o.Name))
	}
	d.Profile = choice(form, "donor_profile", "programmes.profile", "")
	for _, code := range profiles.Codes() {
		d.Profile.Options = append(d.Profile.Options, option(form, "donor_profile", code, profiles[code].Name.In(string(p.Lang))))
	}
	d.Currency = choice(form, "currency", "programmes.currency", p.T("programmes.currency_default"))
	d.Currency.Hint = p.T("programmes.currency_hint")
	for _, cur := range money.Currencies() {
		d.Currency.Options = append(d.Currency.Options, option(form, "currency", cur, cur))
	}
	p.Data = d
	s.render(c, status, "programmes/form", p)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
