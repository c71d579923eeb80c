package remind

import (
	"sync"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// 50 goroutines released at once run the reminders (half the morning
// check, half `portal remind`) on the same morning: each reminder exists
// exactly once, as one guard row, one notification and one e-mail.
func TestConcurrentPassesSendEachReminderOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.now = at(0, 6, 0) // 07:00 in Tirane, 15:00 in Tokyo
		const n = 50
		var (
			start = make(chan struct{})
			wg    sync.WaitGroup
			mu    sync.Mutex
			total int
			errs  []error
		)
		for i := range n {
			wg.Go(func() {
				<-start
				var sent int
				var err error
				if i%2 == 0 {
					sent, err = w.r.Tick(ctx)
				} else {
					sent, err = w.r.RunOnce(ctx)
				}
				mu.Lock()
				defer mu.Unlock()
				total += sent
				if err != nil {
					errs = append(errs, err)
				}
			})
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			t.Errorf("a pass failed: %v", err)
		}
		const want = 9 // notices: 3 in Tokyo (the evaluator's two reviews in one), 6 in Tirane
		if total != want {
			t.Errorf("passes report %d sent, want %d", total, want)
		}
		if got := len(w.sent()); got != want+1 {
			t.Errorf("%d guard rows, want %d", got, want+1)
		}
		if got := w.count(`SELECT COUNT(*) FROM notifications`); got != want {
			t.Errorf("%d notifications, want %d", got, want)
		}
		if got := w.count(`SELECT COUNT(*) FROM outbox`); got != want {
			t.Errorf("%d e-mails, want %d", got, want)
		}
		if got := w.count(`SELECT COUNT(*) FROM (SELECT user_id, subject FROM notifications GROUP BY user_id, subject HAVING COUNT(*) > 1) x`); got != 0 {
			t.Errorf("%d notices were sent twice", got)
		}
		if got := w.count(`SELECT COUNT(*) FROM remind_runs WHERE finished_at IS NOT NULL`); got != 2 {
			t.Errorf("%d finished morning runs, want one per zone (2)", got)
		}
	})
}
