package web

import (
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/place"
)

// appCheck is one checkbox with its label.
type appCheck struct {
	ID, Name, Value, Label string
	Checked                bool
}

// sectionLink is one entry of the editor's section navigation.
type sectionLink struct {
	Href, Label string
	Current     bool
}

// rowView is one row of a repeated group: a legend and its fields.
type rowView struct {
	Legend string
	Fields []FieldView
	Checks []appCheck // workplan months
	ID     string     // the row's anchor (workplan months)
	Error  string     // an error of the row as a whole
	Hidden []hiddenView
}

type hiddenView struct{ Name, Value string }

// tgRow is a target group with its number of beneficiaries.
type tgRow struct {
	Check appCheck
	Count FieldView
}

// muniGroup is the municipalities of one country.
type muniGroup struct {
	ID, Legend string
	Items      []appCheck
}

// appEditData is the page data of every editor section.
type appEditData struct {
	App          application.Application
	Call         callView
	Section      string
	SectionTitle string
	Nav          []sectionLink
	Action       string
	Fields       map[string]FieldView
	GroupError   map[string]string
	TargetGroups []tgRow
	Munis        []muniGroup
	Objectives   []FieldView
	Indicators   []rowView
	Months       []int
	Activities   []rowView
	Grid         *budgetGrid
	Partners     []rowView
	Totals       totalsView
	Declaration  appCheck
	Rows         map[string]int
}

// renderEditor shows a section with st's values and errors.
func (s *Server) renderEditor(c *gin.Context, ac *appCtx, sec string, st editState) {
	p := s.newPage(c, "apppages.section."+sec)
	form := newForm(p)
	form.Values, form.Errors = st.vals, st.errs
	d := &appEditData{App: ac.app, Call: s.viewOf(p, ac.call, ac.lots), Section: sec, SectionTitle: p.T("apppages.section." + sec),
		Action: appPath(ac.app.ID, "/edit/"+sec), Fields: map[string]FieldView{}, GroupError: map[string]string{}, Rows: map[string]int{}}
	p.Title = d.SectionTitle + " – " + titleOr(p, ac.app.Title)
	ac.steps(p)
	for _, k := range appSections {
		d.Nav = append(d.Nav, sectionLink{Href: sectionHref(ac.app.ID, k), Label: p.T("apppages.section." + k), Current: k == sec})
	}
	b := &editBuilder{p: p, f: form, st: st, d: d}
	switch sec {
	case "summary":
		b.field("title", "text", "apppages.field.title")
		b.field("summary", "textarea", "apppages.field.summary")
		b.field("duration_months", "text", "apppages.field.duration", "hint=apppages.hint.duration")
		b.field("start_month", "text", "apppages.field.start_month", "hint=apppages.hint.start_month")
	case "target_groups":
		b.targetGroups()
	case "municipalities":
		b.municipalities()
	case "logframe":
		b.logframe()
	case "workplan":
		b.workplan(ac.app.DurationMonths)
	case "budget":
		b.budget(ac)
	case "partners":
		b.partners()
	case "declaration":
		d.Declaration = b.check("declaration_accepted", "1", p.T("apppages.declaration.accept"))
		b.group("declaration_accepted")
	}
	for _, name := range []string{"form", "target_groups", "municipalities", "budget", "partners", "logframe_objectives",
		"logframe_indicators", "activities"} {
		b.group(name)
	}
	p.Data = d
	s.render(c, st.status, "applications/edit", p)
}

// editBuilder builds the views of a section's fields in page order.
type editBuilder struct {
	p  *Page
	f  *Form
	st editState
	d  *appEditData
}

func (b *editBuilder) view(name, typ, label string, opts ...string) FieldView {
	v := b.f.Field(name, typ, label, opts...)
	if m, ok := b.st.rich[name]; ok {
		v.Error = m
	}
	b.f.Order = append(b.f.Order, name)
	return v
}

func (b *editBuilder) field(name, typ, label string, opts ...string) {
	b.d.Fields[name] = b.view(name, typ, label, opts...)
}

// group records the error of a whole group (shown at its fieldset).
func (b *editBuilder) group(name string) {
	if key, ok := b.st.errs[name]; ok {
		msg := b.p.T(key)
		if m, ok := b.st.rich[name]; ok {
			msg = m
		}
		b.d.GroupError[name] = msg
	}
}

func (b *editBuilder) check(name, value, label string) appCheck {
	return appCheck{ID: fieldID(name), Name: name, Value: value, Label: label, Checked: b.st.vals[name] != ""}
}

// rows is how many rows a group shows: its values, at least one, one more
// after its "add" button.
func (b *editBuilder) rows(group string, has func(i int) bool) int {
	n := 0
	for has(n) {
		n++
	}
	n = max(n, 1)
	if b.st.add == group {
		n++
	}
	n = min(n, maxRows)
	b.d.Rows[group] = n
	return n
}

