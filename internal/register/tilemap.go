package register

import (
	"github.com/subgrant/portal/internal/place"
)

// The tile map's geometry, in SVG user units.
const (
	TileSize = 56 // the side of a square
	TileGap  = 4  // the space between squares
	Levels   = 5  // shades above "none"
)

// Tile is a municipality's square on the map with its value.
type Tile struct {
	Code     string
	Name     string // in the reader's language
	Short    string // the label inside the square
	X, Y     int    // the square's top left corner
	TextX    int    // the label's centre
	LabelY   int
	ValueY   int
	Value    int64
	Shown    string // Value formatted for the reader
	Level    int    // 0 (nothing) to Levels
	Href     string // where the square links ("" for none)
	Selected bool
}

// Step is a shade of the legend: values above From up to To.
type Step struct {
	Level    int
	From, To string
}

// Map is a country's tile map with its legend; Tiles are in the order of
// the municipalities' codes, the order of the table beside it.
type Map struct {
	Country       string
	Width, Height int
	Tiles         []Tile
	Legend        []Step
	Total         string // the sum of the values, formatted
	Max           int64
}

// MapOptions say how a map shows its values.
type MapOptions struct {
	Lang     string
	Format   func(int64) string       // a value for the reader
	Href     func(code string) string // a square's link; nil: squares do not link
	Selected string                   // the chosen municipality's code
}

// BuildMap draws country's tile map from values per municipality code:
// every municipality a square at its place.GridOf position, shaded in
// Levels equal steps of the largest value (0 unshaded).
func BuildMap(country string, values map[string]int64, o MapOptions) Map {
	cols, rows := place.GridSize(country)
	m := Map{Country: country, Width: cols*(TileSize+TileGap) + TileGap, Height: rows*(TileSize+TileGap) + TileGap}
	var total int64
	for _, mu := range place.Municipalities(country) {
		if v := values[mu.Code]; v > m.Max {
			m.Max = v
		}
		total += values[mu.Code]
	}
	for _, mu := range place.Municipalities(country) {
		pos, ok := place.GridOf(mu.Code)
		if !ok {
			continue
		}
		v := values[mu.Code]
		x, y := TileGap+pos.Col*(TileSize+TileGap), TileGap+pos.Row*(TileSize+TileGap)
		t := Tile{Code: mu.Code, Name: mu.Name(o.Lang), Short: mu.Short(o.Lang), X: x, Y: y, TextX: x + TileSize/2,
			LabelY: y + 24, ValueY: y + 42, Value: v, Shown: o.Format(v), Level: level(v, m.Max), Selected: mu.Code == o.Selected}
		if o.Href != nil {
			t.Href = o.Href(mu.Code)
		}
		m.Tiles = append(m.Tiles, t)
	}
	m.Total = o.Format(total)
	if m.Max > 0 {
		prev := int64(0)
		for k := 1; k <= Levels; k++ {
			to := upper(k, m.Max)
			if to <= prev {
				continue // small maxima: fewer distinct steps
			}
			m.Legend = append(m.Legend, Step{Level: k, From: o.Format(prev), To: o.Format(to)})
			prev = to
		}
	}
	return m
}

// level is the shade of v: 0 for nothing, else the step of the largest
// value max that holds it (steps of max/Levels, rounded up).
func level(v, max int64) int {
	if v <= 0 || max <= 0 {
		return 0
	}
	for k := 1; k <= Levels; k++ {
		if v <= upper(k, max) {
			return k
		}
	}
	return Levels
}

// upper is the largest value of step k: ceil(max × k / Levels).
func upper(k int, max int64) int64 {
	return (max*int64(k) + Levels - 1) / Levels
}
