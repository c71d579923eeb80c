package evaldoc

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/i18n"
)

// cellReader reads one sheet of a workbook read back with excelize.
type cellReader struct {
	t     *testing.T
	f     *excelize.File
	sheet string
}

func (c cellReader) text(cell string) string {
	c.t.Helper()
	v, err := c.f.GetCellValue(c.sheet, cell)
	if err != nil {
		c.t.Fatal(err)
	}
	return v
}

// number checks that a cell holds a number (not text, not a formula) with
// the raw value want and, when format is not "", that number format.
func (c cellReader) number(cell, want, format string) {
	c.t.Helper()
	raw, _ := c.f.GetCellValue(c.sheet, cell, excelize.Options{RawCellValue: true})
	typ, _ := c.f.GetCellType(c.sheet, cell)
	if raw != want || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || typ == excelize.CellTypeFormula {
		c.t.Errorf("%s!%s = %q (type %v), want the number %s", c.sheet, cell, raw, typ, want)
	}
	if format == "" {
		return
	}
	id, _ := c.f.GetCellStyle(c.sheet, cell)
	st, err := c.f.GetStyle(id)
	if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != format {
		c.t.Errorf("%s!%s has no number format %q (style %d: %+v)", c.sheet, cell, format, id, st)
	}
}

