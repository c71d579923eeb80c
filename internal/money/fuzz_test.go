package money_test

import (
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/money"
)

// FuzzParse: Parse never panics; what it accepts is within [0, Max]; and
// what i18n.Money prints for that value, without the symbol, parses back to
// the same value in every language. ParseSigned obeys the same round trip.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"1234", "1234.5", "1234,56", "1.234,56", "1,234.56", "1 234,56",
		"1\u00a0234,56", "12,345", "1.2345", "1.23.4", "12a", "1e3", "NaN",
		"Inf", "0x10", "-1", "", "10.000.000.000.000", "99999999999999999999",
		"0,05", "-0", ",5", "1..2",
	} {
		for lang := range uint8(3) {
			f.Add(lang, s)
		}
	}
	f.Fuzz(func(t *testing.T, langIdx uint8, s string) {
		lang := i18n.Langs[int(langIdx)%len(i18n.Langs)]
		v, err := money.Parse(string(lang), s)
		if err == nil {
			if v < 0 || v > money.Max {
				t.Fatalf("Parse(%q, %q) = %d, outside [0, Max]", lang, s, v)
			}
			roundTrip(t, lang, v, money.Parse)
		}
		sv, serr := money.ParseSigned(string(lang), s)
		if serr == nil {
			if sv < -money.Max || sv > money.Max {
				t.Fatalf("ParseSigned(%q, %q) = %d, outside ±Max", lang, s, sv)
			}
			roundTrip(t, lang, sv, money.ParseSigned)
		}
		if err == nil && (serr != nil || sv != v) {
			t.Fatalf("Parse(%q, %q) = %d but ParseSigned = %d, %v", lang, s, v, sv, serr)
		}
	})
}

func roundTrip(t *testing.T, lang i18n.Lang, v int64, parse func(lang, s string) (int64, error)) {
	t.Helper()
	for _, l := range i18n.Langs {
		shown := i18n.Money(l, v, "EUR")
		typed := strings.TrimSpace(strings.Replace(shown, "€", "", 1))
		back, err := parse(string(l), typed)
		if err != nil || back != v {
			t.Fatalf("%d shown in %s as %q, typed %q, parsed back as %d, %v (from %s)", v, l, shown, typed, back, err, lang)
		}
	}
}
