package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/web/webtest"
)

// notice records a notification for p with a subject and a link.
func notice(t *testing.T, e *webtest.Env, p webtest.Principal, subject, link string) int64 {
	t.Helper()
	uid := e.Users[p].ID
	if err := notify.Notify(context.Background(), e.DB, notify.Notice{UserID: uid, Event: notify.EventSubmitted,
		Link: link, Subject: subject, Body: "Line one\nline two"}); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := db.Get(context.Background(), e.DB, &id, `SELECT MAX(id) FROM notifications WHERE user_id = ?`, uid); err != nil {
		t.Fatal(err)
	}
	return id
}

// The role x route matrix of the notifications area: every signed-in role
// has its own list and preferences; only the administrator has the outbox.
func TestNotificationRouteMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		mine := map[webtest.Principal]int{webtest.Anon: 401}
		cases := []webtest.Case{
			{Name: "list", Req: webtest.Request{Path: "/notifications"}, Default: 200, Want: signedInOK},
			{Name: "list page 2", Req: webtest.Request{Path: "/notifications?page=2"}, Default: 200, Want: signedInOK},
			{Name: "list huge page", Req: webtest.Request{Path: "/notifications?page=99999999999999999999"}, Default: 200, Want: signedInOK},
			{Name: "list overflowing page", Req: webtest.Request{Path: "/notifications?page=9223372036854775807"}, Default: 200, Want: signedInOK},
			{Name: "outbox huge page", Req: webtest.Request{Path: "/admin/outbox?page=9223372036854775807"}, Default: 403, Want: adminOnly},
			{Name: "prefs", Req: webtest.Request{Path: "/account/notifications"}, Default: 200, Want: signedInOK},
			{Name: "save prefs", Req: webtest.Request{Method: "POST", Path: "/account/notifications", Form: url.Values{"email": {notify.EventSubmitted}}},
				Default: 303, Want: mine},
			{Name: "read all", Req: webtest.Request{Method: "POST", Path: "/notifications/read", Form: url.Values{}}, Default: 303, Want: mine},
			{Name: "open unknown", Req: webtest.Request{Method: "POST", Path: "/notifications/999999/open", Form: url.Values{}}, Default: 404, Want: mine},
			{Name: "open malformed", Req: webtest.Request{Method: "POST", Path: "/notifications/x/open", Form: url.Values{}}, Default: 404, Want: mine},
			{Name: "outbox", Req: webtest.Request{Path: "/admin/outbox"}, Default: 403, Want: adminOnly},
			{Name: "retry unknown", Req: webtest.Request{Method: "POST", Path: "/admin/outbox/999999/retry", Form: url.Values{}},
				Default: 403, Want: map[webtest.Principal]int{webtest.Admin: 404, webtest.Anon: 401}},
		}
		e.CheckMatrix(t, cases)
	})
}

