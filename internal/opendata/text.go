package opendata

import (
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/place"
)

// narrativeLangs are the languages every IATI title and description is
// written in; a text stored in another language (a Serbian title) is
// added beside them.
var narrativeLangs = []i18n.Lang{i18n.SQ, i18n.EN}

// writer builds the exports' sentences from the catalogue.
type writer struct {
	cat *i18n.Catalogue
	ex  Export
}

func (w writer) day(lang i18n.Lang, iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return i18n.Date(lang, t)
}

func (w writer) countries(lang i18n.Lang, shares []Share) string {
	names := make([]string, 0, len(shares))
	for _, s := range shares {
		names = append(names, w.cat.T(lang, "opendata.country."+strings.ToLower(s.Code)))
	}
	if len(names) == 0 {
		return w.cat.T(lang, "opendata.nowhere")
	}
	return strings.Join(names, ", ")
}

// programmeTitle is the stored title in Albanian (the language programmes
// are entered in) and a sentence naming it in the other languages.
func (w writer) programmeTitle(lang i18n.Lang) string {
	if lang == i18n.SQ {
		return w.ex.Programme.Title
	}
	return w.cat.T(lang, "opendata.programme.title", "title", w.ex.Programme.Title)
}

func (w writer) programmeDescription(lang i18n.Lang) string {
	p := w.ex.Programme
	return w.cat.T(lang, "opendata.programme.description", "donor", p.Donor.DisplayName(),
		"publisher", w.ex.Publisher.DisplayName(), "budget", i18n.Money(lang, p.SubgrantBudgetMinor, p.Currency),
		"country", w.countries(lang, programmeCountries(p, w.ex.Grants)), "start", w.day(lang, p.StartsOn),
		"end", w.day(lang, p.EndsOn), "count", strconv.Itoa(w.ex.Signed()))
}

// grantTitle is the application's title in the language it was written
// in (the grant's), else a sentence naming the agreement and the grantee.
func (w writer) grantTitle(g Grant, lang i18n.Lang) string {
	if string(lang) == g.Lang && strings.TrimSpace(g.Title) != "" {
		return g.Title
	}
	return w.cat.T(lang, "opendata.grant.title", "contract", g.ContractNumber, "org", g.Grantee.DisplayName())
}

// grantDescription is the application's summary in its language, else a
// sentence with the amount, the call, the period and the places.
func (w writer) grantDescription(g Grant, lang i18n.Lang) string {
	if string(lang) == g.Lang && strings.TrimSpace(g.Summary) != "" {
		return g.Summary
	}
	callTitle := g.CallTitleSQ
	if lang != i18n.SQ && g.CallTitleEN != "" {
		callTitle = g.CallTitleEN
	}
	return w.cat.T(lang, "opendata.grant.description", "amount", i18n.Money(lang, g.AmountMinor, g.Currency),
		"publisher", w.ex.Publisher.DisplayName(), "org", g.Grantee.DisplayName(), "call", g.CallReference,
		"call_title", callTitle, "start", w.day(lang, g.StartsOn), "end", w.day(lang, g.EndsOn),
		"places", w.places(g, lang))
}

func (w writer) places(g Grant, lang i18n.Lang) string {
	var names []string
	for _, code := range g.Municipalities {
		if m, ok := place.Lookup(code); ok {
			names = append(names, m.Name(string(lang)))
		}
	}
	if len(names) == 0 {
		return w.countries(lang, grantCountries(g))
	}
	return strings.Join(names, ", ")
}

// grantCountries is the country of the municipalities the grant serves
// (shared equally when they lie in both), else the grantee's country.
func grantCountries(g Grant) []Share {
	count := map[string]int64{}
	for _, code := range g.Municipalities {
		if m, ok := place.Lookup(code); ok {
			count[m.Country]++
		}
	}
	if len(count) == 0 {
		if c := g.Grantee.Country(); c != "" {
			count[c] = 1
		}
	}
	return sharesOf(count)
}

// programmeCountries are the grants' countries weighted by their amounts;
// without grants, the countries of the places its calls are open to.
func programmeCountries(p Programme, grants []Grant) []Share {
	w := map[string]*big.Int{}
	for _, g := range grants {
		for _, s := range grantCountries(g) {
			add(w, s.Code, new(big.Int).Mul(big.NewInt(g.AmountMinor), big.NewInt(s.BP)))
		}
	}
	if len(w) == 0 {
		return grantCountries(Grant{Municipalities: p.Places})
	}
	return allocate(w)
}

func sharesOf(count map[string]int64) []Share {
	if len(count) == 0 {
		return nil
	}
	w := make(map[string]*big.Int, len(count))
	for c, n := range count {
		w[c] = big.NewInt(n)
	}
	return allocate(w)
}
