package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/programme"
)

// Demo programme titles and call references (the seed's idempotency keys).
const (
	CovidProgramme   = "Forcimi i ofrimit të shërbimeve sociale për grupet më të ndjeshme në Kosovë në përgjigje të COVID-19"
	DayCareProgramme = "Qendrat ditore për të moshuarit në Prishtinë dhe Ferizaj"
	CovidCall        = "EU-SOC-2026-02" // the second round, open
	CovidRound1      = "EU-SOC-2026-01" // the first round, closed and evaluated
	DayCareCall      = "EU-DCC-2026-01"
)

const day = 24 * time.Hour

// seedProgrammes creates the demo programmes, their calls and a few
// published clarifications, with dates relative to now. It skips whatever
// already exists (by title and reference).
func seedProgrammes(ctx context.Context, d *db.DB, now time.Time) error {
	ps := programme.NewStore(d)
	cs := call.NewStore(d)
	orgIDs, askerID, officerID, err := demoPeople(ctx, d)
	if err != nil {
		return err
	}
	donorID, ngoID := orgIDs[Organisations[1].Name], orgIDs[Organisations[2].Name]
	start := now.AddDate(0, -2, 0).Format(programme.DateLayout)
	covid, err := ensureProgramme(ctx, d, ps, programme.Input{Title: CovidProgramme, DonorOrgID: donorID, DonorProfile: "eu",
		Currency: "EUR", SubgrantBudgetMinor: 270_000_000, ThirdPartyCapMinor: 6_000_000,
		StartsOn: start, EndsOn: now.AddDate(2, 0, 0).Format(programme.DateLayout),
		Sources: []programme.FundingSource{{Name: "Bashkimi Evropian", AmountMinor: 270_000_000}},
		Indicators: []programme.Indicator{
			{Result: "Shërbimet sociale të ofruara nga OJQ-të lokale janë zgjeruar", Indicator: "OJQ ofruese të shërbimeve të mbështetura me nën-grante", Baseline: "0", Target: "45", Unit: "OJQ"},
			{Result: "Shërbimet sociale të ofruara nga OJQ-të lokale janë zgjeruar", Indicator: "Përfitues nga grupet më të ndjeshme", Baseline: "0", Target: "6000", Unit: "persona"}}})
	if err != nil {
		return err
	}
	if err := seedRound1Call(ctx, cs, covid.ID, now); err != nil {
		return err
	}
	opens, closes := now.Add(-7*day).Truncate(time.Hour), now.Add(30*day).Truncate(time.Hour)
	covidCall, err := ensureCall(ctx, cs, call.Input{ProgrammeID: covid.ID, Reference: CovidCall,
		TitleSQ:       "Thirrje për propozime (raundi i dytë): shërbime sociale për grupet më të ndjeshme",
		TitleEN:       "Call for proposals (second round): social services for the most vulnerable groups",
		DescriptionSQ: "Raundi i dytë i nën-granteve për OJQ lokale që ofrojnë shërbime sociale në komunat e Kosovës, në përgjigje të COVID-19.",
		DescriptionEN: "Second round of sub-grants to local NGOs providing social services in Kosovo's municipalities in response to COVID-19.",
		MinGrantMinor: 1_000_000, MaxGrantMinor: 6_000_000, MaxDonorShareBP: 9000, MinCofinancingBP: 1000,
		MinDurationMonths: 6, MaxDurationMonths: 12, TimeZone: "Europe/Belgrade", OpensAt: &opens, ClosesAt: &closes,
		OrgKinds: []string{"ngo"}, MinYearsRegistered: 1, MaxApplicationsPerOrg: 2,
		Lots: []call.Lot{
			{Name: lotNames[0], BudgetMinor: 40_000_000, Theme: lotThemes[0]},
			{Name: lotNames[1], BudgetMinor: 40_000_000, Theme: lotThemes[1]}},
		Documents: demoDocuments()}, true)
	if err != nil {
		return err
	}
	daycare, err := ensureProgramme(ctx, d, ps, programme.Input{Title: DayCareProgramme, DonorOrgID: donorID, DonorProfile: "eu",
		Currency: "EUR", SubgrantBudgetMinor: 40_000_000, ThirdPartyCapMinor: 6_000_000,
		StartsOn: now.AddDate(-1, -6, 0).Format(programme.DateLayout), EndsOn: now.AddDate(1, 6, 0).Format(programme.DateLayout),
		Sources: []programme.FundingSource{{Name: "Bashkimi Evropian", AmountMinor: 38_000_000},
			{Name: "Ministria e Financave, Punës dhe Transfereve", AmountMinor: 2_000_000}},
		Indicators: []programme.Indicator{{Result: "Qendra ditore funksionale", Indicator: "Qendra ditore të hapura në Prishtinë dhe Ferizaj", Baseline: "0", Target: "2", Unit: "qendra"}}})
	if err != nil {
		return err
	}
	// closed and evaluated: seedDayCare runs it to its awards and agreements
	dOpens, dCloses := now.Add(-500*day).Truncate(time.Hour), now.Add(-450*day).Truncate(time.Hour)
	if _, err := ensureCall(ctx, cs, call.Input{ProgrammeID: daycare.ID, Reference: DayCareCall,
		TitleSQ: "Qendrat ditore për të moshuarit në Prishtinë dhe Ferizaj", TitleEN: "Day-care centres for the elderly in Prishtinë and Ferizaj",
		DescriptionSQ: "Bashkëfinancuar nga BE-ja dhe ministria.", DescriptionEN: "Co-financed by the EU and the ministry.",
		MinGrantMinor: 5_000_000, MaxGrantMinor: 6_000_000, MaxDonorShareBP: 9500, MinCofinancingBP: 500,
		MinDurationMonths: 12, MaxDurationMonths: 18, TimeZone: "Europe/Belgrade", OpensAt: &dOpens, ClosesAt: &dCloses,
		OrgKinds: []string{"ngo"}, MinYearsRegistered: 2, Municipalities: []string{"XK-PRISHTINE", "XK-FERIZAJ"},
		TwoStage: true, Lots: []call.Lot{{Name: "Qendrat ditore", BudgetMinor: 12_000_000, Theme: "Të moshuar"}},
		Documents: demoDocuments()}, true); err != nil {
		return err
	}
	return seedClarifications(ctx, cs, covidCall.ID, ngoID, askerID, officerID)
}

