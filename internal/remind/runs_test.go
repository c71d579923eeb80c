package remind

import (
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/notify"
)

// A morning run left unfinished by a process that died is taken over
// after an hour, not before; a call with an unknown zone is skipped, not
// fatal; a disabled member is not reminded, and one who turned the
// event's e-mail off gets the notification without the e-mail.
func TestRunsAndRecipients(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.exec(`INSERT INTO calls (programme_id, reference, title_sq, time_zone, created_at, updated_at)
			SELECT programme_id, 'CFP-MARS', 'Mars', 'Mars/Olympus', created_at, updated_at FROM calls WHERE id = ?`, w.tirane)
		w.exec(`UPDATE users SET disabled = ? WHERE id = ?`, true, w.a2)
		if err := notify.SetEmail(ctx, d, w.a1, notify.EventDocumentExpires, false); err != nil {
			t.Fatal(err)
		}
		for _, z := range []string{"Europe/Tirane", "Asia/Tokyo"} {
			w.exec(`INSERT INTO remind_runs (zone, day, started_at) VALUES (?, '2026-12-07', ?)`, z, at(0, 5, 50))
		}
		if n := w.tick(at(0, 6, 30)); n != 0 {
			t.Errorf("runs claimed 40 minutes ago were run again: %d sent", n)
		}
		if n := w.tick(at(0, 7, 0)); n != 6 {
			t.Errorf("runs left for 70 minutes: %d sent, want 6 (3 in Tokyo, 3 for A's enabled member)", n)
		}
		if got := w.count(`SELECT COUNT(*) FROM notifications WHERE user_id = ?`, w.a2); got != 0 {
			t.Errorf("the disabled member got %d notices", got)
		}
		if got := w.count(`SELECT COUNT(*) FROM notifications WHERE user_id = ? AND event = ?`, w.a1, notify.EventDocumentExpires); got != 1 {
			t.Errorf("the document's notification: %d, want 1", got)
		}
		if got := w.count(`SELECT COUNT(*) FROM outbox o JOIN users u ON u.email = o.to_addr WHERE u.id = ?`, w.a1); got != 2 {
			t.Errorf("A's member got %d e-mails, want 2 (the document's turned off)", got)
		}
		if got := w.count(`SELECT COUNT(*) FROM remind_runs WHERE finished_at IS NOT NULL`); got != 2 {
			t.Errorf("%d finished runs, want 2 (the unknown zone is skipped)", got)
		}
	})
}
