package pdfdoc

// PageBreak starts a new page, so that a part of a long document (a lot of
// an evaluation report, say) begins at the top of one.
func (d *Doc) PageBreak() {
	d.pdf.AddPage()
}

// Bullets writes each item as a paragraph of its own behind a bullet, with
// wrapped lines indented under the text.
func (d *Doc) Bullets(items []string) {
	const indent = 5.0
	d.pdf.SetFont(family, "", bodySize)
	for _, it := range items {
		d.pdf.SetX(margin)
		d.pdf.CellFormat(indent, lineH, "•", "", 0, "L", false, 0, "")
		d.pdf.SetLeftMargin(margin + indent)
		d.pdf.MultiCell(0, lineH, it, "", "L", false)
		d.pdf.SetLeftMargin(margin)
	}
	d.pdf.Ln(1.5)
}

// TableWithLine writes a table as Table does, with one more full-width row
// holding label in bold after row line (before the first row when line is
// negative): the funding line of a ranking, say.
func (d *Doc) TableWithLine(header []string, rows [][]string, widths []float64, align []string, line int, label string) {
	total := 0.0
	for _, w := range widths {
		total += w
	}
	rule := func() {
		d.pdf.SetFont(family, "B", 9.5)
		d.pdf.CellFormat(total, 6.5, fit(d.pdf, label, total-2), "1", 1, "C", true, 0, "")
		d.pdf.SetFont(family, "", 9.5)
	}
	d.tableHeader(header, widths)
	if line < 0 {
		rule()
	}
	for i, r := range rows {
		d.tableRow(r, widths, align)
		if i == line {
			rule()
		}
	}
	d.pdf.Ln(2)
}
