package notify

import (
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

func newUser(t *testing.T, d *db.DB, email string) int64 {
	t.Helper()
	id, err := db.InsertID(ctx, d, `INSERT INTO users (email, email_norm, name, role, password_hash, created_at, updated_at)
		VALUES (?, ?, 'N', 'applicant', 'x', ?, ?) RETURNING id`, email, email, db.Now(), db.Now())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestNotifyRecordsAndMailsByPreference(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a, b := newUser(t, d, "a@example.org"), newUser(t, d, "b@example.org")
		mail := func(to string) Message { return Message{To: to} }
		if err := Notify(ctx, d, Notice{UserID: a, Event: EventSubmitted, Link: "/applications/1",
			Subject: "Marrë", Body: "Aplikimi u mor", Mail: mail("a@example.org")}); err != nil {
			t.Fatal(err)
		}
		if err := SetEmail(ctx, d, b, EventSubmitted, false); err != nil {
			t.Fatal(err)
		}
		if err := Notify(ctx, d, Notice{UserID: b, Event: EventSubmitted, Subject: "Marrë", Mail: mail("b@example.org")}); err != nil {
			t.Fatal(err)
		}
		// Account mail ignores the preference.
		if err := SetEmail(ctx, d, b, EventAccount, false); err != nil {
			t.Fatal(err)
		}
		if err := Notify(ctx, d, Notice{UserID: b, Event: EventAccount, Subject: "Reset", Mail: mail("b@example.org")}); err != nil {
			t.Fatal(err)
		}
		pa, _ := Pending(ctx, d, "a@example.org")
		pb, _ := Pending(ctx, d, "b@example.org")
		if len(pa) != 1 || pa[0].Subject != "Marrë" || pa[0].Body != "Aplikimi u mor" {
			t.Fatalf("a's mail = %+v", pa)
		}
		if len(pb) != 1 || pb[0].Subject != "Reset" {
			t.Fatalf("b's mail = %+v, want only the account mail", pb)
		}
		if n, _ := Unread(ctx, d, b); n != 2 {
			t.Fatalf("b unread = %d, want 2 (e-mail off keeps the in-app notice)", n)
		}
		list, err := List(ctx, d, a, 10, 0)
		if err != nil || len(list) != 1 || list[0].Link != "/applications/1" || list[0].ReadAt != nil {
			t.Fatalf("a's list = %+v, %v", list, err)
		}
		if err := MarkRead(ctx, d, b, list[0].ID); err != nil { // b marking a's notice changes nothing
			t.Fatal(err)
		}
		if n, _ := Unread(ctx, d, a); n != 1 {
			t.Fatalf("a unread after b's MarkRead = %d, want 1", n)
		}
		if err := MarkRead(ctx, d, a, list[0].ID); err != nil {
			t.Fatal(err)
		}
		if n, _ := Unread(ctx, d, a); n != 0 {
			t.Fatalf("a unread = %d, want 0", n)
		}
		if err := MarkRead(ctx, d, b, 0); err != nil {
			t.Fatal(err)
		}
		if n, _ := Unread(ctx, d, b); n != 0 {
			t.Fatalf("b unread after mark all = %d", n)
		}
		for _, link := range []string{"https://evil.example", "//evil.example/x", "/\\evil.example"} {
			if err := Notify(ctx, d, Notice{UserID: a, Event: EventSubmitted, Subject: "x", Link: link}); err == nil {
				t.Fatalf("the outside link %q was accepted", link)
			}
		}
		if err := Notify(ctx, d, Notice{UserID: a, Event: EventSubmitted}); err == nil {
			t.Fatal("an empty subject was accepted")
		}
	})
}
