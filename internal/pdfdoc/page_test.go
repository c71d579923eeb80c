package pdfdoc_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/pdfdoc"
)

// PageBreak starts a page, Bullets keeps every item, TableWithLine puts its
// line after the given row (or first when negative).
func TestPageHelpers(t *testing.T) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed")
	}
	d := pdfdoc.New("Renditja", "Raport", time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
	rows := [][]string{{"1", "A-001"}, {"2", "A-002"}, {"3", "A-003"}}
	d.TableWithLine([]string{"Nr.", "Aplikimi"}, rows, []float64{20, 60}, []string{"R", "L"}, 1, "— vija e financimit —")
	d.TableWithLine([]string{"Nr.", "Aplikimi"}, rows[:1], []float64{20, 60}, []string{"R", "L"}, -1, "— asnjë —")
	d.PageBreak()
	d.Bullets([]string{"Pragu i relevancës " + strings.Repeat("ë ", 80) + "fund", "Đorđe Čolić"})
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "p.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`\s+`).ReplaceAllString(string(out), " ")
	for _, want := range []string{"2 A-002 — vija e financimit — 3 A-003", "Aplikimi — asnjë — 1 A-001", "Raport 1/2", "Raport 2/2",
		"• Pragu i relevancës", "ë fund", "• Đorđe Čolić"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}
