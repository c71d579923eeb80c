package notify

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// pdfBytes is binary content: a NUL, high bytes and CRLF must come back intact.
var pdfBytes = append([]byte("%PDF-1.7\r\n\x00\xff\xfe"), bytes.Repeat([]byte("ëç đč "), 400)...)

func letterMessage() Message {
	return Message{To: "drita@example.org", Subject: "Vendimi për grantin", Body: "Përshëndetje,\nletra është bashkëngjitur.",
		AttachmentName: "Letra — vendimi ë ç đ.pdf", AttachmentType: "application/pdf", Attachment: pdfBytes}
}

// An attachment is stored with its message, listed by All and Pending and
// handed to the mailer; a message without one stores none.
func TestEnqueueKeepsAttachment(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		if err := Enqueue(ctx, d, Message{To: "plain@example.org", Subject: "Plain", Body: "b"}); err != nil {
			t.Fatal(err)
		}
		want := letterMessage()
		if err := Enqueue(ctx, d, want); err != nil {
			t.Fatal(err)
		}
		rows, err := All(ctx, d)
		if err != nil || len(rows) != 2 {
			t.Fatalf("All = %d rows, %v; want 2", len(rows), err)
		}
		if r := rows[0]; r.AttachmentName != "" || r.AttachmentType != "" || r.Attachment != nil {
			t.Errorf("plain row has an attachment: %q %q %d bytes", r.AttachmentName, r.AttachmentType, len(r.Attachment))
		}
		if r := rows[1]; r.AttachmentName != want.AttachmentName || r.AttachmentType != "application/pdf" || !bytes.Equal(r.Attachment, pdfBytes) {
			t.Errorf("letter row = %q %q %d bytes; want the attachment intact", r.AttachmentName, r.AttachmentType, len(r.Attachment))
		}
		pending, err := Pending(ctx, d, "drita@example.org")
		if err != nil || len(pending) != 1 || !bytes.Equal(pending[0].Attachment, pdfBytes) || pending[0].AttachmentName != want.AttachmentName {
			t.Fatalf("Pending = %+v, %v; want the letter with its attachment", len(pending), err)
		}
		o, f, _ := newTestOutbox(d)
		if n, err := o.SendPending(ctx, 10); n != 2 || err != nil {
			t.Fatalf("SendPending = %d, %v; want 2, nil", n, err)
		}
		if len(f.sent) != 2 || f.sent[0].Attachment != nil || !bytes.Equal(f.sent[1].Attachment, pdfBytes) ||
			f.sent[1].AttachmentName != want.AttachmentName || f.sent[1].AttachmentType != "application/pdf" {
			t.Errorf("mailer got %d messages without the letter's attachment intact", len(f.sent))
		}
	})
}

func TestEnqueueChecksAttachment(t *testing.T) {
	d := dbtest.SQLite(t)
	base := Message{To: "a@example.org", Subject: "s"}
	bad := map[string]Message{
		"name without content": {AttachmentName: "a.pdf"},
		"type without content": {AttachmentType: "application/pdf"},
		"content without name": {Attachment: []byte("x")},
		"only dots as name":    {AttachmentName: "../..", Attachment: []byte("x")},
		"type with params":     {AttachmentName: "a.pdf", AttachmentType: "text/plain; charset=x", Attachment: []byte("x")},
		"type without slash":   {AttachmentName: "a.pdf", AttachmentType: "pdf", Attachment: []byte("x")},
		"too big":              {AttachmentName: "a.pdf", Attachment: make([]byte, MaxAttachment+1)},
	}
	for name, m := range bad {
		m.To, m.Subject = base.To, base.Subject
		if err := Enqueue(ctx, d, m); err == nil {
			t.Errorf("%s: Enqueue = nil, want an error", name)
		}
	}
	long := strings.Repeat("ë", 100) + ".pdf"
	good := []struct{ name, typ, wantName, wantType string }{
		{"../../etc/passwd\r\nBcc: x@example.org", "", "etc passwd Bcc: x@example.org", "application/octet-stream"},
		{`Raporti "final".pdf`, "Application/PDF", "Raporti 'final'.pdf", "application/pdf"},
		{long, "application/pdf", strings.Repeat("ë", 60), "application/pdf"},
	}
	for _, g := range good {
		if err := Enqueue(ctx, d, Message{To: "a@example.org", Subject: "s", AttachmentName: g.name, AttachmentType: g.typ, Attachment: []byte("x")}); err != nil {
			t.Fatalf("Enqueue(%q) = %v", g.name, err)
		}
	}
	rows, _ := All(ctx, d)
	if len(rows) != len(good) {
		t.Fatalf("stored %d rows, want %d (a refused message was stored)", len(rows), len(good))
	}
	for i, g := range good {
		if rows[i].AttachmentName != g.wantName || rows[i].AttachmentType != g.wantType {
			t.Errorf("stored %q %q, want %q %q", rows[i].AttachmentName, rows[i].AttachmentType, g.wantName, g.wantType)
		}
	}
}

