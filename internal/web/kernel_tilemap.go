package web

import (
	"context"
	"sort"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/register"
)

// The measures a municipality map shades by.
const (
	measureCount    = "count"    // awarded sub-grants
	measureAmount   = "amount"   // the amount awarded, in one currency
	measureServices = "services" // social services run there
)

// tileMapView is a municipality map as the tilemap partial draws it (the
// public map, the register and the donor officer's dashboard): the map and
// every word around it in the reader's language.
type tileMapView struct {
	Map          register.Map
	Title, Desc  string
	Caption      string // the table's caption
	PlaceHeading string
	ValueHeading string
	LegendLabel  string
	Legend       []tileLegendLine
	Rows         []register.Tile // the municipalities with a value, for the table
	NoneText     string          // what the table says of the others
	NoneLegend   string          // the legend's line for squares without a value
	TotalLabel   string
	ShowValues   bool   // counts are written inside the squares
	Empty        string // shown instead of a legend when nothing has a value
}

type tileLegendLine struct {
	Level int
	Text  string
}

// registerStore reads the public register and the map (internal/register).
func (s *Server) registerStore() *register.Store { return &register.Store{DB: s.db} }

// tileMap lays out country's map of values for the page, with measure's
// words; href links each square (nil: squares do not link).
func tileMap(p *Page, country, measure, currency string, values map[string]int64, href func(string) string, selected string) tileMapView {
	format := func(v int64) string { return p.Number(v) }
	if measure == measureAmount {
		format = func(v int64) string { return p.Money(v, currency) }
	}
	m := register.BuildMap(country, values, register.MapOptions{Lang: string(p.Lang), Format: format, Href: href, Selected: selected})
	countryName := p.T("place.country." + country)
	what := p.T("public.measure." + measure)
	if measure == measureAmount {
		what = p.T("public.measure.amount_in", "currency", currency)
	}
	v := tileMapView{Map: m, Title: p.T("public.map.svg_title", "what", what, "country", countryName),
		Desc:    p.T("public.map.svg_desc", "n", len(m.Tiles), "country", countryName),
		Caption: p.T("public.map.table_caption", "what", what, "country", countryName), PlaceHeading: p.T("public.col.municipality"),
		ValueHeading: what, LegendLabel: p.T("public.map.legend"), ShowValues: measure != measureAmount,
		NoneText: p.T("public.map.none_others"), NoneLegend: p.T("public.map.step_none"), TotalLabel: p.T("public.total"),
		Empty: p.T("public.map.empty")}
	for _, st := range m.Legend {
		v.Legend = append(v.Legend, tileLegendLine{Level: st.Level, Text: p.T("public.map.step", "from", st.From, "to", st.To)})
	}
	for _, t := range m.Tiles {
		if t.Value > 0 {
			v.Rows = append(v.Rows, t)
		}
	}
	sort.SliceStable(v.Rows, func(i, j int) bool { return v.Rows[i].Value > v.Rows[j].Value })
	return v
}

// grantValues reads the published grants sc reaches that match f per
// municipality of country: their number, or their amount in currency
// (the currency with most awards there when empty). It returns the values,
// the currency used and every currency present.
func (s *Server) grantValues(ctx context.Context, sc access.Scope, f register.Filter, measure, currency string) (map[string]int64, string, []string, error) {
	rows, err := s.registerStore().ByMunicipality(ctx, sc, f)
	if err != nil {
		return nil, "", nil, err
	}
	counts := map[string]int64{}
	for _, r := range rows {
		counts[r.Currency] += r.Count
	}
	currencies := make([]string, 0, len(counts))
	for c := range counts {
		currencies = append(currencies, c)
	}
	sort.Slice(currencies, func(i, j int) bool {
		if counts[currencies[i]] != counts[currencies[j]] {
			return counts[currencies[i]] > counts[currencies[j]]
		}
		return currencies[i] < currencies[j]
	})
	if currency == "" && len(currencies) > 0 {
		currency = currencies[0]
	}
	values := map[string]int64{}
	for _, r := range rows {
		switch {
		case measure == measureAmount && r.Currency == currency:
			values[r.Municipality] += r.AmountMinor
		case measure != measureAmount:
			values[r.Municipality] += r.Count
		}
	}
	sort.Strings(currencies)
	return values, currency, currencies, nil
}
