package application

import (
	"fmt"
	"slices"
	"time"

	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/money"
)

// Problem is one thing that stops submission: the field it concerns (a path
// such as "budget[2].unit_rate"), a catalogue key and the key's arguments
// as name, value pairs (amounts as money.Amount, for the page to format).
type Problem struct {
	Field string `json:"field"`
	Key   string `json:"code"`
	Args  []any  `json:"-"`
}

// Check lists every problem of app against its call, the call's lots, the
// donor profile and the server clock. It is pure: the check page shows its
// result and submission refuses while it is not empty.
func Check(app Application, c call.Call, lots []call.Lot, profile *donor.Profile, now time.Time) []Problem {
	var ps []Problem
	if !call.IsOpen(c, now) {
		ps = append(ps, Problem{Field: "call", Key: "applications.problem.call_closed"})
	}
	ps = append(ps, required(app)...)
	ps = append(ps, limits(app, c, lots, profile)...)
	ps = append(ps, completeness(app, c)...)
	ps = append(ps, documentsComplete(app, c)...)
	return ps
}

// required lists the sections that are still empty.
func required(a Application) []Problem {
	var ps []Problem
	add := func(ok bool, field string) {
		if !ok {
			ps = append(ps, Problem{Field: field, Key: "applications.problem.required"})
		}
	}
	add(a.Title != "", "title")
	add(a.Summary != "", "summary")
	add(a.DurationMonths > 0, "duration_months")
	add(a.StartMonth != "", "start_month")
	add(len(a.TargetGroups) > 0, "target_groups")
	add(len(a.Municipalities) > 0, "municipalities")
	add(len(a.Logframe.Objectives) > 0, "logframe.objectives")
	add(len(a.Logframe.Indicators) > 0, "logframe.indicators")
	add(len(a.Activities) > 0, "activities")
	add(len(a.Budget) > 0, "budget")
	for i, ind := range a.Logframe.Indicators {
		if ind.Indicator == "" || ind.Target == "" || ind.Source == "" {
			ps = append(ps, Problem{Field: fmt.Sprintf("logframe.indicators[%d]", i), Key: "applications.problem.indicator_incomplete"})
		}
	}
	for i, act := range a.Activities {
		if act.Title == "" || len(act.Months) == 0 {
			ps = append(ps, Problem{Field: fmt.Sprintf("activities[%d]", i), Key: "applications.problem.activity_incomplete"})
		}
	}
	if !a.DeclarationAccepted {
		ps = append(ps, Problem{Field: "declaration_accepted", Key: "applications.problem.declaration"})
	}
	return ps
}

