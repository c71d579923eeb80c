package application_test

import (
	"testing"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/donor"
)

func euProfile(t *testing.T) *donor.Profile {
	t.Helper()
	ps, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	return ps["eu"]
}

// Every invalid value gets its own field error at its path.
func TestParseRefusesBadInput(t *testing.T) {
	eu := euProfile(t)
	cases := []struct {
		name  string
		edit  func(f *application.Form)
		field string
		key   string
	}{
		{"letters in a rate", func(f *application.Form) { f.Budget[1].UnitRate = "12a" }, "budget[1].unit_rate", "applications.error.number"},
		{"three decimals in sq", func(f *application.Form) { f.Budget[0].UnitRate = "1,234" }, "budget[0].unit_rate", "applications.error.decimals"},
		{"negative units", func(f *application.Form) { f.Budget[0].Units = "-2" }, "budget[0].units", "applications.error.negative"},
		{"zero units", func(f *application.Form) { f.Budget[0].Units = "0" }, "budget[0].units", "applications.error.positive"},
		{"overflowing product", func(f *application.Form) {
			f.Budget[0].Units, f.Budget[0].UnitRate, f.Budget[0].Requested, f.Budget[0].Cofinancing = "9.999.999.999", "9.999.999.999", "", ""
		}, "budget[0].unit_rate", "applications.error.too_large"},
		{"amount beyond the maximum", func(f *application.Form) { f.Budget[0].UnitRate = "99999999999999999999" }, "budget[0].unit_rate", "applications.error.too_large"},
		{"split not adding up", func(f *application.Form) { f.Budget[0].Requested = "10.000" }, "budget[0].requested", "applications.error.split"},
		{"unknown heading", func(f *application.Form) { f.Budget[2].Heading = "99" }, "budget[2].heading", "applications.error.heading"},
		{"unknown municipality", func(f *application.Form) { f.Municipalities = []string{"XK-ATLANTIS"} }, "municipalities[0]", "applications.error.municipality"},
		{"unknown target group", func(f *application.Form) { f.TargetGroups[0].Code = "martians" }, "target_groups[0].code", "applications.error.target_group"},
		{"negative beneficiaries", func(f *application.Form) { f.TargetGroups[0].Beneficiaries = -1 }, "target_groups[0].beneficiaries", "applications.error.beneficiaries"},
		{"month out of range", func(f *application.Form) { f.Activities[0].Months = []int{0, 3} }, "activities[0].months", "applications.error.month_number"},
		{"bad start month", func(f *application.Form) { f.StartMonth = "2026-13" }, "start_month", "applications.error.month"},
		{"partner without name", func(f *application.Form) {
			f.Partners = []application.PartnerForm{{Role: "co_applicant", Share: "100"}}
		}, "partners[0].name", "applications.error.required"},
		{"partner role", func(f *application.Form) {
			f.Partners = []application.PartnerForm{{Name: "X", Role: "boss"}}
		}, "partners[0].role", "applications.error.partner_role"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := apptest.ValidForm()
			tc.edit(&f)
			_, err := f.Parse("sq", eu)
			e := apperr.As(err)
			if e.Code != apperr.Invalid || e.Fields[tc.field] != tc.key {
				t.Fatalf("errors %v, want %s=%s", e.Fields, tc.field, tc.key)
			}
		})
	}
	if _, err := apptest.ValidForm().Parse("sq", eu); err != nil {
		t.Fatalf("the valid form: %v", err)
	}
}

// Totals are units × rate in integer arithmetic, halves rounded up, and the
// empty side of a split is the rest of the line.
func TestLineTotals(t *testing.T) {
	for _, tc := range []struct{ units, rate, want int64 }{
		{250, 3333, 8333}, {100, 1, 1}, {50, 1, 1}, {49, 1, 0}, {1200, 100000, 1200000},
	} {
		got, err := application.LineTotal(tc.units, tc.rate)
		if err != nil || got != tc.want {
			t.Errorf("LineTotal(%d, %d) = %d, %v; want %d", tc.units, tc.rate, got, err, tc.want)
		}
	}
	if _, err := application.LineTotal(1<<40, 1<<40); err == nil {
		t.Error("an overflowing product was accepted")
	}
	f := apptest.ValidForm()
	f.Budget[0].Requested, f.Budget[0].Cofinancing = "", "1.200"
	in, err := f.Parse("sq", euProfile(t))
	if err != nil {
		t.Fatal(err)
	}
	if l := in.Budget[0]; l.TotalMinor != 1200000 || l.RequestedMinor != 1080000 || l.UnitsX100 != 1200 {
		t.Errorf("line = %+v", l)
	}
}