// A user's list shows its own notices newest first, unread in words, and
// the header counts them; opening one follows its link and marks it read;
// another user's id answers 404 and changes nothing.
func TestNotificationListOpenAndCanary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		first := notice(t, e, webtest.ApplicantA, "Receipt SG-1 <b>", "/applications/1")
		notice(t, e, webtest.ApplicantA, "Receipt SG-2", "/applications/2")
		canary := notice(t, e, webtest.ApplicantB, "Receipt "+webtest.Canary, "/applications/9")

		body := e.Get(webtest.ApplicantA, "/notifications").Body.String()
		for _, want := range []string{"Receipt SG-1 &lt;b&gt;", `action="/notifications/` + itoa(first) + `/open"`,
			"Nothing yet", "Notifications (2"} {
			if want == "Nothing yet" {
				if strings.Contains(body, want) {
					t.Errorf("the list says it is empty")
				}
				continue
			}
			if !strings.Contains(body, want) {
				t.Errorf("list lacks %q", want)
			}
		}
		if strings.Index(body, "Receipt SG-2") > strings.Index(body, "Receipt SG-1") {
			t.Error("the list is not newest first")
		}
		if strings.Count(body, ">Unread<") != 2 || strings.Contains(body, webtest.Canary) {
			t.Errorf("want two unread tags and no canary:\n%s", body)
		}
		// Every signed-in page carries the count in the header.
		if home := e.Get(webtest.ApplicantA, "/home").Body.String(); !strings.Contains(home, `href="/notifications">Notifications (2<span class="visually-hidden"> unread</span>)`) {
			t.Error("home page header lacks the unread count")
		}
		if home := e.Get(webtest.ProgramOfficer, "/home").Body.String(); strings.Contains(home, "Notifications (") {
			t.Error("a user without notices shows a count")
		}

		// Applicant A opens B's notification: 404, still unread.
		if rec := e.Post(webtest.ApplicantA, "/notifications/"+itoa(canary)+"/open", nil); rec.Code != http.StatusNotFound ||
			strings.Contains(rec.Body.String(), webtest.Canary) {
			t.Errorf("opening another user's notification: %d", rec.Code)
		}
		if n, _ := notify.Unread(context.Background(), d, e.Users[webtest.ApplicantB].ID); n != 1 {
			t.Errorf("B's unread = %d after A's try, want 1", n)
		}

		rec := e.Post(webtest.ApplicantA, "/notifications/"+itoa(first)+"/open", nil)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/applications/1" {
			t.Fatalf("open = %d to %q, want 303 to its link", rec.Code, rec.Header().Get("Location"))
		}
		if n, _ := notify.Unread(context.Background(), d, e.Users[webtest.ApplicantA].ID); n != 1 {
			t.Errorf("unread after opening one = %d, want 1", n)
		}
		body = e.Get(webtest.ApplicantA, "/notifications").Body.String()
		if !strings.Contains(body, `<a href="/applications/1">Receipt SG-1 &lt;b&gt;</a>`) || !strings.Contains(body, "Notifications (1") {
			t.Error("a read notification is not a plain link, or the count did not drop")
		}

		if rec := e.Post(webtest.ApplicantA, "/notifications/read", nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("read all = %d", rec.Code)
		}
		if n, _ := notify.Unread(context.Background(), d, e.Users[webtest.ApplicantA].ID); n != 0 {
			t.Errorf("unread after reading all = %d", n)
		}
		if n, _ := notify.Unread(context.Background(), d, e.Users[webtest.ApplicantB].ID); n != 1 {
			t.Errorf("A's read-all touched B's notifications (B unread %d)", n)
		}
	})
}

// The list pages at 20; the second page links back.
func TestNotificationListPages(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	for i := 0; i < 23; i++ {
		notice(t, e, webtest.Evaluator1, "Notice n"+itoa(int64(i))+".", "")
	}
	p1 := e.Get(webtest.Evaluator1, "/notifications").Body.String()
	p2 := e.Get(webtest.Evaluator1, "/notifications?page=2").Body.String()
	if !strings.Contains(p1, "Notice n22.") || strings.Contains(p1, "Notice n2.") || !strings.Contains(p1, `rel="next"`) {
		t.Error("page 1 is not the newest 20 with a next link")
	}
	if !strings.Contains(p2, "Notice n2.") || !strings.Contains(p2, "Notice n0.") || !strings.Contains(p2, `rel="prev"`) {
		t.Error("page 2 lacks the oldest three or its previous link")
	}
}

