package evaldoc

import (
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
	"github.com/subgrant/portal/internal/pdfdoc/pdftext"
)

func newRenderer(t *testing.T) *Renderer {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return New(cat)
}

var (
	decided   = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	approved  = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	evaluator = []string{"Arben Vlerësuesi", "Milica Đorđević", "Jonathan Reviewer"}
)

// sectionTitles in each language, in grid order.
var titles = map[i18n.Lang][]string{
	i18n.SQ: {"Kapaciteti operacional dhe financiar", "Relevanca", "Hartimi dhe efektiviteti", "Qëndrueshmëria", "Buxheti dhe efektiviteti i kostos"},
	i18n.EN: {"Operational and financial capacity", "Relevance", "Design and effectiveness", "Sustainability", "Budget and cost-effectiveness"},
	i18n.SR: {"Operativni i finansijski kapacitet", "Relevantnost", "Dizajn i efikasnost", "Održivost", "Budžet i isplativost"},
}

var codes = []string{"capacity", "relevance", "design", "sustainability", "budget"}

func testCall(lang i18n.Lang) Call {
	title := map[i18n.Lang]string{i18n.SQ: "Shërbime sociale për të moshuarit", i18n.EN: "Social services for the elderly",
		i18n.SR: "Socijalne usluge za starije"}[lang]
	return Call{Reference: "EU-SOC-2026-01", Title: title, Programme: "EU Kosovo Social Fund",
		Publisher: "Qendra për Zhvillim Komunitar", Stage: StageFull, Currency: "EUR",
		BudgetMinor: 150_000_00, MinGrantMinor: 10_000_00, MaxGrantMinor: 60_000_00,
		Issuer: pdfdoc.Issuer{Letterhead: &pdfdoc.Letterhead{Name: "Qendra për Zhvillim Komunitar", Address: "Rruga Agim Ramadani 15, Prishtinë"},
			Signatory: pdfdoc.Signatory{Name: "Valbona Krasniqi", Function: "Drejtoreshë ekzekutive"}}}
}

func testGrid(lang i18n.Lang) Grid {
	g := Grid{ScaleMin: 1, ScaleMax: 5, PassMark: 50, FinalRule: "mean_all", TieBreak: "relevance", EvaluatorsPerApp: 2}
	weights := [][]int{{2, 2}, {2, 2, 1, 1}, {2, 2}, {1, 1, 1}, {1, 1, 1}}
	for i, c := range codes {
		s := GridSection{Code: c, Title: titles[lang][i], Threshold: map[string]int{"capacity": 12, "relevance": 20}[c]}
		for j, w := range weights[i] {
			s.Criteria = append(s.Criteria, Criterion{Code: string(rune('1'+i)) + "." + string(rune('1'+j)), Title: "Kriter " + c, Weight: w})
		}
		g.Sections = append(g.Sections, s)
	}
	return g
}

// scores builds section results from means in hundredths, grid order.
func scores(lang i18n.Lang, means ...int64) []Section {
	maxes, thr := []int{20, 30, 20, 15, 15}, []int{12, 20, 0, 0, 0}
	out := make([]Section, len(means))
	for i, m := range means {
		out[i] = Section{Code: codes[i], Title: titles[lang][i], MeanX100: m, Max: maxes[i], Threshold: thr[i]}
	}
	return out
}

