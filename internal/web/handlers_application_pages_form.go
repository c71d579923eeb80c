package web

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/i18n"
)

// appSections are the editor's sections in order.
var appSections = []string{"summary", "target_groups", "municipalities", "logframe", "workplan", "budget", "partners", "attachments", "declaration"}

// formOf is a stored application as the editor's typed form.
func formOf(a application.Application, lang i18n.Lang) application.Form {
	f := application.Form{Title: a.Title, Summary: a.Summary, DurationMonths: a.DurationMonths, StartMonth: a.StartMonth,
		TargetGroups: a.TargetGroups, Municipalities: a.Municipalities, Logframe: a.Logframe, Activities: a.Activities,
		DeclarationAccepted: a.DeclarationAccepted}
	for _, l := range a.Budget {
		f.Budget = append(f.Budget, application.LineForm{Heading: l.Heading, Description: l.Description, Unit: l.Unit,
			Units: inputDecimal(lang, l.UnitsX100), UnitRate: inputDecimal(lang, l.UnitRateMinor),
			Requested: inputDecimal(lang, l.RequestedMinor), Cofinancing: inputDecimal(lang, l.CofinancingMinor)})
	}
	for _, p := range a.Partners {
		f.Partners = append(f.Partners, application.PartnerForm{OrgID: p.OrgID, Name: p.Name, Role: p.Role,
			Share: inputDecimal(lang, p.ShareMinor)})
	}
	return f
}

// formValues puts a typed form into the page's field values; checkboxes
// are "1" under a name of their own (muni_<code>, activities_<i>_m_<m>).
func formValues(v map[string]string, f application.Form) {
	v["title"], v["summary"], v["start_month"] = f.Title, f.Summary, f.StartMonth
	if f.DurationMonths != 0 {
		v["duration_months"] = strconv.Itoa(f.DurationMonths)
	}
	for _, g := range f.TargetGroups {
		v["tg_"+g.Code], v["tg_"+g.Code+"_n"] = "1", strconv.Itoa(g.Beneficiaries)
	}
	for _, m := range f.Municipalities {
		v["muni_"+m] = "1"
	}
	for i, o := range f.Logframe.Objectives {
		v["logframe_objectives_"+strconv.Itoa(i)] = o
	}
	for i, ind := range f.Logframe.Indicators {
		p := "logframe_indicators_" + strconv.Itoa(i) + "_"
		v[p+"result"], v[p+"indicator"], v[p+"baseline"], v[p+"target"], v[p+"source"] = ind.Result, ind.Indicator, ind.Baseline, ind.Target, ind.Source
	}
	for i, a := range f.Activities {
		p := "activities_" + strconv.Itoa(i) + "_"
		v[p+"title"] = a.Title
		for _, m := range a.Months {
			v[p+"m_"+strconv.Itoa(m)] = "1"
		}
	}
	for i, l := range f.Budget {
		p := "budget_" + strconv.Itoa(i) + "_"
		v[p+"heading"], v[p+"description"], v[p+"unit"], v[p+"units"] = l.Heading, l.Description, l.Unit, l.Units
		v[p+"unit_rate"], v[p+"requested"], v[p+"cofinancing"] = l.UnitRate, l.Requested, l.Cofinancing
	}
	for i, pt := range f.Partners {
		p := "partners_" + strconv.Itoa(i) + "_"
		v[p+"name"], v[p+"role"], v[p+"share"] = pt.Name, pt.Role, pt.Share
		if pt.OrgID != nil {
			v[p+"organisation_id"] = strconv.FormatInt(*pt.OrgID, 10)
		}
	}
	if f.DeclarationAccepted {
		v["declaration_accepted"] = "1"
	}
}

