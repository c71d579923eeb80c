package evaldoc

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/subgrant/portal/internal/i18n"
)

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"":               "",
		"=1+2":           "'=1+2",
		"+381 11 123":    "'+381 11 123",
		"-5":             "'-5",
		"@SUM(A1)":       "'@SUM(A1)",
		"\tx":            "'\tx",
		"\rx":            "'\rx",
		"EU-SOC-2026-01": "EU-SOC-2026-01",
		"a=b":            "a=b",
		"'quoted":        "'quoted",
		"Çelësi":         "Çelësi",
	} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
	units := func(s string) int { return len(utf16.Encode([]rune(s))) }
	exact := strings.Repeat("ë", MaxCellChars)
	if got := SafeCell(exact); got != exact {
		t.Errorf("a cell of exactly %d characters was changed", MaxCellChars)
	}
	for _, long := range []string{strings.Repeat("a", MaxCellChars+1), strings.Repeat("đ", 40000), strings.Repeat("😀", 20000), "=" + strings.Repeat("x", MaxCellChars)} {
		got := SafeCell(long)
		if n := units(got); n > MaxCellChars || n < MaxCellChars-1 || !strings.HasSuffix(got, "…") {
			t.Errorf("SafeCell of %d units gives %d units ending %q; want at most %d ending in …", units(long), n, got[len(got)-6:], MaxCellChars)
		}
	}
	if got := SafeCell("=" + strings.Repeat("x", MaxCellChars)); !strings.HasPrefix(got, "'=") {
		t.Error("a long formula lost its neutralising quote")
	}
}

func TestSheetName(t *testing.T) {
	used := map[string]bool{}
	for _, tt := range []struct{ in, want string }{
		{"Loti 1", "Loti 1"},
		{"loti 1", "loti 1 (2)"},
		{"Lot: 2 [RAE]/x?*\\", "Lot 2 RAE x"},
		{"'Quoted'", "Quoted"},
		{strings.Repeat("ë", 40), strings.Repeat("ë", 31)},
		{strings.Repeat("ë", 40) + "x", strings.Repeat("ë", 27) + " (2)"},
		{" :/ ", ""},
	} {
		if got := sheetName(tt.in, used); got != tt.want {
			t.Errorf("sheetName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPoints(t *testing.T) {
	for _, tt := range []struct {
		lang i18n.Lang
		x100 int64
		want string
	}{
		{i18n.SQ, 2350, "23,50"}, {i18n.EN, 2350, "23.50"}, {i18n.SR, 5, "0,05"},
		{i18n.SQ, 123456, "1.234,56"}, {i18n.EN, 123456, "1,234.56"}, {i18n.EN, 0, "0.00"}, {i18n.SQ, -150, "-1,50"},
	} {
		if got := points(tt.lang, tt.x100); got != tt.want {
			t.Errorf("points(%s, %d) = %q, want %q", tt.lang, tt.x100, got, tt.want)
		}
	}
}

// A reason's key is translated with the section's title, which is added
// when the message does not name it; the committee's text follows.
func TestReason(t *testing.T) {
	r := newRenderer(t)
	titles := map[string]string{"relevance": "Relevanca"}
	for _, tt := range []struct {
		in   Reason
		want string
	}{
		{Reason{Key: "evaldoc.col.threshold", Section: "budget"}, "Pragu (budget)"},
		{Reason{Key: "evaldoc.report.none"}, "Asnjë."},
		{Reason{Text: "Mungon plani"}, "Mungon plani"},
		{Reason{Key: "evaldoc.col.threshold", Section: "relevance", Text: "shumë i ulët"}, "Pragu (Relevanca): shumë i ulët"},
	} {
		if got := r.reason(i18n.SQ, tt.in, titles); got != tt.want {
			t.Errorf("reason(%+v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
