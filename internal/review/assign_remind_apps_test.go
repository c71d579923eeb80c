package review_test

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/review"
)

// Reminding one application's evaluators: each active, unfinished
// assignment gets one notice (in the portal and by e-mail) and is marked
// reminded; a second reminder the same day sends nothing; another
// application's evaluators are not reminded.
func TestRemindApplication(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newCmtFix(t, d)
		app, other := f.app(t, f.org(t, "A"), "eligible", "sq"), f.app(t, f.org(t, "B"), "eligible", "sq")
		v1, v2 := f.voter(t, "sq,en"), f.voter(t, "sq,en")
		for _, p := range [][2]int64{{app, v1}, {app, v2}, {other, v1}} {
			if _, err := f.st.AddAssignment(ctx, p[0], p[1], f.officer); err != nil {
				t.Fatal(err)
			}
		}
		compose := func(r review.AppReminder) notify.Notice {
			return notify.Notice{Event: notify.EventReviewReminder, Link: "/reviews", Subject: "Reminder for " + r.Name, Body: "x"}
		}
		n, err := f.st.RemindApplication(ctx, app, compose)
		if err != nil || n != 2 {
			t.Fatalf("first reminder: %d, %v", n, err)
		}
		var notices, marked int
		_ = db.Get(ctx, d, &notices, `SELECT COUNT(*) FROM notifications WHERE event = 'review.reminder'`)
		_ = db.Get(ctx, d, &marked, `SELECT COUNT(*) FROM review_assignments WHERE reminded_at IS NOT NULL`)
		if notices != 2 || marked != 2 {
			t.Errorf("%d notices and %d assignments marked, want 2 and 2", notices, marked)
		}
		if n, err := f.st.RemindApplication(ctx, app, compose); err != nil || n != 0 {
			t.Errorf("second reminder the same day: %d, %v", n, err)
		}
	})
}