// testLots: lot 1 has two awards (one reduced), a reserve and two
// rejections (one with a formula-like title and applicant); lot 2's
// name has characters a sheet name may not hold.
func testLots(lang i18n.Lang) []Lot {
	belowRelevance := Reason{Key: "evaldoc.col.threshold", Section: "relevance"}
	return []Lot{{
		Name: "Loti 1 — Kujdesi ditor", BudgetMinor: 100_000_00,
		Rows: []Row{
			{Rank: 1, Reference: "A-001", Title: "Qendër ditore në Prizren", Applicant: "Shoqata „Çelësi” Prizren",
				Sections: scores(lang, 1800, 2700, 1650, 1250, 1150), FinalX100: 8550, Fundable: true,
				Decision: Award, RequestedMinor: 60_000_00, AmountMinor: 60_000_00},
			{Rank: 2, Reference: "A-002", Title: "Kujdes në shtëpi", Applicant: "Udruženje „Đurđevak” Čačak",
				Sections: scores(lang, 1600, 2500, 1500, 1100, 1000), FinalX100: 7700, Fundable: true,
				Decision: Award, RequestedMinor: 50_000_00, AmountMinor: 40_000_00, ReducedReason: "Kosto e udhëtimeve e tepërt"},
			{Rank: 3, Reference: "A-003", Title: "Strehimore", Applicant: "OJQ Drita",
				Sections: scores(lang, 1500, 2400, 1400, 1000, 1000), FinalX100: 7300, Fundable: true,
				Decision: Reserve, RequestedMinor: 45_000_00, ReserveRank: 1},
			{Rank: 4, Reference: "A-004", Title: "=HYPERLINK(\"http://evil.example\",\"x\")", Applicant: "-Grupi @Test",
				Sections: scores(lang, 1300, 1850, 1200, 900, 800), FinalX100: 6050, Fundable: false,
				Decision: Reject, RequestedMinor: 30_000_00, Reasons: []Reason{belowRelevance, {Text: "Mungon plani i monitorimit"}}},
			{Rank: 5, Reference: "A-005", Title: "Punëtori", Applicant: "OJQ Hapi",
				Sections: scores(lang, 1000, 1700, 900, 700, 600), FinalX100: 4900, Fundable: false,
				Decision: Reject, RequestedMinor: 20_000_00, Reasons: []Reason{belowRelevance, {Text: "Nën pragun e kalimit"}}},
		},
	}, {
		Name: "Lot 2: RAE [Roma/Ashkali]?", BudgetMinor: 50_000_00,
		Rows: []Row{{Rank: 1, Reference: "B-001", Title: "Mësim plotësues", Applicant: "OJQ Ura",
			Sections: scores(lang, 1700, 2600, 1600, 1200, 1100), FinalX100: 8200, Fundable: true,
			Decision: Award, RequestedMinor: 25_000_00, AmountMinor: 25_000_00}},
	}}
}

func testReport(lang i18n.Lang) ReportInput {
	at := approved
	return ReportInput{Generated: approved, Call: testCall(lang), Grid: testGrid(lang), Lots: testLots(lang),
		Session: Session{HeldOn: decided, Location: "Prishtinë, salla e mbledhjeve",
			Minutes: "Komisioni shqyrtoi renditjen; Đorđe Čolić mbajti procesverbalin.",
			Present: []Member{{Name: "Drita Kryetarja", Role: "chair"}, {Name: "Đorđe Čolić", Role: "secretary"},
				{Name: evaluator[0], Role: "evaluator"}, {Name: evaluator[1], Role: "evaluator"}, {Name: evaluator[2], Role: "evaluator"}},
			ApprovedAt: &at, ApprovedBy: "Drita Kryetarja"}}
}

// letterFor builds the letter of a row of the fixture.
func letterFor(lang i18n.Lang, row Row) LetterInput {
	return LetterInput{Date: decided, Call: testCall(lang), Reference: row.Reference, Title: row.Title,
		Organisation: row.Applicant, Contact: "Drita Berisha", Lot: "Loti 1 — Kujdesi ditor", Decision: row.Decision,
		RequestedMinor: row.RequestedMinor, AmountMinor: row.AmountMinor, ReducedReason: row.ReducedReason,
		ReserveRank: row.ReserveRank, Reasons: row.Reasons, Sections: row.Sections, FinalX100: row.FinalX100,
		MaxTotal: 100, PassMark: 50, Comment: "Propozim i qartë; përforconi monitorimin e përfituesve."}
}

// pdfText is the text of PDF b as a reader sees it.
func pdfText(t *testing.T, b []byte) string { return pdftext.Text(t, b) }

func wantAll(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}
