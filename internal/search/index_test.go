package search

import (
	"context"
	"testing"
	"unicode"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/place"
)

// search_places (migration 0018) holds every municipality of
// internal/place with its folded names, and nothing else.
func TestPlacesIndexed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		var rows []struct {
			Code  string `db:"code"`
			Names string `db:"names"`
		}
		if err := db.Select(context.Background(), d, &rows, `SELECT code, names FROM search_places`); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, r := range rows {
			got[r.Code] = r.Names
		}
		all := place.Municipalities("")
		if len(got) != len(all) {
			t.Errorf("%d rows, %d municipalities", len(got), len(all))
		}
		for _, m := range all {
			if want := placeNames(m); got[m.Code] != want {
				t.Errorf("%s: %q, want %q (regenerate the rows of migration 0018)", m.Code, got[m.Code], want)
			}
		}
	})
}

// PostgreSQL's search_fold writes every letter of Latin-1 and Latin
// Extended-A as Fold does (SQLite's FTS5 tokenizer drops accents itself,
// which TestFind checks through the names it finds).
func TestPostgresFoldsAsGo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		if d.Driver != db.Postgres {
			t.Skip("SQLite folds the document with FTS5's tokenizer: TestFind checks what it finds")
		}
		for r := rune(0xC0); r <= 0x17F; r++ {
			if !unicode.IsLetter(r) {
				continue
			}
			want := Fold(string(r))
			if len(want) != 1 {
				continue // ß, æ, ŀ...: not single letters in Go either
			}
			var got string
			if err := db.Get(context.Background(), d, &got, `SELECT search_fold(?)`, string(r)); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("search_fold(%q) = %q, Fold gives %q", string(r), got, want)
			}
		}
	})
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		raw, words, key string
	}{
		{"Pejë", "peje", ""},
		{"  C1-0042 ", "c1 0042", "C10042"},
		{"XK05 1212", "xk05 1212", "XK051212"},
		{`"a" OR *b*`, "a or b", ""},
		{"Грачаница", "gracanica", ""},
		{"EU/2026/1.5", "eu 2026 1 5", "EU/2026/1.5"},
		{"a a a", "a", "AAA"},
		{"%_", "", ""},
	} {
		tm := Parse(c.raw)
		if got := join(tm.Words); got != c.words || tm.Key != c.key {
			t.Errorf("Parse(%q) = %q key %q, want %q key %q", c.raw, got, tm.Key, c.words, c.key)
		}
	}
	long := Parse(repeat("abcdefghi ", 100))
	if len(long.Words) != 1 || long.Words[0] != "abcdefghi" {
		t.Errorf("a repeated word: %v", long.Words)
	}
	many := Parse("a1 a2 a3 a4 a5 a6 a7 a8 a9 a10")
	if len(many.Words) != MaxTerms {
		t.Errorf("%d words kept, want %d", len(many.Words), MaxTerms)
	}
	if w := Parse(repeat("x", 500)).Words; len(w) != 1 || len([]rune(w[0])) != MaxTermRunes {
		t.Errorf("a long word: %d runes kept", len([]rune(w[0])))
	}
}

func join(ws []string) string {
	out := ""
	for i, w := range ws {
		if i > 0 {
			out += " "
		}
		out += w
	}
	return out
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

// Whatever the input, the words hold letters and digits only (so neither
// full-text syntax sees an operator or a quote), within the limits, and
// the key only what a LIKE pattern takes literally.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"Pejë", `"a" OR *b*`, "C1-0042", "XK05 1212", "Грачаница", "%_\\", "\xff", "a\u200db"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		tm := Parse(raw)
		if len(tm.Words) > MaxTerms {
			t.Fatalf("%d words", len(tm.Words))
		}
		for _, w := range tm.Words {
			if w == "" || len([]rune(w)) > MaxTermRunes {
				t.Fatalf("word %q", w)
			}
			for _, r := range w {
				if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
					t.Fatalf("word %q holds %q", w, r)
				}
			}
		}
		for _, r := range tm.Key {
			if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '/' || r == '.') {
				t.Fatalf("key %q holds %q", tm.Key, r)
			}
		}
	})
}
