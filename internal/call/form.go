package call

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/invisible"
	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/place"
	"github.com/subgrant/portal/internal/programme"
)

// DateTimeLayout is how opening and closing moments are typed, in the
// call's time zone (what an HTML datetime-local input sends).
const DateTimeLayout = "2006-01-02T15:04"

// OrgKinds are the organisation kinds a call may admit.
var OrgKinds = []string{"ngo", "municipality"}

// Form is a call as typed into the page, every value a string.
type Form struct {
	ProgrammeID, Reference                          string
	TitleSQ, TitleEN, TitleSR                       string
	DescriptionSQ, DescriptionEN, DescriptionSR     string
	MinGrant, MaxGrant, MaxDonorShare, MinCofinance string
	MinDuration, MaxDuration                        string
	TimeZone, OpensAt, ClosesAt                     string
	OrgKinds, Municipalities                        []string
	MinYears, MaxApplications                       string
	TwoStage                                        bool
	Lots                                            []LotRow
	Documents                                       []DocumentRow
}

// LotRow is one lot row of the form.
type LotRow struct{ Name, Budget, Theme string }

// DocumentRow is one required-document row of the form.
type DocumentRow struct{ Code, LabelSQ, LabelEN, LabelSR string }

// Input is a parsed call ready to store (a draft may leave fields empty).
type Input struct {
	ProgrammeID                                 int64
	Reference                                   string
	TitleSQ, TitleEN, TitleSR                   string
	DescriptionSQ, DescriptionEN, DescriptionSR string
	MinGrantMinor, MaxGrantMinor                int64
	MaxDonorShareBP, MinCofinancingBP           int64
	MinDurationMonths, MaxDurationMonths        int
	TimeZone                                    string
	OpensAt, ClosesAt                           *time.Time
	OrgKinds, Municipalities                    []string
	MinYearsRegistered, MaxApplicationsPerOrg   int
	TwoStage                                    bool
	Lots                                        []Lot
	Documents                                   []Document
}

const (
	maxTitle = 500
	maxDesc  = 20000
)

// Parse checks the form typed in lang. It checks what each field says on
// its own; Store.Create and Store.Update add the checks against the
// programme and the other calls.
func (f Form) Parse(lang string) (Input, error) {
	fe := apperr.FieldErrors{}
	in := Input{Reference: strings.ToUpper(strings.TrimSpace(f.Reference)), TimeZone: strings.TrimSpace(f.TimeZone), TwoStage: f.TwoStage}
	id, err := strconv.ParseInt(strings.TrimSpace(f.ProgrammeID), 10, 64)
	if err != nil || id <= 0 {
		fe.Add("programme_id", "calls.error.programme")
	}
	in.ProgrammeID = id
	if !validReference(in.Reference) {
		fe.Add("reference", "calls.error.reference")
	}
	texts := []struct {
		field string
		dst   *string
		v     string
		max   int
		req   bool
	}{
		{"title_sq", &in.TitleSQ, f.TitleSQ, maxTitle, true}, {"title_en", &in.TitleEN, f.TitleEN, maxTitle, false},
		{"title_sr", &in.TitleSR, f.TitleSR, maxTitle, false}, {"description_sq", &in.DescriptionSQ, f.DescriptionSQ, maxDesc, false},
		{"description_en", &in.DescriptionEN, f.DescriptionEN, maxDesc, false}, {"description_sr", &in.DescriptionSR, f.DescriptionSR, maxDesc, false},
	}
	for _, t := range texts {
		*t.dst = strings.TrimSpace(t.v)
		text(fe, t.field, *t.dst, t.max, t.req)
		if strings.HasPrefix(t.field, "title_") {
			invisible.Check(fe, t.field, *t.dst)
		}
	}
	in.MinGrantMinor = programme.ParseAmount(fe, "min_grant", lang, f.MinGrant, false)
	in.MaxGrantMinor = programme.ParseAmount(fe, "max_grant", lang, f.MaxGrant, false)
	if in.MaxGrantMinor > 0 && in.MinGrantMinor > in.MaxGrantMinor {
		fe.Add("max_grant", "calls.error.grant_order")
	}
	in.MaxDonorShareBP = percent(fe, "max_donor_share", lang, f.MaxDonorShare)
	in.MinCofinancingBP = percent(fe, "min_cofinancing", lang, f.MinCofinance)
	if in.MaxDonorShareBP > 0 && in.MinCofinancingBP > 10000-in.MaxDonorShareBP {
		fe.Add("min_cofinancing", "calls.error.cofinancing_share")
	}
	in.MinDurationMonths = count(fe, "min_duration", f.MinDuration, 120)
	in.MaxDurationMonths = count(fe, "max_duration", f.MaxDuration, 120)
	if in.MaxDurationMonths > 0 && in.MinDurationMonths > in.MaxDurationMonths {
		fe.Add("max_duration", "calls.error.duration_order")
	}
	in.MinYearsRegistered = count(fe, "min_years", f.MinYears, 100)
	in.MaxApplicationsPerOrg = count(fe, "max_applications", f.MaxApplications, 100)
	in.OpensAt, in.ClosesAt = f.moments(fe, in.TimeZone)
	in.OrgKinds = chosen(fe, "org_kinds", f.OrgKinds, func(k string) bool { return slices.Contains(OrgKinds, k) })
	in.Municipalities = chosen(fe, "municipalities", f.Municipalities, place.Valid)
	in.Lots = parseLots(fe, lang, f.Lots)
	in.Documents = parseDocuments(fe, f.Documents)
	return in, fe.Err()
}

