package register

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

func contracts(r []Award) []string {
	out := []string{}
	for _, a := range r {
		out = append(out, a.Contract)
	}
	return out
}

// Only signed agreements resting on an approved award reach the public:
// never a draft agreement, a terminated one, an award of a session not yet
// approved, a rejected or reserve application, nor a draft application.
func TestOnlyPublishedAwardsArePublic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFix(t, d, 0, "Kujdes ditor", "EUR")
		a := org(t, d, "Shoqata Ëndërr", "XK-PRISHTINE", true)
		b := org(t, d, "ORGB-CANARY-7f3a", "XK-PEJE", true)
		want := []string{
			f.published(t, a, "Qendër ditore", 4_500_000, t0),
			f.add(t, grantSpec{org: a, title: "Aktive", appStatus: "awarded", decision: "award", grantStatus: "active", amount: 1_000_000}),
			f.add(t, grantSpec{org: a, title: "Mbyllur", appStatus: "awarded", decision: "award", grantStatus: "closed", amount: 2_000_000}),
		}
		for _, s := range []grantSpec{
			{org: b, title: "draft agreement", appStatus: "awarded", decision: "award", grantStatus: "draft", amount: 100},
			{org: b, title: "terminated", appStatus: "awarded", decision: "award", grantStatus: "terminated", amount: 100},
			{org: b, title: "unapproved session", appStatus: "awarded", decision: "award", session: f.pending, grantStatus: "signed", amount: 100},
			{org: b, title: "rejected", appStatus: "rejected", decision: "reject", grantStatus: "signed", amount: 100},
			{org: b, title: "reserve", appStatus: "reserve", decision: "reserve", grantStatus: "signed", amount: 100},
			{org: b, title: "draft application", appStatus: "draft", amount: 100},
			{org: b, title: "evaluated", appStatus: "evaluated", decision: "award", amount: 100},
		} {
			f.add(t, s)
		}
		st := &Store{DB: d}
		got, err := st.List(ctx, access.Visitor(), Filter{Sort: "amount"})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(want)
		gotC := contracts(got.Awards)
		slices.Sort(gotC)
		if !slices.Equal(gotC, want) || got.Count != 3 {
			t.Fatalf("public awards = %v (count %d), want %v", gotC, got.Count, want)
		}
		for _, aw := range got.Awards {
			if aw.Organisation != "Shoqata Ëndërr" || aw.Municipality != "XK-PRISHTINE" || aw.Programme != "Kujdes ditor" ||
				aw.Donor != "Donor Kujdes ditor" || aw.Currency != "EUR" {
				t.Errorf("row %+v", aw)
			}
		}
		all, err := st.All(ctx, access.Visitor(), Filter{})
		if err != nil || len(all) != 3 {
			t.Fatalf("export rows %d, %v", len(all), err)
		}
		// The map counts and the services follow the same rule.
		by, err := st.ByMunicipality(ctx, access.Visitor(), Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(by) != 1 || by[0].Municipality != "XK-PRISHTINE" || by[0].Count != 3 || by[0].AmountMinor != 7_500_000 {
			t.Errorf("by municipality = %+v", by)
		}
	})
}

