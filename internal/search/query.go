package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what a query may hold; anything beyond is dropped, never an
// error, so a pasted page of text still searches its first words.
const (
	MaxQueryRunes = 200 // runes of the raw query read at all
	MaxTerms      = 8   // words searched
	MaxTermRunes  = 40  // runes kept of each word
)

// Terms is a query as the databases receive it: words of letters and
// digits only, folded, so no operator, quote or star of either full-text
// syntax can reach them; and the whole query as a reference key.
type Terms struct {
	Words []string
	// Key is the query upper-cased without spaces or dashes when it is
	// made only of letters, digits, '/' and '.', as the index's refs hold
	// references: an item whose reference it is ranks first. "" otherwise.
	Key string
}

// Empty reports whether the query has nothing to search for.
func (t Terms) Empty() bool { return len(t.Words) == 0 }

// Parse reads a raw query of any length or script.
func Parse(raw string) Terms {
	raw = clip(strings.ToValidUTF8(raw, " "), MaxQueryRunes)
	var t Terms
	for _, w := range strings.FieldsFunc(Fold(raw), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		if len(t.Words) == MaxTerms {
			break
		}
		w = clip(w, MaxTermRunes)
		if !contains(t.Words, w) {
			t.Words = append(t.Words, w)
		}
	}
	t.Key = key(raw)
	return t
}

// key is raw as the index writes a reference, or "" when raw holds a rune
// a reference never has (so it can carry no LIKE wildcard either).
func key(raw string) string {
	k := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(raw)))
	if k == "" || utf8.RuneCountInString(k) > 64 {
		return ""
	}
	for _, r := range k {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '/' || r == '.') {
			return ""
		}
	}
	return k
}

func clip(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// compact is the key as one word of the index (whose documents hold each
// reference without spaces or dashes too), when it is letters and digits
// only: "XK05 1212" then finds the IBAN XK051212..., which its words alone
// do not. "" otherwise.
func (t Terms) compact() string {
	k := strings.ToLower(t.Key)
	if k == "" || strings.ContainsAny(k, "/.") || (len(t.Words) == 1 && t.Words[0] == k) {
		return ""
	}
	return k
}

// fts5 is the SQLite FTS5 query: every word quoted, as a prefix, or the
// compact key as a prefix.
func (t Terms) fts5() string {
	parts := make([]string, len(t.Words))
	for i, w := range t.Words {
		parts[i] = `"` + w + `"*`
	}
	q := strings.Join(parts, " ")
	if k := t.compact(); k != "" {
		q = "(" + q + `) OR "` + k + `"*`
	}
	return q
}

// tsquery is the PostgreSQL tsquery text: every word quoted, as a prefix,
// or the compact key as a prefix.
func (t Terms) tsquery() string {
	parts := make([]string, len(t.Words))
	for i, w := range t.Words {
		parts[i] = "'" + w + "':*"
	}
	q := strings.Join(parts, " & ")
	if k := t.compact(); k != "" {
		q = "(" + q + ") | '" + k + "':*"
	}
	return q
}
