package i18n

import "testing"

func TestPickFallbackOrder(t *testing.T) {
	for _, tc := range []struct {
		name        string
		lang        Lang
		sq, en, sr  string
		want        string
		wantLang    Lang
		wantForeign bool
	}{
		{"albanian reader, all present", SQ, "Sq", "En", "Sr", "Sq", SQ, false},
		{"english reader, all present", EN, "Sq", "En", "Sr", "En", EN, false},
		{"serbian reader, all present", SR, "Sq", "En", "Sr", "Sr", SR, false},
		{"serbian reader, no serbian: english", SR, "Sq", "En", "", "En", EN, true},
		{"serbian reader, only albanian", SR, "Sq", "", "", "Sq", SQ, true},
		{"english reader, no english: albanian", EN, "Sq", "", "Sr", "Sq", SQ, true},
		{"english reader, only serbian", EN, "", "", "Sr", "Sr", SR, true},
		{"albanian reader, no albanian: english", SQ, "", "En", "Sr", "En", EN, true},
		{"albanian reader, only serbian", SQ, "", "", "Sr", "Sr", SR, true},
		{"unknown language: the fallback order", Lang("xx"), "Sq", "En", "Sr", "En", EN, true},
		{"nothing stored", SR, "", "", "", "", SR, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Pick(tc.lang, tc.sq, tc.en, tc.sr)
			if got.Text != tc.want || got.Lang != tc.wantLang || got.Foreign() != tc.wantForeign || got.Reader != tc.lang {
				t.Errorf("Pick(%s, %q, %q, %q) = %+v (foreign %v), want %q in %s (foreign %v)",
					tc.lang, tc.sq, tc.en, tc.sr, got, got.Foreign(), tc.want, tc.wantLang, tc.wantForeign)
			}
			if got.String() != tc.want {
				t.Errorf("String() = %q, want %q", got.String(), tc.want)
			}
		})
	}
}
