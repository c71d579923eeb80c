package budgetxlsx_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/budgetxlsx"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
)

var labels = budgetxlsx.Labels{Sheet: "Buxheti", HeadingsSheet: "Kapitujt",
	Cols:        [8]string{"Kapitulli", "Përshkrimi", "Njësia", "Njësi", "Çmimi", "Totali", "Kërkuar", "Bashkëfinancim"},
	Total:       "Gjithsej",
	HeadingCols: [4]string{"Kodi", "Kapitulli", "Totali", "Kërkuar"}}

func eu(t *testing.T) *donor.Profile {
	t.Helper()
	ps, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	return ps["eu"]
}

// A budget written and read back gives the same lines, typed in the
// reader's language; the totals are formulas, and the heading column
// offers the donor's codes.
func TestRoundTrip(t *testing.T) {
	lines := []application.BudgetLine{
		{Heading: "1", Description: "Koordinatore", Unit: "muaj", UnitsX100: 1200, UnitRateMinor: 100050, TotalMinor: 1200600,
			RequestedMinor: 1080540, CofinancingMinor: 120060},
		{Heading: "3", Description: `=HYPERLINK("http://evil.example")`, Unit: "copë", UnitsX100: 150, UnitRateMinor: 2000,
			TotalMinor: 3000, RequestedMinor: 3000},
	}
	buf, err := budgetxlsx.Write(lines, eu(t), i18n.SQ, labels)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := f.GetCellFormula("Buxheti", "F2"); !strings.Contains(got, "D2*E2") {
		t.Errorf("line total formula %q", got)
	}
	if got, _ := f.GetCellFormula("Buxheti", "F15"); got != "SUM(F2:F13)" {
		t.Errorf("total formula %q, want SUM(F2:F13)", got)
	}
	if got, _ := f.GetCellFormula("Kapitujt", "C2"); !strings.HasPrefix(got, "SUMIF(") {
		t.Errorf("heading total formula %q", got)
	}
	if typ, _ := f.GetCellType("Buxheti", "B3"); typ == excelize.CellTypeFormula {
		t.Error("a description starting with = became a formula")
	}
	if raw, _ := f.GetCellValue("Buxheti", "E2", excelize.Options{RawCellValue: true}); raw != "1000.5" && raw != "1000.50" {
		t.Errorf("unit rate raw %q, want 1000.50 exactly", raw)
	}
	dvs, _ := f.GetDataValidations("Buxheti")
	if len(dvs) != 1 || !strings.Contains(dvs[0].Formula1, "Kapitujt") {
		t.Errorf("heading validation %+v", dvs)
	}
	_ = f.Close()

	got, err := budgetxlsx.Read(buf.Bytes(), i18n.SQ)
	if err != nil {
		t.Fatal(err)
	}
	want := []application.LineForm{
		{Heading: "1", Description: "Koordinatore", Unit: "muaj", Units: "12", UnitRate: "1000,50", Requested: "10805,40", Cofinancing: "1200,60"},
		{Heading: "3", Description: `=HYPERLINK("http://evil.example")`, Unit: "copë", Units: "1,50", UnitRate: "20", Requested: "30", Cofinancing: "0"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("read back\n%v\nwant\n%v", got, want)
	}
	// Parsed as the editor would, the lines give the same totals.
	in, err := application.Form{Budget: got}.Parse("sq", eu(t))
	if err != nil && len(in.Budget) != 2 {
		t.Fatal(err)
	}
	if in.Budget[0].TotalMinor != 1200600 || in.Budget[1].TotalMinor != 3000 {
		t.Errorf("totals %d %d", in.Budget[0].TotalMinor, in.Budget[1].TotalMinor)
	}
}

// Text typed where a number belongs stays as typed, for Parse to name.
func TestReadKeepsBadCells(t *testing.T) {
	f := excelize.NewFile()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"h", "d", "u", "n", "r", "t", "q", "c"})
	_ = f.SetSheetRow("Sheet1", "A2", &[]any{"1", "Qira", "muaj", "dymbëdhjetë", 100})
	_ = f.SetSheetRow("Sheet1", "A3", &[]any{"", "", "", "", ""}) // empty: skipped
	_ = f.SetSheetRow("Sheet1", "A4", &[]any{"2", "Udhëtime", "udhëtim", 3, 45.5})
	buf, _ := f.WriteToBuffer()
	got, err := budgetxlsx.Read(buf.Bytes(), i18n.EN)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Units != "dymbëdhjetë" || got[1].UnitRate != "45.5" {
		t.Errorf("read %+v", got)
	}
}

// What is not a workbook, too big, a ZIP past the limits or too long is
// refused before anything is read.
func TestReadLimits(t *testing.T) {
	if _, err := budgetxlsx.Read([]byte("%PDF-1.4"), i18n.EN); !errors.Is(err, budgetxlsx.ErrNotWorkbook) {
		t.Errorf("a PDF: %v", err)
	}
	if _, err := budgetxlsx.Read(make([]byte, budgetxlsx.MaxBytes+1), i18n.EN); !errors.Is(err, budgetxlsx.ErrTooLarge) {
		t.Errorf("a large file: %v", err)
	}
	var many bytes.Buffer
	zw := zip.NewWriter(&many)
	for i := range 300 {
		w, _ := zw.Create(fmt.Sprintf("x%d.xml", i))
		_, _ = w.Write([]byte("x"))
	}
	_ = zw.Close()
	if _, err := budgetxlsx.Read(many.Bytes(), i18n.EN); !errors.Is(err, budgetxlsx.ErrTooLarge) {
		t.Errorf("300 entries: %v", err)
	}
	var bomb bytes.Buffer
	zw = zip.NewWriter(&bomb)
	w, _ := zw.Create("xl/workbook.xml")
	_, _ = w.Write(bytes.Repeat([]byte{' '}, 21<<20)) // 21 MB of spaces, a few KB packed
	_ = zw.Close()
	if bomb.Len() > budgetxlsx.MaxBytes {
		t.Fatalf("the bomb is %d bytes packed", bomb.Len())
	}
	if _, err := budgetxlsx.Read(bomb.Bytes(), i18n.EN); !errors.Is(err, budgetxlsx.ErrTooLarge) {
		t.Errorf("a ZIP bomb: %v", err)
	}
	long := make([]application.BudgetLine, 50)
	for i := range long {
		long[i] = application.BudgetLine{Heading: "1", Description: "x", Unit: "u", UnitsX100: 100, UnitRateMinor: 100}
	}
	buf, err := budgetxlsx.Write(long, eu(t), i18n.EN, labels)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	_ = f.InsertRows("Buxheti", 3, 1)
	_ = f.SetSheetRow("Buxheti", "A3", &[]any{"1", "one more", "u", 1, 1})
	buf, _ = f.WriteToBuffer()
	if _, err := budgetxlsx.Read(buf.Bytes(), i18n.EN); !errors.Is(err, budgetxlsx.ErrTooMany) {
		t.Errorf("51 lines: %v", err)
	}
}
