package pdfdoc

// PageBreak starts a new page, so that a part of a long document (a lot of
// an evaluation report, say) begins at the top of one; on a page that is
// still empty it does nothing.
func (d *Doc) PageBreak() {
	d.flushLabel(0)
	if d.pdf.GetY() > d.pageTop+0.01 {
		d.addPage()
	}
}

// Bullets writes each item as a paragraph of its own behind a bullet, with
// wrapped lines indented under the text; the first item stays with the
// heading above it.
func (d *Doc) Bullets(items []string) {
	const indent = 5.0
	d.pdf.SetFont(family, "", bodySize)
	for i, it := range items {
		it = clean(it)
		if i == 0 {
			d.flushLabel(float64(min(len(d.pdf.SplitText(it, d.textWidth()-indent)), 2)) * lineH)
		}
		d.pdf.SetFont(family, "", bodySize)
		if !d.room(lineH) {
			d.addPage()
		}
		d.pdf.SetX(margin)
		d.pdf.CellFormat(indent, lineH, "•", "", 0, "L", false, 0, "")
		d.pdf.SetLeftMargin(margin + indent)
		d.pdf.MultiCell(0, lineH, it, "", "L", false)
		d.pdf.SetLeftMargin(margin)
	}
	d.pdf.Ln(1.5)
}
