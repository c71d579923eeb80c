package web

import (
	"sort"
	"strings"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/place"
)

// orgMuniGroup is an optgroup of municipalities of one country.
type orgMuniGroup struct {
	Label   string
	Options []OptionView
}

// orgMuniGroups lists the municipalities by country for a select, with
// selected chosen, names in the page's language.
func orgMuniGroups(p *Page, selected string) []orgMuniGroup {
	var out []orgMuniGroup
	for _, country := range place.Countries {
		g := orgMuniGroup{Label: p.T("place.country." + country)}
		for _, m := range place.Municipalities(country) {
			g.Options = append(g.Options, OptionView{Value: m.Code, Label: m.Name(string(p.Lang)), Selected: m.Code == selected})
		}
		orgSortOptions(g.Options)
		out = append(out, g)
	}
	return out
}

// MuniName is the name of a municipality code in the page's language.
func (p *Page) MuniName(code string) string {
	m, ok := place.Lookup(code)
	if !ok {
		return code
	}
	return m.Name(string(p.Lang))
}

// MuniKind is the word for a municipality of the code's country ("komunë",
// "bashki", "opština").
func (p *Page) MuniKind(code string) string {
	m, _ := place.Lookup(code)
	return place.KindWord(m.Country, string(p.Lang))
}

// orgSortOptions orders options by label, letters with diacritics next to
// their base letter (Ç with C, Ë with E, Š with S).
func orgSortOptions(opts []OptionView) {
	sort.SliceStable(opts, func(i, j int) bool { return orgFoldKey(opts[i].Label) < orgFoldKey(opts[j].Label) })
}

var orgFolder = strings.NewReplacer("ç", "c", "Ç", "C", "ë", "e", "Ë", "E", "č", "c", "Č", "C", "ć", "c", "Ć", "C",
	"đ", "d", "Đ", "D", "š", "s", "Š", "S", "ž", "z", "Ž", "Z")

func orgFoldKey(s string) string { return strings.ToLower(orgFolder.Replace(s)) }

// orgMuniSelect is a select of municipalities grouped by country.
type orgMuniSelect struct {
	FieldView
	Blank  string // label of the empty choice
	Groups []orgMuniGroup
}

// orgMuniField builds a municipality select for a form field.
func (f *Form) orgMuniField(name, labelKey string, opts ...string) orgMuniSelect {
	return orgMuniSelect{FieldView: f.Field(name, "select", labelKey, opts...), Blank: f.page.T("org.choose"),
		Groups: orgMuniGroups(f.page, f.Values[name])}
}

// Count formats a count of people or places for the page's language.
func (p *Page) Count(n int) string { return i18n.Number(p.Lang, int64(n)) }

// KB is a file size in kilobytes, rounded up, for the page's language.
func (p *Page) KB(size int64) string { return i18n.Number(p.Lang, (size+1023)/1024) }
