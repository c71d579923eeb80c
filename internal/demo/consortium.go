package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/place"
	"github.com/subgrant/portal/internal/programme"
	"github.com/subgrant/portal/internal/upload"
)

// The EU-funded consortium action: three NGOs (a lead and two
// co-applicants), EUR 485,000 of which EUR 436,049.60 from the EU; its
// work package 5 gives financial support to three local civil-society
// organisations (the seed: 2 to 4), each within the EU's EUR 60,000 per
// third party, whose applications name a co-applicant and an affiliated
// entity. The seed's co-financing, "EUR 49,000", is 49.60 more than the
// total leaves: the demo keeps the total and the EU amount and records
// the partners' co-financing as the remaining 48,950.40, so that the
// sources add up to the budget.
const (
	ConsortiumProgramme = "Përgjigje ndaj sfidave të mbrojtjes sociale te komunitetet e margjinalizuara (veprim i konsorciumit)"
	ConsortiumCall      = "EU-MCS-2026-01"
	consortiumTotal     = 48_500_000
	consortiumEU        = 43_604_960
)

// consortiumMunicipalities are where the local organisations work.
var consortiumMunicipalities = []string{"XK-GJAKOVE", "XK-FUSHE-KOSOVE", "XK-PRIZREN"}

// consortiumNGOs are the consortium (lead first) and its co-financing.
var consortiumNGOs = []storyOrg{
	{"OJQ Rrjeti Horizont i Ri (udhëheqëse e konsorciumit)", "RHR", "ngo", "XK-PRISHTINE", "Besa Aliu", "Drejtoreshë ekzekutive", 2006, 22,
		[]string{"children_drugs_law", "rae_communities"}, []storyService{{"counselling", "XK-PRISHTINE", 40, 300}}},
	{"Shoqata Mburoja e Familjes", "SMF", "ngo", "XK-GJAKOVE", "Driton Kastrati", "Drejtor ekzekutiv", 2008, 12,
		[]string{"domestic_violence_victims", "families_social_assistance"}, []storyService{{"shelter", "XK-GJAKOVE", 16, 70}}},
	{"Qendra Vatra e Sigurisë për Gratë dhe Fëmijët", "VSG", "ngo", "XK-FUSHE-KOSOVE", "Shqipe Rama", "Koordinatore e programeve", 2010, 10,
		[]string{"domestic_violence_victims", "women_heads_of_household"}, []storyService{{"shelter", "XK-FUSHE-KOSOVE", 12, 50}, {"legal_aid", "XK-FUSHE-KOSOVE", 30, 120}}},
}

// consortiumCofinancing is each partner's co-financing (minor units).
var consortiumCofinancing = []int64{2_000_000, 1_500_000, 1_395_040}

// consortiumCSOs are the local organisations that apply for financial
// support, one per municipality, with their co-applicant (a demo NGO of
// the same municipality) and an affiliated entity.
var consortiumCSOs = []struct {
	storyOrg
	CoApplicant, Affiliated string
}{
	{storyOrg{"OJQ Dera e Hapur Gjakovë", "DHG", "ngo", "XK-GJAKOVE", "Fatos Berisha", "Drejtor ekzekutiv", 2015, 6,
		[]string{"rae_communities", "children_drugs_law"}, []storyService{{"community_outreach", "XK-GJAKOVE", 35, 160}}},
		NGOs[30].Name, "Klubi rinor Fenix Gjakovë"},
	{storyOrg{"Shoqata Ndihma e Parë Fushë Kosovë", "NPF", "ngo", "XK-FUSHE-KOSOVE", "Lumturije Osmani", "Drejtoreshë ekzekutive", 2016, 5,
		[]string{"children_drugs_law", "children_behavioural"}, []storyService{{"counselling", "XK-FUSHE-KOSOVE", 25, 110}}},
		NGOs[29].Name, "Qendra mësimore Hapi Fushë Kosovë"},
	{storyOrg{"OJQ Bashkë në Komunitet Prizren", "BKP", "ngo", "XK-PRIZREN", "Arta Hoti", "Kryetare e bordit", 2013, 7,
		[]string{"domestic_violence_victims", "women_heads_of_household"}, []storyService{{"counselling", "XK-PRIZREN", 30, 140}}},
		NGOs[1].Name, "Kooperativa e grave Duart e Arta Prizren"},
}