// The preferences page saves one choice per event; an unticked event then
// comes in the portal only, a ticked one also by e-mail.
func TestNotificationPreferences(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		ctx := context.Background()
		page := e.Get(webtest.Evaluator1, "/account/notifications").Body.String()
		if n := strings.Count(page, `type="checkbox"`); n != len(notify.Events) {
			t.Errorf("%d checkboxes, want one per event (%d)", n, len(notify.Events))
		}
		if !strings.Contains(page, `<label for="email-review-assigned">Evaluation assigned to me</label>`) {
			t.Error("the assignment event has no labelled checkbox")
		}
		rec := e.Post(webtest.Evaluator1, "/account/notifications", url.Values{"email": {notify.EventReviewReminder, "no.such.event"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("save = %d", rec.Code)
		}
		uid := e.Users[webtest.Evaluator1].ID
		for _, ev := range notify.Events {
			on, err := notify.WantsEmail(ctx, d, uid, ev)
			if err != nil || on != (ev == notify.EventReviewReminder) {
				t.Errorf("WantsEmail(%s) = %v, %v after saving only the reminder", ev, on, err)
			}
		}
		page = e.Get(webtest.Evaluator1, "/account/notifications").Body.String()
		if strings.Count(page, " checked") != 1 {
			t.Errorf("the page shows %d ticked boxes, want 1", strings.Count(page, " checked"))
		}
		to := e.Users[webtest.Evaluator1].Email
		for _, ev := range []string{notify.EventAssigned, notify.EventReviewReminder} {
			if err := notify.Notify(ctx, d, notify.Notice{UserID: uid, Event: ev, Subject: ev, Mail: notify.Message{To: to}}); err != nil {
				t.Fatal(err)
			}
		}
		pending, _ := notify.Pending(ctx, d, to)
		if len(pending) != 1 || pending[0].Subject != notify.EventReviewReminder {
			t.Errorf("mail queued = %+v, want only the reminder", pending)
		}
	})
}

type refusing struct{}

func (refusing) Send(context.Context, notify.Message) error {
	return errors.New("550 5.1.1 mailbox unknown")
}

// The administrator's outbox lists failed mail with its error; Retry makes
// it due again, audited; the dashboard's failed figure links here.
func TestOutboxPageAndRetry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		ctx := context.Background()
		if err := notify.Enqueue(ctx, d, notify.Message{To: "lost@example.org", Subject: "Dëftesa <x>", Body: "b"}); err != nil {
			t.Fatal(err)
		}
		e.Exec(`UPDATE outbox SET attempts = ?, last_error = ? WHERE to_addr = 'lost@example.org'`,
			notify.MaxAttempts, "550 5.1.1 mailbox unknown <script>")
		var id int64
		if err := db.Get(ctx, d, &id, `SELECT id FROM outbox WHERE to_addr = 'lost@example.org'`); err != nil {
			t.Fatal(err)
		}
		body := e.Get(webtest.Admin, "/admin/outbox").Body.String()
		for _, want := range []string{"lost@example.org", "Dëftesa &lt;x&gt;", "550 5.1.1 mailbox unknown &lt;script&gt;",
			"<strong>Failed</strong>", `action="/admin/outbox/` + itoa(id) + `/retry"`} {
			if !strings.Contains(body, want) {
				t.Errorf("outbox page lacks %q", want)
			}
		}
		if home := e.Get(webtest.Admin, "/home").Body.String(); !strings.Contains(home, `href="/admin/outbox"`) {
			t.Error("the admin dashboard does not link to the outbox")
		}
		if rec := e.Post(webtest.ProgramOfficer, "/admin/outbox/"+itoa(id)+"/retry", nil); rec.Code != http.StatusForbidden {
			t.Errorf("officer retry = %d, want 403", rec.Code)
		}
		if rec := e.Post(webtest.Admin, "/admin/outbox/"+itoa(id)+"/retry", nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("retry = %d", rec.Code)
		}
		if n := e.Count(`SELECT COUNT(*) FROM outbox WHERE id = ? AND attempts = 0 AND sent_at IS NULL`, id); n != 1 {
			t.Error("retry did not reset the attempts")
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_log WHERE action = 'outbox.retry' AND object_id = ? AND actor_id = ?`, id, e.Users[webtest.Admin].ID); n != 1 {
			t.Errorf("audit rows of the admin's retry = %d, want 1", n)
		}
		// The retried mail is tried again at once (and fails again here).
		o := notify.NewOutbox(d, refusing{})
		if _, err := o.SendPending(ctx, 100); err == nil || !strings.Contains(err.Error(), "550 5.1.1") {
			t.Errorf("the retried mail was not tried: %v", err)
		}
	})
}
