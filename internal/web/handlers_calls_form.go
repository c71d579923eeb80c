package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/place"
)

var callFields = []string{"programme_id", "reference", "title_sq", "title_en", "title_sr", "description_sq",
	"description_en", "description_sr", "min_grant", "max_grant", "max_donor_share", "min_cofinancing",
	"min_duration", "max_duration", "time_zone", "opens_at", "closes_at", "org_kinds", "min_years",
	"municipalities", "max_applications", "lots"}

func (s *Server) newCallForm(c *gin.Context) {
	f := call.Form{ProgrammeID: c.Query("programme"), TimeZone: call.Zones[0], OrgKinds: []string{"ngo"}}
	s.renderCallForm(c, http.StatusOK, 0, f, nil)
}

func (s *Server) editCallForm(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	cl, lots, docs, ok := s.callWithParts(c, id)
	if !ok {
		return
	}
	s.renderCallForm(c, http.StatusOK, id, call.FormOf(cl, lots, docs, string(s.lang(c))), nil)
}

func (s *Server) createCall(c *gin.Context) { s.saveCall(c, 0) }

func (s *Server) updateCall(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	s.saveCall(c, id)
}

// saveCall creates (id 0) or updates a call; the "add a lot" and "add a
// document" buttons show the form again with one more row, saving nothing.
func (s *Server) saveCall(c *gin.Context, id int64) {
	if !s.parseForm(c) {
		return
	}
	f, add := callFormFrom(c)
	if add != "" {
		s.renderCallForm(c, http.StatusOK, id, f, nil)
		return
	}
	in, err := f.Parse(string(s.lang(c)))
	if err == nil {
		var cl call.Call
		if id == 0 {
			cl, err = s.callStore().Create(c.Request.Context(), in)
		} else {
			cl, err = s.callStore().Update(c.Request.Context(), id, in)
		}
		if err == nil {
			s.setFlash(c, "calls.saved")
			c.Redirect(http.StatusSeeOther, "/manage/calls/"+strconv.FormatInt(cl.ID, 10))
			return
		}
	}
	if apperr.CodeOf(err) != apperr.Invalid {
		s.respondError(c, err)
		return
	}
	s.renderCallForm(c, http.StatusUnprocessableEntity, id, f, err)
}

func callFormFrom(c *gin.Context) (call.Form, string) {
	pf := c.Request.PostForm
	f := call.Form{ProgrammeID: postValue(c, "programme_id"), Reference: postValue(c, "reference"),
		TitleSQ: postValue(c, "title_sq"), TitleEN: postValue(c, "title_en"), TitleSR: postValue(c, "title_sr"),
		DescriptionSQ: pf.Get("description_sq"), DescriptionEN: pf.Get("description_en"), DescriptionSR: pf.Get("description_sr"),
		MinGrant: postValue(c, "min_grant"), MaxGrant: postValue(c, "max_grant"),
		MaxDonorShare: postValue(c, "max_donor_share"), MinCofinance: postValue(c, "min_cofinancing"),
		MinDuration: postValue(c, "min_duration"), MaxDuration: postValue(c, "max_duration"),
		TimeZone: postValue(c, "time_zone"), OpensAt: postValue(c, "opens_at"), ClosesAt: postValue(c, "closes_at"),
		OrgKinds: pf["org_kinds"], Municipalities: pf["municipalities"],
		MinYears: postValue(c, "min_years"), MaxApplications: postValue(c, "max_applications"),
		TwoStage: postValue(c, "two_stage") == "1"}
	for i := range rowCount(c, "lot", 0, 0, "") {
		n := strconv.Itoa(i)
		f.Lots = append(f.Lots, call.LotRow{Name: postValue(c, "lot_name_"+n), Budget: postValue(c, "lot_budget_"+n), Theme: postValue(c, "lot_theme_"+n)})
	}
	for i := range rowCount(c, "doc", 0, 0, "") {
		n := strconv.Itoa(i)
		f.Documents = append(f.Documents, call.DocumentRow{Code: postValue(c, "doc_code_"+n), LabelSQ: postValue(c, "doc_label_sq_"+n),
			LabelEN: postValue(c, "doc_label_en_"+n), LabelSR: postValue(c, "doc_label_sr_"+n)})
	}
	return f, postValue(c, "add")
}

type checkView struct {
	ID, Name, Value, Label string
	Checked                bool
}

type callFormData struct {
	Action         string
	Programme      FieldView
	Zone           FieldView
	OrgKinds       []checkView
	Municipalities [][]checkView // per country
	Countries      []string
	TwoStage       bool
	LotRows        []int
	DocRows        []int
}

