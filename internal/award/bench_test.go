package award

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/award/awardtest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/review"
)

// realCall seeds n applications over the call's lots with 3 submitted
// reviews each (score(i, e) per criterion) and a store on the real
// consolidation.
func realCall(tb testing.TB, d *db.DB, sp apptest.Spec, n int, requested int64, score func(i, e int) int) (*Store, apptest.Fixture, []int64) {
	tb.Helper()
	profiles, err := donor.Load()
	if err != nil {
		tb.Fatal(err)
	}
	fx := apptest.Call(tb, d, sp)
	apps := make([]awardtest.App, n)
	for i := range apps {
		apps[i] = awardtest.App{LotID: fx.Lots[i%len(fx.Lots)].ID, Requested: requested}
	}
	ids := awardtest.Apps(tb, d, fx.Call.ID, "full", apps)
	rs := review.NewStore(d, profiles)
	awardtest.Reviews(tb, d, rs, fx.Call.ID, "full", ids, awardtest.Evaluators(tb, d, 3), score)
	return NewStore(d, rs, nil), fx, ids
}

// The real consolidation feeds the ranking: scores 5/4 are fundable, 3
// fails the relevance threshold, 2 the pass mark; the line falls where the
// budget ends.
func TestRankingWithRealConsolidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		scores := []int{4, 5, 3, 2, 4, 4}
		st, fx, ids := realCall(t, d, apptest.Spec{LotBudgets: []int64{5_000_000}}, len(scores), 2_000_000,
			func(i, _ int) int { return scores[i] })
		r, err := st.Ranking(context.Background(), fx.Call.ID, "full", access.Everything())
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]string{}
		for _, dd := range r.Lots[0].Decisions {
			got[dd.ApplicationID] = dd.Decision
		}
		// 5 first, then the 4s by submission (ids 0, 4, 5): two awards fit in 50,000.00.
		want := map[int64]string{ids[1]: Award, ids[0]: Award, ids[4]: Reserve, ids[5]: Reserve, ids[2]: Reject, ids[3]: Reject}
		for id, w := range want {
			if got[id] != w {
				t.Errorf("application %d: %s, want %s (all %v)", id, got[id], w, got)
			}
		}
		if r.Lots[0].Decisions[0].ApplicationID != ids[1] || r.Lots[0].Decisions[0].FinalX100 != 10000 {
			t.Errorf("first: %+v", r.Lots[0].Decisions[0])
		}
	})
}

// benchScore keeps evaluators within the divergence threshold: one in five
// applications fails the pass mark, the others score 80 to 100.
func benchScore(i, e int) int {
	if i%5 == 0 {
		return 2
	}
	return 4 + (i+e)%2
}

// BenchmarkRankAndAward: 10,000 applications with 3 submitted reviews each,
// consolidated from the database and ranked with the funding line.
func BenchmarkRankAndAward(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			d := dbtest.SQLite(b)
			if name == "postgres" {
				d = dbtest.Postgres(b)
			}
			sp := apptest.Spec{LotBudgets: []int64{500_000_000, 300_000_000}, MaxGrant: 6_000_000}
			st, fx, _ := realCall(b, d, sp, 10_000, 3_000_000, benchScore)
			ctx := context.Background()
			b.ResetTimer()
			for b.Loop() {
				r, err := st.Ranking(ctx, fx.Call.ID, "full", access.Everything())
				if err != nil || len(r.Lots) != 2 || r.Lots[0].AwardedMinor == 0 || len(r.NotReady) != 0 {
					b.Fatalf("ranking: %v (not ready %d)", err, len(r.NotReady))
				}
			}
		})
	}
}

// BenchmarkRankOnly is the pure part of BenchmarkRankAndAward: 10,000
// consolidated applications ranked with the funding line, no database.
func BenchmarkRankOnly(b *testing.B) {
	lots := []Lot{{ID: 1, BudgetMinor: 500_000_000}, {ID: 2, BudgetMinor: 300_000_000}}
	var es []Entry
	for i := range 10_000 {
		c := result(int64(i+1), int64(benchScore(i, 0)*2000))
		es = append(es, Entry{ApplicationID: int64(i + 1), LotID: int64(1 + i%2), OrgID: int64(i % 2500),
			RequestedMinor: 3_000_000, Result: c})
	}
	r := Rules{Stage: "full", MinGrantMinor: 500_000, MaxGrantMinor: 6_000_000, CapMinor: 6_000_000, ReserveSize: 10, TieBreak: "relevance"}
	for b.Loop() {
		if _, err := Rank(lots, es, r, nil); err != nil {
			b.Fatal(err)
		}
	}
}
