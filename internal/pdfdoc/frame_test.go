package pdfdoc_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
	"github.com/subgrant/portal/internal/pdfdoc/pdftext"
)

func catalogue(t testing.TB) *i18n.Catalogue {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// logoPNG is a small PNG logo.
func logoPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for x := 0; x < 40; x++ {
		for y := 0; y < 20; y++ {
			img.Set(x, y, color.RGBA{R: 20, G: uint8(4 * x), B: 120, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var generated = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// framed is a three-language document with a letterhead, a long table and
// headings placed near the foot of a page.
func framed(t testing.TB, lang i18n.Lang, logo []byte) []byte {
	d := pdfdoc.Open(pdfdoc.Frame{Cat: catalogue(t), Lang: lang, Title: "Përmbledhje — Преглед",
		Programme: "Askush të mos mbetet pas — Čačak, Ниш", Reference: "FS-2026-0007", Generated: generated,
		Letterhead: &pdfdoc.Letterhead{Name: "Qendra për Çështjet Sociale", Address: "Rruga e Kavajës 12, Tiranë",
			Contact: "info@example.org", Logo: logo, LogoType: "PNG"}})
	d.Fields([][2]string{{"Organizata", "Udruženje „Đurđevak” Šabac — Žabalj, Ćuprija"}, {"Организација", "Удружење грађана Ниш"}})
	rows := [][]string{}
	for i := 1; i <= 120; i++ {
		rows = append(rows, []string{fmt.Sprint(i), fmt.Sprintf("UNDP-LNOB-2026-01-%04d/AMEND-02", i),
			"Shoqata e Personave me Aftësi të Kufizuara „Zëri i Çdo Qytetari” Lushnjë-Divjakë"})
	}
	d.Heading("Grantet")
	d.Table([]string{"Nr.", "Numri i kontratës", "Organizata"}, rows, []float64{12, 70, 50}, []string{"R", "L", "L"})
	d.Signature("Qendra për Çështjet Sociale", pdfdoc.Signatory{Name: "Arbëreshë Çela", Function: "Drejtoreshë ekzekutive"})
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every page carries the programme, the reference, the generation date
// and "page x of y" in the reader's language; the letterhead opens page 1;
// the table's header is repeated on each page; no cell is cut short.
func TestFrameOnEveryPage(t *testing.T) {
	b := framed(t, i18n.SQ, logoPNG(t))
	pages := pdftext.Pages(t, b)
	if len(pages) < 3 {
		t.Fatalf("want a table over several pages, got %d page(s)", len(pages))
	}
	for i, p := range pages {
		for _, want := range []string{
			"Programi: Askush të mos mbetet pas — Čačak, Ниш", "Nr. ref.: FS-2026-0007", "Krijuar më 22 nëntor 2026",
			fmt.Sprintf("Faqja %d nga %d", i+1, len(pages)), "Nr. Numri i kontratës Organizata",
		} {
			if !strings.Contains(p, want) {
				t.Errorf("page %d lacks %q:\n%s", i+1, want, p)
			}
		}
	}
	first := pages[0]
	for _, want := range []string{"Qendra për Çështjet Sociale", "Rruga e Kavajës 12, Tiranë", "Udruženje „Đurđevak” Šabac — Žabalj, Ćuprija",
		"Удружење грађана Ниш", "Përmbledhje — Преглед"} {
		if !strings.Contains(first, want) {
			t.Errorf("page 1 lacks %q:\n%s", want, first)
		}
	}
	all := strings.Join(pages, " ")
	for i := 1; i <= 120; i++ {
		if ref := fmt.Sprintf("UNDP-LNOB-2026-01-%04d/AMEND-02", i); !strings.Contains(all, ref) {
			t.Errorf("reference %s cut or missing", ref)
		}
	}
	if n := strings.Count(all, "Qytetari”"); n != 120 {
		t.Errorf("organisation name wrapped in full %d times, want 120", n)
	}
	if strings.Contains(all, "…") {
		t.Error("a cell was cut short with an ellipsis")
	}
	last := pages[len(pages)-1]
	for _, want := range []string{"Arbëreshë Çela", "Drejtoreshë ekzekutive"} {
		if !strings.Contains(last, want) {
			t.Errorf("last page lacks the signatory %q", want)
		}
	}
	if !bytes.Contains(b, []byte("/Subtype /Image")) {
		t.Error("the logo is not in the PDF")
	}
}

// The frame's labels follow the reader's language.
func TestFrameTranslated(t *testing.T) {
	for lang, want := range map[i18n.Lang][]string{
		i18n.EN: {"Programme: Askush", "Ref.: FS-2026-0007", "Generated on 22 November 2026", "Page 1 of"},
		i18n.SR: {"Program: Askush", "Br. ref.: FS-2026-0007", "Napravljeno 22. novembar 2026", "Strana 1 od"},
	} {
		text := pdftext.Text(t, framed(t, lang, nil))
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: text lacks %q", lang, w)
			}
		}
	}
}

// A logo fpdf cannot read is left out; the document is still written.
func TestBrokenLogoLeftOut(t *testing.T) {
	b := framed(t, i18n.SQ, []byte("\x89PNG\r\n\x1a\nnot really"))
	if bytes.Contains(b, []byte("/Subtype /Image")) {
		t.Error("a broken logo was embedded")
	}
	if text := pdftext.Text(t, b); !strings.Contains(text, "Qendra për Çështjet Sociale") {
		t.Error("letterhead name missing")
	}
}

// A heading that would end a page goes to the next one with its content:
// no page ends with a label alone.
func TestHeadingKeptWithItsContent(t *testing.T) {
	for _, filler := range []int{40, 41, 42, 43, 44, 45, 46} {
		d := pdfdoc.Open(pdfdoc.Frame{Cat: catalogue(t), Lang: i18n.SQ, Title: "Raport", Programme: "P", Generated: generated})
		for i := 0; i < filler; i++ {
			d.Para(fmt.Sprintf("Rreshti %d", i))
		}
		d.Heading("Renditja e aplikimeve")
		d.Table([]string{"Nr.", "Aplikimi"}, [][]string{{"1", "A-001"}, {"2", "A-002"}}, []float64{20, 60}, []string{"R", "L"})
		d.Heading("Lista rezervë")
		d.Para("Asnjë aplikim në listën rezervë.")
		b, err := d.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range pdftext.Pages(t, b) {
			for _, pair := range [][2]string{{"Renditja e aplikimeve", "1 A-001"}, {"Lista rezervë", "Asnjë aplikim"}} {
				if strings.Contains(p, pair[0]) && !strings.Contains(p, pair[1]) {
					t.Errorf("filler %d: page %d holds %q without its first lines:\n%s", filler, i+1, pair[0], p)
				}
			}
		}
	}
}

// A long programme name wraps to a second header line on every page
// rather than being cut.
func TestLongProgrammeInHeader(t *testing.T) {
	name := "Programi i Kombeve të Bashkuara „Askush të mos mbetet pas” për shërbime sociale të integruara familjare në Tiranë, Durrës, Lushnjë dhe Divjakë"
	d := pdfdoc.Open(pdfdoc.Frame{Cat: catalogue(t), Lang: i18n.SQ, Title: "Raport", Programme: name, Generated: generated})
	for i := 0; i < 70; i++ {
		d.Para("Rresht")
	}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	pages := pdftext.Pages(t, b)
	if len(pages) < 2 {
		t.Fatalf("%d page(s)", len(pages))
	}
	for i, p := range pages {
		if !strings.Contains(p, "Programi: "+name) {
			t.Errorf("page %d lacks the whole programme name:\n%s", i+1, p)
		}
	}
}
