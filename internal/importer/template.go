package importer

import (
	"bytes"
	"encoding/csv"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/i18n"
)

// TemplateXLSX is the workbook an officer fills in: the first sheet has
// the headers of kind k in lang (required ones marked "*"), the second
// says for every column whether it is required and what to write.
func TemplateXLSX(cat *i18n.Catalogue, k Kind, lang i18n.Lang) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	data := sheetName(cat.T(lang, "import.sheet."+string(k)))
	help := sheetName(cat.T(lang, "import.sheet.help"))
	if err := f.SetSheetName("Sheet1", data); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet(help); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	for i, c := range k.Columns() {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(data, cell, Header(cat, lang, c)); err != nil {
			return nil, err
		}
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(data, name, name, 24); err != nil {
			return nil, err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(k.Columns()), 1)
	if err := f.SetCellStyle(data, "A1", last, bold); err != nil {
		return nil, err
	}
	if err := f.SetPanes(data, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	rows := [][]string{{cat.T(lang, "import.help.column"), cat.T(lang, "import.help.required"), cat.T(lang, "import.help.what")}}
	for _, c := range k.Columns() {
		req := cat.T(lang, "import.help.optional")
		if c.Required {
			req = cat.T(lang, "import.help.yes")
		}
		rows = append(rows, []string{Header(cat, lang, c), req, cat.T(lang, "import.help."+c.Key)})
	}
	for r, row := range rows {
		for i, v := range row {
			cell, _ := excelize.CoordinatesToCellName(i+1, r+1)
			if err := f.SetCellStr(help, cell, v); err != nil {
				return nil, err
			}
		}
	}
	if err := f.SetCellStyle(help, "A1", "C1", bold); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(help, "A", "B", 24); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(help, "C", "C", 80); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TemplateCSV is the header line of kind k in lang, UTF-8 with a byte-order
// mark so that spreadsheet programs read the accents, separated by
// semicolons where a comma is the decimal separator (sq, sr).
func TemplateCSV(cat *i18n.Catalogue, k Kind, lang i18n.Lang) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\xef\xbb\xbf")
	w := csv.NewWriter(&buf)
	if lang.Base() != i18n.EN {
		w.Comma = ';'
	}
	var header []string
	for _, c := range k.Columns() {
		header = append(header, Header(cat, lang, c))
	}
	if err := w.Write(header); err != nil {
		return nil, err
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// sheetName keeps a sheet name within Excel's 31 characters and rules.
func sheetName(s string) string {
	r := []rune(s)
	for i, c := range r {
		switch c {
		case ':', '\\', '/', '?', '*', '[', ']':
			r[i] = ' '
		}
	}
	if len(r) > 31 {
		r = r[:31]
	}
	return string(r)
}