// seedConsortium creates the consortium's and the local organisations,
// the action and its call (closed 90 days ago) and runs its story.
func seedConsortium(ctx context.Context, d *db.DB, now time.Time, files *upload.Store) (int, error) {
	orgs := append([]storyOrg{}, consortiumNGOs...)
	for _, c := range consortiumCSOs {
		orgs = append(orgs, c.storyOrg)
	}
	created, err := ensureStoryOrgs(ctx, d, now, orgs, 20)
	if err != nil {
		return created, err
	}
	ids, _, _, err := demoPeople(ctx, d)
	if err != nil {
		return created, err
	}
	sources := []programme.FundingSource{{Name: "Bashkimi Evropian (Zyra e BE-së në Kosovë)", AmountMinor: consortiumEU}}
	for i, n := range consortiumNGOs {
		sources = append(sources, programme.FundingSource{Name: "Bashkëfinancim: " + n.Name, AmountMinor: consortiumCofinancing[i]})
	}
	p, err := ensureProgramme(ctx, d, programme.NewStore(d), programme.Input{Title: ConsortiumProgramme,
		DonorOrgID: ids[Organisations[1].Name], DonorProfile: "eu", Currency: "EUR",
		SubgrantBudgetMinor: 15_000_000, ThirdPartyCapMinor: 6_000_000,
		StartsOn: now.AddDate(0, -8, 0).Format(programme.DateLayout), EndsOn: now.AddDate(2, 4, 0).Format(programme.DateLayout),
		Sources: sources,
		Indicators: []programme.Indicator{
			{Result: "Organizatat e shoqërisë civile ofrojnë mbështetje psikosociale dhe ligjore", Indicator: "OSHC lokale që marrin mbështetje financiare (2-4)", Baseline: "0", Target: "3", Unit: "OSHC"},
			{Result: "Komunitetet e margjinalizuara marrin shërbime sociale", Indicator: "Përfitues nga komunitetet e margjinalizuara", Baseline: "0", Target: "900", Unit: "persona"}}})
	if err != nil {
		return created, err
	}
	opens, closes := now.Add(-120*day).Truncate(time.Hour), now.Add(-90*day).Truncate(time.Hour)
	if _, err := ensureCall(ctx, call.NewStore(d), call.Input{ProgrammeID: p.ID, Reference: ConsortiumCall,
		TitleSQ:       "Mbështetje financiare për palët e treta: organizata lokale të shoqërisë civile (paketa e punës 5)",
		TitleEN:       "Financial support to third parties: local civil-society organisations (work package 5)",
		TitleSR:       "Finansijska podrška trećim licima: lokalne organizacije civilnog društva (radni paket 5)",
		DescriptionSQ: "Nën-grante deri në 60.000 EUR për OSHC lokale që ofrojnë mbështetje psikosociale, ligjore dhe riintegrim për gratë viktima të dhunës, fëmijët në konflikt me ligjin dhe komunitetet RAE.",
		DescriptionEN: "Sub-grants of up to EUR 60,000 to local CSOs offering psychosocial and legal support and reintegration to women survivors of violence, children in conflict with the law and RAE communities.",
		MinGrantMinor: 2_000_000, MaxGrantMinor: 6_000_000, MaxDonorShareBP: 9000, MinCofinancingBP: 1000,
		MinDurationMonths: 6, MaxDurationMonths: 12, TimeZone: "Europe/Belgrade", OpensAt: &opens, ClosesAt: &closes,
		OrgKinds: []string{"ngo"}, MinYearsRegistered: 1, Municipalities: consortiumMunicipalities,
		Lots:      []call.Lot{{Name: "Mbështetje financiare për OSHC lokale", BudgetMinor: 15_000_000, Theme: "Komunitete të margjinalizuara"}},
		Documents: demoDocuments()}, true); err != nil {
		return created, err
	}
	st := story{Call: ConsortiumCall, Profile: "eu", Location: "Prishtinë, zyra e Qendrës për Zhvillim Shoqëror",
		Apps: consortiumApps(closes, ids), Payments: payPlan{ReportPctOff: 5}}
	return created, st.run(ctx, d, now, files)
}

