package evaldoc

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/i18n"
)

// Number formats of the workbook: scores with two decimals, money with
// thousands and two decimals; Excel shows the reader's own separators.
var (
	scoreFormat = "0.00"
	moneyFormat = "#,##0.00"
)

// styles are the workbook's cell styles.
type styles struct {
	header, score, money, total, line, avg int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return s, err
	}
	if s.score, err = f.NewStyle(&excelize.Style{CustomNumFmt: &scoreFormat}); err != nil {
		return s, err
	}
	if s.money, err = f.NewStyle(&excelize.Style{CustomNumFmt: &moneyFormat}); err != nil {
		return s, err
	}
	if s.total, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: &moneyFormat,
		Border: []excelize.Border{{Type: "top", Color: "000000", Style: 1}}}); err != nil {
		return s, err
	}
	if s.avg, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: &scoreFormat}); err != nil {
		return s, err
	}
	// The funding line: a red rule under the last application funded.
	s.line, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"},
		Border: []excelize.Border{{Type: "top", Color: "C00000", Style: 5}}})
	return s, err
}

// RankingWorkbook renders the ranking as an XLSX workbook: a summary sheet
// (the call and each lot's budget, awards and decisions) and a sheet per
// lot with one row per ranked application. Scores and amounts are numbers
// with a number format, never text; every text cell goes through SafeCell.
func (r *Renderer) RankingWorkbook(lang i18n.Lang, in RankingInput) ([]byte, error) {
	if err := checkCall(in.Call); err != nil {
		return nil, err
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, fmt.Errorf("evaldoc: workbook styles: %w", err)
	}
	if err := r.workbookProps(f, lang, in); err != nil {
		return nil, fmt.Errorf("evaldoc: workbook properties: %w", err)
	}
	used := map[string]bool{}
	summary := sheetName(r.t(lang, "evaldoc.sheet.summary"), used)
	if err := f.SetSheetName("Sheet1", summary); err != nil {
		return nil, fmt.Errorf("evaldoc: workbook: %w", err)
	}
	if err := printLandscape(f, summary); err != nil {
		return nil, fmt.Errorf("evaldoc: summary sheet: %w", err)
	}
	if err := r.summarySheet(f, summary, st, lang, in); err != nil {
		return nil, fmt.Errorf("evaldoc: summary sheet: %w", err)
	}
	for i, l := range in.Lots {
		name := sheetName(l.Name, used)
		if name == "" {
			name = sheetName(r.t(lang, "evaldoc.col.lot")+" "+strconv.Itoa(i+1), used)
		}
		if _, err := f.NewSheet(name); err != nil {
			return nil, fmt.Errorf("evaldoc: lot sheet %q: %w", name, err)
		}
		if err := r.lotSheet(f, name, st, lang, in, l); err != nil {
			return nil, fmt.Errorf("evaldoc: lot sheet %q: %w", name, err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("evaldoc: workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// printLandscape prints a sheet on landscape A4 pages, all its columns on
// the width of one page (rows run on to as many pages as they need).
func printLandscape(f *excelize.File, name string) error {
	size, orient, one, zero, fit := 9, "landscape", 1, 0, true
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero})
}

// SheetName makes a valid, unique sheet name: none of : \ / ? * [ ], no
// quote at either end, at most 31 UTF-16 units, distinct ignoring case
// ("" when nothing of s is left). The report workbooks use it too.
func SheetName(s string, used map[string]bool) string { return sheetName(s, used) }

func sheetName(s string, used map[string]bool) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) || r < ' ' {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(strings.Trim(strings.Join(strings.Fields(s), " "), "'"))
	if s == "" {
		return ""
	}
	for n := 1; ; n++ {
		name := s
		if n > 1 {
			name = " (" + strconv.Itoa(n) + ")"
			name = clipUnits(s, 31-utf16Len(name)) + name
		}
		name = clipUnits(name, 31)
		if !used[strings.ToLower(name)] {
			used[strings.ToLower(name)] = true
			return name
		}
	}
}

// clipUnits shortens s to at most n UTF-16 units.
func clipUnits(s string, n int) string {
	units := 0
	for i, r := range s {
		if units+utf16.RuneLen(r) > n {
			return strings.TrimRight(s[:i], " '")
		}
		units += utf16.RuneLen(r)
	}
	return s
}

// text is a text cell, neutralised and clipped.
func text(s string) any { return SafeCell(s) }

// moneyCell is an amount as a number of the currency's major units: XLSX
// keeps numbers as doubles, exact to the cent far beyond any budget.
func moneyCell(minor int64, st styles) excelize.Cell {
	return excelize.Cell{StyleID: st.money, Value: float64(minor) / 100}
}

func scoreCell(x100 int64, st styles) excelize.Cell {
	return excelize.Cell{StyleID: st.score, Value: float64(x100) / 100}
}

// headerRow turns labels into bold, neutralised header cells.
func headerRow(labels []string, st styles) []any {
	row := make([]any, len(labels))
	for i, l := range labels {
		row[i] = excelize.Cell{StyleID: st.header, Value: SafeCell(l)}
	}
	return row
}

// workbookProps sets the workbook's title, subject (the programme and the
// call), creation time and language; Excel recalculates the totals on load.
func (r *Renderer) workbookProps(f *excelize.File, lang i18n.Lang, in RankingInput) error {
	at := in.Generated
	if at.IsZero() {
		at = time.Now()
	}
	stamp := at.UTC().Format("2006-01-02T15:04:05Z")
	if err := f.SetDocProps(&excelize.DocProperties{Title: r.t(lang, "evaldoc.sheet.summary") + " · " + in.Call.Reference,
		Subject: in.Call.Programme + " · " + in.Call.Title, Category: in.Call.Programme, Creator: "Subgrant portal",
		Description: r.t(lang, "evaldoc.generated", "at", at.UTC().Format("2006-01-02 15:04 UTC")),
		Created:     stamp, Modified: stamp, Language: string(lang)}); err != nil {
		return err
	}
	full := true
	return f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full})
}