// openWorkbook renders the ranking workbook and opens it as a reader would.
func openWorkbook(t *testing.T, r *Renderer, lang i18n.Lang, in RankingInput) *excelize.File {
	t.Helper()
	b, err := r.RankingWorkbook(lang, in)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func TestRankingWorkbook(t *testing.T) {
	r := newRenderer(t)
	in := RankingInput{Call: testCall(i18n.SQ), Grid: testGrid(i18n.SQ), Lots: testLots(i18n.SQ)}
	rows := in.Lots[0].Rows
	rows[3].Reasons = append(rows[3].Reasons, Reason{Text: strings.Repeat("ç", 40000)})
	f := openWorkbook(t, r, i18n.SQ, in)
	if got, want := strings.Join(f.GetSheetList(), "|"), "Përmbledhje|Loti 1 — Kujdesi ditor|Lot 2 RAE Roma Ashkali"; got != want {
		t.Fatalf("sheets = %s, want %s", got, want)
	}
	lot := cellReader{t, f, "Loti 1 — Kujdesi ditor"}
	header := map[string]string{"A1": "Vendi", "B1": "Numri", "C1": "Aplikuesi", "D1": "Titulli", "E1": titles[i18n.SQ][0],
		"I1": titles[i18n.SQ][4], "J1": "Pikët përfundimtare", "K1": "I financueshëm", "L1": "Vendimi",
		"M1": "E kërkuar (EUR)", "N1": "Shuma e dhënë (EUR)", "O1": "Vendi në listën rezervë", "P1": "Arsyet"}
	for cell, want := range header {
		if got := lot.text(cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	lot.number("A2", "1", "")
	lot.number("E2", "18", scoreFormat)
	lot.number("G2", "16.5", scoreFormat)
	lot.number("J2", "85.5", scoreFormat)
	lot.number("M3", "50000", moneyFormat)
	lot.number("N3", "40000", moneyFormat)
	lot.number("N4", "0", moneyFormat)
	lot.number("O4", "1", "")
	if got := lot.text("N3"); got != "40,000.00" {
		t.Errorf("N3 shows %q, want 40,000.00", got)
	}
	for cell, want := range map[string]string{"B2": "A-001", "C2": "Shoqata „Çelësi” Prizren", "K2": "Po", "L2": "Grant",
		"L4": "Rezervë", "K5": "Jo", "L5": "Refuzuar", "O2": "", "O5": "",
		"D5": `'=HYPERLINK("http://evil.example","x")`, "C5": "'-Grupi @Test",
		"P3": "Kosto e udhëtimeve e tepërt", "P6": "Pragu (Relevanca); Nën pragun e kalimit"} {
		if got := lot.text(cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	if formula, _ := f.GetCellFormula(lot.sheet, "D5"); formula != "" {
		t.Errorf("D5 holds the formula %q", formula)
	}
	reasons := lot.text("P5")
	if n := len(utf16.Encode([]rune(reasons))); n != MaxCellChars || !strings.HasPrefix(reasons, "Pragu (Relevanca); Mungon plani i monitorimit; ççç") || !strings.HasSuffix(reasons, "ç…") {
		t.Errorf("P5 has %d characters (%.40q…%q), want %d ending in an ellipsis", n, reasons, reasons[len(reasons)-8:], MaxCellChars)
	}

	sum := cellReader{t, f, "Përmbledhje"}
	for cell, want := range map[string]string{"A1": "Numri i referencës", "B1": "EU-SOC-2026-01", "B4": "Aplikim i plotë",
		"B5": "EUR", "A8": "Loti", "E8": "Grant", "A9": "Loti 1 — Kujdesi ditor", "A11": "Gjithsej"} {
		if got := sum.text(cell); got != want {
			t.Errorf("summary %s = %q, want %q", cell, got, want)
		}
	}
	sum.number("B6", "150000", moneyFormat)
	sum.number("B9", "100000", moneyFormat)
	sum.number("C9", "100000", moneyFormat)
	sum.number("D9", "0", moneyFormat)
	for cell, want := range map[string]string{"E9": "2", "F9": "1", "G9": "2", "H9": "0", "E10": "1"} {
		sum.number(cell, want, "")
	}
	sum.number("C11", "125000", moneyFormat)
	sum.number("D11", "25000", moneyFormat)
}

// Cents survive the trip through the workbook's numbers.
func TestRankingWorkbookKeepsCents(t *testing.T) {
	r := newRenderer(t)
	in := RankingInput{Call: testCall(i18n.EN), Grid: testGrid(i18n.EN), Lots: testLots(i18n.EN)[1:]}
	in.Lots[0].Rows[0].AmountMinor = 1_234_567_89
	in.Lots[0].Rows[0].RequestedMinor = 1
	f := openWorkbook(t, r, i18n.EN, in)
	c := cellReader{t, f, "Lot 2 RAE Roma Ashkali"}
	c.number("N2", "1234567.89", moneyFormat)
	c.number("M2", "0.01", moneyFormat)
	if got := c.text("K1"); got != "Fundable" {
		t.Errorf("English header K1 = %q", got)
	}
}

func TestRankingWorkbookRefusesBadCall(t *testing.T) {
	r := newRenderer(t)
	in := RankingInput{Call: testCall(i18n.EN), Grid: testGrid(i18n.EN)}
	in.Call.Stage = "final"
	if _, err := r.RankingWorkbook(i18n.EN, in); err == nil {
		t.Error("unknown stage accepted")
	}
}

// A lot's sheet has an AutoFilter over its table, a marked row under the
// last funded application, and the lot's totals and averages as formulas
// that evaluate to the rows' figures; the summary's totals are formulas.
func TestRankingWorkbookFilterLineAndTotals(t *testing.T) {
	r := newRenderer(t)
	in := RankingInput{Call: testCall(i18n.EN), Grid: testGrid(i18n.EN), Lots: testLots(i18n.EN)}
	in.Lots[0].LineAfter = 2
	f := openWorkbook(t, r, i18n.EN, in)
	sheet := f.GetSheetList()[1]
	names := f.GetDefinedName()
	filtered := false
	for _, n := range names {
		if n.Name == "_xlnm._FilterDatabase" && n.Scope == sheet && strings.HasSuffix(n.RefersTo, "$A$1:$P$7") {
			filtered = true
		}
	}
	if !filtered {
		t.Errorf("no AutoFilter over A1:P7 on %s: %+v", sheet, names)
	}
	if got, _ := f.GetCellValue(sheet, "A4"); !strings.HasPrefix(got, "Funding line") {
		t.Errorf("A4 = %q, want the funding line under rank 2", got)
	}
	if got, _ := f.GetCellValue(sheet, "A5"); got != "3" {
		t.Errorf("A5 = %q, want rank 3 after the line", got)
	}
	calc := func(sh, cell, want string) {
		t.Helper()
		fm, _ := f.GetCellFormula(sh, cell)
		got, err := f.CalcCellValue(sh, cell, excelize.Options{RawCellValue: true})
		if fm == "" || err != nil || got != want {
			t.Errorf("%s!%s = %q (%q, %v), want a formula giving %s", sh, cell, fm, got, err, want)
		}
	}
	calc(sheet, "M9", "205000") // requested: 60,000 + 50,000 + 45,000 + 30,000 + 20,000
	calc(sheet, "N9", "100000") // awarded
	calc(sheet, "J10", "69")    // mean final score of the five
	calc(f.GetSheetList()[0], "B11", "150000")
	calc(f.GetSheetList()[0], "D9", "0")
}

// Every sheet, the lot sheets with their autofilter too, prints landscape
// with all its columns on the width of one page: the autofilter once
// dropped the lot sheets' fit-to-page, and LibreOffice printed a lot on 21
// pages.
func TestRankingWorkbookPrintsFitToWidth(t *testing.T) {
	r := newRenderer(t)
	in := RankingInput{Call: testCall(i18n.EN), Grid: testGrid(i18n.EN), Lots: testLots(i18n.EN)}
	f := openWorkbook(t, r, i18n.EN, in)
	for _, name := range f.GetSheetList() {
		props, err := f.GetSheetProps(name)
		if err != nil {
			t.Fatal(err)
		}
		lay, err := f.GetPageLayout(name)
		if err != nil {
			t.Fatal(err)
		}
		if props.FitToPage == nil || !*props.FitToPage || lay.FitToWidth == nil || *lay.FitToWidth != 1 ||
			lay.FitToHeight == nil || *lay.FitToHeight != 0 || lay.Orientation == nil || *lay.Orientation != "landscape" {
			t.Errorf("sheet %q: fit to page %v, layout %+v; want landscape, one page wide", name, props.FitToPage, lay)
		}
	}
}
