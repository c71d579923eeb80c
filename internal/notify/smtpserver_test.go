package notify

import (
	"bytes"
	"errors"
	"mime"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/notify/smtptest"
)

func realMailer(t *testing.T, ms *smtptest.Server) *SMTPMailer {
	t.Helper()
	m, err := NewSMTPMailer(ms.URL("portal@example.org"))
	if err != nil {
		t.Fatal(err)
	}
	m.BaseURL = "https://portal.example.org"
	m.Timeout = 10 * time.Second
	return m
}

// A notice goes from Notify through the outbox and SMTPMailer to a real
// SMTP server: the recipient, the subject, the plain and HTML parts and the
// recipient's language are what arrived.
func TestOutboxDeliversThroughRealSMTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ms := smtptest.Start(t, 0)
		uid := newUser(t, d, "jelena@example.org")
		subject := "Prijava SG-2026-0001 je primljena — Pejë"
		body := "Poštovana Jelena,\n\nvaša prijava je primljena.\nOtvorite https://portal.example.org/applications/5 <ovde>."
		if err := Notify(ctx, d, Notice{UserID: uid, Event: EventSubmitted, Link: "/applications/5", Subject: subject,
			Body: body, Mail: Message{To: "jelena@example.org", Lang: "sr"}}); err != nil {
			t.Fatal(err)
		}
		o := NewOutbox(d, realMailer(t, ms))
		if n, err := o.SendPending(ctx, 10); n != 1 || err != nil {
			t.Fatalf("SendPending = %d, %v; want 1 sent", n, err)
		}
		got := ms.Messages()
		if len(got) != 1 {
			t.Fatalf("%d messages arrived, want 1", len(got))
		}
		a := got[0]
		if a.From != "portal@example.org" || len(a.To) != 1 || a.To[0] != "jelena@example.org" {
			t.Errorf("envelope from %q to %v", a.From, a.To)
		}
		pm, parts := messageParts(t, a.Data)
		if s, err := new(mime.WordDecoder).DecodeHeader(pm.Header.Get("Subject")); err != nil || s != subject {
			t.Errorf("Subject = %q, %v; want %q", s, err, subject)
		}
		if pm.Header.Get("To") != "jelena@example.org" || pm.Header.Get("Content-Language") != "sr" {
			t.Errorf("To %q, Content-Language %q", pm.Header.Get("To"), pm.Header.Get("Content-Language"))
		}
		if text := partOf(t, parts, "text/plain"); text.Body != strings.ReplaceAll(body, "\n", "\r\n") {
			t.Errorf("plain part = %q", text.Body)
		}
		html := partOf(t, parts, "text/html").Body
		for _, want := range []string{`<html lang="sr">`, "<p>Poštovana Jelena,</p>",
			`<a href="https://portal.example.org/applications/5">https://portal.example.org/applications/5</a> &lt;ovde&gt;.`} {
			if !strings.Contains(html, want) {
				t.Errorf("HTML part lacks %q:\n%s", want, html)
			}
		}
		rows, _ := All(ctx, d)
		if len(rows) != 1 || rows[0].SentAt == nil || rows[0].LastAttemptAt == nil || rows[0].Lang != "sr" {
			t.Errorf("outbox row = %+v, want sent with its attempt time and language", rows)
		}
	})
}

