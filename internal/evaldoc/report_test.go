package evaldoc

import (
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/i18n"
)

// The report holds the call, the grid, the session with its members and
// minutes, and per lot the ranking cut by the funding line, the reserve
// list, the rejections with their reasons and the totals against the
// budget, in each language.
func TestEvaluationReportContent(t *testing.T) {
	r := newRenderer(t)
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			in := testReport(lang)
			b, err := r.EvaluationReport(lang, in)
			if err != nil {
				t.Fatal(err)
			}
			text := pdfText(t, b)
			eur := func(minor int64) string { return i18n.Money(lang, minor, "EUR") }
			wantAll(t, "report", text,
				r.t(lang, "evaldoc.report.title", "call", in.Call.Title), "EU-SOC-2026-01", "EU Kosovo Social Fund",
				r.t(lang, "evaldoc.stage.full"), eur(150_000_00), eur(10_000_00)+" – "+eur(60_000_00),
				// grid: a section with maximum and threshold, a weighted criterion, the rules
				titles[lang][1]+" 30 20", "2.1 Kriter relevance ×2 10", r.t(lang, "evaldoc.rule.mean_all"),
				// session
				i18n.Date(lang, decided), "Prishtinë, salla e mbledhjeve", in.Session.Minutes,
				r.t(lang, "evaldoc.session.approved", "name", "Drita Kryetarja", "date", i18n.Date(lang, approved)),
				"Drita Kryetarja "+r.t(lang, "evaldoc.role.chair"), "Đorđe Čolić "+r.t(lang, "evaldoc.role.secretary"),
				"Milica Đorđević "+r.t(lang, "evaldoc.role.evaluator"),
				// lot 1: ranking rows, reserve, rejections, reduction, totals
				r.t(lang, "evaldoc.report.lot", "lot", "Loti 1 — Kujdesi ditor"),
				"1 A-001 Shoqata „Çelësi” Prizren "+points(lang, 8550)+" "+r.decision(lang, Award)+" "+eur(60_000_00)+" "+eur(60_000_00),
				"A-003 OJQ Drita "+points(lang, 7300)+" "+eur(45_000_00),
				"A-005 — OJQ Hapi ("+points(lang, 4900),
				r.t(lang, "evaldoc.col.threshold")+" ("+titles[lang][1]+"); Nën pragun e kalimit",
				eur(50_000_00)+", ", eur(40_000_00)+". Kosto e udhëtimeve e tepërt",
				r.t(lang, "evaldoc.field.lot_budget")+" "+eur(100_000_00)+" "+r.t(lang, "evaldoc.field.awarded")+" "+eur(100_000_00),
				r.t(lang, "evaldoc.report.counts", "award", 2, "reserve", 1, "reject", 2, "shortlist", 0),
				"* "+points(lang, 1850),
				// summary of both lots: 150,000 budget, 125,000 awarded, 25,000 left
				r.t(lang, "evaldoc.report.summary"),
				r.t(lang, "evaldoc.col.total")+" "+eur(150_000_00)+" "+eur(125_000_00)+" "+eur(25_000_00))
			// the funding line falls between the last award and the reserve
			line := strings.Index(text, "— "+r.t(lang, "evaldoc.report.funding_line")+" —")
			if a2, a3 := strings.Index(text, "2 A-002"), strings.Index(text, "3 A-003"); !(a2 >= 0 && a2 < line && line < a3) {
				t.Errorf("funding line at %d, want between A-002 (%d) and A-003 (%d)", line, a2, a3)
			}
		})
	}
}

// A concept-note report shows the shortlist line and no money.
func TestEvaluationReportConcept(t *testing.T) {
	r := newRenderer(t)
	in := testReport(i18n.SQ)
	in.Call.Stage = StageConcept
	in.Lots = in.Lots[:1]
	in.Session.ApprovedAt, in.Session.Minutes = nil, ""
	rows := in.Lots[0].Rows
	for i := range rows {
		rows[i].AmountMinor, rows[i].ReserveRank = 0, 0
		rows[i].Decision = map[bool]string{true: Shortlist, false: Reject}[i < 3]
	}
	b, err := r.EvaluationReport(i18n.SQ, in)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b)
	wantAll(t, "concept report", text, "Koncept-notë", "— vija e listës së ngushtë —", "Draft, ende e pamiratuar nga kryetari",
		"Nuk është regjistruar procesverbal.", "0 me grant, 0 në listën rezervë, 2 të refuzuara, 3 të përzgjedhura")
	if strings.Contains(text, "€") || strings.Contains(text, "vija e financimit") {
		t.Error("a concept-note report shows money or a funding line")
	}
	if line, a3, a4 := strings.Index(text, "vija e listës"), strings.Index(text, "3 A-003"), strings.Index(text, "4 A-004"); !(a3 < line && line < a4) {
		t.Errorf("shortlist line at %d, want between A-003 (%d) and A-004 (%d)", line, a3, a4)
	}
}

func TestEvaluationReportRefusesBadInput(t *testing.T) {
	r := newRenderer(t)
	in := testReport(i18n.EN)
	in.Lots[1].Rows[0].Decision = "award!"
	if _, err := r.EvaluationReport(i18n.EN, in); err == nil {
		t.Error("unknown decision accepted")
	}
}