func (s *Server) renderCallForm(c *gin.Context, status int, id int64, f call.Form, err error) {
	progs, lerr := s.programmeStore().List(c.Request.Context(), requestScope(c))
	if lerr != nil {
		s.fail(c, lerr)
		return
	}
	title, action := "calls.new_title", "/manage/calls"
	if id != 0 {
		title, action = "calls.edit_title", "/manage/calls/"+strconv.FormatInt(id, 10)
	}
	p := s.newPage(c, title)
	p.Step("nav.manage_calls", "/manage/calls")
	if id != 0 {
		p.Step("calls.manage_title", action)
	}
	form := newForm(p, callFields...)
	fillCallValues(form.Values, f)
	if err != nil {
		form.setError(err)
	}
	add := postValue(c, "add")
	d := callFormData{Action: action, TwoStage: f.TwoStage, Countries: place.Countries,
		LotRows: seq(rowCount(c, "lot", len(f.Lots), 2, add)), DocRows: seq(rowCount(c, "doc", len(f.Documents), 2, add))}
	d.Programme = choice(form, "programme_id", "calls.programme", p.T("programmes.choose"))
	for _, pr := range progs {
		d.Programme.Options = append(d.Programme.Options, option(form, "programme_id", strconv.FormatInt(pr.ID, 10), pr.Title))
	}
	d.Zone = choice(form, "time_zone", "calls.time_zone", "")
	for _, z := range call.Zones {
		d.Zone.Options = append(d.Zone.Options, option(form, "time_zone", z, p.T("calls.zone."+zoneKey(z))))
	}
	for _, k := range call.OrgKinds {
		d.OrgKinds = append(d.OrgKinds, checkView{ID: "f-org-kinds-" + k, Name: "org_kinds", Value: k,
			Label: p.T("calls.kind." + k), Checked: slices.Contains(f.OrgKinds, k)})
	}
	for _, country := range place.Countries {
		var group []checkView
		for _, m := range place.Municipalities(country) {
			group = append(group, checkView{ID: "f-mun-" + m.Code, Name: "municipalities", Value: m.Code,
				Label: m.Name(string(p.Lang)), Checked: slices.Contains(f.Municipalities, m.Code)})
		}
		d.Municipalities = append(d.Municipalities, group)
	}
	p.Data = d
	s.render(c, status, "calls/form", p)
}

// zoneKey turns "Europe/Belgrade" into the catalogue suffix "belgrade".
func zoneKey(z string) string {
	if z == "Europe/Tirane" {
		return "tirane"
	}
	return "belgrade"
}

func fillCallValues(v map[string]string, f call.Form) {
	for k, val := range map[string]string{"programme_id": f.ProgrammeID, "reference": f.Reference, "title_sq": f.TitleSQ,
		"title_en": f.TitleEN, "title_sr": f.TitleSR, "description_sq": f.DescriptionSQ, "description_en": f.DescriptionEN,
		"description_sr": f.DescriptionSR, "min_grant": f.MinGrant, "max_grant": f.MaxGrant, "max_donor_share": f.MaxDonorShare,
		"min_cofinancing": f.MinCofinance, "min_duration": f.MinDuration, "max_duration": f.MaxDuration, "time_zone": f.TimeZone,
		"opens_at": f.OpensAt, "closes_at": f.ClosesAt, "min_years": f.MinYears, "max_applications": f.MaxApplications} {
		v[k] = val
	}
	for i, l := range f.Lots {
		n := strconv.Itoa(i)
		v["lot_name_"+n], v["lot_budget_"+n], v["lot_theme_"+n] = l.Name, l.Budget, l.Theme
	}
	for i, d := range f.Documents {
		n := strconv.Itoa(i)
		v["doc_code_"+n], v["doc_label_sq_"+n], v["doc_label_en_"+n], v["doc_label_sr_"+n] = d.Code, d.LabelSQ, d.LabelEN, d.LabelSR
	}
}

// callWithParts loads a call with its lots and required documents; on
// failure it has answered the request and reports false.
func (s *Server) callWithParts(c *gin.Context, id int64) (call.Call, []call.Lot, []call.Document, bool) {
	ctx := c.Request.Context()
	st := s.callStore()
	cl, err := st.ByID(ctx, id)
	if err != nil {
		s.respondError(c, err)
		return cl, nil, nil, false
	}
	lots, err := st.Lots(ctx, id)
	if err != nil {
		s.fail(c, err)
		return cl, nil, nil, false
	}
	docs, err := st.Documents(ctx, id)
	if err != nil {
		s.fail(c, err)
		return cl, nil, nil, false
	}
	return cl, lots, docs, true
}
