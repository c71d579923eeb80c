package demo

import (
	"strconv"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/money"
)

// costLine is a direct cost of a story's budget: its heading in the
// donor's profile, units × rate (minor units).
type costLine struct {
	Heading, Desc, Unit string
	Units, Rate         int64
}

// costs closes a budget: it adds the contingency (contBP of the direct
// costs, under heading cont; none when cont is empty) and the indirect
// costs (indBP, under heading ind), and splits every line so that the
// organisation co-finances cofinBP of it.
func costs(direct []costLine, cont string, contBP int64, ind string, indBP, cofinBP int64) []application.LineForm {
	var sum int64
	for _, l := range direct {
		sum += l.Units * l.Rate
	}
	lines := append([]costLine{}, direct...)
	if cont != "" {
		c, _ := money.PercentOf(sum, contBP)
		lines = append(lines, costLine{cont, "Rezerva për të paparashikuarat", "paushall", 1, c})
	}
	i, _ := money.PercentOf(sum, indBP)
	lines = append(lines, costLine{ind, "Kosto indirekte", "paushall", 1, i})
	out := make([]application.LineForm, 0, len(lines))
	for _, l := range lines {
		total := l.Units * l.Rate
		req, _ := money.PercentOf(total, 10000-cofinBP)
		out = append(out, application.LineForm{Heading: l.Heading, Description: l.Desc, Unit: l.Unit,
			Units: strconv.FormatInt(l.Units, 10), UnitRate: amount(l.Rate), Requested: amount(req), Cofinancing: amount(total - req)})
	}
	return out
}

// storyText is what an application says of its action.
type storyText struct {
	Title, Summary, Objective string
	Results, Indicators       [2]string
	Targets                   [2]int
	Activities                [3]string
}

// storyForm is a complete application form: the texts, the period, the
// municipalities, target groups (the first with Targets[0] beneficiaries),
// a workplan over the months and the budget.
func storyForm(tx storyText, months int, start string, munis []string, groups []string, budget []application.LineForm,
	partners []application.PartnerForm) application.Form {
	tgs := []application.TargetGroup{{Code: groups[0], Beneficiaries: tx.Targets[0]}}
	for _, g := range groups[1:] {
		tgs = append(tgs, application.TargetGroup{Code: g, Beneficiaries: tx.Targets[1]})
	}
	return application.Form{Title: tx.Title, Summary: tx.Summary, DurationMonths: months, StartMonth: start,
		TargetGroups: tgs, Municipalities: munis,
		Logframe: application.Logframe{Objectives: []string{tx.Objective}, Indicators: []application.Indicator{
			{Result: tx.Results[0], Indicator: tx.Indicators[0], Baseline: "0", Target: strconv.Itoa(tx.Targets[0]), Source: "Regjistri i rasteve dhe planet individuale"},
			{Result: tx.Results[1], Indicator: tx.Indicators[1], Baseline: "0", Target: strconv.Itoa(tx.Targets[1]), Source: "Raportet e monitorimit dhe procesverbalet"}}},
		Activities: []application.Activity{
			{Title: tx.Activities[0], Months: monthRange(1, 3)},
			{Title: tx.Activities[1], Months: monthRange(2, months)},
			{Title: tx.Activities[2], Months: monthRange(3, months)},
			{Title: "Monitorimi, vlerësimi dhe raporti përfundimtar", Months: monthRange(months-1, months)}},
		Budget: budget, Partners: partners, DeclarationAccepted: true}
}
