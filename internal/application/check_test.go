package application_test

import (
	"testing"
	"time"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/call"
)

func checkCall(now time.Time) (call.Call, []call.Lot) {
	opens, closes := now.Add(-time.Hour), now.Add(time.Hour)
	c := call.Call{ID: 1, Reference: "CFP-1", Currency: "EUR", State: "published", OpensAt: &opens, ClosesAt: &closes,
		MinGrantMinor: 500000, MaxGrantMinor: 6000000, MaxDonorShareBP: 9000, MinCofinancingBP: 1000,
		MinDurationMonths: 6, MaxDurationMonths: 24}
	return c, []call.Lot{{ID: 7, CallID: 1, BudgetMinor: 10000000}}
}

func draftOf(t *testing.T, edit func(f *application.Form)) application.Application {
	t.Helper()
	f := apptest.ValidForm()
	if edit != nil {
		edit(&f)
	}
	in, err := f.Parse("sq", euProfile(t))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return application.Application{LotID: 7, Currency: "EUR"}.With(in)
}

func has(ps []application.Problem, field, key string) bool {
	for _, p := range ps {
		if p.Field == field && p.Key == key {
			return true
		}
	}
	return false
}

// Check finds each rule broken, on the field at fault, and nothing in a
// complete application.
func TestCheck(t *testing.T) {
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	c, lots := checkCall(now)
	eu := euProfile(t)
	if ps := application.Check(draftOf(t, nil), c, lots, eu, now); len(ps) != 0 {
		t.Fatalf("a complete application has problems: %+v", ps)
	}
	cases := []struct {
		name       string
		edit       func(f *application.Form)
		field, key string
	}{
		{"indirect at 8 %", func(f *application.Form) {
			f.Budget[2].UnitRate, f.Budget[2].Requested, f.Budget[2].Cofinancing = "1.495,33", "", "149,53"
		}, "budget[2].unit_rate", "applications.problem.indirect_over"},
		{"contingency at 6 %", func(f *application.Form) {
			f.Budget = append(f.Budget, application.LineForm{Heading: "8", Description: "Rezervë", Unit: "x", Units: "1", UnitRate: "1.121,50", Cofinancing: "112,15"})
		}, "budget[3].unit_rate", "applications.problem.contingency_over"},
		{"donor share over 90 %", func(f *application.Form) {
			f.Budget[0].Requested, f.Budget[0].Cofinancing = "11.000", "1.000"
		}, "budget", "applications.problem.donor_share_over"},
		{"over the lot", func(f *application.Form) {
			f.Budget[0].Units, f.Budget[0].Requested, f.Budget[0].Cofinancing = "150", "", "15.000"
		}, "budget", "applications.problem.over_lot"},
		{"over the maximum grant", func(f *application.Form) {
			f.Budget[0].Units, f.Budget[0].Requested, f.Budget[0].Cofinancing = "80", "", "8.000"
		}, "budget", "applications.problem.over_max_grant"},
		{"under the minimum grant", func(f *application.Form) {
			f.Budget = f.Budget[:1]
			f.Budget[0].Units, f.Budget[0].Requested, f.Budget[0].Cofinancing = "1", "", "100"
		}, "budget", "applications.problem.under_min_grant"},
		{"too long", func(f *application.Form) { f.DurationMonths = 30 }, "duration_months", "applications.problem.duration_over"},
		{"too short", func(f *application.Form) { f.DurationMonths = 3 }, "duration_months", "applications.problem.duration_under"},
		{"no title", func(f *application.Form) { f.Title = "" }, "title", "applications.problem.required"},
		{"no declaration", func(f *application.Form) { f.DeclarationAccepted = false }, "declaration_accepted", "applications.problem.declaration"},
		{"activity after the end", func(f *application.Form) { f.Activities[0].Months = []int{12, 13} }, "activities[0].months", "applications.problem.month_after_end"},
		{"incomplete indicator", func(f *application.Form) { f.Logframe.Indicators[0].Source = "" }, "logframe.indicators[0]", "applications.problem.indicator_incomplete"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps := application.Check(draftOf(t, tc.edit), c, lots, eu, now)
			if !has(ps, tc.field, tc.key) {
				t.Errorf("problems %+v, want %s on %s", ps, tc.key, tc.field)
			}
		})
	}
	if ps := application.Check(draftOf(t, nil), c, lots, eu, c.ClosesAt.Add(time.Second)); !has(ps, "call", "applications.problem.call_closed") {
		t.Errorf("after the deadline: %+v", ps)
	}
}

// The limits are exact: indirect costs of exactly 7 % pass, one cent more fails.
func TestIndirectLimitIsExact(t *testing.T) {
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	c, lots := checkCall(now)
	ok := draftOf(t, nil)
	if ps := application.Check(ok, c, lots, euProfile(t), now); len(ps) != 0 {
		t.Fatalf("7 %%: %+v", ps)
	}
	over := draftOf(t, func(f *application.Form) {
		f.Budget[2].UnitRate, f.Budget[2].Requested, f.Budget[2].Cofinancing = "1.308,42", "1.177,57", "130,85"
	})
	if ps := application.Check(over, c, lots, euProfile(t), now); !has(ps, "budget[2].unit_rate", "applications.problem.indirect_over") {
		t.Fatalf("7 %% + 1 cent: %+v", ps)
	}
}

// A donor's cap per grant counts in the donor profile's currency: a call
// in that currency is held to it, a call in another currency (a UNDP
// programme run in ALL) is held to its own maximum, never to the cap's
// digits read as lek.
func TestDonorCapOnlyInItsCurrency(t *testing.T) {
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	c, lots := checkCall(now)
	capped := *euProfile(t)
	capped.GrantCapMinor = 100000 // 1,000.00 EUR, below the draft's request
	app := draftOf(t, nil)
	if ps := application.Check(app, c, lots, &capped, now); !has(ps, "budget", "applications.problem.over_donor_cap") {
		t.Errorf("a EUR call over the EUR cap: %+v", ps)
	}
	c.Currency, app.Currency = "ALL", "ALL"
	if ps := application.Check(app, c, lots, &capped, now); has(ps, "budget", "applications.problem.over_donor_cap") {
		t.Errorf("an ALL call held to the EUR cap: %+v", ps)
	}
}
