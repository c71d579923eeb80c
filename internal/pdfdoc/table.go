package pdfdoc

// Tables wrap each cell's text within its column (a reference number or
// an organisation's name is never cut short) and break across pages, the
// header row repeated at the top of each. A row taller than what is left
// of a page moves to the next; a row taller than a whole page is split
// between pages line by line.

const (
	cellPad = 1.2 // vertical padding above and below a cell's lines
	tableSz = 9.5 // the tables' font size unless TableFontSize changes it
)

// TableFontSize sets the font size, in points, of the tables written
// after it (a wide table of amounts may need less than the default 9.5).
func (d *Doc) TableFontSize(pt float64) {
	if pt == 0 || (pt >= 6 && pt <= 14) {
		d.tableSize = pt
	}
}

// size and line are the table font's size and a table line's height.
func (d *Doc) size() float64 {
	if d.tableSize == 0 {
		return tableSz
	}
	return d.tableSize
}

func (d *Doc) line() float64 { return d.size() * 0.485 }

// table is one table being written.
type table struct {
	d      *Doc
	header []string
	widths []float64
	align  []string
	border bool
	bold   int // columns written in bold from the left (Fields: the label)
}

// Table writes a table with a header row; widths are in mm and align holds
// "L", "C" or "R" per column (money right-aligned).
func (d *Doc) Table(header []string, rows [][]string, widths []float64, align []string) {
	d.TableWithLine(header, rows, widths, align, len(rows), "")
}

// TableWithLine writes a table as Table does, with one more full-width row
// holding label in bold after row line (before the first row when line is
// negative, none when line is beyond the last row): the funding line of a
// ranking, say.
func (d *Doc) TableWithLine(header []string, rows [][]string, widths []float64, align []string, line int, label string) {
	t := table{d: d, header: cleanAll(header), widths: widths, align: align, border: true}
	total := 0.0
	for _, w := range widths {
		total += w
	}
	rule := func() {
		if label != "" {
			t.row([]string{clean(label)}, []float64{total}, []string{"C"}, "B", true)
		}
	}
	first := t.height(t.header, widths, "B") + d.line() + 2*cellPad
	if len(rows) > 0 {
		first = t.height(t.header, widths, "B") + min(t.height(cleanAll(rows[0]), widths, ""), 2*d.line()+2*cellPad)
	}
	d.flushLabel(first)
	if !d.room(first) {
		d.addPage()
	}
	t.head()
	if line < 0 {
		rule()
	}
	for i, r := range rows {
		t.row(cleanAll(r), widths, align, "", false)
		if i == line {
			rule()
		}
	}
	d.pdf.Ln(2)
}

// Fields writes label/value pairs as two columns, labels in bold; a pair
// is never split from its label across a page.
func (d *Doc) Fields(pairs [][2]string) {
	if len(pairs) == 0 {
		return
	}
	t := table{d: d, widths: []float64{60, d.textWidth() - 60}, align: []string{"L", "L"}, bold: 1}
	first := min(t.height(cleanAll(pairs[0][:]), t.widths, ""), 2*d.line()+2*cellPad)
	d.flushLabel(first)
	for _, kv := range pairs {
		t.row(cleanAll(kv[:]), t.widths, t.align, "", false)
	}
	d.pdf.Ln(2)
}

func cleanAll(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = clean(c)
	}
	return out
}

// head writes the header row in bold on grey.
func (t table) head() {
	if len(t.header) > 0 {
		t.row(t.header, t.widths, make([]string, len(t.widths)), "B", true)
	}
}

// split wraps each cell to its column in style.
func (t table) split(cells []string, widths []float64, style string) [][]string {
	p := t.d.pdf
	out := make([][]string, len(widths))
	for i, w := range widths {
		s := ""
		if i < len(cells) {
			s = cells[i]
		}
		st := style
		if i < t.bold {
			st = "B"
		}
		t.d.font(st, t.d.size())
		lines := wrap(p, s, w)
		if len(lines) == 0 {
			lines = []string{""}
		}
		out[i] = lines
	}
	return out
}

// height is a row's full height.
func (t table) height(cells []string, widths []float64, style string) float64 {
	n := 0
	for _, c := range t.split(cells, widths, style) {
		n = max(n, len(c))
	}
	return float64(n)*t.d.line() + 2*cellPad
}

// row writes one row, moving to a new page (header repeated) when it does
// not fit; fill paints the header's grey.
func (t table) row(cells []string, widths []float64, align []string, style string, fill bool) {
	d, p := t.d, t.d.pdf
	lines := t.split(cells, widths, style)
	n := 0
	for _, c := range lines {
		n = max(n, len(c))
	}
	broke := false // a new page was just started for this row: draw on it
	for from := 0; from < n; {
		avail := int((d.bottom() - p.GetY() - 2*cellPad) / d.line())
		if avail < min(n-from, 2) && !broke && p.GetY() > d.pageTop+0.01 {
			d.addPage()
			if !t.isHeader(cells, fill) {
				t.repeatHead()
			}
			broke = true
			continue
		}
		k := min(n-from, max(avail, 1))
		t.chunk(lines, widths, align, style, fill, from, k)
		from += k
		broke = false
	}
}

// isHeader reports whether cells are the header row being drawn.
func (t table) isHeader(cells []string, fill bool) bool {
	return fill && len(t.header) > 0 && len(cells) == len(t.header) && &cells[0] == &t.header[0]
}

// repeatHead writes the header again on a new page, unless it is so tall
// (a fuzzed or absurd header) that it would fill the page by itself.
func (t table) repeatHead() {
	if len(t.header) > 0 && t.height(t.header, t.widths, "B") <= 40 {
		t.head()
	}
}

// chunk draws lines [from, from+k) of a row's cells at the current y.
func (t table) chunk(lines [][]string, widths []float64, align []string, style string, fill bool, from, k int) {
	p := t.d.pdf
	x0, y0 := margin, p.GetY()
	h := float64(k)*t.d.line() + 2*cellPad
	if fill {
		p.SetFillColor(230, 234, 240)
	}
	if k == 1 {
		t.line(lines, widths, align, style, fill, from, h)
		return
	}
	x := x0
	for i, w := range widths {
		if t.border || fill {
			st := "D"
			if fill {
				st = "FD"
			}
			if !t.border {
				st = "F"
			}
			p.Rect(x, y0, w, h, st)
		}
		st := style
		if i < t.bold {
			st = "B"
		}
		t.d.font(st, t.d.size())
		a := "L"
		if i < len(align) && align[i] != "" {
			a = align[i]
		}
		for j := from; j < from+k && j < len(lines[i]); j++ {
			p.SetXY(x, y0+cellPad+float64(j-from)*t.d.line())
			p.CellFormat(w, t.d.line(), lines[i][j], "", 0, a, false, 0, "")
		}
		x += w
	}
	p.SetXY(x0, y0+h)
}

// line draws a one-line chunk as plain cells, each with its border and
// fill: what fpdf does fastest, and most rows are one line.
func (t table) line(lines [][]string, widths []float64, align []string, style string, fill bool, at int, h float64) {
	p := t.d.pdf
	p.SetX(margin)
	border := ""
	if t.border {
		border = "1"
	}
	for i, w := range widths {
		st := style
		if i < t.bold {
			st = "B"
		}
		t.d.font(st, t.d.size())
		a := "L"
		if i < len(align) && align[i] != "" {
			a = align[i]
		}
		text := ""
		if at < len(lines[i]) {
			text = lines[i][at]
		}
		p.CellFormat(w, h, text, border, 0, a, fill, 0, "")
	}
	p.SetXY(margin, p.GetY()+h)
}
