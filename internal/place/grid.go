package place

import (
	"strings"
	"unicode"
)

// Tile is a municipality's square on a tile-grid map of its country: one
// equal square per municipality, placed to resemble the country's shape.
// Col counts from the west, Row from the north, both from 0.
type Tile struct{ Col, Row int }

// GridOf returns the tile of municipality code (false for an unknown code).
func GridOf(code string) (Tile, bool) {
	t, ok := grid[code]
	return t, ok
}

// GridSize is the number of columns and rows of country's tile grid.
func GridSize(country string) (cols, rows int) {
	for code, t := range grid {
		if m, ok := byCode[code]; ok && m.Country == country {
			cols, rows = max(cols, t.Col+1), max(rows, t.Row+1)
		}
	}
	return cols, rows
}

// grid places every municipality. The squares were laid out from each
// seat's approximate latitude and longitude (scaled to the country's
// width), each moved to the nearest free square: Kosovo on 7 × 8 squares,
// Albania on 6 × 13. Neighbours on the map are neighbours, or nearly, on
// the ground; distances and areas are not kept.
var grid = map[string]Tile{
	// Kosovo.
	"XK-LEPOSAVIQ":        {2, 0},
	"XK-ZUBIN-POTOK":      {2, 1},
	"XK-ZVECAN":           {3, 0},
	"XK-MITROVICE-VERIUT": {3, 1},
	"XK-MITROVICE":        {2, 2},
	"XK-SKENDERAJ":        {2, 3},
	"XK-VUSHTRRI":         {4, 1},
	"XK-PODUJEVE":         {5, 1},
	"XK-ISTOG":            {1, 2},
	"XK-PEJE":             {0, 2},
	"XK-KLINE":            {1, 3},
	"XK-GLLOGOC":          {3, 3},
	"XK-OBILIQ":           {3, 2},
	"XK-FUSHE-KOSOVE":     {4, 2},
	"XK-PRISHTINE":        {5, 2},
	"XK-GRACANICE":        {4, 3},
	"XK-LIPJAN":           {4, 4},
	"XK-NOVOBERDE":        {6, 2},
	"XK-KAMENICE":         {6, 3},
	"XK-GJILAN":           {5, 3},
	"XK-RANILLUG":         {6, 4},
	"XK-KLLOKOT":          {5, 4},
	"XK-PARTESH":          {6, 5},
	"XK-VITI":             {5, 5},
	"XK-FERIZAJ":          {4, 5},
	"XK-SHTIME":           {3, 4},
	"XK-MALISHEVE":        {2, 4},
	"XK-RAHOVEC":          {1, 4},
	"XK-DECAN":            {0, 3},
	"XK-JUNIK":            {0, 4},
	"XK-GJAKOVE":          {1, 5},
	"XK-SUHAREKE":         {3, 5},
	"XK-MAMUSHE":          {2, 5},
	"XK-PRIZREN":          {2, 6},
	"XK-SHTERPCE":         {3, 6},
	"XK-KACANIK":          {4, 6},
	"XK-HANI-I-ELEZIT":    {5, 6},
	"XK-DRAGASH":          {2, 7},
	// Albania.
	"AL-MALESI-E-MADHE": {0, 0},
	"AL-TROPOJE":        {2, 0},
	"AL-SHKODER":        {0, 1},
	"AL-VAU-I-DEJES":    {0, 2},
	"AL-PUKE":           {1, 1},
	"AL-FUSHE-ARREZ":    {2, 1},
	"AL-HAS":            {3, 1},
	"AL-KUKES":          {3, 2},
	"AL-LEZHE":          {1, 2},
	"AL-MIRDITE":        {2, 2},
	"AL-KURBIN":         {1, 3},
	"AL-DIBER":          {4, 3},
	"AL-MAT":            {3, 3},
	"AL-KLOS":           {3, 4},
	"AL-BULQIZE":        {4, 4},
	"AL-KRUJE":          {2, 3},
	"AL-DURRES":         {0, 4},
	"AL-SHIJAK":         {0, 3},
	"AL-VORE":           {1, 4},
	"AL-KAMEZ":          {2, 4},
	"AL-TIRANE":         {2, 5},
	"AL-KAVAJE":         {0, 5},
	"AL-RROGOZHINE":     {1, 5},
	"AL-PEQIN":          {1, 6},
	"AL-ELBASAN":        {3, 5},
	"AL-LIBRAZHD":       {4, 5},
	"AL-PERRENJAS":      {5, 5},
	"AL-CERRIK":         {3, 6},
	"AL-BELSH":          {2, 6},
	"AL-GRAMSH":         {4, 6},
	"AL-POGRADEC":       {5, 6},
	"AL-PUSTEC":         {5, 7},
	"AL-MALIQ":          {4, 7},
	"AL-KORCE":          {5, 8},
	"AL-DEVOLL":         {5, 9},
	"AL-KOLONJE":        {4, 9},
	"AL-DIVJAKE":        {0, 6},
	"AL-LUSHNJE":        {0, 7},
	"AL-FIER":           {0, 8},
	"AL-ROSKOVEC":       {1, 7},
	"AL-PATOS":          {1, 8},
	"AL-KUCOVE":         {3, 7},
	"AL-URA-VAJGURORE":  {2, 7},
	"AL-BERAT":          {2, 8},
	"AL-POLICAN":        {3, 8},
	"AL-SKRAPAR":        {4, 8},
	"AL-MALLAKASTER":    {1, 9},
	"AL-SELENICE":       {0, 9},
	"AL-VLORE":          {0, 10},
	"AL-MEMALIAJ":       {2, 9},
	"AL-TEPELENE":       {1, 10},
	"AL-KELCYRE":        {3, 9},
	"AL-PERMET":         {4, 10},
	"AL-HIMARE":         {0, 11},
	"AL-LIBOHOVE":       {3, 10},
	"AL-GJIROKASTER":    {2, 10},
	"AL-DROPULL":        {3, 11},
	"AL-DELVINE":        {2, 11},
	"AL-FINIQ":          {1, 11},
	"AL-SARANDE":        {1, 12},
	"AL-KONISPOL":       {2, 12},
}

// Short is the municipality's name in lang cut to fit a tile: a name of
// up to six letters whole ("Pejë"), a longer one word its first five and a
// full stop ("Prish."), a name of several words the first three letters
// of the first and the initial of each further word that is not a small
// joining word ("Mit.V." for Mitrovicë e Veriut).
func (m Municipality) Short(lang string) string {
	name := m.Name(lang)
	words := strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' })
	if len(words) > 1 {
		first := []rune(words[0])
		out := string(first[:min(3, len(first))]) + "."
		for _, w := range words[1:] {
			r := []rune(w)
			if len(r) > 0 && unicode.IsUpper(r[0]) {
				out += string(r[0]) + "."
			}
		}
		return out
	}
	r := []rune(name)
	if len(r) <= 6 {
		return name
	}
	return string(r[:5]) + "."
}
