package review

import "testing"

// An application submitted by a reader of Serbian in Cyrillic script is a
// Serbian application: evaluators reading sr are preferred for it.
func TestApplicationLanguageIgnoresScript(t *testing.T) {
	for in, want := range map[string]string{"sr-Cyrl": "sr", "sr": "sr", "sq": "sq", "en": "en", "": ""} {
		if got := textLang(in); got != want {
			t.Errorf("textLang(%q) = %q, want %q", in, got, want)
		}
	}
	c := Candidate{Languages: "sq,sr"}
	if !c.reads("sr-Cyrl") || !c.reads("sr") || c.reads("en") || c.reads("") {
		t.Error("reads")
	}
}
