package money

import (
	"errors"
	"strings"
	"unicode"
)

// Errors of Parse, one per thing a person can get wrong, so the web layer
// can show a precise message for each.
var (
	ErrEmpty    = errors.New("money: empty amount")
	ErrSyntax   = errors.New("money: not a number")             // letters, symbols, exponents, hex, NaN
	ErrDecimals = errors.New("money: more than two decimals")   // "12,345" in sq, "1.2345" in en
	ErrGrouping = errors.New("money: malformed digit grouping") // "1.23.4", "1 23", "1.234 567"
	ErrNegative = errors.New("money: negative amount")
	ErrTooLarge = errors.New("money: amount too large") // beyond Max minor units
)

// Parse reads an amount typed by a person in language lang ("sq", "en",
// "sr") into minor units, refusing negative amounts. See parse for the
// grammar.
func Parse(lang, s string) (int64, error) { return parse(lang, s, false) }

// ParseSigned is Parse that also accepts a leading "-", for corrections
// and adjustments.
func ParseSigned(lang, s string) (int64, error) { return parse(lang, s, true) }

// parse accepts digits with optional separators: "." and "," and, for
// grouping only, spaces (ASCII, no-break U+00A0, narrow no-break U+202F,
// thin U+2009). Surrounding white space is ignored.
//
// Which separator is the decimal one:
//   - both "." and "," appear: the last one; the other one groups thousands;
//   - one of them appears more than once: it groups thousands;
//   - one of them appears once, followed by 1 or 2 digits: it is decimal;
//   - one of them appears once, followed by 3 or more digits: the language
//     decides. In English "." is decimal and "," groups ("1,234" = 1234.00,
//     "1.234" has three decimals); in Albanian and Serbian (and any other
//     lang) the reverse ("1.234" = 1234.00, "12,345" has three decimals).
//
// Groups are all separated by the same kind of separator, the first group
// has 1–3 digits and no leading zero, every other group exactly 3 digits.
// The decimal part has 1 or 2 digits and nothing after it.
func parse(lang, s string, allowNeg bool) (int64, error) {
	s = strings.TrimFunc(s, unicode.IsSpace)
	if s == "" {
		return 0, ErrEmpty
	}
	neg := false
	if s[0] == '-' {
		neg, s = true, s[1:]
	}
	groups, seps, err := split(s)
	if err != nil {
		return 0, err
	}
	dec := decimalAt(lang, groups, seps)
	intGroups, intSeps, frac := groups, seps, ""
	if dec >= 0 {
		if dec != len(seps)-1 {
			return 0, ErrGrouping // a separator after the decimal one
		}
		intGroups, intSeps, frac = groups[:dec+1], seps[:dec], groups[dec+1]
		if strings.IndexByte(string(intSeps), seps[dec]) >= 0 {
			return 0, ErrGrouping // "1,234,56.7": the decimal kind also groups
		}
		if len(frac) > MinorDigits {
			return 0, ErrDecimals
		}
	}
	if err := checkGroups(intGroups, intSeps); err != nil {
		return 0, err
	}
	if neg && !allowNeg {
		return 0, ErrNegative
	}
	v, err := value(strings.Join(intGroups, ""), frac)
	if err != nil {
		return 0, err
	}
	if neg {
		v = -v
	}
	return v, nil
}

// space is the separator kind that stands for any space used to group digits.
const space = ' '

// split cuts s into runs of ASCII digits and the one-rune separators
// between them; any other character, or a separator at either end, is a
// syntax error; two separators in a row are a grouping error.
func split(s string) (groups []string, seps []byte, err error) {
	start := 0
	for i, r := range s {
		var sep byte
		switch {
		case r >= '0' && r <= '9':
			continue
		case r == '.' || r == ',':
			sep = byte(r)
		case r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009':
			sep = space
		default:
			return nil, nil, ErrSyntax
		}
		if i == start {
			if i == 0 {
				return nil, nil, ErrSyntax
			}
			return nil, nil, ErrGrouping
		}
		groups = append(groups, s[start:i])
		seps = append(seps, sep)
		start = i + len(string(r))
	}
	if start == len(s) {
		return nil, nil, ErrSyntax // empty, "-" alone, or a trailing separator
	}
	return append(groups, s[start:]), seps, nil
}

// decimalAt returns the index in seps of the decimal separator, or -1.
func decimalAt(lang string, groups []string, seps []byte) int {
	dot, comma := -1, -1
	dots, commas := 0, 0
	for i, c := range seps {
		switch c {
		case '.':
			dot, dots = i, dots+1
		case ',':
			comma, commas = i, commas+1
		}
	}
	switch {
	case dots > 0 && commas > 0:
		return max(dot, comma)
	case dots+commas != 1:
		return -1 // none, or one kind repeated: grouping
	}
	i, c := max(dot, comma), seps[max(dot, comma)]
	if len(groups[i+1]) <= MinorDigits || c == decimalSep(lang) {
		return i
	}
	return -1
}

// decimalSep is the decimal separator of a language: "." in English, ","
// in Albanian, Serbian and by default.
func decimalSep(lang string) byte {
	l := strings.ToLower(lang)
	if l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_") {
		return '.'
	}
	return ','
}

// checkGroups validates thousands grouping of the integer part.
func checkGroups(groups []string, seps []byte) error {
	if len(seps) == 0 {
		return nil
	}
	for _, c := range seps {
		if c != seps[0] {
			return ErrGrouping
		}
	}
	if first := groups[0]; len(first) > 3 || first[0] == '0' {
		return ErrGrouping
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return ErrGrouping
		}
	}
	return nil
}

// value turns validated digit strings into minor units, refusing more than Max.
func value(whole, frac string) (int64, error) {
	for len(frac) < MinorDigits {
		frac += "0"
	}
	var v int64
	for _, d := range whole + frac {
		v = v*10 + int64(d-'0')
		if v > Max {
			return 0, ErrTooLarge
		}
	}
	return v, nil
}
