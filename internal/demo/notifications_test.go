package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/notify/smtptest"
)

// checkNotifications: the demo story leaves its users the notices the
// portal would have sent them: applicant1 an unread receipt that links to
// the receipt of its own NGO's application, evaluators their assignments,
// and every notice a link into the portal.
func checkNotifications(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	var byEvent []struct {
		Email string `db:"email"`
		Event string `db:"event"`
		N     int    `db:"n"`
	}
	if err := db.Select(ctx, d, &byEvent, `SELECT u.email, n.event, COUNT(*) AS n FROM notifications n
		JOIN users u ON u.id = n.user_id GROUP BY u.email, n.event ORDER BY u.email, n.event`); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	var all []string
	for _, r := range byEvent {
		got[r.Email+" "+r.Event] = r.N
		all = append(all, fmt.Sprintf("%s %s %d", r.Email, r.Event, r.N))
	}
	for _, want := range []string{"applicant1@demo.example " + notify.EventSubmitted, "evaluator1@demo.example " + notify.EventAssigned} {
		if got[want] == 0 {
			t.Errorf("no %s notice after the demo; the demo has:\n%s", want, strings.Join(all, "\n"))
		}
	}
	// Paper applications the officer keyed in send their receipt to the
	// NGO's address, not as a notice of the officer's.
	if n := got["officer@demo.example "+notify.EventSubmitted]; n != 0 {
		t.Errorf("the officer has %d receipt notices of applications it keyed in", n)
	}
	var receipt notify.Notification
	err := db.Get(ctx, d, &receipt, `SELECT n.id, n.user_id, n.event, n.subject, n.body, n.link, n.created_at, n.read_at
		FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE u.email = 'applicant1@demo.example' AND n.event = ? ORDER BY n.id LIMIT 1`, notify.EventSubmitted)
	if err != nil {
		t.Fatalf("applicant1's receipt notice: %v", err)
	}
	id, ok := strings.CutPrefix(receipt.Link, "/applications/")
	id, ok2 := strings.CutSuffix(id, "/receipt")
	appID, perr := strconv.ParseInt(id, 10, 64)
	if !ok || !ok2 || perr != nil || receipt.ReadAt != nil {
		t.Fatalf("applicant1's receipt notice %+v: want unread, linking to /applications/<id>/receipt", receipt)
	}
	var mine int
	if err := db.Get(ctx, d, &mine, `SELECT COUNT(*) FROM applications a JOIN memberships m ON m.org_id = a.org_id
		JOIN users u ON u.id = m.user_id WHERE a.id = ? AND u.email = 'applicant1@demo.example'
		AND a.reference IS NOT NULL AND a.status <> 'draft'`, appID); err != nil || mine != 1 {
		t.Errorf("the receipt links to application %d, which is not a submitted application of applicant1's NGO (%v)", appID, err)
	}
	var bad int
	if err := db.Get(ctx, d, &bad, `SELECT COUNT(*) FROM notifications WHERE link NOT LIKE '/%'`); err != nil || bad != 0 {
		t.Errorf("%d notices without a portal link (%v)", bad, err)
	}
}

// checkDemoMail sends the demo's outbox through a real SMTP server in the
// test process: every message arrives once, and each demo login that has
// notices received them by e-mail too, in its own language, as plain text
// and HTML.
func checkDemoMail(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	srv := smtptest.Start(t, 0)
	m, err := notify.NewSMTPMailer(srv.URL("portal@demo.example"))
	if err != nil {
		t.Fatal(err)
	}
	m.BaseURL = "https://portal.demo.example"
	var unsent int
	if err := db.Get(ctx, d, &unsent, `SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL`); err != nil {
		t.Fatal(err)
	}
	n, err := notify.NewOutbox(d, m).Drain(ctx)
	if err != nil || n != unsent || len(srv.Messages()) != unsent {
		t.Fatalf("drained %d of %d unsent mails (%d arrived): %v", n, unsent, len(srv.Messages()), err)
	}
	got := map[string][]smtptest.Message{}
	for _, msg := range srv.Messages() {
		for _, to := range msg.To {
			got[to] = append(got[to], msg)
		}
	}
	for _, a := range Accounts {
		var notes int
		if err := db.Get(ctx, d, &notes, `SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id
			WHERE u.email = ?`, a.Email); err != nil {
			t.Fatal(err)
		}
		if notes == 0 {
			continue
		}
		mails := got[a.Email]
		if len(mails) == 0 {
			t.Errorf("%s (%s) has %d notices but received no e-mail", a.Email, a.Role, notes)
			continue
		}
		data := mails[0].Data
		lang := a.Lang
		if lang == "" {
			lang = "sq"
		}
		for _, want := range []string{"Content-Type: multipart/", "text/plain; charset=utf-8", "text/html; charset=utf-8",
			"Content-Language: " + lang, `<html lang=3D"` + lang + `">`} {
			if !strings.Contains(data, want) {
				t.Errorf("mail to %s lacks %q", a.Email, want)
			}
		}
	}
	if len(got["applicant1@demo.example"]) == 0 || len(got["evaluator1@demo.example"]) == 0 {
		t.Errorf("applicant1 received %d mails, evaluator1 %d; want the receipt and the assignments",
			len(got["applicant1@demo.example"]), len(got["evaluator1@demo.example"]))
	}
}
