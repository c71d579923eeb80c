package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/celltext"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/evaldoc"
)

// book is a workbook being written sheet by sheet with StreamWriters.
type book struct {
	f     *excelize.File
	st    styles
	page  donor.Page
	used  map[string]bool
	first bool // Sheet1 not yet renamed
	// footer is every printed page's footer: the programme on the left,
	// "page x of y" in the report's language on the right.
	footer string
}

// styles are the cell styles every workbook uses.
type styles struct {
	title, header, text, wrap, date           int
	money, percent                            int // money: amounts in the report's currency, the code in the format
	plainMoney                                int // amounts in another currency (its code in the next column)
	totalText, totalMoney, totalPercent, line int // total rows; the funding line
}

// defaultPage is the page of reports without a donor format.
var defaultPage = donor.Page{Orientation: "landscape", Paper: "a4", FitToWidth: true, RepeatHeader: true}

// newBook starts a workbook with its properties (title, programme,
// generated at) and the number formats of fm (a donor's; zero: the
// portal's defaults).
func (b *Build) newBook(title string, fm donor.Formats) (*book, error) {
	if fm.MoneyFormat == "" {
		fm = donor.Formats{MoneyFormat: "#,##0.00", PercentFormat: "0.0%", DateFormat: "yyyy-mm-dd", Page: defaultPage}
	}
	f := excelize.NewFile()
	k := &book{f: f, page: fm.Page, used: map[string]bool{}, first: true,
		footer: "&L" + footerText(b.Programme.Title) + "&R" + footerText(b.T("pdf.page_of", "page", "\x00P", "pages", "\x00N"))}
	cur := b.Programme.Currency
	if b.Grant != nil {
		cur = b.Grant.Currency
	}
	if err := k.newStyles(fm, cur); err != nil {
		f.Close()
		return nil, err
	}
	subject := b.Programme.Title
	if b.Grant != nil {
		subject += " · " + b.Grant.Contract + " · " + b.Grant.Grantee
	} else if b.CallRef != "" {
		subject += " · " + b.CallRef
	}
	err := f.SetDocProps(&excelize.DocProperties{
		Title: title, Subject: subject, Creator: "Subgrant portal", Description: b.T("report.generated_at", "at", b.now.Format("2006-01-02 15:04 UTC")),
		Keywords: b.Programme.DonorName, Created: b.now.Format("2006-01-02T15:04:05Z"), Modified: b.now.Format("2006-01-02T15:04:05Z"),
		Language: string(b.Lang), Category: b.Programme.Title,
	})
	if err == nil {
		full := true
		err = f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full})
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("report: workbook properties: %w", err)
	}
	return k, nil
}

