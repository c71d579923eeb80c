package application

import (
	"fmt"
	"strings"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/money"
)

// LineTotal is units (hundredths) × unit rate (minor units), rounded to the
// nearest minor unit with halves up; ErrOverflow beyond money.Max.
func LineTotal(unitsX100, rateMinor int64) (int64, error) {
	p, err := money.Mul(unitsX100, rateMinor)
	if err != nil {
		return 0, err
	}
	if p, err = money.Add(p, 50); err != nil {
		return 0, err
	}
	if t := p / 100; t <= money.Max {
		return t, nil
	}
	return 0, money.ErrOverflow
}

// Totals are the sums of a budget.
type Totals struct {
	Direct, Indirect, Contingency int64
	Total, Requested, Cofinancing int64
}

// Sum adds up a budget by kind of heading; headings the profile does not
// know count as direct costs (Parse refuses them anyway).
func Sum(lines []BudgetLine, profile *donor.Profile) (Totals, error) {
	var t Totals
	for _, l := range lines {
		kind := donor.Direct
		if profile != nil {
			if h, ok := profile.Heading(l.Heading); ok {
				kind = h.Kind
			}
		}
		target := &t.Direct
		switch kind {
		case donor.Indirect:
			target = &t.Indirect
		case donor.Contingency:
			target = &t.Contingency
		}
		var err error
		for _, add := range []struct {
			to *int64
			v  int64
		}{{target, l.TotalMinor}, {&t.Total, l.TotalMinor}, {&t.Requested, l.RequestedMinor}, {&t.Cofinancing, l.CofinancingMinor}} {
			if *add.to, err = money.Add(*add.to, add.v); err != nil {
				return Totals{}, err
			}
		}
	}
	if t.Total > money.Max {
		return Totals{}, money.ErrOverflow
	}
	return t, nil
}

func parseBudget(fe apperr.FieldErrors, lang string, profile *donor.Profile, in []LineForm) []BudgetLine {
	out := []BudgetLine{}
	if !rows(fe, "budget", len(in)) {
		return out
	}
	for i, lf := range in {
		out = append(out, parseLine(fe, fmt.Sprintf("budget[%d].", i), lang, profile, lf))
	}
	if _, err := Sum(out, profile); err != nil {
		fe.Add("budget", "applications.error.too_large")
	}
	return out
}

func parseLine(fe apperr.FieldErrors, p, lang string, profile *donor.Profile, lf LineForm) BudgetLine {
	l := BudgetLine{Heading: strings.TrimSpace(lf.Heading), Description: strings.TrimSpace(lf.Description), Unit: strings.TrimSpace(lf.Unit)}
	if _, ok := profile.Heading(l.Heading); !ok {
		fe.Add(p+"heading", "applications.error.heading")
	}
	if l.Description == "" {
		fe.Add(p+"description", "applications.error.required")
	}
	text(fe, p+"description", l.Description, MaxText)
	if l.Unit == "" {
		fe.Add(p+"unit", "applications.error.required")
	}
	text(fe, p+"unit", l.Unit, MaxTitle)
	amount := func(field, s string) (int64, bool) {
		v, err := money.Parse(lang, s)
		if err != nil {
			fe.Add(p+field, amountKey(err))
			return 0, false
		}
		return v, true
	}
	units, okU := amount("units", lf.Units)
	if okU && units == 0 {
		fe.Add(p+"units", "applications.error.positive")
		okU = false
	}
	rate, okR := amount("unit_rate", lf.UnitRate)
	l.UnitsX100, l.UnitRateMinor = units, rate
	if !okU || !okR {
		return l
	}
	total, err := LineTotal(units, rate)
	if err != nil {
		fe.Add(p+"unit_rate", "applications.error.too_large")
		return l
	}
	l.TotalMinor = total
	return splitLine(fe, p, lang, l, lf)
}

// splitLine fills requested and co-financing; an empty one is the rest of
// the total, and together they must make the total exactly.
func splitLine(fe apperr.FieldErrors, p, lang string, l BudgetLine, lf LineForm) BudgetLine {
	req, cof := strings.TrimSpace(lf.Requested), strings.TrimSpace(lf.Cofinancing)
	var okReq, okCof = true, true
	parse := func(field, s string, dst *int64) bool {
		v, err := money.Parse(lang, s)
		if err != nil {
			fe.Add(p+field, amountKey(err))
			return false
		}
		*dst = v
		return true
	}
	switch {
	case req == "" && cof == "":
		l.RequestedMinor = l.TotalMinor
	case cof == "":
		okReq = parse("requested", req, &l.RequestedMinor)
		l.CofinancingMinor = l.TotalMinor - l.RequestedMinor
	case req == "":
		okCof = parse("cofinancing", cof, &l.CofinancingMinor)
		l.RequestedMinor = l.TotalMinor - l.CofinancingMinor
	default:
		okReq = parse("requested", req, &l.RequestedMinor)
		okCof = parse("cofinancing", cof, &l.CofinancingMinor)
	}
	if !okReq || !okCof {
		return l
	}
	if l.RequestedMinor < 0 || l.CofinancingMinor < 0 || l.RequestedMinor+l.CofinancingMinor != l.TotalMinor {
		fe.Add(p+"requested", "applications.error.split")
		l.RequestedMinor, l.CofinancingMinor = max(l.RequestedMinor, 0), max(l.CofinancingMinor, 0)
	}
	return l
}
