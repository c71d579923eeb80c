package remind

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// tick moves the clock to now and runs the background check once.
func (w *world) tick(now time.Time) int {
	w.t.Helper()
	w.now = now
	n, err := w.r.Tick(ctx)
	if err != nil {
		w.t.Fatalf("tick at %s: %v", now, err)
	}
	return n
}

func (w *world) wantSent(t *testing.T, when string, want ...string) {
	t.Helper()
	got := slices.Sorted(maps.Keys(w.sent()))
	slices.Sort(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s: reminders sent\n%s\nwant\n%s", when, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Each zone gets its morning run at its own 07:00: Tokyo's at 22:00 UTC
// the day before, Tirane's at 06:00 UTC; a second check the same morning
// runs nothing; the next mornings send nothing again for the same item
// and due date, but an overdue item again after each week of lateness.
func TestMorningRunPerZone(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		tokyo := []string{
			key(KindReview, w.assignment, w.evaluator, "due:2026-12-08"),
			key(KindReview, w.assignment2, w.evaluator, "due:2026-12-08"),
			key(KindReport, w.report, w.b1, "due:2026-12-12"),
			key(KindReport, w.late, w.b1, "overdue:2026-12-01:0"),
		}
		tirane := []string{
			key(KindInfo, w.info, w.a1, "due:2026-12-09"), key(KindInfo, w.info, w.a2, "due:2026-12-09"),
			key(KindCall, w.tirane, w.a1, "closes:2026-12-09"), key(KindCall, w.tirane, w.a2, "closes:2026-12-09"),
			key(KindDocument, w.document, w.a1, "expires:2026-12-27"), key(KindDocument, w.document, w.a2, "expires:2026-12-27"),
		}
		// yesterday's runs are done in both zones
		for _, z := range []string{"Europe/Tirane", "Asia/Tokyo"} {
			w.exec(`INSERT INTO remind_runs (zone, day, started_at, finished_at) VALUES (?, '2026-12-06', ?, ?)`, z, at(-1, 6, 0), at(-1, 6, 0))
		}
		if n := w.tick(at(-1, 21, 59)); n != 0 {
			t.Errorf("06:59 in Tokyo, 22:59 in Tirane: sent %d", n)
		}
		if n := w.tick(at(-1, 22, 0)); n != 3 {
			t.Errorf("07:00 in Tokyo: sent %d, want 3", n)
		}
		w.wantSent(t, "Tokyo's morning", tokyo...)
		if n := w.tick(at(0, 5, 55)); n != 0 {
			t.Errorf("06:55 in Tirane: sent %d", n)
		}
		if n := w.tick(at(0, 6, 0)); n != 6 {
			t.Errorf("07:00 in Tirane: sent %d, want 6", n)
		}
		w.wantSent(t, "Tirane's morning", append(slices.Clone(tokyo), tirane...)...)
		if n := w.tick(at(0, 9, 0)); n != 0 {
			t.Errorf("a later check the same morning sent %d", n)
		}
		if got := w.count(`SELECT COUNT(*) FROM remind_runs WHERE day = '2026-12-07' AND finished_at IS NOT NULL`); got != 2 {
			t.Errorf("%d finished runs, want 2 (one per zone)", got)
		}
		// Next morning: same items, same buckets; the late report is 7 days
		// late, still its first week; nothing is sent.
		if n := w.tick(at(0, 22, 0)) + w.tick(at(1, 6, 0)); n != 0 {
			t.Errorf("second morning sent %d, want 0", n)
		}
		// The morning after: the review is a day late and the report's
		// second week of lateness starts: both are reminded again.
		if n := w.tick(at(1, 22, 0)); n != 2 {
			t.Errorf("third morning in Tokyo sent %d, want 2", n)
		}
		if n := w.tick(at(2, 6, 0)); n != 0 {
			t.Errorf("third morning in Tirane sent %d, want 0 (the deadline is today, not past)", n)
		}
		w.wantSent(t, "third morning", append(append(slices.Clone(tokyo), tirane...),
			key(KindReview, w.assignment, w.evaluator, "overdue:2026-12-08:0"),
			key(KindReview, w.assignment2, w.evaluator, "overdue:2026-12-08:0"),
			key(KindReport, w.late, w.b1, "overdue:2026-12-01:1"))...)

		// Each reminder is one notification and one e-mail, in the
		// recipient's language, linking to where the user acts.
		notices := w.count(`SELECT COUNT(*) FROM notifications`)
		if notices != 11 || w.count(`SELECT COUNT(*) FROM outbox`) != 11 {
			t.Errorf("notifications %d, outbox %d; want 11 each", notices, w.count(`SELECT COUNT(*) FROM outbox`))
		}
		var got []struct {
			Subject string `db:"subject"`
			Link    string `db:"link"`
			Event   string `db:"event"`
		}
		if err := db.Select(ctx, d, &got, `SELECT subject, link, event FROM notifications WHERE user_id = ? ORDER BY id`, w.b1); err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || !strings.Contains(got[0].Subject, "dospeva 12. decembar 2026.") || got[0].Event != "report.due" ||
			!strings.HasPrefix(got[0].Link, "/grantee-reports/") || !strings.Contains(got[1].Subject, "kasni") {
			t.Errorf("B's member (Serbian) got %+v", got)
		}
		var ev []struct {
			Subject string `db:"subject"`
			Body    string `db:"body"`
		}
		_ = db.Select(ctx, d, &ev, `SELECT subject, body FROM notifications WHERE user_id = ? ORDER BY id`, w.evaluator)
		if len(ev) != 2 || ev[0].Subject != "2 reviews due on 8 December 2026: The call" ||
			!strings.Contains(ev[0].Body, w.ref(w.assignment)+", "+w.ref(w.assignment2)) ||
			ev[1].Subject != "2 reviews overdue since 8 December 2026: The call" {
			t.Errorf("the evaluator got %+v; want one notice per bucket naming both applications", ev)
		}
		var a1 []string
		_ = db.Select(ctx, d, &a1, `SELECT subject FROM notifications WHERE user_id = ? ORDER BY id`, w.a1)
		if len(a1) != 3 || !strings.Contains(a1[1], "Thirrja mbyllet") || !strings.Contains(a1[2], "Statuti") {
			t.Errorf("A's Albanian member got %q", a1)
		}
	})
}

