package application

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/invisible"
	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/place"
)

// Form is a draft as the applicant sends it: counts as numbers, amounts and
// units as typed (in the applicant's language). It has no status,
// organisation or awarded amount: those are never taken from a request.
type Form struct {
	Title               string        `json:"title"`
	Summary             string        `json:"summary"`
	DurationMonths      int           `json:"duration_months"`
	StartMonth          string        `json:"start_month"`
	TargetGroups        []TargetGroup `json:"target_groups"`
	Municipalities      []string      `json:"municipalities"`
	Logframe            Logframe      `json:"logframe"`
	Activities          []Activity    `json:"activities"`
	Budget              []LineForm    `json:"budget"`
	Partners            []PartnerForm `json:"partners"`
	DeclarationAccepted bool          `json:"declaration_accepted"`
}

// LineForm is a budget line as typed. An empty requested or co-financing
// amount is the rest of the line total.
type LineForm struct {
	Heading     string `json:"heading"`
	Description string `json:"description"`
	Unit        string `json:"unit"`
	Units       string `json:"units"`
	UnitRate    string `json:"unit_rate"`
	Requested   string `json:"requested"`
	Cofinancing string `json:"cofinancing"`
}

// PartnerForm is a partner as typed.
type PartnerForm struct {
	OrgID *int64 `json:"organisation_id"`
	Name  string `json:"name"`
	Role  string `json:"role"`
	Share string `json:"share"`
}

// Input is a checked draft, ready to store.
type Input struct {
	Title, Summary      string
	DurationMonths      int
	StartMonth          string
	TargetGroups        []TargetGroup
	Municipalities      []string
	Logframe            Logframe
	Activities          []Activity
	Budget              []BudgetLine
	Partners            []Partner
	DeclarationAccepted bool
}

// Limits of a draft.
const (
	MaxTitle       = 300
	MaxSummary     = 20000
	MaxText        = 2000
	MaxRows        = 200
	MaxDuration    = 120
	MaxBeneficiary = 10_000_000
)

// Parse checks what each field says on its own and computes the budget
// (line totals with integer arithmetic). Field names are paths such as
// "budget[2].unit_rate". The rules of the call and donor (limits, shares,
// required sections) are Check's.
func (f Form) Parse(lang string, profile *donor.Profile) (Input, error) {
	fe := apperr.FieldErrors{}
	in := Input{Title: strings.TrimSpace(f.Title), Summary: strings.TrimSpace(f.Summary),
		DurationMonths: f.DurationMonths, StartMonth: strings.TrimSpace(f.StartMonth),
		DeclarationAccepted: f.DeclarationAccepted}
	text(fe, "title", in.Title, MaxTitle)
	invisible.Check(fe, "title", in.Title)
	text(fe, "summary", in.Summary, MaxSummary)
	if in.DurationMonths < 0 || in.DurationMonths > MaxDuration {
		fe.Add("duration_months", "applications.error.duration_range")
	}
	if in.StartMonth != "" {
		if _, err := time.Parse("2006-01", in.StartMonth); err != nil {
			fe.Add("start_month", "applications.error.month")
		}
	}
	in.TargetGroups = parseTargetGroups(fe, f.TargetGroups)
	in.Municipalities = parseMunicipalities(fe, f.Municipalities)
	in.Logframe = parseLogframe(fe, f.Logframe)
	in.Activities = parseActivities(fe, f.Activities)
	in.Budget = parseBudget(fe, lang, profile, f.Budget)
	in.Partners = parsePartners(fe, lang, f.Partners)
	return in, fe.Err()
}

func text(fe apperr.FieldErrors, field, v string, max int) {
	switch {
	case utf8.RuneCountInString(v) > max:
		fe.Add(field, "applications.error.too_long")
	case strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\r' && r != '\t' }):
		fe.Add(field, "applications.error.control")
	}
}

func rows(fe apperr.FieldErrors, field string, n int) bool {
	if n > MaxRows {
		fe.Add(field, "applications.error.too_many_rows")
		return false
	}
	return true
}

func parseTargetGroups(fe apperr.FieldErrors, in []TargetGroup) []TargetGroup {
	out := []TargetGroup{}
	if !rows(fe, "target_groups", len(in)) {
		return out
	}
	for i, g := range in {
		p := fmt.Sprintf("target_groups[%d].", i)
		g.Code = strings.TrimSpace(g.Code)
		switch {
		case !slices.Contains(TargetGroups(), g.Code):
			fe.Add(p+"code", "applications.error.target_group")
		case slices.ContainsFunc(out, func(o TargetGroup) bool { return o.Code == g.Code }):
			fe.Add(p+"code", "applications.error.duplicate")
		}
		if g.Beneficiaries < 0 || g.Beneficiaries > MaxBeneficiary {
			fe.Add(p+"beneficiaries", "applications.error.beneficiaries")
		}
		out = append(out, g)
	}
	return out
}

