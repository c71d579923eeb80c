package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/org"
)

// orgTextFields are the profile's plain fields in page order.
var orgTextFields = []string{"legal_name", "acronym", "registration_number", "registry", "fiscal_number",
	"registration_date", "address", "municipality", "email", "phone", "rep_name", "rep_position", "iban",
	"staff_count", "volunteer_count", "turnover_currency"}

// orgProfileValues fills form values from a stored profile.
func orgProfileValues(f *Form, p org.Profile, lang i18n.Lang, years []int) {
	v := f.Values
	v["legal_name"], v["acronym"], v["registration_number"] = p.LegalName, p.Acronym, p.RegistrationNumber
	v["registry"], v["fiscal_number"], v["address"] = p.Registry, p.FiscalNumber, p.Address
	v["municipality"], v["email"], v["phone"] = p.Municipality, p.Email, p.Phone
	v["rep_name"], v["rep_position"], v["iban"] = p.RepName, p.RepPosition, org.FormatIBAN(p.IBAN)
	v["staff_count"], v["volunteer_count"] = strconv.Itoa(p.StaffCount), strconv.Itoa(p.VolunteerCount)
	if p.RegistrationDate != nil {
		v["registration_date"] = p.RegistrationDate.Format(time.DateOnly)
	}
	v["turnover_currency"] = "EUR"
	for _, t := range p.Turnover {
		v["turnover_currency"] = t.Currency
		v["turnover."+strconv.Itoa(t.Year)] = orgPlainAmount(lang, t.Minor)
	}
	for _, g := range p.TargetGroups {
		v["target_groups."+g] = "1"
	}
	for i, sv := range p.Services {
		pre := "services." + strconv.Itoa(i) + "."
		v[pre+"type"], v[pre+"municipality"] = sv.Type, sv.Municipality
		v[pre+"capacity"], v[pre+"beneficiaries_per_year"] = strconv.Itoa(sv.Capacity), strconv.Itoa(sv.BeneficiariesPerYear)
	}
	v["service_rows"] = strconv.Itoa(len(p.Services))
}

// orgPlainAmount writes minor units as the language's decimal number without
// grouping, which money.Parse reads back.
func orgPlainAmount(lang i18n.Lang, minor int64) string {
	sep := "."
	if lang != i18n.EN {
		sep = ","
	}
	return strconv.FormatInt(minor/100, 10) + sep + strings.TrimPrefix(strconv.FormatInt(100+minor%100, 10), "1")
}

// parseProfileForm reads only the profile's own fields from the body (an
// extra "verified" or "org_id" is never read), keeps what was typed in f,
// and returns the input with the errors of fields that could not be read.
func parseProfileForm(c *gin.Context, f *Form, lang i18n.Lang, years []int) (org.Input, apperr.FieldErrors) {
	fe := apperr.FieldErrors{}
	for _, k := range orgTextFields {
		f.Values[k] = postValue(c, k)
	}
	v := f.Values
	in := org.Input{LegalName: v["legal_name"], Acronym: v["acronym"], RegistrationNumber: v["registration_number"],
		Registry: v["registry"], FiscalNumber: v["fiscal_number"], Address: v["address"], Municipality: v["municipality"],
		Email: v["email"], Phone: v["phone"], RepName: v["rep_name"], RepPosition: v["rep_position"], IBAN: v["iban"]}
	in.RegistrationDate = orgFormDate(fe, "registration_date", v["registration_date"])
	in.StaffCount = orgFormCount(fe, "staff_count", v["staff_count"])
	in.VolunteerCount = orgFormCount(fe, "volunteer_count", v["volunteer_count"])
	for _, y := range years {
		key := "turnover." + strconv.Itoa(y)
		if v[key] = postValue(c, key); v[key] == "" {
			continue
		}
		minor, err := money.Parse(string(lang), v[key])
		if err != nil {
			fe.Add(key, "org.error.amount")
			continue
		}
		in.Turnover = append(in.Turnover, org.Turnover{Year: y, Minor: minor, Currency: v["turnover_currency"]})
	}
	for _, g := range c.Request.PostForm["target_groups"] {
		if org.IsTargetGroup(g) {
			v["target_groups."+g] = "1"
		}
		in.TargetGroups = append(in.TargetGroups, g)
	}
	in.Services = orgServiceRows(c, f, fe, orgRemovedRow(postValue(c, "action")))
	return in, fe
}

// orgServiceRows reads the repeated service rows; a row left entirely
// empty is dropped, so the blank row added by "add a service" costs nothing.
func orgServiceRows(c *gin.Context, f *Form, fe apperr.FieldErrors, skip int) []org.Service {
	var out []org.Service
	n := 0
	for i := 0; i < org.MaxServices+1; i++ {
		pre := "services." + strconv.Itoa(i) + "."
		if _, ok := c.Request.PostForm[pre+"type"]; !ok {
			break
		}
		typ, muni := postValue(c, pre+"type"), postValue(c, pre+"municipality")
		capa, ben := postValue(c, pre+"capacity"), postValue(c, pre+"beneficiaries_per_year")
		if i == skip || typ == "" && muni == "" && capa == "" && ben == "" {
			continue
		}
		out2 := "services." + strconv.Itoa(n) + "."
		f.Values[out2+"type"], f.Values[out2+"municipality"] = typ, muni
		f.Values[out2+"capacity"], f.Values[out2+"beneficiaries_per_year"] = capa, ben
		out = append(out, org.Service{Type: typ, Municipality: muni,
			Capacity: orgFormCount(fe, out2+"capacity", capa), BeneficiariesPerYear: orgFormCount(fe, out2+"beneficiaries_per_year", ben)})
		n++
	}
	f.Values["service_rows"] = strconv.Itoa(n)
	return out
}

func orgFormDate(fe apperr.FieldErrors, field, s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		fe.Add(field, "org.error.date")
		return nil
	}
	return &t
}

func orgFormCount(fe apperr.FieldErrors, field, s string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		fe.Add(field, "org.error.number")
		return 0
	}
	return n
}

// orgRemovedRow is the row a "remove" button names ("remove_service.3"), or -1.
func orgRemovedRow(action string) int {
	v, ok := strings.CutPrefix(action, "remove_service.")
	if !ok {
		return -1
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}