// A server that refuses (451 on RCPT) twice and then accepts: the message
// waits with the server's error, is not tried again before its back-off,
// is retried after it, and arrives exactly once.
func TestOutboxRetriesARefusingServer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ms := smtptest.Start(t, 2)
		if err := Enqueue(ctx, d, Message{To: "drita@example.org", Subject: "Kujtesë", Body: "Afati është nesër.", Lang: "sq"}); err != nil {
			t.Fatal(err)
		}
		o := NewOutbox(d, realMailer(t, ms))
		clk := &clock{t: db.Now().Add(time.Second)}
		o.Now = clk.Now
		round := func(wantSent int, wantErr bool) {
			t.Helper()
			n, err := o.SendPending(ctx, 10)
			if n != wantSent || (err != nil) != wantErr {
				t.Fatalf("SendPending = %d, %v; want %d sent, error %v", n, err, wantSent, wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), "451") {
				t.Fatalf("error %v does not carry the server's 451", err)
			}
		}
		round(0, true) // refused (1)
		rows, _ := All(ctx, d)
		if r := rows[0]; r.SentAt != nil || r.Attempts != 1 || !strings.Contains(r.LastError, "451") || r.LastAttemptAt == nil {
			t.Fatalf("after a refusal the row is %+v; want pending, 1 attempt, the 451 kept", r)
		}
		round(0, false) // before the back-off: not tried
		if sessions, _ := ms.Counts(); sessions != 1 {
			t.Fatalf("%d SMTP sessions before the back-off ended, want 1", sessions)
		}
		clk.Advance(backoff(1))
		round(0, true) // refused (2)
		clk.Advance(backoff(2) - time.Second)
		round(0, false) // one second short of the second back-off
		clk.Advance(time.Second)
		round(1, false) // accepted
		clk.Advance(24 * time.Hour)
		round(0, false) // nothing left to send
		if sessions, refused := ms.Counts(); sessions != 3 || refused != 2 {
			t.Errorf("sessions %d, refusals %d; want 3 and 2", sessions, refused)
		}
		got := ms.Messages()
		if len(got) != 1 || !bytes.Contains([]byte(got[0].Data), []byte("Afati =C3=ABsht=C3=AB nes=C3=ABr.")) {
			t.Fatalf("arrived %d messages (want exactly 1 with the body): %+v", len(got), got)
		}
		rows, _ = All(ctx, d)
		if r := rows[0]; r.SentAt == nil || r.Attempts != 3 || r.LastError != "" {
			t.Errorf("row after delivery = %+v; want sent after 3 attempts, error cleared", r)
		}
	})
}

// Retry makes a failed message due again, audited; a sent one is not found.
func TestRetryFailedMail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		enqueueN(t, d, 2)
		o, f, clk := newTestOutbox(d)
		f.set(errors.New("550 mailbox unavailable"))
		for i := 0; i < MaxAttempts; i++ {
			_, _ = o.SendPending(ctx, 1) // only the first message
			clk.Advance(5 * time.Hour)
		}
		pg, err := Unsent(ctx, d, 1, 50)
		if err != nil {
			t.Fatal(err)
		}
		if pg.Total != 2 || pg.Failed != 1 || !pg.Items[0].Failed() || pg.Items[0].LastError != "550 mailbox unavailable" {
			t.Fatalf("Unsent = %+v; want 2 unsent, the failed one first with its error", pg)
		}
		failed := pg.Items[0].ID
		if err := Retry(ctx, d, pg.Items[1].ID); err == nil {
			t.Error("Retry of a message never tried succeeded")
		}
		if err := Retry(ctx, d, failed); err != nil {
			t.Fatal(err)
		}
		var audits int
		if err := db.Get(ctx, d, &audits, `SELECT COUNT(*) FROM audit_log WHERE action = 'outbox.retry' AND object_id = ?`, failed); err != nil || audits != 1 {
			t.Errorf("audit rows for the retry = %d, %v; want 1", audits, err)
		}
		f.set(nil)
		if n, err := o.SendPending(ctx, 10); n != 2 || err != nil {
			t.Fatalf("SendPending after the retry = %d, %v; want both sent", n, err)
		}
		if err := Retry(ctx, d, failed); err == nil {
			t.Error("Retry of a sent message succeeded")
		}
		if pg, _ := Unsent(ctx, d, 1, 50); pg.Total != 0 {
			t.Errorf("unsent after delivery = %+v", pg)
		}
	})
}
