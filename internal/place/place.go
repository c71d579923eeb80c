// Package place holds the reference lists of municipalities where the
// programme works: Kosovo's 38 municipalities (komuna) and Albania's 61
// municipalities (bashki) after the 2015 territorial reform.
//
// Codes are stable identifiers stored in the database ("XK-PRISHTINE",
// "AL-TIRANE"); names are for display only and may be corrected freely.
package place

import (
	"sort"

	"github.com/subgrant/portal/internal/i18n"
)

// Country codes used by the programme.
const (
	Kosovo  = "XK"
	Albania = "AL"
)

// Countries lists the programme countries in display order.
var Countries = []string{Kosovo, Albania}

// Municipality is one local self-government unit.
type Municipality struct {
	Code    string // stable code, e.g. "XK-PRISHTINE"
	Country string // "XK" or "AL"
	SQ      string // Albanian name
	SR      string // Serbian (Latin) name
	EN      string // English name
}

// Name returns the municipality's name in lang ("sq", "en", "sr"; the
// list has every name in each, so i18n.Fallback only serves an unknown
// language).
func (m Municipality) Name(lang string) string {
	return i18n.Pick(i18n.Lang(lang), m.SQ, m.EN, m.SR).Text
}

// Kind returns the word for a municipality of m's country in lang:
// "komunë"/"bashki" in Albanian, "opština" in Serbian, "municipality" in English.
func (m Municipality) Kind(lang string) string {
	return KindWord(m.Country, lang)
}

// KindWord returns the word for a municipality in country, in lang.
func KindWord(country, lang string) string {
	switch lang {
	case "en":
		return "municipality"
	case "sr":
		return "opština"
	case "sr-Cyrl":
		return "општина"
	}
	if country == Albania {
		return "bashki"
	}
	return "komunë"
}

var byCode = func() map[string]Municipality {
	m := make(map[string]Municipality, len(all))
	for _, x := range all {
		m[x.Code] = x
	}
	return m
}()

// Municipalities returns the municipalities of country sorted by code,
// or all municipalities when country is empty. The slice is a copy.
func Municipalities(country string) []Municipality {
	var out []Municipality
	for _, m := range all {
		if country == "" || m.Country == country {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// Lookup returns the municipality with code.
func Lookup(code string) (Municipality, bool) {
	m, ok := byCode[code]
	return m, ok
}

// Valid reports whether code is a known municipality code.
func Valid(code string) bool {
	_, ok := byCode[code]
	return ok
}