func (b *editBuilder) targetGroups() {
	for _, code := range application.TargetGroups() {
		ck := b.check("tg_"+code, "1", b.p.T("applications.target."+code))
		cnt := b.view("tg_"+code+"_n", "text", "apppages.field.beneficiaries")
		cnt.Label = b.p.T("apppages.field.beneficiaries_of", "group", ck.Label)
		b.d.TargetGroups = append(b.d.TargetGroups, tgRow{Check: ck, Count: cnt})
	}
}

func (b *editBuilder) municipalities() {
	lang := string(b.p.Lang)
	for _, country := range place.Countries {
		g := muniGroup{ID: "f-municipalities-" + strings.ToLower(country), Legend: b.p.T("place.country." + country)}
		for _, m := range place.Municipalities(country) {
			ck := b.check("muni_"+m.Code, m.Code, m.Name(lang))
			ck.Name, ck.ID = "municipalities", "f-muni-"+strings.ToLower(m.Code)
			g.Items = append(g.Items, ck)
		}
		sort.SliceStable(g.Items, func(i, j int) bool { return strings.ToLower(g.Items[i].Label) < strings.ToLower(g.Items[j].Label) })
		b.d.Munis = append(b.d.Munis, g)
	}
}

func (b *editBuilder) has(prefix string, suffixes ...string) func(int) bool {
	return func(i int) bool {
		for _, s := range suffixes {
			if b.st.vals[prefix+strconv.Itoa(i)+s] != "" {
				return true
			}
		}
		return false
	}
}

func (b *editBuilder) logframe() {
	for i := range b.rows("objectives", b.has("logframe_objectives_", "")) {
		v := b.view("logframe_objectives_"+strconv.Itoa(i), "text", "apppages.field.objective")
		v.Label = b.p.T("apppages.field.objective_n", "n", i+1)
		b.d.Objectives = append(b.d.Objectives, v)
	}
	names := []string{"result", "indicator", "baseline", "target", "source"}
	for i := range b.rows("indicators", b.has("logframe_indicators_", "_result", "_indicator", "_baseline", "_target", "_source")) {
		r := rowView{Legend: b.p.T("apppages.logframe.indicator_n", "n", i+1)}
		for _, n := range names {
			r.Fields = append(r.Fields, b.view("logframe_indicators_"+strconv.Itoa(i)+"_"+n, "text", "apppages.field."+n))
		}
		b.d.Indicators = append(b.d.Indicators, r)
	}
}

func (b *editBuilder) workplan(duration int) {
	b.d.Months = seq1(monthsOf(duration))
	has := func(i int) bool {
		if b.st.vals["activities_"+strconv.Itoa(i)+"_title"] != "" {
			return true
		}
		for m := range application.MaxDuration {
			if b.st.vals["activities_"+strconv.Itoa(i)+"_m_"+strconv.Itoa(m+1)] != "" {
				return true
			}
		}
		return false
	}
	for i := range b.rows("activities", has) {
		p := "activities_" + strconv.Itoa(i) + "_"
		t := b.view(p+"title", "text", "apppages.field.activity")
		t.Label = b.p.T("apppages.workplan.activity_n", "n", i+1)
		r := rowView{Legend: t.Label, Fields: []FieldView{t}, ID: fieldID(p + "months")}
		if key, ok := b.st.errs[p+"months"]; ok {
			r.Error = b.p.T(key)
		}
		for _, m := range b.d.Months {
			ck := b.check(p+"m_"+strconv.Itoa(m), strconv.Itoa(m), b.p.T("apppages.workplan.cell", "activity", i+1, "month", m))
			ck.Name = p + "months"
			r.Checks = append(r.Checks, ck)
		}
		b.d.Activities = append(b.d.Activities, r)
	}
}

func (b *editBuilder) partners() {
	for i := range b.rows("partners", b.has("partners_", "_name", "_share", "_organisation_id")) {
		p := "partners_" + strconv.Itoa(i) + "_"
		r := rowView{Legend: b.p.T("apppages.partners.partner_n", "n", i+1)}
		r.Fields = append(r.Fields, b.view(p+"name", "text", "apppages.field.partner_name"))
		role := b.view(p+"role", "select", "apppages.field.role")
		for _, v := range []string{application.CoApplicant, application.Affiliated} {
			role.Options = append(role.Options, OptionView{Value: v, Label: b.p.T("applications.role." + v), Selected: b.st.vals[p+"role"] == v})
		}
		r.Fields = append(r.Fields, role, b.view(p+"share", "text", "apppages.field.share", "hint=apppages.hint.share"))
		if id := b.st.vals[p+"organisation_id"]; id != "" {
			r.Hidden = append(r.Hidden, hiddenView{Name: p + "organisation_id", Value: id})
		}
		b.d.Partners = append(b.d.Partners, r)
	}
}
