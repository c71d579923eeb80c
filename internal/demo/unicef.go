package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/place"
	"github.com/subgrant/portal/internal/programme"
	"github.com/subgrant/portal/internal/upload"
)

// The UNICEF-supported municipal social fund: Albanian municipalities
// (bashki) apply with their costed social plan, in US dollars as the
// UNICEF profile says; each municipality's map of social-care services
// is the services its own and the local organisations' profiles list.
const (
	UNICEFProgramme = "Fondi social bashkiak: plane sociale të kostuara për fëmijët dhe familjet në nevojë"
	UNICEFCall      = "UNICEF-FSB-2026-01"
)

// unicefMunicipalities are the three municipalities that apply.
var unicefMunicipalities = []string{"AL-KLOS", "AL-MAT", "AL-BULQIZE"}

// unicefOrgs are the municipalities (the applicants, first) and two
// invented local NGOs whose services complete the map of Klos and Mat.
var unicefOrgs = []storyOrg{
	{"Bashkia Klos", "BK", "municipality", "AL-KLOS", "Erion Doda", "Kryetar i bashkisë", 2015, 42,
		[]string{"families_social_assistance", "persons_with_disabilities", "children_behavioural"},
		[]storyService{{"community_outreach", "AL-KLOS", 60, 300}, {"family_support", "AL-KLOS", 25, 110}}},
	{"Bashkia Mat", "BM", "municipality", "AL-MAT", "Valbona Cani", "Kryetare e bashkisë", 2015, 55,
		[]string{"families_social_assistance", "elderly"},
		[]storyService{{"community_outreach", "AL-MAT", 50, 260}, {"home_care", "AL-MAT", 20, 60}}},
	{"Bashkia Bulqizë", "BB", "municipality", "AL-BULQIZE", "Kastriot Marku", "Kryetar i bashkisë", 2015, 48,
		[]string{"families_social_assistance", "children_behavioural"},
		[]storyService{{"family_support", "AL-BULQIZE", 30, 140}}},
	{"Shoqata Dritare për Fëmijët Klos", "DFK", "ngo", "AL-KLOS", "Anila Gjoni", "Drejtore ekzekutive", 2013, 8,
		[]string{"persons_with_disabilities", "children_behavioural"},
		[]storyService{{"day_care_disabilities", "AL-KLOS", 18, 40}, {"counselling", "AL-KLOS", 20, 85}}},
	{"Qendra Zemër e Malësisë Mat", "ZMM", "ngo", "AL-MAT", "Ilir Prenga", "Koordinator i programeve", 2010, 6,
		[]string{"elderly", "families_social_assistance"},
		[]storyService{{"day_care_elderly", "AL-MAT", 25, 60}, {"home_care", "AL-KLOS", 12, 30}}},
}

// seedUNICEF creates the municipalities, the NGOs of the map, the
// programme and its call (closed 95 days ago) and runs its story.
func seedUNICEF(ctx context.Context, d *db.DB, now time.Time, files *upload.Store) (int, error) {
	created, err := ensureStoryOrgs(ctx, d, now, unicefOrgs, 10)
	if err != nil {
		return created, err
	}
	ids, _, _, err := demoPeople(ctx, d)
	if err != nil {
		return created, err
	}
	p, err := ensureProgramme(ctx, d, programme.NewStore(d), programme.Input{Title: UNICEFProgramme,
		DonorOrgID: ids[UNICEFDonor], DonorProfile: "unicef", Currency: "USD",
		SubgrantBudgetMinor: 15_000_000, ThirdPartyCapMinor: 5_000_000,
		StartsOn: now.AddDate(0, -5, 0).Format(programme.DateLayout), EndsOn: now.AddDate(1, 3, 0).Format(programme.DateLayout),
		Sources: []programme.FundingSource{{Name: "UNICEF", AmountMinor: 15_000_000}},
		Indicators: []programme.Indicator{
			{Result: "Bashkitë kanë plane sociale të kostuara dhe hartën e shërbimeve", Indicator: "Bashki me plan social të kostuar të miratuar nga këshilli", Baseline: "0", Target: "3", Unit: "bashki"},
			{Result: "Fëmijët dhe familjet në nevojë marrin shërbime kujdesi shoqëror", Indicator: "Fëmijë dhe familje të referuara te shërbimet", Baseline: "0", Target: "450", Unit: "persona"}}})
	if err != nil {
		return created, err
	}
	opens, closes := now.Add(-125*day).Truncate(time.Hour), now.Add(-95*day).Truncate(time.Hour)
	if _, err := ensureCall(ctx, call.NewStore(d), call.Input{ProgrammeID: p.ID, Reference: UNICEFCall,
		TitleSQ:       "Fondi social bashkiak: shërbime nga plani social i kostuar",
		TitleEN:       "Municipal social fund: services from the costed social plan",
		TitleSR:       "Opštinski socijalni fond: usluge iz kostiranog socijalnog plana",
		DescriptionSQ: "Bashkitë aplikojnë me planin social të kostuar dhe hartën e shërbimeve të kujdesit shoqëror; bashkia bashkëfinancon të paktën 20 % të kostove.",
		DescriptionEN: "Municipalities apply with their costed social plan and map of social-care services; the municipality co-finances at least 20 % of the costs.",
		MinGrantMinor: 2_000_000, MaxGrantMinor: 5_000_000, MaxDonorShareBP: 8000, MinCofinancingBP: 2000,
		MinDurationMonths: 6, MaxDurationMonths: 12, TimeZone: "Europe/Tirane", OpensAt: &opens, ClosesAt: &closes,
		OrgKinds: []string{"municipality"}, Municipalities: unicefMunicipalities,
		Lots:      []call.Lot{{Name: "Shërbime të kujdesit shoqëror në bashki", BudgetMinor: 15_000_000, Theme: "Fëmijë dhe familje në nevojë"}},
		Documents: municipalDocuments()}, true); err != nil {
		return created, err
	}
	st := story{Call: UNICEFCall, Profile: "unicef", Location: "Tiranë, zyra e Qendrës për Zhvillim Shoqëror",
		Apps: unicefApps(closes), Payments: payPlan{Rate: "1.080000", Currency: "USD", ReportPctOff: 15}}
	return created, st.run(ctx, d, now, files)
}

