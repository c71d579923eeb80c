package i18n

import (
	"regexp"
	"testing"
	"time"
)

func TestToCyrillic(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Prijava", "Пријава"},
		{"ljubav, Ljubav, LJUBAV", "љубав, Љубав, ЉУБАВ"},
		{"konj Njegoš NJIVA", "коњ Његош ЊИВА"},
		{"džep Džep DŽEP", "џеп Џеп ЏЕП"},
		{"čćđšž ČĆĐŠŽ", "чћђшж ЧЋЂШЖ"},
		{"Poziv za podnošenje predloga", "Позив за подношење предлога"},
		// digraph letters across a morpheme boundary stay two letters
		{"nadživeti injekcija konjugacija", "надживети инјекција конјугација"},
		// URLs, e-mails, codes, numbers and placeholders are left alone
		{"Vidite https://portal.example.org/calls/7 ili pišite na info@example.org", "Видите https://portal.example.org/calls/7 или пишите на info@example.org"},
		{"Referenca CFP-2026-01-0001, iznos 1.234,56 €", "Референца CFP-2026-01-0001, износ 1.234,56 €"},
		{"Poštovani/a {name}, rok je {due}.", "Поштовани/а {name}, рок је {due}."},
		{"Preuzmite PDF ili XLSX", "Преузмите PDF или XLSX"},
		{"kosovsko vreme (CET)", "косовско време (CET)"},
		{"<strong>Pažnja</strong>", "<strong>Пажња</strong>"},
		{"Već ćirilica: Пријава", "Већ ћирилица: Пријава"},
		{"Lista: /reviews", "Листа: /reviews"},
		{"", ""},
	} {
		if got := ToCyrillic(tc.in); got != tc.want {
			t.Errorf("ToCyrillic(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseLangCyrillic(t *testing.T) {
	for in, want := range map[string]Lang{"sr-Cyrl": SRCyrl, "sr-cyrl": SRCyrl, "SR_CYRL": SRCyrl, "sr": SR, " EN ": EN, "sq": SQ} {
		if got, ok := ParseLang(in); !ok || got != want {
			t.Errorf("ParseLang(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := ParseLang("sr-Latn-XK"); ok {
		t.Error("an unknown tag is accepted")
	}
	if SRCyrl.Base() != SR || SR.Base() != SR || EN.Base() != EN {
		t.Error("Base of the scripts")
	}
}

func TestCatalogueCyrillic(t *testing.T) {
	cat, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := cat.T(SRCyrl, "lang.self"); got != "Српски" {
		t.Errorf("lang.self in sr-Cyrl = %q", got)
	}
	// the message is transliterated, the arguments (user content) are not
	got := cat.N(SRCyrl, "apppages.mine.caption", 2)
	if got != "2 пријаве" {
		t.Errorf("plural in sr-Cyrl = %q", got)
	}
	if got := cat.T(SRCyrl, "zone.kosovo", "abbr", "CET"); got != "косовско време (CET)" {
		t.Errorf("zone label in sr-Cyrl = %q", got)
	}
	// every Serbian message has a Cyrillic rendering without Latin words
	// left over, apart from the tokens the transliterator keeps on purpose
	// (URLs, codes, abbreviations) and placeholders
	strip := regexp.MustCompile(`\{[a-z_]+\}|<[^>]*>`)
	for key, msg := range cat.msgs[SR] {
		for _, tok := range splitFields(ToCyrillic(msg)) {
			if keepLatin(tok) {
				continue
			}
			if latin := regexp.MustCompile(`[A-Za-zčćđšžČĆĐŠŽ]`).FindString(strip.ReplaceAllString(tok, "")); latin != "" {
				t.Errorf("%s: %q keeps Latin letters in %q", key, ToCyrillic(msg), tok)
			}
		}
	}
}

func splitFields(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if r == ' ' || r == '\n' || r == '\t' {
			if start >= 0 {
				out = append(out, s[start:i])
			}
			start = -1
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

func TestStoredSerbianTransliterated(t *testing.T) {
	txt := Text{SQ: "Thirrje", EN: "Call", SR: "Poziv za opštine"}
	if got := txt.In(SRCyrl); got.Text != "Позив за општине" || got.Lang != SRCyrl || got.Foreign() {
		t.Errorf("sr text for a Cyrillic reader = %+v", got)
	}
	// a fallback in another language is shown as stored and marked foreign
	noSR := Text{SQ: "Thirrje", EN: "Call"}
	if got := noSR.In(SRCyrl); got.Text != "Call" || got.Lang != EN || !got.Foreign() {
		t.Errorf("fallback for a Cyrillic reader = %+v", got)
	}
	if got := txt.In(SR); got.Text != "Poziv za opštine" {
		t.Errorf("Latin reader = %+v", got)
	}
}

func TestDatesAndNumbersPerScript(t *testing.T) {
	d := time.Date(2026, 11, 22, 14, 5, 0, 0, time.UTC)
	for l, want := range map[Lang]string{SR: "22. novembar 2026.", SRCyrl: "22. новембар 2026.", SQ: "22 nëntor 2026", EN: "22 November 2026"} {
		if got := Date(l, d); got != want {
			t.Errorf("Date(%s) = %q, want %q", l, got, want)
		}
	}
	if got := Money(SRCyrl, 123456, "EUR"); got != "1.234,56 €" {
		t.Errorf("Money(sr-Cyrl) = %q", got)
	}
	if got := Number(SRCyrl, 1234567); got != "1.234.567" {
		t.Errorf("Number(sr-Cyrl) = %q", got)
	}
}

func TestZoneLabels(t *testing.T) {
	cat, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	winter := time.Date(2026, 12, 1, 11, 0, 0, 0, time.UTC)
	summer := time.Date(2026, 7, 1, 11, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		lang Lang
		zone string
		at   time.Time
		want string
	}{
		{SQ, "Europe/Belgrade", winter, "ora e Kosovës (CET)"},
		{EN, "Europe/Belgrade", winter, "Kosovo time (CET)"},
		{SR, "Europe/Belgrade", winter, "kosovsko vreme (CET)"},
		{SRCyrl, "Europe/Belgrade", winter, "косовско време (CET)"},
		{SQ, "Europe/Tirane", winter, "ora e Shqipërisë (CET)"},
		{EN, "Europe/Tirane", summer, "Albania time (CEST)"},
		{SR, "Europe/Tirane", winter, "albansko vreme (CET)"},
	} {
		if got := cat.ZoneLabel(tc.lang, tc.zone, tc.at); got != tc.want {
			t.Errorf("ZoneLabel(%s, %s) = %q, want %q", tc.lang, tc.zone, got, tc.want)
		}
	}
	got := cat.When(SQ, winter, "Europe/Belgrade")
	if got != "1 dhjetor 2026 12:00, ora e Kosovës (CET)" {
		t.Errorf("When = %q", got)
	}
	for _, l := range Choices {
		for _, z := range []string{"Europe/Belgrade", "Europe/Tirane"} {
			if s := cat.When(l, winter, z); containsAny(s, "Europe", "Belgrade", "Beograd", "Tirane") {
				t.Errorf("%s %s: %q names the zone's city", l, z, s)
			}
		}
	}
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		for i := 0; i+len(x) <= len(s); i++ {
			if s[i:i+len(x)] == x {
				return true
			}
		}
	}
	return false
}