// The SMTP mailer sends multipart/mixed: the text, then the attachment in
// base64 with its UTF-8 file name readable by a MIME parser.
func TestSMTPMailerSendsAttachment(t *testing.T) {
	srv := startFakeSMTP(t)
	m, err := NewSMTPMailer("smtp://" + srv.addr + "?from=portal@example.org")
	if err != nil {
		t.Fatal(err)
	}
	msg := letterMessage()
	if err := m.Send(ctx, msg); err != nil {
		t.Fatal(err)
	}
	var got string
	select {
	case got = <-srv.got:
	case <-time.After(5 * time.Second):
		t.Fatal("fake server got nothing")
	}
	for _, line := range strings.Split(got, "\r\n") {
		if len(line) > 998 {
			t.Fatalf("line of %d bytes exceeds SMTP's limit", len(line))
		}
	}
	pm, parts := messageParts(t, got[strings.Index(got, "From: "):])
	if mt, _, _ := mime.ParseMediaType(pm.Header.Get("Content-Type")); mt != "multipart/mixed" {
		t.Fatalf("Content-Type = %q, want multipart/mixed", pm.Header.Get("Content-Type"))
	}
	if len(parts) != 3 {
		t.Fatalf("parts = %+v, want text, HTML and the attachment", parts)
	}
	text, html, att := parts[0], parts[1], parts[2]
	if text.Type != "text/plain" || text.Path != "multipart/mixed>multipart/alternative" ||
		text.Body != strings.ReplaceAll(msg.Body, "\n", "\r\n") {
		t.Errorf("text part = %+v, want %q inside the alternative", text, msg.Body)
	}
	if html.Type != "text/html" || html.Path != "multipart/mixed>multipart/alternative" {
		t.Errorf("second part = %+v, want the HTML inside the alternative", html)
	}
	if att.FileName != msg.AttachmentName || att.Path != "multipart/mixed" {
		t.Errorf("FileName = %q at %s, want %q in the mixed part", att.FileName, att.Path, msg.AttachmentName)
	}
	name, derr := new(mime.WordDecoder).DecodeHeader(att.Params["name"])
	if att.Type != "application/pdf" || derr != nil || name != msg.AttachmentName {
		t.Errorf("attachment type = %q (name %q); want application/pdf named %q", att.Type, name, msg.AttachmentName)
	}
	if att.Encoding != "base64" {
		t.Errorf("Content-Transfer-Encoding = %q, want base64", att.Encoding)
	}
	data, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, strings.NewReader(att.Body)))
	if err != nil || !bytes.Equal(data, pdfBytes) {
		t.Errorf("attachment = %d bytes, %v; want the %d bytes sent", len(data), err, len(pdfBytes))
	}
}

// The log mailer names the attachment and its size, never its content.
func TestLogMailerLogsAttachmentNameOnly(t *testing.T) {
	var buf strings.Builder
	l := LogMailer{Log: debugLogTo(&buf)}
	msg := letterMessage()
	msg.Attachment = []byte("SECRET-LETTER-CONTENT")
	if err := l.Send(ctx, msg); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, msg.AttachmentName) || !strings.Contains(out, "attachment_bytes="+strconv.Itoa(len(msg.Attachment))) {
		t.Errorf("log %q lacks the attachment's name or size", out)
	}
	if strings.Contains(out, "SECRET-LETTER-CONTENT") || strings.Contains(out, base64.StdEncoding.EncodeToString(msg.Attachment)) {
		t.Errorf("log %q shows the attachment's content", out)
	}
}
