package opendata

import (
	"strings"

	"github.com/subgrant/portal/internal/place"
)

// Agencies are the registration agencies of the IATI codelist
// OrganisationRegistrationAgency (org-id.guide) that a profile's
// "registry" may name by code: an organisation whose registry is one of
// them has the identifier CODE-number (its registration number).
var Agencies = []string{"AL-QKB", "AL-COA", "XK-COA", "XI-IATI", "XI-DUNS", "XI-LEI", "XI-WIKIDATA"}

// countryAgency is the agency an organisation of a country is identified
// by when its registry names none, and which of its numbers that agency
// keeps. Albania: the National Business Center (QKB) register, whose key is
// the NIPT, the fiscal number every organisation has. Kosovo has no entry:
// the codelist lists no register of Kosovo NGOs (its one Kosovo agency,
// XK-COA, is the government's chart of accounts).
var countryAgency = map[string]struct {
	Code   string
	Number func(Org) string
}{
	place.Albania: {"AL-QKB", func(o Org) string { return o.FiscalNumber }},
}

// OrgID is the organisation's identifier in the IATI org-id form (agency
// code, a hyphen, the number the agency gave it), or "" when it has none
// the codelist can express.
func OrgID(o Org) string {
	reg := strings.ToUpper(strings.TrimSpace(o.Registry))
	if num := clean(o.RegistrationNumber); num != "" {
		for _, a := range Agencies {
			if reg == a {
				return a + "-" + num
			}
		}
	}
	if a, ok := countryAgency[o.Country()]; ok {
		if num := clean(a.Number(o)); num != "" {
			return a.Code + "-" + num
		}
	}
	return ""
}

// clean keeps an identifier's letters, digits and hyphens (org-id keys
// have no spaces, slashes or dots).
func clean(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r == '-':
			b.WriteRune(r)
		}
	}
	return strings.ToUpper(b.String())
}

// Country is the country of the organisation's municipality ("XK", "AL"),
// or "" when its profile names none.
func (o Org) Country() string {
	if m, ok := place.Lookup(o.Municipality); ok {
		return m.Country
	}
	return ""
}

// orgType is the IATI OrganisationType code of an organisation kind: NGOs
// and the intermediary are NGOs based in the partner country (24), a
// municipality local government (11); the portal does not know what kind
// of body a donor is, so it is "other" (90).
func orgType(kind string) string {
	switch kind {
	case "ngo", "intermediary":
		return "24"
	case "municipality":
		return "11"
	}
	return "90"
}

// countryName is the English name of a programme country.
func countryName(code string) string {
	switch code {
	case place.Kosovo:
		return "Kosovo"
	case place.Albania:
		return "Albania"
	}
	return ""
}