// limits lists the breaches of the donor's and the call's money and
// duration rules. Store.Update refuses a draft with any of them, so a
// draft never holds a budget over a limit.
func limits(a Application, c call.Call, lots []call.Lot, profile *donor.Profile) []Problem {
	var ps []Problem
	amount := func(minor int64) money.Amount { return money.Amount{Minor: minor, Currency: c.Currency} }
	t, err := Sum(a.Budget, profile)
	if err != nil {
		return []Problem{{Field: "budget", Key: "applications.error.too_large"}}
	}
	if profile != nil {
		if capMinor, _ := money.PercentOf(t.Direct, profile.IndirectMaxBP); t.Indirect > capMinor {
			ps = append(ps, onKind(a, profile, donor.Indirect, "applications.problem.indirect_over",
				"max", amount(capMinor), "percent", BP(profile.IndirectMaxBP))...)
		}
		if capMinor, _ := money.PercentOf(t.Direct, profile.ContingencyMaxBP); t.Contingency > capMinor {
			ps = append(ps, onKind(a, profile, donor.Contingency, "applications.problem.contingency_over",
				"max", amount(capMinor), "percent", BP(profile.ContingencyMaxBP))...)
		}
		// The profile's cap is in the profile's currency: a call in another
		// one (a UNDP programme in ALL) has its own maximum, never the cap's
		// digits read as its currency.
		if profile.GrantCapMinor > 0 && profile.Currency == c.Currency && t.Requested > profile.GrantCapMinor {
			ps = append(ps, Problem{Field: "budget", Key: "applications.problem.over_donor_cap", Args: []any{"max", amount(profile.GrantCapMinor)}})
		}
	}
	if c.MaxGrantMinor > 0 && t.Requested > c.MaxGrantMinor {
		ps = append(ps, Problem{Field: "budget", Key: "applications.problem.over_max_grant", Args: []any{"max", amount(c.MaxGrantMinor)}})
	}
	if c.MaxDonorShareBP > 0 && t.Total > 0 {
		if capMinor, _ := money.PercentOf(t.Total, c.MaxDonorShareBP); t.Requested > capMinor {
			ps = append(ps, Problem{Field: "budget", Key: "applications.problem.donor_share_over", Args: []any{"percent", BP(c.MaxDonorShareBP)}})
		}
	}
	if c.MinCofinancingBP > 0 && t.Total > 0 {
		if maxReq, _ := money.PercentOf(t.Total, 10000-c.MinCofinancingBP); t.Requested > maxReq {
			ps = append(ps, Problem{Field: "budget", Key: "applications.problem.cofinancing_under", Args: []any{"percent", BP(c.MinCofinancingBP)}})
		}
	}
	if i := slices.IndexFunc(lots, func(l call.Lot) bool { return l.ID == a.LotID }); i >= 0 && t.Requested > lots[i].BudgetMinor {
		ps = append(ps, Problem{Field: "budget", Key: "applications.problem.over_lot", Args: []any{"max", amount(lots[i].BudgetMinor)}})
	}
	if c.MaxDurationMonths > 0 && a.DurationMonths > c.MaxDurationMonths {
		ps = append(ps, Problem{Field: "duration_months", Key: "applications.problem.duration_over", Args: []any{"max", c.MaxDurationMonths}})
	}
	return ps
}

// completeness lists the rules that a draft may break while it is being
// written but not when it is submitted.
func completeness(a Application, c call.Call) []Problem {
	var ps []Problem
	t, err := Sum(a.Budget, nil)
	if err == nil && len(a.Budget) > 0 && c.MinGrantMinor > 0 && t.Requested < c.MinGrantMinor {
		ps = append(ps, Problem{Field: "budget", Key: "applications.problem.under_min_grant",
			Args: []any{"min", money.Amount{Minor: c.MinGrantMinor, Currency: c.Currency}}})
	}
	if a.DurationMonths > 0 && a.DurationMonths < c.MinDurationMonths {
		ps = append(ps, Problem{Field: "duration_months", Key: "applications.problem.duration_under", Args: []any{"min", c.MinDurationMonths}})
	}
	if allowed := c.Municipalities(); len(allowed) > 0 {
		for i, m := range a.Municipalities {
			if !slices.Contains(allowed, m) {
				ps = append(ps, Problem{Field: fmt.Sprintf("municipalities[%d]", i), Key: "applications.problem.municipality_not_eligible"})
			}
		}
	}
	for i, act := range a.Activities {
		if a.DurationMonths > 0 && len(act.Months) > 0 && act.Months[len(act.Months)-1] > a.DurationMonths {
			ps = append(ps, Problem{Field: fmt.Sprintf("activities[%d].months", i), Key: "applications.problem.month_after_end"})
		}
	}
	var shares int64
	for _, p := range a.Partners {
		shares, _ = money.Add(shares, p.ShareMinor)
	}
	if len(a.Partners) > 0 && shares > t.Total {
		ps = append(ps, Problem{Field: "partners", Key: "applications.problem.partner_shares"})
	}
	return ps
}

// onKind puts a problem on every budget line of a kind of heading, so the
// page shows it beside the line at fault.
func onKind(a Application, profile *donor.Profile, kind donor.HeadingKind, key string, args ...any) []Problem {
	var ps []Problem
	for i, l := range a.Budget {
		if h, ok := profile.Heading(l.Heading); ok && h.Kind == kind {
			ps = append(ps, Problem{Field: fmt.Sprintf("budget[%d].unit_rate", i), Key: key, Args: args})
		}
	}
	return ps
}

// BP is a percentage in basis points, given as a problem argument so that
// the page formats it in its language.
type BP int64
