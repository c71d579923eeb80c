package pdfdoc_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/pdfdoc"
)

// Albanian, Serbian Latin and Cyrillic text and an em dash survive into the
// PDF; when pdftotext is installed the extracted text is compared.
func TestDocumentText(t *testing.T) {
	d := pdfdoc.New("Dëftesë — Потврда", "Portali i nën-granteve", time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC))
	d.Heading("Aplikimi EU-SOC-2026-01-0042")
	d.Para("Organizata joqeveritare „Zëri i të Moshuarve” — Đakovica, Čačak, Ниш.")
	d.Fields([][2]string{{"Shuma e kërkuar", "45.000,00 €"}, {"Afati", "22 dhjetor 2026 17:00"}})
	d.Table([]string{"Zë buxhetor", "Shuma"}, [][]string{{"1 Burime njerëzore " + strings.Repeat("x", 200), "12.000,00 €"}}, []float64{120, 50}, []string{"L", "R"})
	for i := 0; i < 80; i++ {
		d.Para("Rresht për faqe të shumta.")
	}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) || len(b) < 2000 {
		t.Fatalf("not a PDF: %d bytes", len(b))
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext (Debian poppler-utils) is missing in CI: scripts/install-deps installs it")
		}
		t.Log("pdftotext not installed: text extraction not compared")
		return
	}
	path := filepath.Join(t.TempDir(), "d.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{"Dëftesë — Потврда", "Đakovica, Čačak, Ниш", "45.000,00 €", "granteve 1/3", "granteve 3/3"} {
		if !strings.Contains(text, want) {
			t.Errorf("extracted text lacks %q", want)
		}
	}
	if n := strings.Count(strings.Join(regexp.MustCompile(`x{5,}`).FindAllString(text, -1), ""), "x"); n != 200 {
		t.Errorf("a long cell is wrapped in full: %d of 200 characters extracted", n)
	}
	if strings.Contains(text, "…") {
		t.Error("a cell was cut short with an ellipsis")
	}
	if strings.Contains(text, "{nb}") {
		t.Error("page total alias not replaced")
	}
}
