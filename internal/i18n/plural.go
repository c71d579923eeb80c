package i18n

import (
	"sort"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Plural messages are catalogue entries whose key ends in "#" and a CLDR
// plural category: "applications.count#one", "applications.count#few",
// "applications.count#other". Each language holds exactly the categories
// its CLDR cardinal rules use for whole numbers (Albanian and English: one,
// other; Serbian: one, few, other). The category of a count is decided by
// golang.org/x/text/feature/plural, never by rules written here.

// pluralSep separates a plural message's key from its category.
const pluralSep = "#"

var formNames = map[plural.Form]string{
	plural.Other: "other", plural.Zero: "zero", plural.One: "one",
	plural.Two: "two", plural.Few: "few", plural.Many: "many",
}

// tag is the BCP 47 tag whose CLDR rules apply to l.
func (l Lang) tag() language.Tag {
	t, err := language.Parse(string(l.Base()))
	if err != nil {
		return language.Albanian
	}
	return t
}

// PluralForm is the CLDR cardinal category ("one", "few", "other", ...) of
// the whole number n in language l.
func PluralForm(l Lang, n int64) string {
	if n < 0 {
		n = -n
	}
	// A count has integer digits only: no visible fraction digits (v, w,
	// f and t are zero).
	return formNames[plural.Cardinal.MatchPlural(l.tag(), int(n), 0, 0, 0, 0)]
}

// PluralForms lists the categories whole numbers take in l, sorted.
func PluralForms(l Lang) []string {
	seen := map[string]bool{}
	for n := int64(0); n <= 1000; n++ {
		seen[PluralForm(l, n)] = true
	}
	seen[PluralForm(l, 1_000_000)] = true
	out := make([]string, 0, len(seen))
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// N returns the plural message key in lang for the count n, with {n} set to
// the count formatted for the reader and the other placeholders from args.
// A category missing in lang falls back to "other".
func (c *Catalogue) N(lang Lang, key string, n int64, args ...any) string {
	k := key + pluralSep + PluralForm(lang, n)
	if _, ok := c.msgs[lang.Base()][k]; !ok {
		k = key + pluralSep + "other"
	}
	return c.T(lang, k, append([]any{"n", Number(lang, n)}, args...)...)
}

// pluralBase splits a plural message's key into its base and category.
func pluralBase(key string) (base, form string, ok bool) {
	i := strings.LastIndex(key, pluralSep)
	if i < 0 {
		return key, "", false
	}
	return key[:i], key[i+1:], true
}
