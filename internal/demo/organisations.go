package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/org"
)

// NGO is an invented applicant organisation of the demo: a name (never a
// real organisation), its municipality and the theme of its services.
type NGO struct {
	Name, Acronym, Municipality, Theme string
	Serbian                            bool // a Serbian-community NGO: Serbian names for its people
}

// NGOs are the demo's 54 providers of social services across Kosovo.
var NGOs = []NGO{
	{"OJQ Dora e Ngrohtë", "DN", "XK-PRISHTINE", "elderly", false},
	{"Shoqata Jeta e Re", "SJR", "XK-PRIZREN", "disabilities", false},
	{"Qendra Komunitare Ura e Pejës", "QKU", "XK-PEJE", "family", false},
	{"OJQ Drita e Moshës", "DM", "XK-GJAKOVE", "elderly", false},
	{"Shoqata Hapi i Parë Ferizaj", "HPF", "XK-FERIZAJ", "children", false},
	{"OJQ Fëmijët e Ardhmërisë", "FA", "XK-GJILAN", "children", false},
	{"Qendra Zemra e Nënës", "QZN", "XK-MITROVICE", "violence", false},
	{"OJQ Shpresa për Familjen", "SPF", "XK-PODUJEVE", "family", false},
	{"Shoqata Gratë e Drenicës së Epërme", "GDE", "XK-SKENDERAJ", "violence", false},
	{"OJQ Streha e Sigurt Vushtrri", "SSV", "XK-VUSHTRRI", "violence", false},
	{"OJQ Kujdesi në Shtëpi Suharekë", "KSS", "XK-SUHAREKE", "elderly", false},
	{"Qendra Rinore Horizonti i Rahovecit", "QRH", "XK-RAHOVEC", "youth", false},
	{"Shoqata Duart e Bashkuara", "DB", "XK-GLLOGOC", "disabilities", false},
	{"OJQ Ylli i Mëngjesit", "YM", "XK-LIPJAN", "children", false},
	{"Shoqata Bashkë për Komunitetin", "BPK", "XK-MALISHEVE", "family", false},
	{"OJQ Ura e Mirëkuptimit", "UM", "XK-KAMENICE", "rae", false},
	{"Qendra Dielli i Pranverës", "DP", "XK-VITI", "disabilities", false},
	{"OJQ Zëri i Grave Rurale", "ZGR", "XK-DECAN", "youth", false},
	{"Shoqata e Prindërve Përkrahja", "SPP", "XK-ISTOG", "disabilities", false},
	{"OJQ Hapësira e Sigurt Klinë", "HSK", "XK-KLINE", "violence", false},
	{"Qendra Burimi i Opojës", "QBO", "XK-DRAGASH", "elderly", false},
	{"OJQ Vatra e Familjes", "VF", "XK-FUSHE-KOSOVE", "family", false},
	{"Shoqata Guximi Kaçanik", "SGK", "XK-KACANIK", "children", false},
	{"OJQ Bregu i Lumit", "BL", "XK-SHTIME", "disabilities", false},
	{"Qendra Rrënjët e Obiliqit", "QRO", "XK-OBILIQ", "rae", false},
	{"OJQ Lulekuqja e Novobërdës", "LN", "XK-NOVOBERDE", "elderly", false},
	{"Shoqata Mirësia e Hanit", "SMH", "XK-HANI-I-ELEZIT", "family", false},
	{"OJQ Zgjimi i Junikut", "ZJ", "XK-JUNIK", "youth", false},
	{"OJQ Familja Jonë Prishtinë", "FJP", "XK-PRISHTINE", "family", false},
	{"Shoqata Rruga e Re e Komuniteteve", "RRK", "XK-FUSHE-KOSOVE", "rae", false},
	{"Shoqata Bashkësia Ardhmëria RAE", "BAR", "XK-GJAKOVE", "rae", false},
	{"OJQ Mbështetja Mitrovicë", "MM", "XK-MITROVICE", "disabilities", false},
	{"OJQ Sytë e Zemrës", "SZ", "XK-PRIZREN", "disabilities", false},
	{"Shoqata Dëgjo me Duar", "DD", "XK-PEJE", "disabilities", false},
	{"OJQ Dora Ndihmëse Gjilan", "DNG", "XK-GJILAN", "elderly", false},
	{"Qendra për Jetesë të Pavarur Dardania", "JPD", "XK-PRISHTINE", "disabilities", false},
	{"OJQ Fillim i Ri Podujevë", "FRP", "XK-PODUJEVE", "migrants", false},
	{"OJQ Kthimi me Dinjitet", "KD", "XK-SKENDERAJ", "migrants", false},
	{"Shoqata Pleqëria me Dinjitet", "PD", "XK-VUSHTRRI", "elderly", false},
	{"Qendra e Këshillimit Besimi", "QKB", "XK-FERIZAJ", "violence", false},
	{"OJQ Solidariteti Mamushë", "SM", "XK-MAMUSHE", "family", false},
	{"OJQ Paqja e Kllokotit", "PK", "XK-KLLOKOT", "elderly", false},
	{"NVO Sunčani Dom Gračanica", "SDG", "XK-GRACANICE", "elderly", true},
	{"Udruženje Srce za Druge Sever", "SZD", "XK-MITROVICE-VERIUT", "disabilities", true},
	{"NVO Novi Korak Štrpce", "NKS", "XK-SHTERPCE", "youth", true},
	{"Udruženje Majki Nada Zvečan", "UMN", "XK-ZVECAN", "violence", true},
	{"NVO Zajedno Jači Leposavić", "ZJL", "XK-LEPOSAVIQ", "disabilities", true},
	{"Udruženje Most Zubin Potok", "UMZ", "XK-ZUBIN-POTOK", "youth", true},
	{"NVO Dobra Volja Ranilug", "DVR", "XK-RANILLUG", "elderly", true},
	{"Udruženje Izvor Parteš", "UIP", "XK-PARTESH", "family", true},
	{"NVO Pomoćna Ruka Gračanica", "PRG", "XK-GRACANICE", "disabilities", true},
	{"Udruženje Zlatne Godine Sever", "UZG", "XK-MITROVICE-VERIUT", "elderly", true},
	{"NVO Svetlost Novo Brdo", "SNB", "XK-NOVOBERDE", "children", true},
	{"Udruženje Žena Kolo Klokot", "UZK", "XK-KLLOKOT", "violence", true},
}

