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

// The UN "Leave No One Behind" programme, phase II: managed by UNDP,
// funded by SDC, in lek, integrated family services for 600 families in
// four Albanian municipalities through four local NGOs.
const (
	LNBProgramme = "Askush të mos mbetet pas (LNB), faza II: shërbime sociale të integruara për familjet në nevojë"
	LNBCall      = "UNDP-LNB-2026-01"
	lnbFamilies  = 600
)

// lnbMunicipalities are the programme's four bashki.
var lnbMunicipalities = []string{"AL-TIRANE", "AL-DURRES", "AL-LUSHNJE", "AL-DIVJAKE"}

// lnbNGOs are the invented NGOs that run the integrated family services,
// one per municipality.
var lnbNGOs = []storyOrg{
	{"Shoqata Familja në Qendër", "SFQ", "ngo", "AL-TIRANE", "Ermira Kola", "Drejtore ekzekutive", 2009, 14,
		[]string{"families_social_assistance", "rae_communities"},
		[]storyService{{"family_support", "AL-TIRANE", 60, 220}, {"community_outreach", "AL-TIRANE", 40, 150}}},
	{"Qendra Hapa Bashkë Durrës", "QHB", "ngo", "AL-DURRES", "Gentian Lleshi", "Drejtor ekzekutiv", 2012, 9,
		[]string{"families_social_assistance", "women_heads_of_household"},
		[]storyService{{"family_support", "AL-DURRES", 45, 160}, {"counselling", "AL-DURRES", 20, 90}}},
	{"Fondacioni Rrënjë të Forta Lushnjë", "RFL", "ngo", "AL-LUSHNJE", "Mirela Hasani", "Koordinatore e programeve", 2014, 7,
		[]string{"families_social_assistance", "rural_youth"},
		[]storyService{{"family_support", "AL-LUSHNJE", 35, 140}}},
	{"Shoqata Ura e Fushës Divjakë", "UFD", "ngo", "AL-DIVJAKE", "Arben Meta", "Kryetar i bordit", 2011, 6,
		[]string{"families_social_assistance", "informal_workers", "returning_migrants"},
		[]storyService{{"community_outreach", "AL-DIVJAKE", 30, 120}, {"home_care", "AL-DIVJAKE", 15, 45}}},
}

// seedLNB creates the LNB organisations, programme and call (closed 100
// days ago) and runs its story; it returns the organisations it created.
func seedLNB(ctx context.Context, d *db.DB, now time.Time, files *upload.Store) (int, error) {
	created, err := ensureStoryOrgs(ctx, d, now, lnbNGOs, 0)
	if err != nil {
		return created, err
	}
	ids, _, _, err := demoPeople(ctx, d)
	if err != nil {
		return created, err
	}
	p, err := ensureProgramme(ctx, d, programme.NewStore(d), programme.Input{Title: LNBProgramme,
		DonorOrgID: ids[UNDPDonor], DonorProfile: "undp", Currency: "ALL",
		SubgrantBudgetMinor: 2_400_000_000, ThirdPartyCapMinor: 600_000_000,
		StartsOn: now.AddDate(0, -6, 0).Format(programme.DateLayout), EndsOn: now.AddDate(2, 6, 0).Format(programme.DateLayout),
		Sources: []programme.FundingSource{{Name: "Agjencia Zvicerane për Zhvillim dhe Bashkëpunim (SDC)", AmountMinor: 2_400_000_000}},
		Indicators: []programme.Indicator{
			{Result: "Familjet në nevojë në katër bashki marrin shërbime sociale të integruara", Indicator: "Familje në nevojë që marrin shërbime sociale të integruara", Baseline: "0", Target: fmt.Sprint(lnbFamilies), Unit: "familje"},
			{Result: "Bashkitë planifikojnë dhe ofrojnë shërbime të integruara", Indicator: "Bashki me njësi funksionale të vlerësimit të nevojave dhe referimit", Baseline: "0", Target: "4", Unit: "bashki"}}})
	if err != nil {
		return created, err
	}
	opens, closes := now.Add(-130*day).Truncate(time.Hour), now.Add(-100*day).Truncate(time.Hour)
	if _, err := ensureCall(ctx, call.NewStore(d), call.Input{ProgrammeID: p.ID, Reference: LNBCall,
		TitleSQ:       "Shërbime sociale të integruara për familjet në nevojë në Tiranë, Durrës, Lushnjë dhe Divjakë",
		TitleEN:       "Integrated social services for families in need in Tirana, Durres, Lushnja and Divjaka",
		TitleSR:       "Integrisane socijalne usluge za porodice u potrebi u Tirani, Draču, Lušnji i Divjaki",
		DescriptionSQ: "Nën-grante për OJF lokale që ngrenë modelin e shërbimeve të integruara për familjen bashkë me punonjësit socialë të bashkisë (programi LNB, faza II, i menaxhuar nga UNDP dhe i financuar nga SDC).",
		DescriptionEN: "Sub-grants to local NGOs that set up the integrated family-services model with the municipality's social workers (LNB programme, phase II, managed by UNDP and funded by SDC).",
		MinGrantMinor: 300_000_000, MaxGrantMinor: 600_000_000, MaxDonorShareBP: 9000, MinCofinancingBP: 1000,
		MinDurationMonths: 12, MaxDurationMonths: 24, TimeZone: "Europe/Tirane", OpensAt: &opens, ClosesAt: &closes,
		OrgKinds: []string{"ngo"}, MinYearsRegistered: 2, Municipalities: lnbMunicipalities,
		Lots:      []call.Lot{{Name: "Shërbime të integruara për familjen", BudgetMinor: 2_400_000_000, Theme: "Familje në nevojë"}},
		Documents: demoDocuments()}, true); err != nil {
		return created, err
	}
	st := story{Call: LNBCall, Profile: "undp", Location: "Tiranë, zyra e Qendrës për Zhvillim Shoqëror",
		Apps: lnbApps(closes), Payments: payPlan{Rate: "98.350000", Currency: "ALL"}, ApproveFirst: true}
	return created, st.run(ctx, d, now, files)
}