// demoPeople finds the demo organisations, the first applicant (who asks
// the clarifications) and the officer (who answers them).
func demoPeople(ctx context.Context, d *db.DB) (map[string]int64, int64, int64, error) {
	as := auth.NewStore(d)
	orgs, err := as.ListOrgs(ctx)
	if err != nil {
		return nil, 0, 0, err
	}
	ids := map[string]int64{}
	for _, o := range orgs {
		ids[o.Name] = o.ID
	}
	asker, err := as.UserByEmail(ctx, Accounts[7].Email)
	if err != nil {
		return nil, 0, 0, err
	}
	officer, err := as.UserByEmail(ctx, Accounts[1].Email)
	return ids, asker.ID, officer.ID, err
}

func demoDocuments() []call.Document {
	return []call.Document{
		{Code: "statute", LabelSQ: "Statuti i organizatës", LabelEN: "Statute of the organisation", LabelSR: "Statut organizacije"},
		{Code: "registration", LabelSQ: "Certifikata e regjistrimit", LabelEN: "Registration certificate", LabelSR: "Potvrda o registraciji"},
		{Code: "financials", LabelSQ: "Pasqyrat financiare të vitit të kaluar", LabelEN: "Last year's financial statements", LabelSR: "Finansijski izveštaji za prošlu godinu"},
	}
}

func ensureProgramme(ctx context.Context, d *db.DB, ps *programme.Store, in programme.Input) (programme.Programme, error) {
	var id int64
	err := db.Get(ctx, d, &id, `SELECT id FROM programmes WHERE title = ?`, in.Title)
	if err == nil {
		return ps.ByID(ctx, id, access.Everything())
	}
	if !apperr.Is(err, apperr.NotFound) {
		return programme.Programme{}, err
	}
	p, err := ps.Create(ctx, in)
	if err != nil {
		return p, fmt.Errorf("demo programme %s: %w", in.Title, err)
	}
	return p, nil
}

func ensureCall(ctx context.Context, cs *call.Store, in call.Input, publish bool) (call.Call, error) {
	c, err := cs.ByReference(ctx, in.Reference)
	if err == nil || !apperr.Is(err, apperr.NotFound) {
		return c, err
	}
	if c, err = cs.Create(ctx, in); err != nil {
		return c, fmt.Errorf("demo call %s: %w", in.Reference, err)
	}
	if publish {
		if err := cs.Publish(ctx, c.ID); err != nil {
			return c, fmt.Errorf("publish demo call %s: %w", in.Reference, err)
		}
	}
	return c, nil
}

var clarifications = [][2]string{
	{"A mund të aplikojë një OJQ që është regjistruar më pak se një vit më parë?", "Jo. Aplikuesi kryesor duhet të jetë i regjistruar të paktën një vit para afatit të thirrjes."},
	{"A mund të aplikojmë për të dy lotet?", "Po. Çdo organizatë mund të dorëzojë deri në dy aplikime në këtë thirrje, në njërin ose në të dy lotet."},
	{"A pranohet bashkëfinancimi në natyrë?", "Jo. Bashkëfinancimi minimal prej 10 % duhet të jetë në para."},
}

func seedClarifications(ctx context.Context, cs *call.Store, callID, orgID, askerID, officerID int64) error {
	qs, err := cs.Questions(ctx, callID, access.Everything())
	if err != nil || len(qs) > 0 || orgID == 0 || askerID == 0 {
		return err
	}
	for _, qa := range clarifications {
		q, err := cs.Ask(ctx, callID, orgID, askerID, qa[0])
		if err != nil {
			return fmt.Errorf("demo question: %w", err)
		}
		if _, err := cs.Answer(ctx, q.ID, officerID, qa[1], true); err != nil {
			return fmt.Errorf("demo answer: %w", err)
		}
	}
	return nil
}
