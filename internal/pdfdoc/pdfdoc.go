// Package pdfdoc writes the portal's PDF documents (receipts, letters,
// reports) with the Go fonts embedded, so Albanian, Serbian (Latin and
// Cyrillic) and typographic characters such as an em dash render anywhere.
package pdfdoc

import (
	"bytes"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

const (
	family   = "go"
	margin   = 18.0
	lineH    = 5.5
	bodySize = 10.5
)

// Doc is one A4 document being written. fpdf errors are sticky: Bytes
// reports the first one.
type Doc struct {
	pdf *fpdf.Fpdf
}

// New starts a document with a title (also its metadata) and a footer that
// prints footer and "page/total" on each page.
func New(title, footer string, created time.Time) *Doc {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(true, margin)
	p.AddUTF8FontFromBytes(family, "", goregular.TTF)
	p.AddUTF8FontFromBytes(family, "B", gobold.TTF)
	p.SetTitle(title, true)
	p.SetCreator("Subgrant portal", true)
	p.SetCreationDate(created.UTC())
	p.SetModificationDate(created.UTC())
	p.AliasNbPages("{nb}")
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont(family, "", 8)
		p.CellFormat(0, 5, fmt.Sprintf("%s   %d/{nb}", footer, p.PageNo()), "", 0, "C", false, 0, "")
	})
	p.AddPage()
	d := &Doc{pdf: p}
	d.pdf.SetFont(family, "B", 16)
	d.pdf.MultiCell(0, 8, title, "", "L", false)
	d.pdf.Ln(3)
	return d
}

// Heading writes a section heading.
func (d *Doc) Heading(text string) {
	d.pdf.Ln(2)
	d.pdf.SetFont(family, "B", 12.5)
	d.pdf.MultiCell(0, 6.5, text, "", "L", false)
	d.pdf.Ln(1)
}

// Para writes a paragraph.
func (d *Doc) Para(text string) {
	d.pdf.SetFont(family, "", bodySize)
	d.pdf.MultiCell(0, lineH, text, "", "L", false)
	d.pdf.Ln(1.5)
}

// Fields writes label/value pairs as two columns.
func (d *Doc) Fields(pairs [][2]string) {
	w := 60.0
	for _, kv := range pairs {
		d.pdf.SetFont(family, "B", bodySize)
		x, y := d.pdf.GetX(), d.pdf.GetY()
		d.pdf.MultiCell(w, lineH, kv[0], "", "L", false)
		yLabel := d.pdf.GetY()
		d.pdf.SetXY(x+w, y)
		d.pdf.SetFont(family, "", bodySize)
		d.pdf.MultiCell(0, lineH, kv[1], "", "L", false)
		if d.pdf.GetY() < yLabel {
			d.pdf.SetY(yLabel)
		}
	}
	d.pdf.Ln(2)
}

// Table writes a table with a header row; widths are in mm and align holds
// "L" or "R" per column (money right-aligned).
func (d *Doc) Table(header []string, rows [][]string, widths []float64, align []string) {
	d.tableHeader(header, widths)
	for _, r := range rows {
		d.tableRow(r, widths, align)
	}
	d.pdf.Ln(2)
}

// tableHeader writes a table's header row in bold on grey, and sets the
// body's font for the rows that follow.
func (d *Doc) tableHeader(header []string, widths []float64) {
	d.pdf.SetFont(family, "B", 9.5)
	d.pdf.SetFillColor(230, 234, 240)
	for i, h := range header {
		d.pdf.CellFormat(widths[i], 7, h, "1", 0, "L", true, 0, "")
	}
	d.pdf.Ln(-1)
	d.pdf.SetFont(family, "", 9.5)
}

// tableRow writes one row, each cell shortened to its width.
func (d *Doc) tableRow(r []string, widths []float64, align []string) {
	for i, cell := range r {
		d.pdf.CellFormat(widths[i], 6.5, fit(d.pdf, cell, widths[i]-2), "1", 0, align[i], false, 0, "")
	}
	d.pdf.Ln(-1)
}

// fit shortens a cell's text to its width, ending with an ellipsis.
func fit(p *fpdf.Fpdf, s string, w float64) string {
	if p.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && p.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// Bytes finishes the document.
func (d *Doc) Bytes() ([]byte, error) {
	if err := d.pdf.Error(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return buf.Bytes(), nil
}
