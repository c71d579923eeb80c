package browser

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/web/webtest"
)

// seedNotices gives the admin two notifications (the older one read) and
// leaves one failed e-mail in the outbox, for the axe walk of the
// notification pages.
func seedNotices(t *testing.T, e *webtest.Env) {
	t.Helper()
	ctx := context.Background()
	uid := e.Users[webtest.Admin].ID
	for _, subject := range []string{"Dëftesa e dorëzimit CFP-2026-01-0001", "Kërkesë për informacion CFP-2026-01-0002"} {
		if err := notify.Notify(ctx, e.DB, notify.Notice{UserID: uid, Event: notify.EventInfoRequested, Link: "/home",
			Subject: subject, Body: "Përshëndetje,\n\nju lutemi përgjigjuni deri më 12 dhjetor.\nhttps://portal.example.org/home"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(ctx, e.DB, `UPDATE notifications SET read_at = created_at WHERE id = (SELECT MIN(id) FROM notifications WHERE user_id = ?)`, uid); err != nil {
		t.Fatal(err)
	}
	if err := notify.Enqueue(ctx, e.DB, notify.Message{To: "a-very-long-address-that-must-wrap@organizata-shembull.example.org",
		Subject: "Letra e vendimit", Body: "b"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, e.DB, `UPDATE outbox SET attempts = ?, last_error = ? WHERE sent_at IS NULL`, notify.MaxAttempts,
		"smtp RCPT TO: 550 5.1.1 <a-very-long-address-that-must-wrap@organizata-shembull.example.org>: Recipient address rejected: User unknown in virtual mailbox table"); err != nil {
		t.Fatal(err)
	}
}
