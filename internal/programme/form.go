package programme

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/invisible"
	"github.com/subgrant/portal/internal/money"
)

// Form is a programme as typed into the page: every value a string so that
// a refused form comes back exactly as the person left it.
type Form struct {
	Title, DonorOrgID, DonorProfile, Currency string
	SubgrantBudget, ThirdPartyCap             string
	StartsOn, EndsOn                          string
	Sources                                   []SourceRow
	Indicators                                []IndicatorRow
}

// SourceRow is one funding source row of the form.
type SourceRow struct{ Name, Amount string }

// IndicatorRow is one result indicator row of the form.
type IndicatorRow struct{ Result, Indicator, Baseline, Target, Unit string }

// Input is a parsed, valid programme ready to store.
type Input struct {
	Title               string
	DonorOrgID          int64
	DonorProfile        string
	Currency            string
	SubgrantBudgetMinor int64
	ThirdPartyCapMinor  int64
	StartsOn, EndsOn    string
	Sources             []FundingSource
	Indicators          []Indicator
}

// maxText bounds free-text fields.
const maxText = 500

// Parse checks the form typed in lang against the donor profiles. Field
// names in the errors are those of the page ("source_amount_0", ...).
// Empty currency and ceiling take the profile's defaults.
func (f Form) Parse(lang string, profiles donor.Profiles) (Input, error) {
	fe := apperr.FieldErrors{}
	in := Input{Title: strings.TrimSpace(f.Title), DonorProfile: strings.TrimSpace(f.DonorProfile),
		Currency: strings.ToUpper(strings.TrimSpace(f.Currency))}
	checkText(fe, "title", in.Title, true)
	invisible.Check(fe, "title", in.Title)
	id, err := strconv.ParseInt(strings.TrimSpace(f.DonorOrgID), 10, 64)
	if err != nil || id <= 0 {
		fe.Add("donor_org_id", "programmes.error.donor")
	}
	in.DonorOrgID = id
	prof, ok := profiles[in.DonorProfile]
	if !ok {
		fe.Add("donor_profile", "programmes.error.profile")
	}
	if in.Currency == "" && ok {
		in.Currency = prof.Currency
	}
	if !money.IsCurrency(in.Currency) {
		fe.Add("currency", "programmes.error.currency")
	}
	in.SubgrantBudgetMinor = ParseAmount(fe, "subgrant_budget", lang, f.SubgrantBudget, true)
	if strings.TrimSpace(f.ThirdPartyCap) == "" && ok {
		in.ThirdPartyCapMinor = prof.ThirdPartyCapMinor
	} else {
		in.ThirdPartyCapMinor = ParseAmount(fe, "third_party_cap", lang, f.ThirdPartyCap, false)
	}
	in.StartsOn, in.EndsOn = parseDates(fe, f.StartsOn, f.EndsOn)
	in.Sources = parseSources(fe, lang, f.Sources)
	in.Indicators = parseIndicators(fe, f.Indicators)
	if _, bad := fe["subgrant_budget"]; !bad && len(in.Sources) > 0 {
		var sum int64
		for _, s := range in.Sources {
			sum += s.AmountMinor
		}
		if in.SubgrantBudgetMinor > sum {
			fe.Add("subgrant_budget", "programmes.error.budget_over_funding")
		}
	}
	return in, fe.Err()
}

func checkText(fe apperr.FieldErrors, field, v string, required bool) {
	switch {
	case required && v == "":
		fe.Add(field, "programmes.error.required")
	case utf8.RuneCountInString(v) > maxText:
		fe.Add(field, "programmes.error.too_long")
	}
}

func parseDates(fe apperr.FieldErrors, start, end string) (string, string) {
	start, end = strings.TrimSpace(start), strings.TrimSpace(end)
	s, serr := time.Parse(DateLayout, start)
	e, eerr := time.Parse(DateLayout, end)
	if serr != nil {
		fe.Add("starts_on", "programmes.error.date")
	}
	if eerr != nil {
		fe.Add("ends_on", "programmes.error.date")
	}
	if serr == nil && eerr == nil && !e.After(s) {
		fe.Add("ends_on", "programmes.error.dates_order")
	}
	return start, end
}

func parseSources(fe apperr.FieldErrors, lang string, rows []SourceRow) []FundingSource {
	var out []FundingSource
	for i, r := range rows {
		name, amount := strings.TrimSpace(r.Name), strings.TrimSpace(r.Amount)
		if name == "" && amount == "" {
			continue
		}
		n := strconv.Itoa(i)
		checkText(fe, "source_name_"+n, name, true)
		v := ParseAmount(fe, "source_amount_"+n, lang, amount, true)
		out = append(out, FundingSource{Name: name, AmountMinor: v})
	}
	if len(out) == 0 {
		fe.Add("source_name_0", "programmes.error.no_sources")
	}
	return out
}

func parseIndicators(fe apperr.FieldErrors, rows []IndicatorRow) []Indicator {
	var out []Indicator
	for i, r := range rows {
		ind := Indicator{Result: strings.TrimSpace(r.Result), Indicator: strings.TrimSpace(r.Indicator),
			Baseline: strings.TrimSpace(r.Baseline), Target: strings.TrimSpace(r.Target), Unit: strings.TrimSpace(r.Unit)}
		if ind == (Indicator{}) {
			continue
		}
		n := strconv.Itoa(i)
		checkText(fe, "ind_result_"+n, ind.Result, true)
		checkText(fe, "ind_indicator_"+n, ind.Indicator, true)
		for field, v := range map[string]string{"ind_baseline_": ind.Baseline, "ind_target_": ind.Target, "ind_unit_": ind.Unit} {
			checkText(fe, field+n, v, false)
		}
		out = append(out, ind)
	}
	return out
}

// FormOf fills a form from a stored programme, amounts written for lang.
func FormOf(p Programme, lang string) Form {
	f := Form{Title: p.Title, DonorOrgID: strconv.FormatInt(p.DonorOrgID, 10), DonorProfile: p.DonorProfile,
		Currency: p.Currency, SubgrantBudget: FormatAmount(lang, p.SubgrantBudgetMinor),
		ThirdPartyCap: FormatAmount(lang, p.ThirdPartyCapMinor), StartsOn: p.StartsOn, EndsOn: p.EndsOn}
	for _, s := range p.Sources {
		f.Sources = append(f.Sources, SourceRow{Name: s.Name, Amount: FormatAmount(lang, s.AmountMinor)})
	}
	for _, i := range p.Indicators {
		f.Indicators = append(f.Indicators, IndicatorRow{i.Result, i.Indicator, i.Baseline, i.Target, i.Unit})
	}
	return f
}