// The filters narrow the list and its totals, totals are per currency,
// pages hold PerPage rows and the sort is by an allowed column only.
func TestRegisterFiltersTotalsAndPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		eu := newFix(t, d, 0, "EU programme", "EUR")
		un := newFix(t, d, 0, "UNICEF programme", "USD")
		other := newFix(t, d, eu.donor, "Second EU programme", "EUR")
		pr := org(t, d, "Prishtina NGO", "XK-PRISHTINE", true)
		kl := org(t, d, "Klos NGO", "AL-KLOS", true)
		y25 := time.Date(2025, 11, 3, 10, 0, 0, 0, time.UTC)
		for i := range 30 {
			eu.published(t, pr, "Kujdes", int64(100_000+i), t0)
		}
		un.published(t, kl, "Harta", 5_000_000, y25)
		un.published(t, kl, "Plani", 2_500_050, t0)
		other.published(t, kl, "Tjetër", 700_000, y25)
		st := &Store{DB: d}
		vis := access.Visitor()

		r, err := st.List(ctx, vis, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		wantTotals := []Total{{"EUR", 31, 30*100_000 + 435 + 700_000}, {"USD", 2, 7_500_050}}
		if r.Count != 33 || r.Pages != 2 || len(r.Awards) != PerPage || !slices.Equal(r.Totals, wantTotals) {
			t.Fatalf("all: count %d pages %d rows %d totals %+v", r.Count, r.Pages, len(r.Awards), r.Totals)
		}
		if r2, _ := st.List(ctx, vis, Filter{Page: 2}); len(r2.Awards) != 33-PerPage || r2.Page != 2 {
			t.Errorf("page 2: %d rows, page %d", len(r2.Awards), r2.Page)
		}
		if r9, _ := st.List(ctx, vis, Filter{Page: 9}); r9.Page != 2 {
			t.Errorf("a page past the end gives page %d", r9.Page)
		}
		for name, c := range map[string]struct {
			f      Filter
			count  int
			totals []Total
		}{
			"programme":      {Filter{ProgrammeID: un.prog}, 2, []Total{{"USD", 2, 7_500_050}}},
			"donor":          {Filter{DonorID: eu.donor}, 31, []Total{{"EUR", 31, 3_000_435 + 700_000}}},
			"municipality":   {Filter{Municipality: "AL-KLOS"}, 3, []Total{{"EUR", 1, 700_000}, {"USD", 2, 7_500_050}}},
			"country":        {Filter{Country: "XK"}, 30, []Total{{"EUR", 30, 3_000_435}}},
			"year 2025":      {Filter{Year: 2025}, 2, []Total{{"EUR", 1, 700_000}, {"USD", 1, 5_000_000}}},
			"year and donor": {Filter{Year: 2025, DonorID: eu.donor}, 1, []Total{{"EUR", 1, 700_000}}},
			"nothing":        {Filter{Year: 2019}, 0, []Total{}},
		} {
			got, err := st.List(ctx, vis, c.f)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got.Count != c.count || len(got.Awards) != min(c.count, PerPage) || !slices.Equal(got.Totals, c.totals) {
				t.Errorf("%s: count %d rows %d totals %+v, want %d %+v", name, got.Count, len(got.Awards), got.Totals, c.count, c.totals)
			}
		}
		top, _ := st.List(ctx, vis, Filter{Sort: "amount", Desc: true})
		if top.Awards[0].AmountMinor != 5_000_000 || top.Awards[1].AmountMinor != 2_500_050 {
			t.Errorf("amount desc starts %d, %d", top.Awards[0].AmountMinor, top.Awards[1].AmountMinor)
		}
		bottom, _ := st.List(ctx, vis, Filter{Sort: "amount"})
		if bottom.Awards[0].AmountMinor != 100_000 {
			t.Errorf("amount asc starts %d", bottom.Awards[0].AmountMinor)
		}
		// An unknown sort is the default order, never SQL.
		if _, err := st.List(ctx, vis, Filter{Sort: "amount_minor; DROP TABLE grants"}); err != nil {
			t.Errorf("unknown sort: %v", err)
		}
		opts, err := st.Options(ctx, vis)
		if err != nil {
			t.Fatal(err)
		}
		if len(opts.Programmes) != 3 || len(opts.Donors) != 2 || !slices.Equal(opts.Years, []int{2026, 2025}) {
			t.Errorf("options %+v", opts)
		}
		// The donor officer's own scope: its programmes only.
		mine, err := st.List(ctx, access.Donor(un.donor), Filter{})
		if err != nil || mine.Count != 2 {
			t.Errorf("donor scope: %d, %v", mine.Count, err)
		}
		by, _ := st.ByMunicipality(ctx, access.Donor(un.donor), Filter{})
		if len(by) != 1 || by[0].Municipality != "AL-KLOS" || by[0].Currency != "USD" || by[0].Count != 2 {
			t.Errorf("donor by municipality %+v", by)
		}
	})
}
