package web

import (
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/i18n"
)

// inLang, langAttr and TShown mark a stored text with its lang only when it
// fell back to another language than the page's, and escape it always.
func TestStoredTextCarriesItsLanguage(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	own := i18n.Pick(i18n.EN, "Sq", "<b>En</b>", "")
	fallback := i18n.Pick(i18n.SR, "Sq", "<b>En</b>", "")
	for _, tc := range []struct {
		name, got, want string
	}{
		{"own language", string(inLang(own)), "&lt;b&gt;En&lt;/b&gt;"},
		{"fallback", string(inLang(fallback)), `<span lang="en">&lt;b&gt;En&lt;/b&gt;</span>`},
		{"attr, own language", string(langAttr(own)), ""},
		{"attr, fallback", string(langAttr(fallback)), ` lang="en"`},
		{"nothing stored", string(inLang(i18n.Pick(i18n.SR, "", "", ""))), ""},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, tc.got, tc.want)
		}
	}
	p := &Page{Lang: i18n.SR, cat: cat}
	got := string(p.TShown("award.ranking.heading", "call", fallback))
	want := cat.T(i18n.SR, "award.ranking.heading", "call", "\x00")
	if before, after, ok := strings.Cut(want, "\x00"); !ok || got != before+`<span lang="en">&lt;b&gt;En&lt;/b&gt;</span>`+after {
		t.Errorf("TShown = %q (sentence %q)", got, want)
	}
	if o := shownOption("x", fallback, true); o.Lang != i18n.EN || o.Label != "<b>En</b>" || !o.Selected {
		t.Errorf("shownOption, fallback: %+v", o)
	}
	if o := shownOption("x", own, false); o.Lang != "" {
		t.Errorf("shownOption, own language: %+v", o)
	}
}
