package donor_test

import (
	"testing"

	"github.com/subgrant/portal/internal/donor"
)

// The profiles load and carry the EU numbers of DESIGN.md.
func TestProfiles(t *testing.T) {
	ps, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := ps.Codes(); len(got) != 3 || got[0] != "eu" {
		t.Fatalf("codes = %v", got)
	}
	eu := ps["eu"]
	checks := []struct {
		name      string
		got, want int64
	}{
		{"third party cap", eu.ThirdPartyCapMinor, 6_000_000},
		{"indirect", eu.IndirectMaxBP, 700},
		{"contingency", eu.ContingencyMaxBP, 500},
		{"prefinancing", eu.Payments.PrefinancingBP, 8000},
		{"short grant max", eu.Payments.ShortGrantMaxMinor, 10_000_000},
		{"spent before next", eu.Payments.NextTrancheSpentMinBP, 7000},
		{"UNICEF cap", ps["unicef"].ThirdPartyCapMinor, 5_000_000},
		{"UNDP grant cap", ps["undp"].GrantCapMinor, 15_000_000},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	if h, ok := eu.Heading("10"); !ok || h.Kind != donor.Indirect || h.Label.In("sr") != "Indirektni troškovi" {
		t.Errorf("EU heading 10 = %+v", h)
	}
}
