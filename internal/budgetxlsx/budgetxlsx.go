// Package budgetxlsx writes an application's budget as a workbook in the
// donor's template (its headings, one row per line, formulas for the
// totals) and reads such a workbook back as the budget editor's lines.
// Reading checks the upload's size and unzip limits before excelize sees
// it and keeps every cell as typed text: the application's own Parse
// decides what is valid, with the same messages as the editor.
package budgetxlsx

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
)

// Limits of an uploaded budget workbook.
const (
	MaxBytes        = 2 << 20  // the file itself
	maxEntries      = 200      // ZIP entries
	maxUncompressed = 20 << 20 // all entries unpacked, as declared
	maxXML          = 10 << 20 // one XML part, as excelize reads it
	// MaxLines is the most lines a workbook may hold (the editor's bound).
	MaxLines = 50
	// blankRows are empty, formula-ready rows written after the lines.
	blankRows = 10
)

// Errors of Read, each a catalogue key the page shows beside the file field.
var (
	ErrNotWorkbook = errors.New("budgetgrid.error.not_xlsx")
	ErrTooLarge    = errors.New("budgetgrid.error.file_too_large")
	ErrTooMany     = errors.New("budgetgrid.error.too_many_lines")
)

// Labels are the workbook's words in the reader's language.
type Labels struct {
	Sheet, HeadingsSheet string
	Cols                 [8]string // heading, description, unit, units, unit rate, line total, requested, co-financing
	Total                string
	HeadingCols          [4]string // code, heading, total, requested
}

// Write builds the workbook of lines under profile's headings.
func Write(lines []application.BudgetLine, profile *donor.Profile, lang i18n.Lang, l Labels) (*bytes.Buffer, error) {
	f := excelize.NewFile()
	defer f.Close()
	sh := l.Sheet
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	money := "#,##0.00"
	num, err := f.NewStyle(&excelize.Style{CustomNumFmt: &money})
	if err != nil {
		return nil, err
	}
	for i, c := range l.Cols {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(sh, cell, c); err != nil {
			return nil, err
		}
	}
	if err := f.SetCellStyle(sh, "A1", "H1", bold); err != nil {
		return nil, err
	}
	last := 1 + max(len(lines)+blankRows, 1)
	last = min(last, 1+MaxLines)
	for i := 2; i <= last; i++ {
		r := strconv.Itoa(i)
		if i-2 < len(lines) {
			ln := lines[i-2]
			for col, v := range map[string]string{"A": ln.Heading, "B": ln.Description, "C": ln.Unit} {
				if err := f.SetCellStr(sh, col+r, v); err != nil {
					return nil, err
				}
			}
			for col, v := range map[string]int64{"D": ln.UnitsX100, "E": ln.UnitRateMinor, "G": ln.RequestedMinor, "H": ln.CofinancingMinor} {
				if err := f.SetCellDefault(sh, col+r, hundredths(v)); err != nil {
					return nil, err
				}
			}
		}
		if err := f.SetCellFormula(sh, "F"+r, `IF(OR(D`+r+`="",E`+r+`=""),"",ROUND(D`+r+`*E`+r+`,2))`); err != nil {
			return nil, err
		}
	}
	tot := strconv.Itoa(last + 2)
	if err := f.SetCellStr(sh, "B"+tot, l.Total); err != nil {
		return nil, err
	}
	for _, col := range []string{"F", "G", "H"} {
		if err := f.SetCellFormula(sh, col+tot, "SUM("+col+"2:"+col+strconv.Itoa(last)+")"); err != nil {
			return nil, err
		}
	}
	if err := f.SetCellStyle(sh, "B"+tot, "H"+tot, bold); err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(sh, "D2", "H"+tot, num); err != nil {
		return nil, err
	}
	if err := headings(f, profile, lang, l, last); err != nil {
		return nil, err
	}
	for col, w := range map[string]float64{"A": 10, "B": 40, "C": 14, "D": 10, "E": 14, "F": 16, "G": 16, "H": 16} {
		if err := f.SetColWidth(sh, col, col, w); err != nil {
			return nil, err
		}
	}
	return f.WriteToBuffer()
}

// headings writes the donor's headings with their totals (SUMIF over the
// lines) and limits the heading column to their codes.
func headings(f *excelize.File, profile *donor.Profile, lang i18n.Lang, l Labels, last int) error {
	if profile == nil || len(profile.Headings) == 0 {
		return nil
	}
	hs := l.HeadingsSheet
	if _, err := f.NewSheet(hs); err != nil {
		return err
	}
	for i, c := range l.HeadingCols {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(hs, cell, c); err != nil {
			return err
		}
	}
	q := "'" + strings.ReplaceAll(l.Sheet, "'", "''") + "'!"
	rng := func(col string) string { return q + "$" + col + "$2:$" + col + "$" + strconv.Itoa(last) }
	for i, h := range profile.Headings {
		r := strconv.Itoa(i + 2)
		if err := f.SetCellStr(hs, "A"+r, h.Code); err != nil {
			return err
		}
		if err := f.SetCellStr(hs, "B"+r, h.Label.In(string(lang))); err != nil {
			return err
		}
		if err := f.SetCellFormula(hs, "C"+r, "SUMIF("+rng("A")+",A"+r+","+rng("F")+")"); err != nil {
			return err
		}
		if err := f.SetCellFormula(hs, "D"+r, "SUMIF("+rng("A")+",A"+r+","+rng("G")+")"); err != nil {
			return err
		}
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = "A2:A" + strconv.Itoa(last)
	dv.SetSqrefDropList("'" + strings.ReplaceAll(hs, "'", "''") + "'!$A$2:$A$" + strconv.Itoa(len(profile.Headings)+1))
	return f.AddDataValidation(l.Sheet, dv)
}

// hundredths writes v/100 as a plain decimal with a dot, exactly (no
// float): 120050 is "1200.50", 1200 is "12".
func hundredths(v int64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	s := sign + strconv.FormatInt(v/100, 10)
	if r := v % 100; r != 0 {
		s += "." + strconv.FormatInt(100+r, 10)[1:]
	}
	return s
}
