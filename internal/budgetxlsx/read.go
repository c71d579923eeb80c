package budgetxlsx

import (
	"archive/zip"
	"bytes"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/i18n"
)

// Read returns the lines of a budget workbook's first sheet (row 1 is the
// header; empty rows are skipped; the row whose line total is a SUM ends
// the lines) as the editor's typed lines, amounts written with lang's
// decimal separator. It refuses a file over MaxBytes, a ZIP past the
// unzip limits and more than MaxLines lines.
func Read(b []byte, lang i18n.Lang) ([]application.LineForm, error) {
	if len(b) > MaxBytes {
		return nil, ErrTooLarge
	}
	if err := checkZip(b); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: maxUncompressed, UnzipXMLSizeLimit: maxXML})
	if err != nil {
		return nil, ErrNotWorkbook
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, ErrNotWorkbook
	}
	sh := sheets[0]
	rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, ErrNotWorkbook
	}
	var out []application.LineForm
	for i, row := range rows {
		if i == 0 {
			continue
		}
		cell := func(c int) string {
			if c < len(row) {
				return strings.TrimSpace(row[c])
			}
			return ""
		}
		if formula, _ := f.GetCellFormula(sh, "F"+strconv.Itoa(i+1)); cell(0) == "" && strings.HasPrefix(strings.ToUpper(formula), "SUM(") {
			break
		}
		l := application.LineForm{Heading: cell(0), Description: cell(1), Unit: cell(2), Units: decimal(cell(3), lang),
			UnitRate: decimal(cell(4), lang), Requested: decimal(cell(6), lang), Cofinancing: decimal(cell(7), lang)}
		if l.Description+l.Unit+l.Units+l.UnitRate+l.Requested+l.Cofinancing == "" {
			continue
		}
		if len(out) == MaxLines {
			return nil, ErrTooMany
		}
		out = append(out, l)
	}
	return out, nil
}

// checkZip refuses what is not a ZIP, or one whose entries or declared
// unpacked size pass the limits, before excelize unpacks anything.
func checkZip(b []byte) error {
	if !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return ErrNotWorkbook
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return ErrNotWorkbook
	}
	if len(zr.File) > maxEntries {
		return ErrTooLarge
	}
	var total uint64
	found := false
	for _, e := range zr.File {
		total += e.UncompressedSize64
		if total > maxUncompressed {
			return ErrTooLarge
		}
		found = found || e.Name == "xl/workbook.xml"
	}
	if !found {
		return ErrNotWorkbook
	}
	return nil
}

// decimal writes a cell's raw number ("1200.5") with the language's
// decimal separator; text that is not a plain number stays as typed, for
// the application's Parse to name.
func decimal(s string, lang i18n.Lang) string {
	if lang == i18n.EN || !plain(s) {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}

func plain(s string) bool {
	s = strings.TrimPrefix(s, "-")
	dot := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return s != ""
}
