package search

import (
	"strings"

	"github.com/subgrant/portal/internal/place"
)

// placeNames is what the index holds of municipality m (the rows of
// search_places, migration 0018): its names in the three languages,
// folded, each once, so that an item is found by the name of its
// municipality in any of them.
func placeNames(m place.Municipality) string {
	var out []string
	for _, n := range []string{m.SQ, m.SR, m.EN} {
		for _, w := range strings.Fields(Fold(n)) {
			if !contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return strings.Join(out, " ")
}

func contains(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}