func (k *book) newStyles(fm donor.Formats, currency string) error {
	withCode := fm.MoneyFormat
	if len(currency) == 3 {
		withCode += ` "` + currency + `"`
	}
	bold := &excelize.Font{Bold: true}
	top := &excelize.Border{Type: "top", Color: "000000", Style: 1}
	line := []excelize.Border{{Type: "bottom", Color: "C00000", Style: 5}}
	dateFmt := fm.DateFormat
	specs := []struct {
		id *int
		s  excelize.Style
	}{
		{&k.st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&k.st.header, excelize.Style{Font: bold, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&k.st.text, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&k.st.wrap, excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&k.st.date, excelize.Style{CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&k.st.money, excelize.Style{CustomNumFmt: &withCode, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&k.st.plainMoney, excelize.Style{CustomNumFmt: &fm.MoneyFormat, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&k.st.percent, excelize.Style{CustomNumFmt: &fm.PercentFormat, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&k.st.totalText, excelize.Style{Font: bold, Border: []excelize.Border{*top}}},
		{&k.st.totalMoney, excelize.Style{Font: bold, Border: []excelize.Border{*top}, CustomNumFmt: &withCode}},
		{&k.st.totalPercent, excelize.Style{Font: bold, Border: []excelize.Border{*top}, CustomNumFmt: &fm.PercentFormat}},
		{&k.st.line, excelize.Style{Border: line}},
	}
	for _, sp := range specs {
		id, err := k.f.NewStyle(&sp.s)
		if err != nil {
			return fmt.Errorf("report: style: %w", err)
		}
		*sp.id = id
	}
	return nil
}

// col is a column of a sheet: its header and width.
type col struct {
	Label string
	Width float64
}

// sheet is one sheet being streamed, row after row.
type sheet struct {
	k      *book
	name   string
	sw     *excelize.StreamWriter
	row    int       // the last row written
	widths []float64 // each column's width, in characters
}

// sheetOpts are a sheet's layout choices.
type sheetOpts struct {
	Header int // rows frozen at the top (the header is the last of them)
	Filter int // rows of data under the header an AutoFilter covers (0: no filter)
}

// uniqueName reserves a valid sheet name unique in the workbook.
func (k *book) uniqueName(s string) string { return sheetName(s, k.used) }

// newSheet adds a sheet called name (from uniqueName), sets its page, print
// titles and AutoFilter, freezes its header rows and sets the widths.
func (k *book) newSheet(name string, cols []col, o sheetOpts) (*sheet, error) {
	if k.first {
		if err := k.f.SetSheetName("Sheet1", name); err != nil {
			return nil, err
		}
		k.first = false
	} else if _, err := k.f.NewSheet(name); err != nil {
		return nil, err
	}
	if err := k.pageSetup(name, len(cols), o); err != nil {
		return nil, err
	}
	sw, err := k.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return nil, err
		}
	}
	if o.Header > 0 {
		cell, _ := excelize.CoordinatesToCellName(1, o.Header+1)
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: o.Header, TopLeftCell: cell, ActivePane: "bottomLeft"}); err != nil {
			return nil, err
		}
	}
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = c.Width
	}
	return &sheet{k: k, name: name, sw: sw, widths: widths}, nil
}

// pageSetup sets what the worksheet keeps of the donor's page choices
// before streaming starts (the stream writer keeps them).
func (k *book) pageSetup(name string, ncols int, o sheetOpts) error {
	size := 9 // A4
	if k.page.Paper == "letter" {
		size = 1
	}
	orient := k.page.Orientation
	lay := &excelize.PageLayoutOptions{Size: &size, Orientation: &orient}
	if k.page.FitToWidth {
		one, zero, fit := 1, 0, true
		lay.FitToWidth, lay.FitToHeight = &one, &zero
		if err := k.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
			return err
		}
	}
	if err := k.f.SetPageLayout(name, lay); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(max(ncols, 1))
	if o.Filter > 0 && o.Header > 0 {
		ref := "A" + strconv.Itoa(o.Header) + ":" + last + strconv.Itoa(o.Header+o.Filter)
		if err := k.f.AutoFilter(name, ref, nil); err != nil {
			return err
		}
	}
	if k.page.RepeatHeader && o.Header > 0 {
		ref := "'" + strings.ReplaceAll(name, "'", "''") + "'!$1:$" + strconv.Itoa(o.Header)
		if err := k.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: ref, Scope: name}); err != nil {
			return err
		}
	}
	return k.f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: k.footer})
}

// footerText escapes s for a header or footer, where & starts a code;
// NUL+P and NUL+N become the page number and the page count. A footer
// holds at most 255 characters, so a long programme title is cut.
func footerText(s string) string {
	s = strings.NewReplacer("&", "&&", "\x00P", "&P", "\x00N", "&N").Replace(s)
	if r := []rune(s); len(r) > 100 {
		s = strings.TrimRight(string(r[:99]), "&") + "…"
	}
	return s
}

// add writes the next row, tall enough for its wrapped cells: a stream
// writer's rows keep the default height in spreadsheet programs, so a
// header or an explanation longer than its column would run over the rows
// below it.
func (s *sheet) add(cells ...any) error {
	s.row++
	cell, _ := excelize.CoordinatesToCellName(1, s.row)
	if lines := s.lines(cells); lines > 1 {
		return s.sw.SetRow(cell, cells, excelize.RowOpts{Height: float64(lines) * lineHeight})
	}
	return s.sw.SetRow(cell, cells)
}

// lineHeight is the height of one line of the default 11-point font, in
// points.
const lineHeight = 15

