package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold is the form the index and the query are compared in: Serbian
// Cyrillic written in Latin letters, every letter without its accents
// (ë → e, č → c, đ → d) and in lower case, so that "Peje" finds "Pejë",
// "Pejë" finds "Peje" and "Грачаница" finds "Gračanica". The databases
// fold the indexed text the same way (migration 0018; a test compares).
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(latin(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// latin writes the Serbian Cyrillic letters of s in Serbian Latin.
func latin(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		lower := unicode.ToLower(r)
		if l, ok := cyrillic[lower]; ok {
			b.WriteString(l)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cyrillic is the Serbian Cyrillic alphabet in Serbian Latin (lower case;
// Fold lowers everything anyway).
var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'ђ': "đ", 'е': "e", 'ж': "ž", 'з': "z", 'и': "i",
	'ј': "j", 'к': "k", 'л': "l", 'љ': "lj", 'м': "m", 'н': "n", 'њ': "nj", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'ћ': "ć", 'у': "u", 'ф': "f", 'х': "h", 'ц': "c", 'ч': "č", 'џ': "dž", 'ш': "š",
}
