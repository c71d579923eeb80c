package grant

import (
	"context"
	"sync"
	"testing"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// 50 officers released together approve one amendment and sign one draft:
// exactly one of each succeeds, the version rises once, one audit row each,
// the rest get a conflict.
func TestDecisionsUnderConcurrency(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFix(t, d, "eu")
		g := signedGrant(t, f)
		m, err := f.store.RequestAmendment(ctx, g.ID, everything, PeriodChange, Change{EndsOn: "2027-06-30"}, "", Requester{UserID: f.officer, Role: "program_officer"})
		if err != nil {
			t.Fatal(err)
		}
		draft, err := f.store.Create(ctx, f.award(t, 0, stdLines, "2026-04", 12, 0), f.officer)
		if err != nil {
			t.Fatal(err)
		}
		exec(t, d, `UPDATE grants SET scan_stored_name = 'aaaa', grantee_signed_on = '2026-02-25', org_signed_on = '2026-02-26' WHERE id = ?`, draft.ID)
		const n = 50
		start := make(chan struct{})
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok := map[string]int{}
		for i := range n {
			wg.Go(func() {
				<-start
				var err error
				what := "approve"
				if i%2 == 0 {
					_, err = f.store.DecideAmendment(ctx, m.ID, everything, true, "", Requester{UserID: f.officer2, Role: "program_officer"})
				} else {
					what = "sign"
					_, err = f.store.Apply(ctx, draft.ID, everything, Sign, "program_officer", "")
				}
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok[what]++
				case apperr.CodeOf(err) != apperr.Conflict:
					t.Errorf("%s: %v", what, err)
				}
			})
		}
		close(start)
		wg.Wait()
		if ok["approve"] != 1 || ok["sign"] != 1 {
			t.Errorf("successes %v, want one of each", ok)
		}
		now, _ := f.store.Get(ctx, g.ID, everything)
		if now.Version != 2 {
			t.Errorf("version %d after one approval", now.Version)
		}
		var rows int
		_ = db.Get(ctx, d, &rows, `SELECT COUNT(*) FROM audit_log WHERE (object = 'grant_amendment' AND action = 'grant_amendment.approved')
			OR (object = 'grant' AND object_id = ? AND action = 'grant.sign')`, draft.ID)
		if rows != 2 {
			t.Errorf("%d audit rows, want 2", rows)
		}
	})
}
