package demo

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/place"
)

// checkOrganisations: the demo has at least 50 invented NGOs across Kosovo
// with complete, valid profiles, most verified.
//
// TestSeed seeds the database and calls it.
func checkOrganisations(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	s := org.NewStore(d)
	all, total, err := s.List(ctx, access.Everything(), org.Filter{}, 200, 0)
	if err != nil || total < 53 {
		t.Fatalf("%d applicant organisations, %v", total, err)
	}
	verified, munis, serbian := 0, map[string]bool{}, 0
	for _, sum := range all {
		p, err := s.Get(ctx, access.Everything(), sum.OrgID)
		if err != nil {
			t.Fatal(err)
		}
		if _, key := org.CheckIBAN(p.IBAN); key != "" || p.RegistrationNumber == "" || p.RepName == "" ||
			len(p.Services) == 0 || len(p.Turnover) != 3 || len(p.TargetGroups) == 0 || !place.Valid(p.Municipality) {
			t.Errorf("%s: incomplete or invalid profile (IBAN %s: %s)", p.Name, p.IBAN, key)
		}
		if p.Verified() {
			verified++
		}
		if p.Municipality == "XK-GRACANICE" || p.Municipality == "XK-MITROVICE-VERIUT" {
			serbian++
		}
		munis[p.Municipality] = true
	}
	if verified*2 < total || verified == total {
		t.Errorf("%d of %d verified: want most but not all", verified, total)
	}
	if len(munis) < 30 || serbian < 4 {
		t.Errorf("%d municipalities, %d NGOs in Graçanicë and North Mitrovica", len(munis), serbian)
	}
}

func countRows(t *testing.T, d *db.DB) map[string]int {
	out := map[string]int{}
	for _, table := range []string{"organisations", "organisation_profiles", "organisation_services", "organisation_turnover", "organisation_target_groups"} {
		var n int
		if err := db.Get(context.Background(), d, &n, `SELECT COUNT(*) FROM `+table); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}