// validReference admits codes such as "EU-SOC-2026-01".
func validReference(s string) bool {
	if len(s) < 3 || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '/' || r == '.' || r == '_') {
			return false
		}
	}
	return true
}

func text(fe apperr.FieldErrors, field, v string, limit int, required bool) {
	switch {
	case required && v == "":
		fe.Add(field, "programmes.error.required")
	case utf8.RuneCountInString(v) > limit:
		fe.Add(field, "programmes.error.too_long")
	}
}

// percent reads "90" or "90,5" (a percentage with up to two decimals) into
// basis points.
func percent(fe apperr.FieldErrors, field, lang, s string) int64 {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	bp, err := money.Parse(lang, s)
	switch {
	case errors.Is(err, money.ErrNegative):
		fe.Add(field, "calls.error.percent_negative")
	case errors.Is(err, money.ErrDecimals):
		fe.Add(field, "calls.error.percent_decimals")
	case err != nil:
		fe.Add(field, "calls.error.percent")
	case bp > 10000:
		fe.Add(field, "calls.error.percent_range")
	}
	return bp
}

// count reads a whole number between 0 and limit; empty is 0.
func count(fe apperr.FieldErrors, field, s string, limit int) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > limit {
		fe.Add(field, "calls.error.whole_number")
		return 0
	}
	return n
}

func (f Form) moments(fe apperr.FieldErrors, zone string) (opens, closes *time.Time) {
	if !slices.Contains(Zones, zone) {
		fe.Add("time_zone", "calls.error.time_zone")
		return nil, nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		fe.Add("time_zone", "calls.error.time_zone")
		return nil, nil
	}
	opens = moment(fe, "opens_at", f.OpensAt, loc)
	closes = moment(fe, "closes_at", f.ClosesAt, loc)
	if opens != nil && closes != nil && !closes.After(*opens) {
		fe.Add("closes_at", "calls.error.dates_order")
	}
	return opens, closes
}

func moment(fe apperr.FieldErrors, field, s string, loc *time.Location) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	s = strings.Replace(s, " ", "T", 1)
	if len(s) > len(DateTimeLayout) { // seconds sent by some browsers
		s = s[:len(DateTimeLayout)]
	}
	t, err := time.ParseInLocation(DateTimeLayout, s, loc)
	if err != nil {
		fe.Add(field, "calls.error.datetime")
		return nil
	}
	t = t.UTC()
	return &t
}

func chosen(fe apperr.FieldErrors, field string, vals []string, ok func(string) bool) []string {
	var out []string
	for _, v := range vals {
		if v = strings.TrimSpace(v); v == "" || slices.Contains(out, v) {
			continue
		}
		if !ok(v) {
			fe.Add(field, "calls.error.choice")
			continue
		}
		out = append(out, v)
	}
	return out
}

func parseLots(fe apperr.FieldErrors, lang string, rows []LotRow) []Lot {
	var out []Lot
	for i, r := range rows {
		l := Lot{Name: strings.TrimSpace(r.Name), Theme: strings.TrimSpace(r.Theme)}
		budget := strings.TrimSpace(r.Budget)
		if l.Name == "" && l.Theme == "" && budget == "" {
			continue
		}
		n := strconv.Itoa(i)
		text(fe, "lot_name_"+n, l.Name, maxTitle, true)
		invisible.Check(fe, "lot_name_"+n, l.Name)
		text(fe, "lot_theme_"+n, l.Theme, maxTitle, false)
		l.BudgetMinor = programme.ParseAmount(fe, "lot_budget_"+n, lang, budget, true)
		out = append(out, l)
	}
	return out
}

func parseDocuments(fe apperr.FieldErrors, rows []DocumentRow) []Document {
	var out []Document
	for i, r := range rows {
		d := Document{Code: strings.TrimSpace(r.Code), LabelSQ: strings.TrimSpace(r.LabelSQ),
			LabelEN: strings.TrimSpace(r.LabelEN), LabelSR: strings.TrimSpace(r.LabelSR)}
		if d == (Document{}) {
			continue
		}
		n := strconv.Itoa(i)
		if d.Code == "" {
			d.Code = "doc-" + n
		}
		text(fe, "doc_code_"+n, d.Code, 60, true)
		text(fe, "doc_label_sq_"+n, d.LabelSQ, maxTitle, true)
		text(fe, "doc_label_en_"+n, d.LabelEN, maxTitle, true)
		text(fe, "doc_label_sr_"+n, d.LabelSR, maxTitle, false)
		out = append(out, d)
	}
	return out
}
