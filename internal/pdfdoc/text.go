package pdfdoc

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// missing replaces a character the embedded fonts have no glyph for.
const missing = '?'

// maxRune bounds the characters written as themselves: fpdf's UTF-8 fonts
// index their width tables by rune and subset the Basic Multilingual Plane.
const maxRune = 0xFFFF

// coverage marks the runes both Go fonts draw. It is computed once from
// the embedded fonts and never changes afterwards.
var coverage = sync.OnceValue(func() []bool {
	ok := make([]bool, maxRune+1)
	regular, err1 := sfnt.Parse(goregular.TTF)
	bold, err2 := sfnt.Parse(gobold.TTF)
	if err1 != nil || err2 != nil {
		for r := 0x20; r < 0x7F; r++ {
			ok[r] = true
		}
		return ok
	}
	var buf sfnt.Buffer
	for r := rune(0x20); r <= maxRune; r++ {
		i, err := regular.GlyphIndex(&buf, r)
		if err != nil || i == 0 {
			continue
		}
		if j, err := bold.GlyphIndex(&buf, r); err == nil && j != 0 {
			ok[r] = true
		}
	}
	return ok
})

// clean makes text safe for the PDF writer: invalid UTF-8 and characters
// outside the fonts become '?', control and format characters (direction
// overrides included) are dropped, tabs become spaces; line breaks stay.
// Plain printable ASCII, the common case, is returned as it is.
func clean(s string) string {
	if plain(s) {
		return s
	}
	cov := coverage()
	if drawable(s, cov) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, w := 0, 0; i < len(s); i += w {
		r, n := utf8.DecodeRuneInString(s[i:])
		w = n
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(missing)
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteRune(' ')
		case r == '\r' || unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
		case r <= maxRune && cov[r]:
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		default:
			b.WriteRune(missing)
		}
	}
	return b.String()
}

// plain reports whether s holds printable ASCII and line breaks only.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\n') || c >= 0x7F {
			return false
		}
	}
	return true
}

// drawable reports whether every character of s is valid, drawn by the
// fonts and no control or format character other than a line break, so
// that clean has nothing to change.
func drawable(s string, cov []bool) bool {
	for _, r := range s {
		switch {
		case r == '\n':
		case r == utf8.RuneError, r > maxRune, !cov[r], unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return false
		}
	}
	return true
}
