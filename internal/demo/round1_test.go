package demo

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// The first round of the COVID-19 call is closed with enough eligible
// applications in each lot for about fifty awards, and two ineligible ones.
func TestSeedRound1(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := Seed(ctx, d, "demo-portal-2026", false); err != nil {
			t.Fatal(err)
		}
		var rows []struct {
			Status    string `db:"status"`
			N         int    `db:"n"`
			Requested int64  `db:"requested"`
		}
		if err := db.Select(ctx, d, &rows, `SELECT a.status, COUNT(*) AS n, SUM(a.requested_minor) AS requested
			FROM applications a JOIN calls c ON c.id = a.call_id WHERE c.reference = ? GROUP BY a.status ORDER BY a.status`, CovidRound1); err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, r := range rows {
			got[r.Status] = r.N
			t.Logf("%s: %d applications requesting %d", r.Status, r.N, r.Requested/100)
		}
		if got["eligible"] < 60 || got["ineligible"] != 2 {
			t.Errorf("round 1: %v, want at least 60 eligible and 2 ineligible", got)
		}
	})
}
