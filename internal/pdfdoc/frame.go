package pdfdoc

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/subgrant/portal/internal/i18n"
)

// Frame is what every page of a document carries, and the letterhead its
// first page opens with. Its labels come from the catalogue (pdf.*).
type Frame struct {
	Cat        *i18n.Catalogue
	Lang       i18n.Lang
	Title      string    // the document's title (also its metadata)
	Programme  string    // the programme's name, in each page's header ("" omits it)
	Reference  string    // the document's reference number ("" omits it)
	Generated  time.Time // when the document was produced, in each page's footer
	Letterhead *Letterhead
}

// Letterhead is the issuing organisation: the intermediary that runs the
// programme, as its profile holds it.
type Letterhead struct {
	Name    string
	Address string // one or more lines
	Contact string // e-mail, telephone ("" omits it)
	Logo    []byte // PNG or JPEG as uploaded; nil: no logo
	// LogoType is "PNG" or "JPG", the image type fpdf reads.
	LogoType string
}

// Issuer is the organisation that issues a document (the programme's
// intermediary): its letterhead and who signs on its behalf.
type Issuer struct {
	Letterhead *Letterhead // nil: no letterhead
	Signatory  Signatory
}

// Signatory is who signs a letter or report on the issuer's behalf.
type Signatory struct {
	Name     string
	Function string
}

// t translates a frame label.
func (f Frame) t(key string, args ...any) string {
	if f.Cat == nil {
		return key
	}
	return f.Cat.T(f.Lang, key, args...)
}

// Open starts a document with the frame: each page's header holds the
// programme and the reference, its footer the generation date and "page x
// of y"; the first page opens with the letterhead, when there is one, and
// the title.
func Open(f Frame) *Doc {
	d := start(f.Title, f.Generated)
	d.frame = f
	p := d.pdf
	programme := clean(f.t("pdf.programme", "name", f.Programme))
	reference := clean(f.t("pdf.reference", "reference", f.Reference))
	generated := clean(f.t("pdf.generated", "date", i18n.Date(f.Lang, f.Generated)))
	p.SetHeaderFunc(func() {
		p.SetFont(family, "", 8)
		p.SetTextColor(80, 80, 80)
		p.SetXY(margin, 8)
		w := d.textWidth()
		if f.Programme != "" {
			for i, l := range headerLines(p, programme, w*0.62) {
				p.SetXY(margin, 8+float64(i)*3.6)
				p.CellFormat(w*0.62, 3.6, l, "", 0, "L", false, 0, "")
			}
		}
		if f.Reference != "" {
			for i, l := range headerLines(p, reference, w*0.38) {
				p.SetXY(margin+w*0.62, 8+float64(i)*3.6)
				p.CellFormat(w*0.38, 3.6, l, "", 0, "R", false, 0, "")
			}
		}
		p.SetTextColor(0, 0, 0)
		p.SetXY(margin, margin)
	})
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont(family, "", 8)
		p.SetTextColor(80, 80, 80)
		w := d.textWidth()
		p.CellFormat(w/2, 5, generated, "", 0, "L", false, 0, "")
		page := clean(f.t("pdf.page_of", "page", strconv.Itoa(p.PageNo()), "pages", "{nb}"))
		p.CellFormat(w/2, 5, page, "", 0, "R", false, 0, "")
		p.SetTextColor(0, 0, 0)
	})
	d.addPage()
	if f.Letterhead != nil {
		d.letterhead(*f.Letterhead)
	}
	d.title(f.Title)
	return d
}

// headerLines wraps a header text into at most two lines; only a text
// longer than that is cut, at a word, with an ellipsis (the full text is
// also in the document's fields).
func headerLines(p *fpdf.Fpdf, s string, w float64) []string {
	lines := wrap(p, s, w)
	if len(lines) <= 2 {
		return lines
	}
	return []string{lines[0], strings.TrimSpace(lines[1]) + " …"}
}

// logoH is the logo's height on the letterhead, in mm.
const logoH = 18.0

// letterhead writes the issuer's logo, name, address and contact, and a rule.
func (d *Doc) letterhead(l Letterhead) {
	p := d.pdf
	x, y := p.GetX(), p.GetY()
	textX := x
	if len(l.Logo) > 0 && (l.LogoType == "PNG" || l.LogoType == "JPG") {
		opt := fpdf.ImageOptions{ImageType: l.LogoType, ReadDpi: true}
		info := p.RegisterImageOptionsReader("letterhead-logo", opt, bytes.NewReader(l.Logo))
		if p.Err() || info == nil || info.Height() <= 0 {
			p.ClearError() // a logo fpdf cannot read is left out, not the letter
		} else {
			w := logoH * info.Width() / info.Height()
			w = min(w, 50)
			p.ImageOptions("letterhead-logo", x, y, w, logoH, false, opt, 0, "")
			textX = x + w + 5
		}
	}
	p.SetXY(textX, y)
	p.SetLeftMargin(textX)
	p.SetFont(family, "B", 12)
	p.MultiCell(0, 6, clean(l.Name), "", "L", false)
	p.SetFont(family, "", 9)
	for _, s := range []string{l.Address, l.Contact} {
		if strings.TrimSpace(s) != "" {
			p.MultiCell(0, 4.5, clean(s), "", "L", false)
		}
	}
	p.SetLeftMargin(margin)
	p.SetX(margin)
	bottom := max(p.GetY(), y+logoH) + 2
	p.SetDrawColor(150, 150, 150)
	p.Line(margin, bottom, margin+d.textWidth(), bottom)
	p.SetDrawColor(0, 0, 0)
	p.SetY(bottom + 5)
}

// Signature writes the closing signature block (the issuer, then room to
// sign, the signatory's name and function), kept together on one page.
func (d *Doc) Signature(issuer string, s Signatory) {
	lines := []string{}
	for _, v := range []string{issuer, s.Name, s.Function} {
		if strings.TrimSpace(v) != "" {
			lines = append(lines, clean(v))
		}
	}
	if len(lines) == 0 {
		return
	}
	need := 14 + float64(len(lines))*lineH
	d.flushLabel(need)
	if !d.room(need) {
		d.addPage()
	}
	p := d.pdf
	p.Ln(4)
	if issuer != "" {
		p.SetFont(family, "B", bodySize)
		p.MultiCell(0, lineH, lines[0], "", "L", false)
		lines = lines[1:]
	}
	p.Ln(8)
	p.SetDrawColor(120, 120, 120)
	p.Line(margin, p.GetY(), margin+70, p.GetY())
	p.SetDrawColor(0, 0, 0)
	p.Ln(1)
	p.SetFont(family, "", bodySize)
	for _, l := range lines {
		p.MultiCell(0, lineH, l, "", "L", false)
	}
	p.Ln(2)
}
