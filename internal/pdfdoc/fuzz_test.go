package pdfdoc_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
	"github.com/subgrant/portal/internal/pdfdoc/pdftext"
)

// A reference wider than its column is wrapped at a hyphen or a slash,
// never cut: its characters all reach the page.
func TestLongReferenceWraps(t *testing.T) {
	d := pdfdoc.New("T", "f", generated)
	ref := "UNDP-LNOB-2026-01-0001/AMEND-02-ŠĐČĆŽ-ëç"
	d.Table([]string{"Ref."}, [][]string{{ref}}, []float64{22}, []string{"L"})
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if text := strings.ReplaceAll(pdftext.Text(t, b), " ", ""); !strings.Contains(text, ref) {
		t.Errorf("reference not whole in %q", text)
	}
}

// FuzzText writes any text through every text path of the writer: no
// panic and no error, whatever the Unicode (invalid UTF-8, controls,
// direction overrides, characters beyond the fonts and the BMP).
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "ë ç č ć đ š ž", "Ниш — „Zëri”", "\x00\xff\xfe", "\u202e\u200b\ufeff", "😀𝔘𝔫𝔦",
		strings.Repeat("W", 500), "a\nb\r\n\tc", "{nb} %s %d \\ ( )", "\U0010FFFF\uFFFD\uFFFF"} {
		f.Add(s)
	}
	cat, err := i18n.Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := pdfdoc.Open(pdfdoc.Frame{Cat: cat, Lang: i18n.SQ, Title: s, Programme: s, Reference: s, Generated: generated,
			Letterhead: &pdfdoc.Letterhead{Name: s, Address: s, Contact: s}})
		d.Heading(s)
		d.Para(s)
		d.Fields([][2]string{{s, s}})
		d.Table([]string{s, "B"}, [][]string{{s, s}, {"1", s}}, []float64{30, 60}, []string{"L", "R"})
		d.TableWithLine([]string{s}, [][]string{{s}}, []float64{40}, []string{"L"}, 0, s)
		d.Bullets([]string{s, s})
		d.Bars([]pdfdoc.Series{{Label: s, R: 1, G: 2, B: 3}}, []pdfdoc.BarGroup{{Label: s, Values: []int64{int64(len(s))}, Texts: []string{s}}})
		d.Signature(s, pdfdoc.Signatory{Name: s, Function: s})
		var buf bytes.Buffer
		if err := d.Write(&buf); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) || !utf8.Valid([]byte("ok")) {
			t.Fatal("not a PDF")
		}
	})
}