// municipalDocuments are what a municipality attaches: its costed social
// plan, the council's decision to co-finance and its map of services.
func municipalDocuments() []call.Document {
	return []call.Document{
		{Code: "social_plan", LabelSQ: "Plani social i kostuar i bashkisë", LabelEN: "The municipality's costed social plan", LabelSR: "Kostirani socijalni plan opštine"},
		{Code: "council_decision", LabelSQ: "Vendimi i këshillit bashkiak për bashkëfinancimin", LabelEN: "Municipal council decision on co-financing", LabelSR: "Odluka opštinskog veća o sufinansiranju"},
		{Code: "service_map", LabelSQ: "Harta e shërbimeve të kujdesit shoqëror", LabelEN: "Map of social-care services", LabelSR: "Mapa usluga socijalne zaštite"},
	}
}

// unicefApps are the municipalities' applications: the services of their
// costed social plan for 12 months, co-financed 22 % by the municipality.
func unicefApps(closes time.Time) []storyApp {
	start := closes.AddDate(0, 1, 0).Format("2006-01")
	var out []storyApp
	for i, o := range unicefOrgs[:3] {
		m, _ := place.Lookup(o.Municipality)
		v := int64(i)
		direct := []costLine{
			{"1", "Punonjës social i Njësisë së Vlerësimit të Nevojave dhe Referimit", "muaj", 12, 75_000 + v*5_000},
			{"1", "Psikolog/e për fëmijët dhe familjet", "muaj", 12, 65_000},
			{"2", "Shërbim ditor për fëmijët me aftësi të kufizuara (sipas planit social)", "muaj", 12, 110_000 + v*10_000},
			{"2", "Hartëzimi dhe harta interaktive e shërbimeve në faqen e bashkisë", "paushall", 1, 350_000},
			{"2", "Grupi i Dialogut Social: takime me shoqërinë civile dhe përfituesit", "takim", 6, 40_000},
			{"3", "Materiale për shërbimin ditor dhe zyrën e NJVNR", "paketë", 1, 280_000 + v*20_000},
			{"4", "Transport i punonjësve socialë në njësitë administrative", "muaj", 12, 25_000},
		}
		tx := storyText{
			Title:      fmt.Sprintf("Plani social i kostuar i Bashkisë %s: shërbime për fëmijët dhe familjet", m.SQ),
			Summary:    fmt.Sprintf("Bashkia %s zbaton masat e planit të saj social të kostuar: njësia e vlerësimit të nevojave dhe referimit, shërbim ditor për fëmijët me aftësi të kufizuara dhe harta interaktive e shërbimeve të kujdesit shoqëror, e ndërtuar nga profilet e organizatave që ofrojnë shërbime në territorin e bashkisë.", m.SQ),
			Objective:  fmt.Sprintf("Fëmijët dhe familjet në nevojë në %s marrin shërbimet e kujdesit shoqëror që u takojnë sipas ligjit.", m.SQ),
			Results:    [2]string{"Fëmijët dhe familjet në nevojë janë vlerësuar dhe referuar", "Harta e shërbimeve është publikuar dhe përditësohet"},
			Indicators: [2]string{"Fëmijë dhe familje të vlerësuara dhe të referuara", "Shërbime të kujdesit shoqëror në hartën e bashkisë"},
			Targets:    [2]int{150, 6 + i},
			Activities: [3]string{"Hartëzimi i shërbimeve dhe vlerësimi i nevojave", "Shërbimet e planit social për fëmijët dhe familjet", "Takimet e Grupit të Dialogut Social"},
		}
		out = append(out, storyApp{Org: o.Name, Form: storyForm(tx, 12, start, []string{o.Municipality}, o.Groups,
			costs(direct, "", 0, "9", 500, 2200), nil)})
	}
	return out
}
