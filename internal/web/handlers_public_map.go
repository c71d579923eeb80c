package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/place"
	"github.com/subgrant/portal/internal/register"
)

// publicMapData is the map page.
type publicMapData struct {
	Country, Measure, Programme, Currency, Type, Group FieldView
	Map                                                tileMapView
	Selected                                           string // the chosen municipality's name ("" for none)
	SelectedKind                                       string
	Services                                           []publicServiceRow
	Awards                                             []publicAwardRow
	AwardsMore                                         string // the register filtered to the municipality
	ShowServices                                       bool
}

type publicServiceRow struct{ Type, Organisation, Capacity, Beneficiaries string }

var publicMapKeys = []string{"country", "measure", "programme", "currency", "type", "group", "m"}

// publicMap is the tile map of a country: the published sub-grants per
// municipality (their number or the amount in one currency), or the social
// services verified organisations run there (by service type and target
// group), with the values as a table and, for ?m=CODE, what that
// municipality holds.
func (s *Server) publicMap(c *gin.Context) {
	ctx := c.Request.Context()
	sc, st, opts, ok := s.publicStart(c, "public", publicPageLimit)
	if !ok {
		return
	}
	p := s.newPage(c, "public.map.title")
	f := newForm(p, "country", "measure", "programme", "currency", "type", "group", "m")
	for _, k := range publicMapKeys {
		f.Values[k] = publicQuery(c, k)
	}
	country := publicPick(f, "country", place.Countries, place.Kosovo, "public.error.country")
	measure := publicPick(f, "measure", []string{measureCount, measureAmount, measureServices}, measureCount, "public.error.measure")
	rf := register.Filter{Country: country, ProgrammeID: publicID(f, "programme", f.Values["programme"], opts.Programmes, "public.error.programme")}
	sf := register.ServiceFilter{Country: country,
		Type:        publicPick(f, "type", org.ServiceTypes, "", "public.error.service_type"),
		TargetGroup: publicPick(f, "group", org.TargetGroups, "", "public.error.target_group")}
	selected := ""
	if m, ok := place.Lookup(f.Values["m"]); ok && m.Country == country {
		selected = m.Code
	} else if f.Values["m"] != "" {
		f.Errors.Add("m", "public.error.municipality")
	}
	d := publicMapData{ShowServices: measure == measureServices}
	var values map[string]int64
	currency, currencies := "", []string{}
	var err error
	if measure == measureServices {
		values, err = st.ServiceCounts(ctx, sc, sf)
	} else {
		values, currency, currencies, err = s.grantValues(ctx, sc, rf, measure, f.Values["currency"])
		if f.Values["currency"] != "" && !slices.Contains(currencies, f.Values["currency"]) {
			f.Errors.Add("currency", "public.error.currency")
			values, currency, _, err = s.grantValues(ctx, sc, rf, measure, "")
		}
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	href := func(code string) string { return "/map" + publicMapQuery(f.Values, "m", code) + "#details" }
	d.Map = tileMap(p, country, measure, currency, values, href, selected)
	if selected != "" {
		if err := s.publicMapDetails(c, p, sc, &d, selected, rf, sf); err != nil {
			s.fail(c, err)
			return
		}
	}
	publicMapFields(p, f, &d, opts, currencies, currency)
	p.Data = d
	status := http.StatusOK
	if f.HasErrors() {
		status = http.StatusUnprocessableEntity
	}
	s.render(c, status, "public/map", p)
}

// publicMapDetails lists what the chosen municipality holds: its services,
// or the first page of its published awards with a link to the rest.
func (s *Server) publicMapDetails(c *gin.Context, p *Page, sc access.Scope, d *publicMapData, code string,
	rf register.Filter, sf register.ServiceFilter) error {
	m, _ := place.Lookup(code)
	d.Selected, d.SelectedKind = m.Name(string(p.Lang)), m.Kind(string(p.Lang))
	st := s.registerStore()
	if d.ShowServices {
		list, err := st.ServicesIn(c.Request.Context(), sc, sf, code)
		if err != nil {
			return err
		}
		for _, x := range list {
			d.Services = append(d.Services, publicServiceRow{Type: p.T("org.service." + x.Type), Organisation: x.Organisation,
				Capacity: p.Number(int64(x.Capacity)), Beneficiaries: p.Number(int64(x.BeneficiariesPerYear))})
		}
		return nil
	}
	rf.Municipality, rf.Country = code, ""
	res, err := st.List(c.Request.Context(), sc, rf)
	if err != nil {
		return err
	}
	for _, a := range res.Awards {
		d.Awards = append(d.Awards, publicRow(p, a))
	}
	q := url.Values{"municipality": {code}}
	if rf.ProgrammeID > 0 {
		q.Set("programme", d.Programme.Value)
	}
	d.AwardsMore = "/awards?" + q.Encode() + "#register"
	return nil
}

// publicPick is the query value name when it is one of allowed, def when
// it is empty; any other value is a field error and gives def.
func publicPick(f *Form, name string, allowed []string, def, errKey string) string {
	v := f.Values[name]
	switch {
	case v == "":
		return def
	case slices.Contains(allowed, v):
		return v
	}
	f.Errors.Add(name, errKey)
	return def
}

// publicMapQuery is the map's query string with extra set ("" removes).
func publicMapQuery(vals map[string]string, extra ...string) string {
	q := url.Values{}
	for _, k := range publicMapKeys {
		if vals[k] != "" {
			q.Set(k, vals[k])
		}
	}
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i+1] == "" {
			q.Del(extra[i])
		} else {
			q.Set(extra[i], extra[i+1])
		}
	}
	return "?" + q.Encode()
}

// publicMapFields builds the map's filter form.
func publicMapFields(p *Page, f *Form, d *publicMapData, opts register.Options, currencies []string, currency string) {
	d.Country = f.Select("country", "public.map.country", place.Kosovo, "place.country.XK", place.Albania, "place.country.AL")
	d.Measure = f.Select("measure", "public.map.measure", measureCount, "public.measure.count",
		measureAmount, "public.measure.amount", measureServices, "public.measure.services")
	d.Programme = publicChoices(f, "programme", "public.col.programme", "public.all_programmes", opts.Programmes)
	d.Programme.Hint = p.T("public.map.grants_only")
	d.Currency = f.Field("currency", "select", "public.col.currency", "hint=public.map.amount_only")
	for _, cur := range currencies {
		d.Currency.Options = append(d.Currency.Options, OptionView{Value: cur, Label: cur, Selected: cur == currency})
	}
	if len(currencies) == 0 {
		d.Currency.Options = []OptionView{{Value: "", Label: p.T("public.map.no_currency")}}
	}
	d.Type = f.Field("type", "select", "public.map.service_type", "hint=public.map.services_only")
	d.Type.Options = []OptionView{{Value: "", Label: p.T("public.map.all_types"), Selected: f.Values["type"] == ""}}
	for _, k := range org.ServiceTypes {
		d.Type.Options = append(d.Type.Options, OptionView{Value: k, Label: p.T("org.service." + k), Selected: f.Values["type"] == k})
	}
	d.Group = f.Field("group", "select", "public.map.target_group", "hint=public.map.services_only")
	d.Group.Options = []OptionView{{Value: "", Label: p.T("public.map.all_groups"), Selected: f.Values["group"] == ""}}
	for _, k := range org.TargetGroups {
		d.Group.Options = append(d.Group.Options, OptionView{Value: k, Label: p.T("org.target." + k), Selected: f.Values["group"] == k})
	}
}
