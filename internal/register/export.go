package register

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/celltext"
)

// Labels are the words of a download in the reader's language: the column
// headings (in the order of Row) and the municipality names.
type Labels struct {
	Headers      []string
	Municipality func(code string) string
	Sheet        string // the worksheet's name
}

// Columns is the number of columns of a download.
const Columns = 11

// row is an award as the cells of a download: texts neutralised by
// celltext.Safe, the amount a number of major units.
func row(a Award, l Labels) (texts []string, amount int64) {
	muni := ""
	if a.Municipality != "" {
		muni = l.Municipality(a.Municipality)
	}
	return []string{a.Contract, a.Organisation, muni, a.Title, a.Programme, a.Donor, a.Currency, "",
		a.StartsOn, a.EndsOn, a.SignedAt.UTC().Format("2006-01-02")}, a.AmountMinor
}

// decimal writes minor units with two decimals and a dot: 123456 is
// "1234.56", the machine-readable form of a CSV.
func decimal(minor int64) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	return sign + strconv.FormatInt(minor/100, 10) + "." + fmt.Sprintf("%02d", minor%100)
}

// WriteCSV writes awards as CSV: UTF-8 with a byte-order mark (so a
// spreadsheet reads ë and ç), amounts as decimals with a dot, every text
// through celltext.Safe.
func WriteCSV(w io.Writer, awards []Award, l Labels) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(safeAll(l.Headers)); err != nil {
		return err
	}
	for _, a := range awards {
		texts, amount := row(a, l)
		texts[7] = decimal(amount)
		if err := cw.Write(safeAll(texts)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func safeAll(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = celltext.Safe(s)
	}
	return out
}

// WriteXLSX writes awards as a workbook of one sheet through excelize's
// StreamWriter: a bold header row, texts through celltext.Safe, amounts
// as numbers in major units with two decimals (the currency in its own
// column).
func WriteXLSX(w io.Writer, awards []Award, l Labels) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := l.Sheet
	if sheet == "" {
		sheet = "Sheet1"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	numFmt := "#,##0.00"
	money, err := f.NewStyle(&excelize.Style{CustomNumFmt: &numFmt})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, width := range []float64{18, 32, 18, 40, 30, 24, 9, 14, 12, 12, 12} {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	head := make([]any, len(l.Headers))
	for i, h := range l.Headers {
		head[i] = excelize.Cell{StyleID: bold, Value: celltext.Safe(h)}
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 18}); err != nil {
		return err
	}
	for n, a := range awards {
		texts, amount := row(a, l)
		cells := make([]any, len(texts))
		for i, s := range texts {
			cells[i] = celltext.Safe(s)
		}
		cells[7] = excelize.Cell{StyleID: money, Value: float64(amount) / 100}
		cell, err := excelize.CoordinatesToCellName(1, n+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