// consortiumApps are the local organisations' applications for 12 months,
// each with its co-applicant (a quarter of the budget) and its affiliated
// entity (a tenth).
func consortiumApps(closes time.Time, ids map[string]int64) []storyApp {
	start := closes.AddDate(0, 1, 0).Format("2006-01")
	var out []storyApp
	for i, c := range consortiumCSOs {
		m, _ := place.Lookup(c.Municipality)
		v := int64(i)
		direct := []costLine{
			{"1", "Koordinator/e i projektit", "muaj", 12, 90_000 + v*5_000},
			{"1", "Psikologë dhe jurist/e për këshillim", "muaj pune", 24, 70_000},
			{"2", "Transport i përfituesve te institucionet", "muaj", 12, 15_000},
			{"3", "Pajisje për zyrën e këshillimit", "paketë", 1, 300_000 + v*20_000},
			{"4", "Qira e zyrës", "muaj", 12, 25_000},
			{"5", "Trajnime të certifikuara për riintegrim në punë", "trajnim", 4, 120_000},
			{"6", "Vizibiliteti dhe promovimi i shërbimeve sociale", "paushall", 1, 200_000},
		}
		budget := costs(direct, "8", 300, "10", 600, 1200)
		total := requestedTotal(budget)
		co := ids[c.CoApplicant]
		partners := []application.PartnerForm{
			{OrgID: &co, Role: application.CoApplicant, Share: amount(total / 4)},
			{Name: c.Affiliated, Role: application.Affiliated, Share: amount(total / 10)},
		}
		tx := storyText{
			Title:      fmt.Sprintf("Mbështetje psikosociale dhe ligjore për komunitetet e margjinalizuara në %s", m.SQ),
			Summary:    fmt.Sprintf("Organizata, me bashkë-aplikuesin dhe entitetin e lidhur, ofron në %s këshillim psikosocial e juridik, shoqërim te qendrat për punë sociale dhe trajnime për riintegrim në punë, si pjesë e paketës së punës 5 të veprimit të konsorciumit.", m.SQ),
			Objective:  fmt.Sprintf("Gratë viktima të dhunës, fëmijët në konflikt me ligjin dhe familjet RAE në %s marrin mbështetje të përshtatur.", m.SQ),
			Results:    [2]string{"Përfituesit marrin këshillim psikosocial dhe juridik", "Gratë e mbështetura përfundojnë një trajnim të certifikuar"},
			Indicators: [2]string{"Përfitues të këshilluar", "Gra që përfundojnë trajnimin e certifikuar"},
			Targets:    [2]int{300, 20 + i*5},
			Activities: [3]string{"Identifikimi i përfituesve me qendrën për punë sociale", "Këshillim psikosocial dhe juridik", "Trajnime për rrobaqepësi dhe furrëtari"},
		}
		out = append(out, storyApp{Org: c.Name, Form: storyForm(tx, 12, start, []string{c.Municipality}, c.Groups, budget, partners)})
	}
	return out
}

// requestedTotal is a budget's total (minor units), as Parse computes it.
func requestedTotal(lines []application.LineForm) int64 {
	var sum int64
	for _, l := range lines {
		sum += parseMinor(l.Requested) + parseMinor(l.Cofinancing)
	}
	return sum
}

// parseMinor reads back what amount wrote ("1234.50").
func parseMinor(s string) int64 {
	v, _ := strconv.ParseInt(strings.Replace(s, ".", "", 1), 10, 64)
	return v
}
