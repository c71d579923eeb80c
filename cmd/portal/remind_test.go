package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db"
)

// portal remind --now sends what is due at that moment once: a document
// expiring in ten days is reminded the first time, not the second; a bad
// --now is refused.
func TestRemindOnce(t *testing.T) {
	path := isolate(t)
	if r := portal(t, "", "migrate"); r.code != 0 {
		t.Fatalf("migrate: %s", r)
	}
	ctx := context.Background()
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	now := time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)
	org, err := db.InsertID(ctx, d, `INSERT INTO organisations (name, kind, created_at) VALUES ('Shoqata', 'ngo', ?) RETURNING id`, now)
	if err != nil {
		t.Fatal(err)
	}
	user, err := db.InsertID(ctx, d, `INSERT INTO users (email, email_norm, name, lang, role, password_hash, created_at, updated_at)
		VALUES ('drita@example.org', 'drita@example.org', 'Drita', 'en', 'applicant', 'x', ?, ?) RETURNING id`, now, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, d, `INSERT INTO memberships (user_id, org_id, created_at) VALUES (?, ?, ?)`, user, org, now); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, d, `INSERT INTO organisation_documents (org_id, doc_type, file_name, stored_name, content_type,
		size_bytes, sha256, valid_until, created_at) VALUES (?, 'statute', 'statute.pdf', 'abc', 'application/pdf', 1, 'x', ?, ?)`,
		org, now.AddDate(0, 0, 10).Truncate(24*time.Hour), now); err != nil {
		t.Fatal(err)
	}
	r := portal(t, "", "remind", "--now", "2026-12-07T07:00:00+01:00")
	if r.code != 0 || !strings.HasPrefix(r.out, "reminders sent: 1 ") {
		t.Fatalf("first remind: %s", r)
	}
	r = portal(t, "", "remind", "--now", "2026-12-08T07:00:00+01:00")
	if r.code != 0 || !strings.HasPrefix(r.out, "reminders sent: 0 ") {
		t.Fatalf("second remind: %s", r)
	}
	var subject string
	if err := db.Get(ctx, d, &subject, `SELECT subject FROM outbox WHERE to_addr = 'drita@example.org'`); err != nil ||
		subject != "Document expiring: Statute" {
		t.Errorf("outbox subject %q, %v", subject, err)
	}
	if r := portal(t, "", "remind", "--now", "tomorrow"); r.code != 1 || !strings.Contains(r.err, "--now") {
		t.Errorf("bad --now: %s", r)
	}
}
