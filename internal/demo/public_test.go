package demo

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/register"
)

// checkPublic: the demo's public register lists signed sub-grants of
// several programmes, and its map of social services (verified
// organisations only) covers municipalities of both countries, Klos
// (the UNICEF service mapping) with several services.
func checkPublic(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	st := &register.Store{DB: d}
	res, err := st.List(ctx, access.Visitor(), register.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	opts, err := st.Options(ctx, access.Visitor())
	if err != nil {
		t.Fatal(err)
	}
	var signed int
	if err := db.Get(ctx, d, &signed, `SELECT COUNT(*) FROM grants WHERE signed_at IS NOT NULL AND status IN ('signed', 'active', 'suspended', 'closed')`); err != nil {
		t.Fatal(err)
	}
	t.Logf("public register: %d awards (%d signed grants), %d programmes, totals %+v", res.Count, signed, len(opts.Programmes), res.Totals)
	if res.Count == 0 || res.Count != signed || len(opts.Programmes) < 2 {
		t.Errorf("public register: %d awards of %d programmes, %d signed grants", res.Count, len(opts.Programmes), signed)
	}
	counts, err := st.ServiceCounts(ctx, access.Visitor(), register.ServiceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	countries := map[string]int{}
	for code := range counts {
		countries[code[:2]]++
	}
	t.Logf("public services: %v", counts)
	if countries["XK"] < 3 || countries["AL"] < 3 || counts["AL-KLOS"] < 3 {
		t.Errorf("public services by municipality %v: want 3 or more municipalities in each country and 3 services in Klos", counts)
	}
}
