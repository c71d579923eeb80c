package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/search"
)

// checkSearch: on the demo, staff find every application by the last two
// parts of its reference (the exact reference ranks first), every
// organisation by its name, every grant by its contract number. The
// slowest query is logged (docs/benchmarks.md has the benchmark).
func checkSearch(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	staff := access.For(access.Principal{UserID: 1, Role: "program_officer"}, access.Any)
	scopes := search.Scopes{search.Organisations: staff, search.Applications: staff, search.Grants: staff, search.PaymentRequests: staff}
	var slowest time.Duration
	find := func(k search.Kind, q string, want int64) {
		t.Helper()
		start := time.Now()
		groups, err := search.Find(ctx, d, scopes, search.Query{Terms: search.Parse(q), Kind: k, PerPage: 200})
		slowest = max(slowest, time.Since(start))
		if err != nil || len(groups) != 1 {
			t.Fatalf("search %s %q: %v, %d groups", k, q, err, len(groups))
		}
		for _, h := range groups[0].Hits {
			if h.ID == want {
				return
			}
		}
		t.Errorf("search %s %q: %d not among %d hits", k, q, want, groups[0].Total)
	}
	var apps []struct {
		ID        int64  `db:"id"`
		Reference string `db:"reference"`
	}
	if err := db.Select(ctx, d, &apps, `SELECT id, reference FROM applications WHERE reference IS NOT NULL`); err != nil {
		t.Fatal(err)
	}
	for _, a := range apps {
		parts := strings.Split(a.Reference, "-")
		find(search.Applications, strings.Join(parts[max(0, len(parts)-2):], "-"), a.ID)
		groups, err := search.Find(ctx, d, scopes, search.Query{Terms: search.Parse(a.Reference), Kind: search.Applications, PerPage: 1})
		if err != nil || len(groups) != 1 || len(groups[0].Hits) != 1 || groups[0].Hits[0].ID != a.ID || !groups[0].Hits[0].Exact {
			t.Errorf("search %q: %+v, %v; want it first and exact", a.Reference, groups, err)
		}
	}
	var orgs []struct {
		ID   int64  `db:"id"`
		Name string `db:"name"`
	}
	if err := db.Select(ctx, d, &orgs, `SELECT id, name FROM organisations`); err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		find(search.Organisations, o.Name, o.ID)
	}
	var grants []struct {
		ID       int64  `db:"id"`
		Contract string `db:"contract_number"`
	}
	if err := db.Select(ctx, d, &grants, `SELECT id, contract_number FROM grants`); err != nil {
		t.Fatal(err)
	}
	for _, g := range grants {
		find(search.Grants, g.Contract, g.ID)
	}
	if len(apps) < 10 || len(orgs) < 10 || len(grants) < 5 {
		t.Errorf("the demo has %d applications with a reference, %d organisations, %d grants: too few to check search", len(apps), len(orgs), len(grants))
	}
	t.Logf("search: %d applications, %d organisations, %d grants found; slowest query %v", len(apps), len(orgs), len(grants), slowest)
}
