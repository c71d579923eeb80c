// Package pdftext reads the text of a PDF in tests, with pdftotext from
// Debian's poppler-utils, so tests compare what a reader of the document
// sees (letters such as ë, ç, č and Cyrillic included).
package pdftext

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var spaces = regexp.MustCompile(`\s+`)

// Text extracts the text of PDF b in layout mode (a table row stays on one
// line), whitespace collapsed so that wrapped lines still match. It fails
// on anything that is not a PDF, and skips the test where pdftotext is
// missing, except in CI (CI=true), where that is a failure.
func Text(t testing.TB, b []byte) string {
	t.Helper()
	return strings.Join(Pages(t, b), " ")
}

// Pages extracts the text of each page of PDF b, as Text does: pdftotext
// ends every page with a form feed.
func Pages(t testing.TB, b []byte) []string {
	t.Helper()
	if !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("not a PDF: %.20q", b)
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext (Debian poppler-utils) is missing in CI")
		}
		t.Skip("pdftotext not installed")
	}
	path := filepath.Join(t.TempDir(), "d.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
	for i, p := range pages {
		pages[i] = strings.TrimSpace(spaces.ReplaceAllString(p, " "))
	}
	return pages
}
