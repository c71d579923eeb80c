package place

import "testing"

// Every municipality has a square, the squares of a country never overlap,
// Kosovo has 38 and Albania 61, and each country's short labels are unique
// in every language.
func TestGridPlacesEveryMunicipalityOnce(t *testing.T) {
	want := map[string]int{Kosovo: 38, Albania: 61}
	for _, country := range Countries {
		ms := Municipalities(country)
		if len(ms) != want[country] {
			t.Fatalf("%s: %d municipalities, want %d", country, len(ms), want[country])
		}
		cols, rows := GridSize(country)
		seen := map[Tile]string{}
		for _, m := range ms {
			tile, ok := GridOf(m.Code)
			if !ok {
				t.Errorf("%s has no square", m.Code)
				continue
			}
			if tile.Col < 0 || tile.Row < 0 || tile.Col >= cols || tile.Row >= rows {
				t.Errorf("%s at %+v outside %d × %d", m.Code, tile, cols, rows)
			}
			if other, dup := seen[tile]; dup {
				t.Errorf("%s and %s share square %+v", m.Code, other, tile)
			}
			seen[tile] = m.Code
		}
		if len(seen) != want[country] {
			t.Errorf("%s: %d squares, want %d", country, len(seen), want[country])
		}
		for _, lang := range []string{"sq", "en", "sr", "sr-Cyrl"} {
			labels := map[string]string{}
			for _, m := range ms {
				s := m.Short(lang)
				if len([]rune(s)) > 8 {
					t.Errorf("%s %s: label %q too long for a square", m.Code, lang, s)
				}
				if other, dup := labels[s]; dup {
					t.Errorf("%s: %s and %s both labelled %q", lang, m.Code, other, s)
				}
				labels[s] = m.Code
			}
		}
	}
	if _, ok := GridOf("XK-NOWHERE"); ok {
		t.Error("an unknown code has a square")
	}
}

// The grid keeps the lie of the land: the north above the south, the west
// left of the east.
func TestGridResemblesTheCountry(t *testing.T) {
	for _, c := range []struct{ north, south, west, east string }{
		{"XK-LEPOSAVIQ", "XK-DRAGASH", "XK-PEJE", "XK-KAMENICE"},
		{"AL-MALESI-E-MADHE", "AL-KONISPOL", "AL-DURRES", "AL-POGRADEC"},
	} {
		n, _ := GridOf(c.north)
		s, _ := GridOf(c.south)
		w, _ := GridOf(c.west)
		e, _ := GridOf(c.east)
		if n.Row >= s.Row || w.Col >= e.Col {
			t.Errorf("%v: north %+v south %+v west %+v east %+v", c, n, s, w, e)
		}
	}
}
