package celltext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=SUM(A1:A9)": "'=SUM(A1:A9)", "+381 11": "'+381 11", "-5": "'-5", "@cmd": "'@cmd",
		"\tx": "'\tx", "\rx": "'\rx", "Shoqata ë": "Shoqata ë", "": "", "a=b": "a=b", "'=x": "'=x",
	} {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
	long := Safe("=" + strings.Repeat("đ", MaxChars))
	if units(long) > MaxChars || !strings.HasSuffix(long, "…") || !strings.HasPrefix(long, "'=") {
		t.Errorf("a long formula-like text gives %d units", units(long))
	}
}

// FuzzSafe: whatever the text, the result never starts a formula, stays
// within a cell, keeps a short text whole after the quote and is valid
// UTF-8 when the input was.
func FuzzSafe(f *testing.F) {
	for _, s := range []string{"=1+1", "+", "-", "@", "\t=", "\r\n", "ë", "", "😀=", strings.Repeat("=", 40000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Safe(s)
		if NeedsQuote(got) {
			t.Fatalf("Safe(%q) = %q still starts a formula", s, got)
		}
		if units(got) > MaxChars {
			t.Fatalf("Safe(%q) has %d units", s, units(got))
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Safe(%q) is not UTF-8", s)
		}
		if units(s) < MaxChars-1 {
			want := s
			if NeedsQuote(s) {
				want = "'" + s
			}
			if got != want {
				t.Fatalf("Safe(%q) = %q, want %q", s, got, want)
			}
		}
	})
}
