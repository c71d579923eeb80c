package opendata

import (
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/place"
)

// GivingVersion is the 360Giving standard version the package declares.
const GivingVersion = "1.4"

// GivingPrefix starts every identifier the portal mints for 360Giving: a
// grant is GivingPrefix-<contract number>, an organisation without an
// org-id GivingPrefix-ORG-<portal id>. A publisher registered with
// 360Giving replaces it with the prefix 360Giving assigns.
const GivingPrefix = "360G-sgp"

type givingPackage struct {
	Grants    []givingGrant `json:"grants"`
	Version   string        `json:"version"`
	Title     string        `json:"title"`
	Issued    string        `json:"issued"`
	Publisher givingPub     `json:"publisher"`
}

type givingPub struct {
	Identifier string `json:"identifier"`
	Name       string `json:"name"`
}

type givingGrant struct {
	ID              string           `json:"id"`
	Title           string           `json:"title"`
	Description     string           `json:"description"`
	Currency        string           `json:"currency"`
	AmountAwarded   json.Number      `json:"amountAwarded"`
	AmountDisbursed json.Number      `json:"amountDisbursed"`
	AwardDate       string           `json:"awardDate"`
	PlannedDates    []givingEvent    `json:"plannedDates"`
	Recipient       []givingOrg      `json:"recipientOrganization"`
	Funding         []givingOrg      `json:"fundingOrganization"`
	Beneficiary     []givingLocation `json:"beneficiaryLocation,omitempty"`
	Programme       []givingProg     `json:"grantProgramme"`
	DateModified    string           `json:"dateModified"`
}

type givingEvent struct {
	StartDate string `json:"startDate"`
	EndDate   string `json:"endDate"`
	Duration  int    `json:"duration,omitempty"`
}

type givingOrg struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	AddressLocality string `json:"addressLocality,omitempty"`
	AddressCountry  string `json:"addressCountry,omitempty"`
}

// givingLocation names a municipality; CountryCode stays empty for Kosovo,
// which the standard's country codelist lacks (the name says the country).
type givingLocation struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	CountryCode string `json:"countryCode,omitempty"`
}

type givingProg struct {
	Code  string `json:"code"`
	Title string `json:"title"`
}

// givingOrgID is an organisation's org-id, else an identifier minted from
// the portal's own.
func givingOrgID(o Org) string {
	if id := OrgID(o); id != "" {
		return id
	}
	return GivingPrefix + "-ORG-" + itoa(o.ID)
}

// Write360Giving writes a 360Giving data package with a grant per
// sub-grant. Amounts are decimals written from minor units, exactly.
// Texts are the application's own, in the language it was written in;
// generated sentences are in English, the standard's working language.
func Write360Giving(w io.Writer, cat *i18n.Catalogue, ex Export) error {
	wr := writer{cat: cat, ex: ex}
	pub := ex.Publisher
	pkg := givingPackage{Grants: []givingGrant{}, Version: GivingVersion, Title: ex.Programme.Title,
		Issued: ex.Generated.UTC().Format(time.RFC3339), Publisher: givingPub{Identifier: givingOrgID(pub), Name: pub.DisplayName()}}
	funder := givingOrg{ID: givingOrgID(pub), Name: pub.DisplayName(), AddressCountry: countryName(pub.Country())}
	for _, g := range ex.Grants {
		awarded := g.SignedOn()
		if g.AwardedAt != nil {
			awarded = g.AwardedAt.UTC().Format(time.DateOnly)
		}
		title, desc := strings.TrimSpace(g.Title), strings.TrimSpace(g.Summary)
		if title == "" {
			title = wr.grantTitle(g, i18n.EN)
		}
		if desc == "" {
			desc = wr.grantDescription(g, i18n.EN) // the sentence, as the summary is empty
		}
		rec := givingOrg{ID: givingOrgID(g.Grantee), Name: g.Grantee.DisplayName(), AddressCountry: countryName(g.Grantee.Country())}
		if m, ok := place.Lookup(g.Grantee.Municipality); ok {
			rec.AddressLocality = m.Name("en")
		}
		pkg.Grants = append(pkg.Grants, givingGrant{
			ID: GivingPrefix + "-" + clean(g.ContractNumber), Title: title, Description: desc, Currency: g.Currency,
			AmountAwarded: json.Number(Amount(g.AmountMinor)), AmountDisbursed: json.Number(Amount(g.PaidMinor())),
			AwardDate:    awarded,
			PlannedDates: []givingEvent{{StartDate: g.StartsOn, EndDate: g.EndsOn, Duration: g.DurationMonths}},
			Recipient:    []givingOrg{rec}, Funding: []givingOrg{funder}, Beneficiary: locations(g),
			Programme:    []givingProg{{Code: ex.ProgrammeActivityID(), Title: ex.Programme.Title}},
			DateModified: g.LastUpdated().Format(time.RFC3339),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(pkg)
}

// locations are the municipalities the grant serves, named in English
// with their country ("Ferizaj, Kosovo"); Albania's carry the code AL.
func locations(g Grant) []givingLocation {
	var out []givingLocation
	for _, code := range g.Municipalities {
		m, ok := place.Lookup(code)
		if !ok {
			continue
		}
		loc := givingLocation{ID: code, Name: m.Name("en") + ", " + countryName(m.Country)}
		if m.Country != place.Kosovo {
			loc.CountryCode = m.Country
		}
		out = append(out, loc)
	}
	return out
}
