// Package apptest builds the programme, open call and lots that tests of
// applications need, through the programme and call stores.
package apptest

import (
	"context"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/programme"
)

// Spec tunes the call; zero values take the defaults of Call.
type Spec struct {
	Reference    string
	Closes       time.Time // default: 30 days from now
	TwoStage     bool
	MaxPerOrg    int
	LotBudgets   []int64 // default: 100,000.00 and 50,000.00 EUR
	MinGrant     int64   // default 5,000.00
	MaxGrant     int64   // default 60,000.00
	DonorShareBP int64   // default 9000
	MinCofinBP   int64   // default 1000
}

// Fixture is a published call with its lots, in EUR under the EU profile.
type Fixture struct {
	Call call.Call
	Lots []call.Lot
}

// Call creates a donor organisation, a programme and a published call.
func Call(t testing.TB, d *db.DB, sp Spec) Fixture {
	t.Helper()
	ctx := context.Background()
	def := func(v *int64, x int64) {
		if *v == 0 {
			*v = x
		}
	}
	def(&sp.MinGrant, 500000)
	def(&sp.MaxGrant, 6000000)
	def(&sp.DonorShareBP, 9000)
	def(&sp.MinCofinBP, 1000)
	if sp.Reference == "" {
		sp.Reference = "CFP-2026-01"
	}
	if sp.Closes.IsZero() {
		sp.Closes = time.Now().UTC().Add(30 * 24 * time.Hour).Truncate(time.Second)
	}
	if len(sp.LotBudgets) == 0 {
		sp.LotBudgets = []int64{10000000, 5000000}
	}
	donor, err := auth.NewStore(d).CreateOrg(ctx, "Donor of "+sp.Reference, "donor")
	if err != nil {
		t.Fatal(err)
	}
	var lotsTotal int64
	for _, b := range sp.LotBudgets {
		lotsTotal += b
	}
	prog, err := programme.NewStore(d).Create(ctx, programme.Input{Title: "Programme " + sp.Reference, DonorOrgID: donor.ID,
		DonorProfile: "eu", Currency: "EUR", SubgrantBudgetMinor: lotsTotal * 2, ThirdPartyCapMinor: 6000000,
		StartsOn: "2026-01-01", EndsOn: "2028-12-31"})
	if err != nil {
		t.Fatalf("programme: %v", err)
	}
	opens := time.Now().UTC().Add(-24 * time.Hour).Truncate(time.Second)
	if sp.Closes.Before(opens) {
		opens = sp.Closes.Add(-48 * time.Hour)
	}
	in := call.Input{ProgrammeID: prog.ID, Reference: sp.Reference, TitleSQ: "Thirrje " + sp.Reference, TitleEN: "Call " + sp.Reference,
		DescriptionSQ: "Përshkrim", DescriptionEN: "Description", MinGrantMinor: sp.MinGrant, MaxGrantMinor: sp.MaxGrant,
		MaxDonorShareBP: sp.DonorShareBP, MinCofinancingBP: sp.MinCofinBP, MinDurationMonths: 6, MaxDurationMonths: 24,
		TimeZone: "Europe/Belgrade", OpensAt: &opens, ClosesAt: &sp.Closes, MaxApplicationsPerOrg: sp.MaxPerOrg, TwoStage: sp.TwoStage}
	for i, b := range sp.LotBudgets {
		in.Lots = append(in.Lots, call.Lot{Name: "Lot " + string(rune('1'+i)), BudgetMinor: b})
	}
	cs := call.NewStore(d)
	c, err := cs.Create(ctx, in)
	if err != nil {
		t.Fatalf("call: %v", err)
	}
	if err := cs.Publish(ctx, c.ID); err != nil {
		t.Fatalf("publish: %v", err)
	}
	c, _ = cs.ByID(ctx, c.ID)
	lots, err := cs.Lots(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return Fixture{Call: c, Lots: lots}
}

// ValidForm is a complete draft that passes every rule of a Call fixture:
// 20,000.00 EUR in total, 18,000.00 requested, indirect costs at 7 %.
func ValidForm() application.Form {
	return application.Form{
		Title: "Qendër ditore për të moshuarit", Summary: "Shërbime ditore për 40 të moshuar.", DurationMonths: 12,
		StartMonth:     "2026-09",
		TargetGroups:   []application.TargetGroup{{Code: "elderly", Beneficiaries: 40}},
		Municipalities: []string{"XK-PRISHTINE"},
		Logframe: application.Logframe{Objectives: []string{"Përmirësimi i kujdesit"},
			Indicators: []application.Indicator{{Result: "R1", Indicator: "Persona të shërbyer", Baseline: "0", Target: "40", Source: "Regjistri"}}},
		Activities: []application.Activity{{Title: "Hapja e qendrës", Months: []int{1, 2, 3}}},
		Budget: []application.LineForm{
			{Heading: "1", Description: "Koordinator", Unit: "muaj", Units: "12", UnitRate: "1.000", Requested: "10.800", Cofinancing: "1.200"},
			{Heading: "3", Description: "Pajisje", Unit: "copë", Units: "1", UnitRate: "6.691,59", Requested: "6.022,43", Cofinancing: "669,16"},
			{Heading: "10", Description: "Kosto indirekte", Unit: "paushall", Units: "1", UnitRate: "1.308,41", Requested: "1.177,57", Cofinancing: "130,84"},
		},
		DeclarationAccepted: true,
	}
}

// Scope of one organisation, for brevity.
func Scope(orgID int64) access.Scope { return access.Orgs(orgID) }