// A new due date is a new bucket: a report whose date moves is reminded
// again; a submitted review or an answered request is not reminded.
func TestNewDueDateRemindsAgain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.now = at(0, 6, 0)
		if _, err := w.r.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		before := len(w.sent())
		if before != 10 {
			t.Fatalf("first pass wrote %d guard rows, want 10", before)
		}
		w.exec(`UPDATE grantee_reports SET due_on = '2026-12-10' WHERE id = ?`, w.report)
		w.exec(`UPDATE review_assignments SET due_at = ? WHERE id = ?`, at(30, 8, 0), w.assignment)
		w.exec(`UPDATE info_requests SET answered_at = ? WHERE id = ?`, at(0, 5, 0), w.info)
		var app, lot int64
		_ = db.Get(ctx, d, &app, `SELECT application_id FROM review_assignments WHERE id = ?`, w.assignment2)
		_ = db.Get(ctx, d, &lot, `SELECT lot_id FROM applications WHERE id = ?`, app)
		later := w.id(`INSERT INTO review_assignments (application_id, user_id, assigned_at, due_at) VALUES (?, ?, ?, ?)`,
			w.app(w.tokyo, lot, w.orgB, "eligible"), w.evaluator, at(0, 5, 0), at(1, 8, 0))
		n, err := w.r.RunOnce(ctx)
		if err != nil || n != 2 {
			t.Fatalf("second pass sent %d, %v; want 2 (the report's new date, the review assigned since)", n, err)
		}
		if !w.sent()[key(KindReport, w.report, w.b1, "due:2026-12-10")] {
			t.Errorf("the report's new due date was not reminded")
		}
		var last string
		_ = db.Get(ctx, d, &last, `SELECT body FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT 1`, w.evaluator)
		if !strings.Contains(last, w.ref(later)) || strings.Contains(last, w.ref(w.assignment2)) {
			t.Errorf("the later review's notice %q should name it alone", last)
		}
	})
}
