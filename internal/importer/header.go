package importer

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/subgrant/portal/internal/i18n"
)

// fold is the form in which headers, municipality names and other words
// from a file are compared: lower case, accents and the trailing "*" of a
// required column's header dropped, spaces collapsed, so that "Komuna *",
// "komuna" and "Komunë" meet.
func fold(s string) string {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "*"))
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteString("dj")
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// Header is a column's header in lang, "*" marking a required one.
func Header(cat *i18n.Catalogue, lang i18n.Lang, c Column) string {
	h := cat.T(lang, "import.col."+c.Key)
	if c.Required {
		h += " *"
	}
	return h
}

// columnsOf maps the file's header cells to the columns of kind k: the
// header of a column in any language, or its key, names it. It returns
// the position of each column found and the problems of the header row.
func columnsOf(cat *i18n.Catalogue, k Kind, t table) (map[string]int, []Problem) {
	names := map[string]string{}
	for _, c := range k.Columns() {
		names[fold(c.Key)] = c.Key
		names[fold(strings.ReplaceAll(c.Key, "_", " "))] = c.Key
		for _, l := range append(i18n.Langs, i18n.SRCyrl) { // a Cyrillic reader's template too
			names[fold(cat.T(l, "import.col."+c.Key))] = c.Key
		}
	}
	pos := map[string]int{}
	var probs []Problem
	for i, h := range t.header {
		if strings.TrimSpace(h) == "" {
			continue
		}
		key, ok := names[fold(h)]
		switch {
		case !ok:
			probs = append(probs, Problem{Row: t.headerRow, Col: i + 1, Key: "import.error.unknown_column", Args: []any{"header", clip(h, 60)}})
		case pos[key] != 0:
			probs = append(probs, Problem{Row: t.headerRow, Col: i + 1, Column: key, Key: "import.error.duplicate_column"})
		default:
			pos[key] = i + 1
		}
	}
	for _, c := range k.Columns() {
		if c.Required && pos[c.Key] == 0 {
			probs = append(probs, Problem{Row: t.headerRow, Column: c.Key, Key: "import.error.missing_column"})
		}
	}
	return pos, probs
}

// clip shortens s to n runes for a message.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