func parseMunicipalities(fe apperr.FieldErrors, in []string) []string {
	out := []string{}
	if !rows(fe, "municipalities", len(in)) {
		return out
	}
	for i, code := range in {
		code = strings.TrimSpace(code)
		field := fmt.Sprintf("municipalities[%d]", i)
		if _, ok := place.Lookup(code); !ok {
			fe.Add(field, "applications.error.municipality")
		} else if slices.Contains(out, code) {
			fe.Add(field, "applications.error.duplicate")
		}
		out = append(out, code)
	}
	return out
}

func parseLogframe(fe apperr.FieldErrors, in Logframe) Logframe {
	out := Logframe{Objectives: []string{}, Indicators: []Indicator{}}
	if !rows(fe, "logframe.objectives", len(in.Objectives)) || !rows(fe, "logframe.indicators", len(in.Indicators)) {
		return out
	}
	for i, o := range in.Objectives {
		o = strings.TrimSpace(o)
		text(fe, fmt.Sprintf("logframe.objectives[%d]", i), o, MaxText)
		out.Objectives = append(out.Objectives, o)
	}
	for i, ind := range in.Indicators {
		p := fmt.Sprintf("logframe.indicators[%d].", i)
		ind = Indicator{Result: strings.TrimSpace(ind.Result), Indicator: strings.TrimSpace(ind.Indicator),
			Baseline: strings.TrimSpace(ind.Baseline), Target: strings.TrimSpace(ind.Target), Source: strings.TrimSpace(ind.Source)}
		for field, v := range map[string]string{"result": ind.Result, "indicator": ind.Indicator, "baseline": ind.Baseline,
			"target": ind.Target, "source": ind.Source} {
			text(fe, p+field, v, MaxText)
		}
		out.Indicators = append(out.Indicators, ind)
	}
	return out
}

func parseActivities(fe apperr.FieldErrors, in []Activity) []Activity {
	out := []Activity{}
	if !rows(fe, "activities", len(in)) {
		return out
	}
	for i, a := range in {
		p := fmt.Sprintf("activities[%d].", i)
		a.Title = strings.TrimSpace(a.Title)
		text(fe, p+"title", a.Title, MaxText)
		months := []int{}
		for _, m := range a.Months {
			if m < 1 || m > MaxDuration {
				fe.Add(p+"months", "applications.error.month_number")
				continue
			}
			if !slices.Contains(months, m) {
				months = append(months, m)
			}
		}
		slices.Sort(months)
		out = append(out, Activity{Title: a.Title, Months: months})
	}
	return out
}

func parsePartners(fe apperr.FieldErrors, lang string, in []PartnerForm) []Partner {
	out := []Partner{}
	if !rows(fe, "partners", len(in)) {
		return out
	}
	for i, pf := range in {
		p := fmt.Sprintf("partners[%d].", i)
		pt := Partner{OrgID: pf.OrgID, Name: strings.TrimSpace(pf.Name), Role: strings.TrimSpace(pf.Role)}
		if pt.OrgID != nil && *pt.OrgID <= 0 {
			fe.Add(p+"organisation_id", "applications.error.partner_org")
		}
		if pt.OrgID == nil && pt.Name == "" {
			fe.Add(p+"name", "applications.error.required")
		}
		text(fe, p+"name", pt.Name, MaxTitle)
		invisible.Check(fe, p+"name", pt.Name)
		if pt.Role != CoApplicant && pt.Role != Affiliated {
			fe.Add(p+"role", "applications.error.partner_role")
		}
		if strings.TrimSpace(pf.Share) != "" {
			v, err := money.Parse(lang, pf.Share)
			if err != nil {
				fe.Add(p+"share", amountKey(err))
			}
			pt.ShareMinor = v
		}
		out = append(out, pt)
	}
	return out
}

// amountKey names the catalogue message of a money.Parse error.
func amountKey(err error) string {
	switch {
	case errors.Is(err, money.ErrEmpty):
		return "applications.error.required"
	case errors.Is(err, money.ErrDecimals):
		return "applications.error.decimals"
	case errors.Is(err, money.ErrNegative):
		return "applications.error.negative"
	case errors.Is(err, money.ErrTooLarge), errors.Is(err, money.ErrOverflow):
		return "applications.error.too_large"
	}
	return "applications.error.number"
}
