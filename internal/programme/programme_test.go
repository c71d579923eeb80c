package programme_test

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/programme"
)

func form() programme.Form {
	return programme.Form{Title: "Programme", DonorOrgID: "1", DonorProfile: "eu", SubgrantBudget: "400.000",
		StartsOn: "2026-01-01", EndsOn: "2027-12-31",
		Sources: []programme.SourceRow{{Name: "EU", Amount: "380.000,00"}, {Name: "Ministria", Amount: "20.000"}, {}}}
}

func TestParseDefaultsAndAmounts(t *testing.T) {
	profiles, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	in, err := form().Parse("sq", profiles)
	if err != nil {
		t.Fatal(err)
	}
	if in.Currency != "EUR" || in.ThirdPartyCapMinor != 6_000_000 || in.SubgrantBudgetMinor != 40_000_000 || len(in.Sources) != 2 {
		t.Errorf("got %+v, want EUR, cap 60,000.00, budget 400,000.00 and two sources", in)
	}
}

func TestParseErrors(t *testing.T) {
	profiles, _ := donor.Load()
	cases := []struct {
		name  string
		edit  func(*programme.Form)
		field string
		key   string
	}{
		{"letters", func(f *programme.Form) { f.SubgrantBudget = "12a" }, "subgrant_budget", "programmes.error.amount_letters"},
		{"three decimals", func(f *programme.Form) { f.Sources[0].Amount = "1,234" }, "source_amount_0", "programmes.error.amount_decimals"},
		{"negative", func(f *programme.Form) { f.Sources[1].Amount = "-1" }, "source_amount_1", "programmes.error.amount_negative"},
		{"dates", func(f *programme.Form) { f.EndsOn = "2025-12-31" }, "ends_on", "programmes.error.dates_order"},
		{"bad date", func(f *programme.Form) { f.StartsOn = "1/1/2026" }, "starts_on", "programmes.error.date"},
		{"over funding", func(f *programme.Form) { f.SubgrantBudget = "400.000,01" }, "subgrant_budget", "programmes.error.budget_over_funding"},
		{"profile", func(f *programme.Form) { f.DonorProfile = "xx" }, "donor_profile", "programmes.error.profile"},
		{"no sources", func(f *programme.Form) { f.Sources = nil }, "source_name_0", "programmes.error.no_sources"},
	}
	for _, c := range cases {
		f := form()
		c.edit(&f)
		_, err := f.Parse("sq", profiles)
		if got := apperr.As(err).Fields[c.field]; got != c.key {
			t.Errorf("%s: field %s = %q, want %q", c.name, c.field, got, c.key)
		}
	}
}

// Scopes decide in SQL which programmes a reader gets; a donor must be an
// organisation of kind donor.
func TestStoreScopes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		as := auth.NewStore(d)
		d1, _ := as.CreateOrg(ctx, "Donor one", "donor")
		d2, _ := as.CreateOrg(ctx, "Donor two", "donor")
		ngo, _ := as.CreateOrg(ctx, "NGO", "ngo")
		st := programme.NewStore(d)
		in := programme.Input{Title: "P1", DonorOrgID: d1.ID, DonorProfile: "eu", Currency: "EUR", SubgrantBudgetMinor: 100,
			StartsOn: "2026-01-01", EndsOn: "2026-12-31", Sources: []programme.FundingSource{{Name: "EU", AmountMinor: 100}},
			Indicators: []programme.Indicator{{Result: "R1", Indicator: "Centres open", Baseline: "0", Target: "2", Unit: "centres"}}}
		p1, err := st.Create(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		in.Title, in.DonorOrgID = "P2", d2.ID
		if _, err := st.Create(ctx, in); err != nil {
			t.Fatal(err)
		}
		in.DonorOrgID = ngo.ID
		if _, err := st.Create(ctx, in); apperr.As(err).Fields["donor_org_id"] != "programmes.error.donor" {
			t.Errorf("an NGO as donor: %v", err)
		}
		mine, _ := st.List(ctx, access.Donor(d1.ID))
		all, _ := st.List(ctx, access.Everything())
		none, _ := st.List(ctx, access.Scope{})
		if len(mine) != 1 || mine[0].ID != p1.ID || len(all) != 2 || len(none) != 0 {
			t.Errorf("scoped lists: mine %d, all %d, none %d", len(mine), len(all), len(none))
		}
		if _, err := st.ByID(ctx, p1.ID, access.Donor(d2.ID)); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another donor's programme: %v, want NotFound", err)
		}
		got, err := st.ByID(ctx, p1.ID, access.Everything())
		if err != nil || len(got.Indicators) != 1 || got.Results()[0].Text != "R1" || got.Funding().Minor != 100 {
			t.Errorf("ByID = %+v, %v", got, err)
		}
	})
}

func TestTitleWithInvisibleCharactersIsRefused(t *testing.T) {
	profiles, _ := donor.Load()
	for _, title := range []string{"Programi\u202D", "Pro\u200Cgrami", "\u2069Programi"} {
		f := form()
		f.Title = title
		_, err := f.Parse("sq", profiles)
		if got := apperr.As(err).Fields["title"]; got != "hardening.error.invisible" {
			t.Errorf("title %q: %q, want hardening.error.invisible", title, got)
		}
	}
	f := form()
	f.Title = "Програм за старије – Ëndërr"
	if _, err := f.Parse("sq", profiles); err != nil {
		t.Errorf("a Cyrillic and Albanian title refused: %v", err)
	}
}
