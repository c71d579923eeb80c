package bulk_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/bulk"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// Fifty workers released together on one confirmed job of 60 items: each
// item runs exactly once, every item ends, and exactly one worker closes
// the job with its one summary audit row. Confirming the same draft from
// 50 goroutines at once queues it once.
func TestFiftyWorkersClaimEachItemOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		ctx := context.Background()
		var mu sync.Mutex
		runs := map[int64]int{}
		e.bulk.Actions["count"] = func(_ context.Context, _ access.Scope, _, itemID int64, _ json.RawMessage) (bulk.Output, error) {
			mu.Lock()
			runs[itemID]++
			mu.Unlock()
			return bulk.Output{}, nil
		}
		var targets []bulk.Target
		for i := range 60 {
			targets = append(targets, bulk.Target{ID: int64(1000 + i), Label: "item"})
		}
		j, err := e.bulk.Prepare(ctx, e.officerScope(), "count", e.fx.Call.ID, struct{}{}, targets)
		if err != nil {
			t.Fatal(err)
		}
		const n = 50
		var wg sync.WaitGroup
		start := make(chan struct{})
		confirmed := make(chan error, n)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				confirmed <- e.bulk.Confirm(ctx, j.ID, e.officerScope(), j.Token)
			}()
		}
		close(start)
		wg.Wait()
		close(confirmed)
		ok := 0
		for err := range confirmed {
			if err == nil {
				ok++
			}
		}
		if ok != 1 {
			t.Fatalf("%d confirmations succeeded, want 1", ok)
		}
		start = make(chan struct{})
		errs := make(chan error, n)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs <- e.bulk.Work(ctx, j.ID)
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("worker: %v", err)
			}
		}
		if len(runs) != 60 {
			t.Errorf("%d items ran, want 60", len(runs))
		}
		for id, k := range runs {
			if k != 1 {
				t.Errorf("item %d ran %d times", id, k)
			}
		}
		j, err = e.bulk.Job(ctx, j.ID, e.officerScope())
		if err != nil || j.Status != bulk.Done || j.Succeeded != 60 {
			t.Fatalf("job %+v (%v)", j, err)
		}
		if c := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'bulk.count' AND object_id = ?`, j.ID); c != 1 {
			t.Errorf("%d summary audit rows, want 1", c)
		}
		var left int
		_ = db.Get(ctx, d, &left, `SELECT COUNT(*) FROM bulk_job_items WHERE status <> 'done'`)
		if left != 0 {
			t.Errorf("%d items not done", left)
		}
	})
}
