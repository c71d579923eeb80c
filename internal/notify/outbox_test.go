package notify

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

var ctx = context.Background()

func TestEnqueueFollowsTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		boom := errors.New("boom")
		err := d.Tx(ctx, func(tx *sqlx.Tx) error {
			if err := Enqueue(ctx, tx, Message{To: "rolled@example.org", Subject: "No", Body: "never"}); err != nil {
				t.Fatal(err)
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Tx = %v, want boom", err)
		}
		rows, err := All(ctx, d)
		if err != nil || len(rows) != 0 {
			t.Fatalf("All after rollback = %+v, %v; want none", rows, err)
		}
		err = d.Tx(ctx, func(tx *sqlx.Tx) error {
			return Enqueue(ctx, tx, Message{To: "kept@example.org", Subject: "Yes", Body: "Përshëndetje"})
		})
		if err != nil {
			t.Fatal(err)
		}
		rows, err = All(ctx, d)
		if err != nil || len(rows) != 1 {
			t.Fatalf("All after commit = %+v, %v; want one row", rows, err)
		}
		r := rows[0]
		if r.To != "kept@example.org" || r.Subject != "Yes" || r.Body != "Përshëndetje" || r.SentAt != nil ||
			r.Attempts != 0 || r.LastError != "" || r.CreatedAt.IsZero() || r.CreatedAt.Location().String() != "UTC" {
			t.Errorf("row = %+v", r)
		}
	})
}

func TestEnqueueRefusesBadHeaders(t *testing.T) {
	d := dbtest.SQLite(t)
	for _, m := range []Message{
		{To: "", Subject: "s"},
		{To: "not an address", Subject: "s"},
		{To: "Name <a@example.org>", Subject: "s"},
		{To: "a@example.org, b@example.org", Subject: "s"},
		{To: "a@example.org\r\nBcc: b@example.org", Subject: "s"},
		{To: "a@example.org", Subject: " \r\n "},
	} {
		if err := Enqueue(ctx, d, m); err == nil {
			t.Errorf("Enqueue(%q, %q) = nil, want an error", m.To, m.Subject)
		}
	}
	if err := Enqueue(ctx, d, Message{To: " a@example.org ", Subject: "Line one\r\nBcc: x@example.org"}); err != nil {
		t.Fatal(err)
	}
	rows, _ := All(ctx, d)
	if len(rows) != 1 || rows[0].To != "a@example.org" || rows[0].Subject != "Line one Bcc: x@example.org" {
		t.Errorf("rows = %+v, want one with the subject on one line", rows)
	}
}

func TestPending(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		for _, m := range []Message{
			{To: "a@example.org", Subject: "1", Body: "b1"},
			{To: "b@example.org", Subject: "2", Body: "b2"},
			{To: "A@example.org", Subject: "3", Body: "b3"},
		} {
			if err := Enqueue(ctx, d, m); err != nil {
				t.Fatal(err)
			}
		}
		got, err := Pending(ctx, d, "a@EXAMPLE.org")
		if err != nil || subjects(got) != "1,3" {
			t.Errorf("Pending(a) = %+v, %v; want subjects 1,3", got, err)
		}
		if _, err := db.Exec(ctx, d, `UPDATE outbox SET sent_at = created_at WHERE subject = '1'`); err != nil {
			t.Fatal(err)
		}
		got, err = Pending(ctx, d, "")
		if err != nil || subjects(got) != "2,3" {
			t.Errorf("Pending(all) = %+v, %v; want subjects 2,3", got, err)
		}
	})
}

func subjects(ms []Message) string {
	var s []string
	for _, m := range ms {
		s = append(s, m.Subject)
	}
	return strings.Join(s, ",")
}
