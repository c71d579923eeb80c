package pdfdoc_test

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
)

const (
	benchPages = 1000
	benchRows  = 30 // rows of the table on each page
)

// benchRow is row r of page p: a reference, an organisation, an amount,
// with Albanian, Serbian and Cyrillic letters.
func benchRow(p, r int) []string {
	return []string{fmt.Sprintf("UNDP-LNOB-2026-%04d-%02d", p, r), "Shoqata „Zëri” Lushnjë — Đurđevak Čačak Ниш",
		fmt.Sprintf("%d.%03d,00 €", 10+r, p)}
}

var (
	benchHeader = []string{"Nr. i kontratës", "Organizata", "Shuma"}
	benchWidths = []float64{54, 80, 40}
	benchAlign  = []string{"L", "L", "R"}
)

// writePdfdoc writes the 1,000 pages through pdfdoc: the frame, a heading
// and a table on each page.
func writePdfdoc(cat *i18n.Catalogue, w io.Writer) error {
	d := pdfdoc.Open(pdfdoc.Frame{Cat: cat, Lang: i18n.SQ, Title: "Pasqyra", Programme: "Askush të mos mbetet pas",
		Reference: "FS/7/20261204", Generated: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)})
	rows := make([][]string, benchRows)
	for p := 0; p < benchPages; p++ {
		if p > 0 {
			d.PageBreak()
		}
		for r := range rows {
			rows[r] = benchRow(p, r)
		}
		d.Heading(fmt.Sprintf("Faqja e të dhënave %d", p+1))
		d.Table(benchHeader, rows, benchWidths, benchAlign)
	}
	return d.Write(w)
}

// writeFpdf writes the same pages with bare fpdf: the same fonts, header
// and footer, heading, header row and cells, one line each.
func writeFpdf(w io.Writer) error {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(18, 18, 18)
	p.SetAutoPageBreak(true, 18)
	p.AddUTF8FontFromBytes("go", "", goregular.TTF)
	p.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	p.AliasNbPages("{nb}")
	p.SetHeaderFunc(func() {
		p.SetFont("go", "", 8)
		p.SetXY(18, 8)
		p.CellFormat(108, 4, "Programi: Askush të mos mbetet pas", "", 0, "L", false, 0, "")
		p.CellFormat(66, 4, "Nr. ref.: FS/7/20261204", "", 0, "R", false, 0, "")
		p.SetXY(18, 18)
	})
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont("go", "", 8)
		p.CellFormat(87, 5, "Krijuar më 4 dhjetor 2026", "", 0, "L", false, 0, "")
		p.CellFormat(87, 5, fmt.Sprintf("Faqja %d nga {nb}", p.PageNo()), "", 0, "R", false, 0, "")
	})
	for pg := 0; pg < benchPages; pg++ {
		p.AddPage()
		if pg == 0 {
			p.SetFont("go", "B", 16)
			p.MultiCell(0, 8, "Pasqyra", "", "L", false)
		}
		p.SetFont("go", "B", 12.5)
		p.MultiCell(0, 6.5, fmt.Sprintf("Faqja e të dhënave %d", pg+1), "", "L", false)
		p.SetFont("go", "B", 9.5)
		p.SetFillColor(230, 234, 240)
		for i, h := range benchHeader {
			p.CellFormat(benchWidths[i], 7, h, "1", 0, "L", true, 0, "")
		}
		p.Ln(-1)
		p.SetFont("go", "", 9.5)
		for r := 0; r < benchRows; r++ {
			for i, c := range benchRow(pg, r) {
				p.CellFormat(benchWidths[i], 7, c, "1", 0, benchAlign[i], false, 0, "")
			}
			p.Ln(-1)
		}
	}
	if err := p.Error(); err != nil {
		return err
	}
	return p.Output(w)
}

// BenchmarkThousandPages writes 1,000 pages through pdfdoc and the same
// pages through bare fpdf in the same run, alternating which goes first
// and collecting garbage before each so that neither pays for the other's,
// and reports pdfdoc's time as a multiple of fpdf's (target: at most 1.5;
// docs/benchmarks.md).
func BenchmarkThousandPages(b *testing.B) {
	cat := catalogue(b)
	var doc, bare time.Duration
	var docPages, barePages int
	var buf bytes.Buffer
	timed := func(write func(io.Writer) error) (time.Duration, int) {
		buf.Reset()
		runtime.GC()
		t0 := time.Now()
		if err := write(&buf); err != nil {
			b.Fatal(err)
		}
		return time.Since(t0), bytes.Count(buf.Bytes(), []byte("/Type /Page\n"))
	}
	viaDoc := func(w io.Writer) error { return writePdfdoc(cat, w) }
	for i := 0; i < b.N; i++ {
		var d, f time.Duration
		if i%2 == 0 {
			d, docPages = timed(viaDoc)
			f, barePages = timed(writeFpdf)
		} else {
			f, barePages = timed(writeFpdf)
			d, docPages = timed(viaDoc)
		}
		doc, bare = doc+d, bare+f
	}
	if docPages != benchPages || barePages != benchPages {
		b.Fatalf("pages: pdfdoc %d, fpdf %d, want %d each", docPages, barePages, benchPages)
	}
	b.ReportMetric(float64(doc.Milliseconds())/float64(b.N), "ms-pdfdoc/op")
	b.ReportMetric(float64(bare.Milliseconds())/float64(b.N), "ms-fpdf/op")
	b.ReportMetric(float64(doc)/float64(bare), "x-fpdf")
}
