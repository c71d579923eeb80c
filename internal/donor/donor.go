// Package donor reads the donor rule profiles kept as data in reports/: the
// budget headings, the limits (indirect costs, contingency, donor share,
// caps per grant and per third party) and the payment and reporting rules.
// Every number is data, not code.
package donor

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/reports"
)

// HeadingKind says how a budget heading counts towards the limits.
type HeadingKind string

// The kinds of heading.
const (
	Direct      HeadingKind = "direct"
	Contingency HeadingKind = "contingency"
	Indirect    HeadingKind = "indirect"
)

// Text is a label in each language.
type Text map[string]string

// Text returns the label as a text in the three languages.
func (t Text) Text() i18n.Text { return i18n.Text{SQ: t["sq"], EN: t["en"], SR: t["sr"]} }

// In returns the text in lang (i18n.Fallback when missing).
func (t Text) In(lang string) string { return t.Text().In(i18n.Lang(lang)).Text }

// Heading is one budget heading of a profile.
type Heading struct {
	Code  string      `json:"code"`
	Kind  HeadingKind `json:"kind"`
	Label Text        `json:"label"`
}

// Profile is a donor's rules. Amounts are minor units; percentages are basis
// points (hundredths of a percent). A zero cap means no cap.
type Profile struct {
	Code                string    `json:"code"`
	Name                Text      `json:"name"`
	Source              string    `json:"source"`
	Currency            string    `json:"currency"`
	ThirdPartyCapMinor  int64     `json:"third_party_cap_minor"`
	ThirdPartyCapMonths int       `json:"third_party_cap_months"`
	GrantCapMinor       int64     `json:"grant_cap_minor"`
	IndirectMaxBP       int64     `json:"indirect_max_bp"`
	ContingencyMaxBP    int64     `json:"contingency_max_bp"`
	DonorShareMinBP     int64     `json:"donor_share_min_bp"`
	DonorShareMaxBP     int64     `json:"donor_share_max_bp"`
	Headings            []Heading `json:"headings"`
	// FreeReallocationBP is how much of a heading (basis points of its
	// amount) may move to other headings of a grant without an amendment
	// (PRAG: up to 25 % of a heading).
	FreeReallocationBP int64 `json:"free_reallocation_bp"`
	Payments           struct {
		ShortGrantMonths      int   `json:"short_grant_months"`
		ShortGrantMaxMinor    int64 `json:"short_grant_max_minor"`
		PrefinancingBP        int64 `json:"prefinancing_bp"`
		NextTrancheSpentMinBP int64 `json:"next_tranche_spent_min_bp"`
	} `json:"payments"`
	Reporting struct {
		InterimDueDays int `json:"interim_due_days"`
		FinalDueMonths int `json:"final_due_months"`
		// VarianceExplainBP: a financial report explains every budget line
		// whose variance against the budget is above this (1000 = 10 %).
		VarianceExplainBP int64 `json:"variance_explain_bp"`
	} `json:"reporting"`
	RecordsYears         int                     `json:"records_years"`
	RecordsYearsSmall    int                     `json:"records_years_small"`
	RecordsSmallMaxMinor int64                   `json:"records_small_max_minor"`
	Grids                map[string]GridTemplate `json:"grids"` // default evaluation grid per stage
	Formats              Formats                 `json:"formats"`
}

// Heading returns the heading with a code.
func (p *Profile) Heading(code string) (Heading, bool) {
	for _, h := range p.Headings {
		if h.Code == code {
			return h, true
		}
	}
	return Heading{}, false
}

// Profiles are all donor profiles by code.
type Profiles map[string]*Profile

// Load reads every profile in reports/ and checks it.
func Load() (Profiles, error) {
	names, err := fs.Glob(reports.FS, "*.json")
	if err != nil {
		return nil, err
	}
	out := Profiles{}
	for _, name := range names {
		b, err := fs.ReadFile(reports.FS, name)
		if err != nil {
			return nil, err
		}
		var p Profile
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("donor profile %s: %w", name, err)
		}
		if err := p.check(); err != nil {
			return nil, fmt.Errorf("donor profile %s: %w", name, err)
		}
		out[p.Code] = &p
	}
	return out, nil
}

// Codes lists the profile codes, EU first then alphabetical.
func (ps Profiles) Codes() []string {
	var codes []string
	for c := range ps {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		if (codes[i] == "eu") != (codes[j] == "eu") {
			return codes[i] == "eu"
		}
		return codes[i] < codes[j]
	})
	return codes
}

func (p *Profile) check() error {
	if p.Code == "" || len(p.Headings) == 0 || len(p.Currency) != 3 {
		return fmt.Errorf("needs a code, a currency and headings")
	}
	seen := map[string]bool{}
	for _, h := range p.Headings {
		if seen[h.Code] {
			return fmt.Errorf("heading %s twice", h.Code)
		}
		seen[h.Code] = true
		if h.Kind != Direct && h.Kind != Contingency && h.Kind != Indirect {
			return fmt.Errorf("heading %s: unknown kind %q", h.Code, h.Kind)
		}
		for _, l := range []string{"sq", "en", "sr"} {
			if h.Label[l] == "" {
				return fmt.Errorf("heading %s: no %s label", h.Code, l)
			}
		}
	}
	for _, bp := range []int64{p.IndirectMaxBP, p.ContingencyMaxBP, p.DonorShareMinBP, p.DonorShareMaxBP, p.Payments.PrefinancingBP,
		p.Reporting.VarianceExplainBP, p.FreeReallocationBP} {
		if bp < 0 || bp > 10000 {
			return fmt.Errorf("a percentage is outside 0..10000 basis points")
		}
	}
	if p.DonorShareMinBP > p.DonorShareMaxBP {
		return fmt.Errorf("donor share minimum above maximum")
	}
	if err := p.checkFormats(); err != nil {
		return err
	}
	return p.checkGrids()
}