// lnbApps are the four applications, one per municipality, each serving
// 150 of the 600 families over 24 months from the second month after the
// call closed.
func lnbApps(closes time.Time) []storyApp {
	start := closes.AddDate(0, 1, 0).Format("2006-01")
	var out []storyApp
	for i, n := range lnbNGOs {
		m, _ := place.Lookup(n.Municipality)
		v := int64(i)
		direct := []costLine{
			{"1", "Koordinator/e i shërbimeve të integruara", "muaj", 24, 6_000_000 + v*250_000},
			{"1", "Punonjës socialë dhe psikologë (2)", "muaj pune", 48, 5_000_000 + v*150_000},
			{"2", "Paketa mbështetjeje për familjet (arsim, punësim, strehim)", "familje", lnbFamilies / 4, 400_000 + v*20_000},
			{"2", "Grupe komunitare dhe takime me prindërit", "takim", 24, 1_500_000},
			{"3", "Pajisje për zyrën e shërbimit në njësinë administrative", "paketë", 1, 35_000_000 + v*1_000_000},
			{"4", "Transport për vizitat në familje", "muaj", 24, 1_200_000},
			{"5", "Monitorimi dhe vlerësimi i planeve të familjeve", "vlerësim", 4, 4_000_000},
		}
		tx := storyText{
			Title:      fmt.Sprintf("Shërbime të integruara për familjen në %s", m.SQ),
			Summary:    fmt.Sprintf("Së bashku me punonjësit socialë të Bashkisë %s, ekipi i shoqatës vlerëson nevojat e %d familjeve në nevojë dhe u ofron një plan të integruar: arsimim të fëmijëve, punësim e formim profesional, shëndetësi dhe strehim, sipas modelit të programit LNB.", m.SQ, lnbFamilies/4),
			Objective:  fmt.Sprintf("Familjet në nevojë në %s dalin nga rrethi i varfërisë me shërbime sociale të integruara nga bashkia.", m.SQ),
			Results:    [2]string{"Familjet marrin shërbime të integruara sipas planit të familjes", "Bashkia ka njësinë e vlerësimit të nevojave dhe referimit"},
			Indicators: [2]string{"Familje në nevojë që marrin shërbime të integruara", "Punonjës socialë të bashkisë të trajnuar për menaxhimin e rastit"},
			Targets:    [2]int{lnbFamilies / 4, 8 + i*2},
			Activities: [3]string{"Vlerësimi i nevojave të familjeve me bashkinë", "Plane të integruara për familjet dhe referime", "Trajnimi i punonjësve socialë të bashkisë"},
		}
		out = append(out, storyApp{Org: n.Name, Form: storyForm(tx, 24, start, []string{n.Municipality}, n.Groups,
			costs(direct, "8", 300, "9", 600, 1200), nil)})
	}
	return out
}