// readSection replaces the posted section of f with what the body says.
// Whole numbers that cannot be read are errors of their own (fe), with the
// typed text kept in raw; rows left empty are dropped.
func readSection(c *gin.Context, sec string, f *application.Form, fe apperr.FieldErrors, raw map[string]string) {
	post := func(name string) string { return postValue(c, name) }
	whole := func(name string) int {
		s := post(name)
		n, err := strconv.Atoi(s)
		if s != "" && (err != nil || n < 0) {
			fe.Add(name, "apppages.error.whole_number")
			raw[name] = s
		}
		return n
	}
	switch sec {
	case "summary":
		f.Title, f.StartMonth = post("title"), post("start_month")
		f.Summary = strings.TrimSpace(c.Request.PostForm.Get("summary"))
		f.DurationMonths = whole("duration_months")
	case "target_groups":
		f.TargetGroups = nil
		for _, code := range application.TargetGroups() {
			if post("tg_"+code) != "" {
				f.TargetGroups = append(f.TargetGroups, application.TargetGroup{Code: code, Beneficiaries: whole("tg_" + code + "_n")})
			}
		}
	case "municipalities":
		f.Municipalities = slices.Clone(c.Request.PostForm["municipalities"])
	case "logframe":
		readLogframe(c, f)
	case "workplan":
		readWorkplan(c, f, fe, raw)
	case "budget":
		f.Budget = nil
		for i := range rowCount(c, "budget", 0, 0, "") {
			p := "budget_" + strconv.Itoa(i) + "_"
			l := application.LineForm{Heading: post(p + "heading"), Description: post(p + "description"), Unit: post(p + "unit"),
				Units: post(p + "units"), UnitRate: post(p + "unit_rate"), Requested: post(p + "requested"), Cofinancing: post(p + "cofinancing")}
			if l.Description+l.Unit+l.Units+l.UnitRate+l.Requested+l.Cofinancing != "" {
				f.Budget = append(f.Budget, l)
			}
		}
	case "partners":
		readPartners(c, f)
	case "declaration":
		f.DeclarationAccepted = post("declaration_accepted") != ""
	}
}

func readLogframe(c *gin.Context, f *application.Form) {
	f.Logframe = application.Logframe{}
	for i := range rowCount(c, "objectives", 0, 0, "") {
		if o := strings.TrimSpace(c.Request.PostForm.Get("logframe_objectives_" + strconv.Itoa(i))); o != "" {
			f.Logframe.Objectives = append(f.Logframe.Objectives, o)
		}
	}
	for i := range rowCount(c, "indicators", 0, 0, "") {
		p := "logframe_indicators_" + strconv.Itoa(i) + "_"
		ind := application.Indicator{Result: postValue(c, p+"result"), Indicator: postValue(c, p+"indicator"),
			Baseline: postValue(c, p+"baseline"), Target: postValue(c, p+"target"), Source: postValue(c, p+"source")}
		if ind != (application.Indicator{}) {
			f.Logframe.Indicators = append(f.Logframe.Indicators, ind)
		}
	}
}

func readWorkplan(c *gin.Context, f *application.Form, fe apperr.FieldErrors, raw map[string]string) {
	f.Activities = nil
	for i := range rowCount(c, "activities", 0, 0, "") {
		p := "activities_" + strconv.Itoa(i) + "_"
		a := application.Activity{Title: postValue(c, p+"title")}
		for _, s := range c.Request.PostForm[p+"months"] {
			m, err := strconv.Atoi(s)
			if err != nil || m < 1 || m > application.MaxDuration {
				fe.Add(p+"months", "applications.error.month_number")
				raw[p+"months"] = s
				continue
			}
			a.Months = append(a.Months, m)
		}
		if a.Title != "" || len(a.Months) > 0 {
			f.Activities = append(f.Activities, a)
		}
	}
}

func readPartners(c *gin.Context, f *application.Form) {
	f.Partners = nil
	for i := range rowCount(c, "partners", 0, 0, "") {
		p := "partners_" + strconv.Itoa(i) + "_"
		pf := application.PartnerForm{Name: postValue(c, p+"name"), Role: postValue(c, p+"role"), Share: postValue(c, p+"share")}
		if s := postValue(c, p+"organisation_id"); s != "" {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				id = -1 // Parse names the field
			}
			pf.OrgID = &id
		}
		if pf.Name != "" || pf.Share != "" || pf.OrgID != nil {
			f.Partners = append(f.Partners, pf)
		}
	}
}
