package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/upload"
)

// The COVID-19 programme's two lots, the same in both rounds.
var (
	lotNames = [2]string{"Shërbime për personat me aftësi të kufizuara dhe të moshuarit",
		"Shërbime për viktimat e dhunës në familje dhe komunitetet RAE"}
	lotThemes = [2]string{"Persona me aftësi të kufizuara; të moshuar",
		"Viktima të dhunës në familje; komunitetet rome, ashkali dhe egjiptiane"}
)

// seedRound1Call creates the first round of the COVID-19 programme: it
// opened 60 days ago and closed 30 days ago, and its lots hold most of the
// programme's money (about 50 sub-grants).
func seedRound1Call(ctx context.Context, cs *call.Store, programmeID int64, now time.Time) error {
	opens, closes := now.Add(-60*day).Truncate(time.Hour), now.Add(-30*day).Truncate(time.Hour)
	_, err := ensureCall(ctx, cs, call.Input{ProgrammeID: programmeID, Reference: CovidRound1,
		TitleSQ:       "Thirrje për propozime (raundi i parë): shërbime sociale për grupet më të ndjeshme",
		TitleEN:       "Call for proposals (first round): social services for the most vulnerable groups",
		DescriptionSQ: "Nën-grante për të paktën 45 OJQ lokale që ofrojnë shërbime sociale në komunat e Kosovës, në përgjigje të COVID-19.",
		DescriptionEN: "Sub-grants to at least 45 local NGOs providing social services in Kosovo's municipalities in response to COVID-19.",
		MinGrantMinor: 1_000_000, MaxGrantMinor: 6_000_000, MaxDonorShareBP: 9000, MinCofinancingBP: 1000,
		MinDurationMonths: 6, MaxDurationMonths: 12, TimeZone: "Europe/Belgrade", OpensAt: &opens, ClosesAt: &closes,
		OrgKinds: []string{"ngo"}, MinYearsRegistered: 1, MaxApplicationsPerOrg: 2,
		Lots: []call.Lot{
			{Name: lotNames[0], BudgetMinor: 80_000_000, Theme: lotThemes[0]},
			{Name: lotNames[1], BudgetMinor: 72_000_000, Theme: lotThemes[1]}},
		Documents: demoDocuments()}, true)
	return err
}

// kindsOf are the actions an NGO of a theme proposes, and their lot.
var kindsOf = map[string]struct {
	Kinds []string
	Lot   int
}{
	"elderly":      {[]string{"elderly_daycare", "elderly_home"}, 0},
	"disabilities": {[]string{"disability_home", "disability_daycare"}, 0},
	"violence":     {[]string{"shelter"}, 1},
	"rae":          {[]string{"rae"}, 1},
	"migrants":     {[]string{"rae"}, 1},
	"children":     {[]string{"children"}, 1},
	"youth":        {[]string{"children"}, 1},
	"family":       {[]string{"children"}, 1},
}

// round1Apps are the first round's applications: one from every NGO and
// the three applicant NGOs, and a second one from every fourth NGO that
// proposes two kinds of action; two are found ineligible.
func round1Apps() []demoApp {
	var out []demoApp
	all := append(append([]NGO{}, applicantNGOs...), NGOs...)
	for i, n := range all {
		k := kindsOf[n.Theme]
		st := application.Eligible
		if i == 9 || i == 30 {
			st = application.Ineligible
		}
		out = append(out, demoApp{n.Name, k.Lot, k.Kinds[0], st})
		if len(k.Kinds) > 1 && i%4 == 0 {
			out = append(out, demoApp{n.Name, k.Lot, k.Kinds[1], application.Eligible})
		}
	}
	return out
}

// seedRound1 submits and screens the first round's applications with the
// clock of those days (they were submitted while the call was open).
func seedRound1(ctx context.Context, d *db.DB, now time.Time, files *upload.Store) error {
	sd, err := newSeeder(ctx, d, now, files, CovidRound1)
	if err != nil {
		return err
	}
	apps := round1Apps()
	opens := *sd.call.OpensAt
	sd.clock = func(i int) time.Time { return opens.Add(time.Duration(i+1) * 6 * time.Hour) }
	sd.now = opens
	for i, da := range apps {
		if err := sd.ensure(ctx, i, da); err != nil {
			var ae *apperr.Error
			if errors.As(err, &ae) {
				return fmt.Errorf("round 1 application %d (%s): %w %v", i+1, da.Org, err, ae.Fields)
			}
			return fmt.Errorf("round 1 application %d (%s): %w", i+1, da.Org, err)
		}
	}
	return nil
}
