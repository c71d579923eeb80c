package invisible

import (
	"testing"

	"github.com/subgrant/portal/internal/apperr"
)

func TestContains(t *testing.T) {
	refused := map[string]string{
		"left-to-right embedding":   "Shoqata\u202A Ndihma",
		"right-to-left override":    "raport\u202Efdp.exe",
		"pop directional":           "Ndihma\u202C",
		"right-to-left isolate":     "\u2067Ndihma\u2069",
		"first strong isolate":      "Ndihma\u2068",
		"zero-width space":          "Nd\u200Bihma",
		"zero-width non-joiner":     "Nd\u200Cihma",
		"zero-width joiner":         "Nd\u200Dihma",
		"left-to-right mark":        "Ndihma\u200E",
		"right-to-left mark":        "Ndihma\u200F",
		"word joiner":               "Nd\u2060ihma",
		"byte-order mark":           "\uFEFFNdihma",
		"soft hyphen":               "Nd\u00ADihma",
		"Arabic letter mark":        "Nd\u061Cihma",
		"Hangul filler":             "Nd\u3164ihma",
		"tag character":             "Ndihma\U000E0041",
		"invisible times":           "a\u2062b",
		"Mongolian vowel separator": "a\u180Eb",
	}
	for name, s := range refused {
		if !Contains(s) {
			t.Errorf("%s: Contains(%q) = false", name, s)
		}
	}
	allowed := []string{
		"Shoqata e të Verbërve të Kosovës", "Ëndërr & Çelës", "Удружење слепих Ниш", "Udruženje slepih Niš",
		"Ђорђе Љубић Њ Џ", "Qendra \"Ndihma\" (2026) – 60 % / #1", "raport-final.pdf", "", "tab\tand\nline",
		"€ 1.234,50", "O'Brien-Smith",
	}
	for _, s := range allowed {
		if Contains(s) {
			t.Errorf("Contains(%q) = true, want false", s)
		}
	}
}

func TestCheck(t *testing.T) {
	fe := apperr.FieldErrors{}
	Check(fe, "legal_name", "Nd\u200Bihma")
	Check(fe, "acronym", "ND")
	if fe["legal_name"] != Key || len(fe) != 1 {
		t.Errorf("field errors = %v, want only legal_name: %s", fe, Key)
	}
}
