package i18n

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Serbian is written in two scripts. The portal stores Serbian once, in
// Latin script, and a reader who chose Cyrillic sees it transliterated on
// output: catalogue messages and stored sr texts alike, so there is no
// second catalogue to keep in step.

// latinToCyrillic maps the single Latin letters of Serbian; the digraphs
// lj, nj and dž are handled before it.
var latinToCyrillic = map[rune]rune{
	'a': 'а', 'b': 'б', 'c': 'ц', 'č': 'ч', 'ć': 'ћ', 'd': 'д', 'đ': 'ђ', 'e': 'е', 'f': 'ф',
	'g': 'г', 'h': 'х', 'i': 'и', 'j': 'ј', 'k': 'к', 'l': 'л', 'm': 'м', 'n': 'н', 'o': 'о',
	'p': 'п', 'r': 'р', 's': 'с', 'š': 'ш', 't': 'т', 'u': 'у', 'v': 'в', 'z': 'з', 'ž': 'ж',
}

// digraphs are the Latin letter pairs that are one Cyrillic letter.
var digraphs = map[string]rune{"lj": 'љ', "nj": 'њ', "dž": 'џ'}

// splitDigraphs are word beginnings where the two letters of a digraph
// belong to different morphemes (nad-živeti, in-jekcija) and stay two
// letters in Cyrillic.
var splitDigraphs = []string{"nadž", "podž", "injek", "konjug", "konjunk", "vanjez"}

// latinTokens are abbreviations that stay in Latin script inside Cyrillic
// text: file formats, standards and time-zone abbreviations.
// placeholder matches a {name} placeholder or an HTML tag at the start.
var placeholder = regexp.MustCompile(`^(?:\{[a-z_]+\}|</?[a-z][^<>]*>)`)

var latinTokens = map[string]bool{
	"PDF": true, "XLSX": true, "XLS": true, "CSV": true, "JSON": true, "API": true, "URL": true,
	"HTML": true, "IATI": true, "CET": true, "CEST": true, "UTC": true, "SHA": true, "IBAN": true,
	"BIC": true, "SWIFT": true, "TOTP": true, "QR": true, "ID": true, "OK": true, "HTTP": true,
	"HTTPS": true, "SMTP": true, "XML": true, "ZIP": true, "PNG": true, "JPEG": true, "JPG": true,
	"EUR": true, "USD": true, "GBP": true, "CHF": true,
}

// ToCyrillic transliterates Serbian Latin text to Cyrillic. It leaves alone
// what is not Serbian words: URLs, e-mail addresses, codes and numbers
// (any token holding a digit, '@', '_', "://", beginning with '/' or a letter Serbian
// does not use: q, w, x, y), {placeholders}, HTML markup and listed
// abbreviations (PDF, CET, ...). Text already in Cyrillic is unchanged.
func ToCyrillic(s string) string {
	var b strings.Builder
	b.Grow(len(s) * 2)
	for len(s) > 0 {
		// Whitespace passes through.
		r, n := utf8.DecodeRuneInString(s)
		if unicode.IsSpace(r) {
			b.WriteRune(r)
			s = s[n:]
			continue
		}
		// {placeholders} and markup pass through whole.
		if m := placeholder.FindString(s); m != "" {
			b.WriteString(m)
			s = s[len(m):]
			continue
		}
		end := 1 + strings.IndexFunc(s[n:], func(r rune) bool { return unicode.IsSpace(r) || r == '{' || r == '<' })
		if end == 0 {
			end = len(s)
		} else {
			end += n - 1
		}
		tok := s[:end]
		s = s[end:]
		if keepLatin(tok) {
			b.WriteString(tok)
			continue
		}
		b.WriteString(translitToken(tok))
	}
	return b.String()
}

// keepLatin reports whether a whitespace-delimited token is a URL, an
// e-mail, a code, a number or a listed abbreviation.
func keepLatin(tok string) bool {
	if strings.Contains(tok, "://") || strings.HasPrefix(strings.ToLower(tok), "www.") {
		return true
	}
	if strings.HasPrefix(tok, "/") || strings.ContainsAny(tok, "@_\\0123456789qwxyQWXY") {
		return true
	}
	if strings.Contains(tok, "&") && strings.Contains(tok, ";") { // an HTML entity
		return true
	}
	word := strings.TrimFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) })
	return latinTokens[word]
}

// translitToken transliterates one word (with its punctuation).
func translitToken(tok string) string {
	var b strings.Builder
	lower := strings.ToLower(tok)
	split := map[int]bool{} // byte offsets in tok where a digraph must not form
	for i := 0; i < len(lower); {
		atWord := i == 0 || !unicode.IsLetter(lastRune(lower[:i]))
		if atWord {
			for _, p := range splitDigraphs {
				if strings.HasPrefix(lower[i:], p) {
					split[i+digraphAt(p)] = true
				}
			}
		}
		_, n := utf8.DecodeRuneInString(lower[i:])
		i += n
	}
	for i := 0; i < len(tok); {
		r, n := utf8.DecodeRuneInString(tok[i:])
		if !split[i] && i+n < len(tok) {
			r2, n2 := utf8.DecodeRuneInString(tok[i+n:])
			pair := strings.ToLower(string([]rune{r, r2}))
			if c, ok := digraphs[pair]; ok {
				if unicode.IsUpper(r) {
					c = unicode.ToUpper(c)
				}
				b.WriteRune(c)
				i += n + n2
				continue
			}
		}
		if c, ok := latinToCyrillic[unicode.ToLower(r)]; ok {
			if unicode.IsUpper(r) {
				c = unicode.ToUpper(c)
			}
			b.WriteRune(c)
		} else {
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// digraphAt is the byte offset of the first digraph in a word beginning.
func digraphAt(p string) int {
	at := len(p)
	for d := range digraphs {
		if i := strings.Index(p, d); i >= 0 && i < at {
			at = i
		}
	}
	return at
}
