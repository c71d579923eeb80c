package reporting_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

// A report sent back tells the grantee's members why, an approved one
// that it was approved, each with a link to the report and an e-mail; a
// member of another organisation hears nothing.
func TestReportDecisionNotices(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newGrant(t, d, "NTC", "2026-01-01", "2027-12-31", "yearly", 2000000, 800000, yearlyReport)
		f.s.Cat = cat
		member := addUser(t, d, f.Org, "sr")
		outsider := addUser(t, d, f.Other, "en")
		r := f.Reports[0].ID
		f.spend(t, r, 1, "2026-03-01", "3600")
		f.spend(t, r, 2, "2026-03-01", "2000")
		f.explainAll(t, r)
		if err := f.s.Submit(ctx, f.grantee(), r, 0); err != nil {
			t.Fatal(err)
		}
		if err := f.s.RequestChanges(ctx, access.Everything(), r, "Nedostaju fakture", 0); err != nil {
			t.Fatal(err)
		}
		f.submitApprove(t, r)
		var got []notify.Notification
		if err := db.Select(ctx, d, &got, `SELECT id, user_id, event, subject, body, link, created_at FROM notifications
			WHERE user_id = ? ORDER BY id`, member); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Event != notify.EventReportDue || !strings.Contains(got[0].Subject, "treba izmeniti") ||
			!strings.Contains(got[0].Body, "Nedostaju fakture") || !strings.Contains(got[1].Subject, "je odobren") ||
			got[1].Link != fmt.Sprintf("/grantee-reports/%d", r) {
			t.Fatalf("member's notices = %+v; want changes requested with the reason, then approved, in Serbian", got)
		}
		var mails int
		_ = db.Get(ctx, d, &mails, `SELECT COUNT(*) FROM outbox o JOIN users u ON u.email = o.to_addr WHERE u.id = ?`, member)
		if mails != 2 {
			t.Errorf("member got %d e-mails, want 2", mails)
		}
		var leaked int
		_ = db.Get(ctx, d, &leaked, `SELECT COUNT(*) FROM notifications WHERE user_id = ?`, outsider)
		if leaked != 0 {
			t.Errorf("another organisation's member got %d notices", leaked)
		}
	})
}

func addUser(t *testing.T, d *db.DB, org int64, lang string) int64 {
	t.Helper()
	ctx := context.Background()
	now := db.Now()
	email := fmt.Sprintf("member-%d-%s@example.org", org, lang)
	id, err := db.InsertID(ctx, d, `INSERT INTO users (email, email_norm, name, lang, role, password_hash, created_at, updated_at)
		VALUES (?, ?, 'Member', ?, 'applicant', 'x', ?, ?) RETURNING id`, email, email, lang, now, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, d, `INSERT INTO memberships (user_id, org_id, created_at) VALUES (?, ?, ?)`, id, org, now); err != nil {
		t.Fatal(err)
	}
	return id
}
