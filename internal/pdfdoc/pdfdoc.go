// Package pdfdoc writes the portal's PDF documents (receipts, letters,
// reports, statements) with the Go fonts embedded, so Albanian, Serbian
// (Latin and Cyrillic) and typographic characters such as an em dash render
// anywhere. Every page carries a frame (the programme, the reference, the
// generation date and "page x of y"); letters and reports open with the
// issuing organisation's letterhead. Tables wrap their cells and repeat
// their header on each page; a heading is never left alone at the foot of
// a page.
package pdfdoc

import (
	"bytes"
	"fmt"
	"io"
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
	headH    = 6.5 // a heading's line
)

// Doc is one A4 document being written. fpdf errors are sticky: Bytes and
// Write report the first one before anything is written.
type Doc struct {
	pdf   *fpdf.Fpdf
	frame Frame
	// label is a heading not yet drawn: the next block draws it together
	// with its own first lines, on a new page when both do not fit.
	label string
	// pageTop is the y where the current page's content starts; a page
	// break on a page with nothing below it is skipped.
	pageTop float64
	// tableSize is the tables' font size (0: the default).
	tableSize float64
}

// New starts a document with a title (also its metadata) and a footer that
// prints footer and "page/total" on each page: the plain frame of receipts
// and demo documents, which need no letterhead.
func New(title, footer string, created time.Time) *Doc {
	d := start(title, created)
	p := d.pdf
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont(family, "", 8)
		p.CellFormat(0, 5, clean(fmt.Sprintf("%s   %d/{nb}", footer, p.PageNo())), "", 0, "C", false, 0, "")
	})
	d.addPage()
	d.title(title)
	return d
}

// start creates the fpdf document with the fonts and metadata.
func start(title string, created time.Time) *Doc {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(true, margin)
	p.AddUTF8FontFromBytes(family, "", goregular.TTF)
	p.AddUTF8FontFromBytes(family, "B", gobold.TTF)
	p.SetTitle(clean(title), true)
	p.SetCreator("Subgrant portal", true)
	p.SetCreationDate(created.UTC())
	p.SetModificationDate(created.UTC())
	p.AliasNbPages("{nb}")
	return &Doc{pdf: p}
}

// addPage starts a page and notes where its content begins.
func (d *Doc) addPage() {
	d.pdf.AddPage()
	d.pageTop = d.pdf.GetY()
}

// title writes the document's title.
func (d *Doc) title(t string) {
	d.pdf.SetFont(family, "B", 16)
	d.pdf.MultiCell(0, 8, clean(t), "", "L", false)
	d.pdf.Ln(3)
}

// Heading writes a section heading; it is drawn with the first lines of
// the block that follows it, so that it never ends a page on its own.
func (d *Doc) Heading(text string) {
	d.flushLabel(0)
	d.label = clean(text)
}

// shortPara is the most lines of a paragraph kept whole on one page.
const shortPara = 4

// Para writes a paragraph; one of up to four lines is kept on one page.
func (d *Doc) Para(text string) {
	text = clean(text)
	d.pdf.SetFont(family, "", bodySize)
	n := max(len(d.pdf.SplitText(text, d.textWidth())), 1)
	d.flushLabel(float64(min(n, 2)) * lineH)
	if n <= shortPara && !d.room(float64(n)*lineH) && d.pdf.GetY() > d.pageTop+0.01 {
		d.addPage() // a short paragraph is not split between pages
	}
	d.pdf.SetFont(family, "", bodySize)
	d.pdf.MultiCell(0, lineH, text, "", "L", false)
	d.pdf.Ln(1.5)
}

// textWidth is the width between the margins.
func (d *Doc) textWidth() float64 {
	w, _ := d.pdf.GetPageSize()
	l, _, r, _ := d.pdf.GetMargins()
	return w - l - r
}

// bottom is the lowest y content may reach on a page.
func (d *Doc) bottom() float64 {
	_, h := d.pdf.GetPageSize()
	_, m := d.pdf.GetAutoPageBreak()
	return h - m
}

// room reports whether h mm still fit on the current page.
func (d *Doc) room(h float64) bool { return d.pdf.GetY()+h <= d.bottom() }

// flushLabel draws a pending heading, first starting a new page unless the
// heading and need mm of what follows it fit on this one.
func (d *Doc) flushLabel(need float64) {
	if d.label == "" {
		return
	}
	label := d.label
	d.label = ""
	d.pdf.SetFont(family, "B", 12.5)
	lines := len(d.pdf.SplitText(label, d.textWidth()))
	h := 2 + float64(max(lines, 1))*headH + 1
	if !d.room(h+need) && d.pdf.GetY() > d.pageTop+0.01 {
		d.addPage()
	}
	d.pdf.Ln(2)
	d.pdf.SetFont(family, "B", 12.5)
	d.pdf.MultiCell(0, headH, label, "", "L", false)
	d.pdf.Ln(1)
}

// Bytes finishes the document.
func (d *Doc) Bytes() ([]byte, error) {
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write finishes the document into w. It checks fpdf's sticky error
// before writing, and renders into memory first, so w receives either the
// whole document or nothing.
func (d *Doc) Write(w io.Writer) error {
	d.flushLabel(0)
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("pdf: write: %w", err)
	}
	return nil
}

// font selects the Go font in style at size pt unless it is the current
// one: fpdf writes a font change into the page on every SetFont, and a
// table sets the font for each of its cells.
func (d *Doc) font(style string, size float64) {
	p := d.pdf
	if cur, _ := p.GetFontSize(); cur == size && p.GetFontStyle() == style && p.GetFontFamily() == family {
		return
	}
	p.SetFont(family, style, size)
}