// applicantNGOs are the demo's own three applicant NGOs (see Organisations).
var applicantNGOs = []NGO{
	{Organisations[2].Name, "HTS", "XK-PRISHTINE", "disabilities", false},
	{Organisations[3].Name, "ZTM", "XK-PEJE", "elderly", false},
	{Organisations[4].Name, "SHGF", "XK-FERIZAJ", "violence", false},
}

// themes give each kind of NGO its services and target groups.
var themes = map[string]struct {
	Services []string
	Groups   []string
}{
	"elderly":      {[]string{"day_care_elderly", "home_care"}, []string{"elderly", "families_social_assistance"}},
	"disabilities": {[]string{"day_care_disabilities", "rehabilitation"}, []string{"persons_with_disabilities", "children_behavioural"}},
	"violence":     {[]string{"shelter", "counselling"}, []string{"domestic_violence_victims", "trafficking_victims", "women_heads_of_household"}},
	"rae":          {[]string{"community_outreach", "family_support"}, []string{"rae_communities", "families_social_assistance"}},
	"children":     {[]string{"counselling", "community_outreach"}, []string{"children_drugs_law", "children_behavioural"}},
	"family":       {[]string{"family_support", "home_care"}, []string{"families_social_assistance", "women_heads_of_household"}},
	"youth":        {[]string{"community_outreach", "counselling"}, []string{"rural_youth", "informal_workers"}},
	"migrants":     {[]string{"legal_aid", "family_support"}, []string{"returning_migrants", "informal_workers"}},
}

// seedOrganisations creates the demo NGOs and fills the profiles of every
// demo NGO that has none yet; most are verified by the demo officer.
func seedOrganisations(ctx context.Context, d *db.DB, now time.Time) (int, error) {
	as := auth.NewStore(d)
	ids, _, officerID, err := demoPeople(ctx, d)
	if err != nil {
		return 0, err
	}
	created := 0
	for _, n := range NGOs {
		if _, ok := ids[n.Name]; ok {
			continue
		}
		o, err := as.CreateOrg(ctx, n.Name, "ngo")
		if err != nil {
			return created, fmt.Errorf("demo NGO %s: %w", n.Name, err)
		}
		ids[n.Name] = o.ID
		created++
	}
	store := &org.Store{DB: d, Now: func() time.Time { return now }}
	for i, n := range append(append([]NGO{}, applicantNGOs...), NGOs...) {
		p, err := store.Get(ctx, access.Everything(), ids[n.Name])
		if err != nil {
			return created, fmt.Errorf("demo NGO %s: %w", n.Name, err)
		}
		if p.RegistrationNumber != "" {
			continue // already filled (or edited by someone trying the demo)
		}
		if _, err := store.Update(ctx, access.Everything(), p.OrgID, profileOf(n, i, now)); err != nil {
			return created, fmt.Errorf("demo profile %s: %w", n.Name, err)
		}
		if i%6 != 1 || i < len(applicantNGOs) { // the applicants' NGOs are verified: their grants get signed
			if err := store.Verify(ctx, access.Everything(), p.OrgID, officerID); err != nil {
				return created, err
			}
		}
	}
	return created, nil
}