// lines is how many lines the row's wrapped cells need in their columns
// (a line holds about as many characters as the column is wide; a bold
// header's letters are wider).
func (s *sheet) lines(cells []any) int {
	most := 1
	for i, c := range cells {
		ce, ok := c.(excelize.Cell)
		if !ok || i >= len(s.widths) || s.widths[i] <= 0 || (ce.StyleID != s.k.st.wrap && ce.StyleID != s.k.st.header) {
			continue
		}
		text, ok := ce.Value.(string)
		if !ok {
			continue
		}
		perLine := s.widths[i] - 1
		if ce.StyleID == s.k.st.header {
			perLine = perLine * 0.85
		}
		n := 0
		for _, para := range strings.Split(text, "\n") {
			n += max(1, int(math.Ceil(float64(utf8.RuneCountInString(para))/max(perLine, 1))))
		}
		most = max(most, n)
	}
	return most
}

// skip leaves a row empty.
func (s *sheet) skip() { s.row++ }

// done ends the sheet.
func (s *sheet) done() error { return s.sw.Flush() }

// write saves the workbook to w and frees it.
func (k *book) write(w io.Writer) error {
	defer k.f.Close()
	if err := k.f.Write(w); err != nil {
		return fmt.Errorf("report: write workbook: %w", err)
	}
	return nil
}

// close frees a workbook not written (after a failure).
func (k *book) close() { k.f.Close() }

// Cells. Text goes through the one neutraliser; money is a number of the
// currency's major units (XLSX numbers are doubles, exact to the cent far
// beyond any budget) with the donor's number format.
func (k *book) text(s string) excelize.Cell {
	return excelize.Cell{StyleID: k.st.text, Value: celltext.Safe(s)}
}
func (k *book) wrapped(s string) excelize.Cell {
	return excelize.Cell{StyleID: k.st.wrap, Value: celltext.Safe(s)}
}
func (k *book) header(s string) excelize.Cell {
	return excelize.Cell{StyleID: k.st.header, Value: celltext.Safe(s)}
}
func (k *book) title(s string) excelize.Cell {
	return excelize.Cell{StyleID: k.st.title, Value: celltext.Safe(s)}
}
func (k *book) money(minor int64) excelize.Cell {
	return excelize.Cell{StyleID: k.st.money, Value: major(minor)}
}

// date is an ISO day (YYYY-MM-DD) as a spreadsheet date; text otherwise.
func (k *book) date(day string) excelize.Cell {
	if len(day) == 10 && day[4] == '-' && day[7] == '-' {
		if t, err := parseDay(day); err == nil {
			return excelize.Cell{StyleID: k.st.date, Value: t}
		}
	}
	return k.text(day)
}

// sum is a formula cell with its value cached, so a reader that does not
// recalculate still shows the figure.
func (k *book) formula(style int, f string, cached float64) excelize.Cell {
	return excelize.Cell{StyleID: style, Formula: f, Value: cached}
}

func major(minor int64) float64 { return float64(minor) / 100 }

// headers turns labels into header cells.
func (k *book) headers(labels ...string) []any {
	out := make([]any, len(labels))
	for i, l := range labels {
		out[i] = k.header(l)
	}
	return out
}

// ref is the A1 name of a cell.
func ref(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// colName is the letters of a column.
func colName(col int) string {
	c, _ := excelize.ColumnNumberToName(col)
	return c
}

// sheetName is evaldoc's valid, unique sheet name for s, "Sheet" (made
// unique) when nothing of s is left.
func sheetName(s string, used map[string]bool) string {
	if name := evaldoc.SheetName(s, used); name != "" {
		return name
	}
	return evaldoc.SheetName("Sheet", used)
}

// totalLabel is the label cell of a total row.
func (k *book) totalLabel(s string) excelize.Cell {
	return excelize.Cell{StyleID: k.st.totalText, Value: celltext.Safe(s)}
}

// addAll writes rows and ends the sheet.
func (s *sheet) addAll(rows [][]any) error {
	for _, r := range rows {
		if err := s.add(r...); err != nil {
			return err
		}
	}
	return s.done()
}
