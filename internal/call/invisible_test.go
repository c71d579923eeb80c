package call_test

import (
	"testing"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/invisible"
)

func TestTitlesAndLotNamesWithInvisibleCharactersAreRefused(t *testing.T) {
	f := call.Form{ProgrammeID: "1", Reference: "eu-soc-2026-01", TitleSQ: "Thirrja\u202E", TitleEN: "Call\u200B", TitleSR: "\u2067Poziv",
		MinGrant: "10.000", MaxGrant: "60.000,00", MaxDonorShare: "90", MinCofinance: "10", MinDuration: "6", MaxDuration: "12",
		TimeZone: "Europe/Belgrade", OpensAt: "2026-03-01T09:00", ClosesAt: "2026-03-31T16:00", Municipalities: []string{"XK-FERIZAJ"},
		Lots: []call.LotRow{{Name: "Lot\uFEFF 1", Budget: "100.000"}}, DescriptionSQ: "Përshkrim i thjeshtë: Ђорђе, Ëndërr."}
	_, err := f.Parse("sq")
	fields := apperr.As(err).Fields
	for _, k := range []string{"title_sq", "title_en", "title_sr", "lot_name_0"} {
		if fields[k] != invisible.Key {
			t.Errorf("%s: %q, want %q (all: %v)", k, fields[k], invisible.Key, fields)
		}
	}
	if _, ok := fields["description_sq"]; ok {
		t.Errorf("plain Albanian and Cyrillic letters refused: %v", fields["description_sq"])
	}
}
