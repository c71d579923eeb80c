package notify

import (
	"bufio"
	"encoding/base64"
	"io"
	"log/slog"
	"mime"
	"net"
	"strings"
	"testing"
	"time"
)

func slogTo(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

func TestNewSMTPMailer(t *testing.T) {
	tests := []struct {
		raw      string
		addr     string
		user     string
		pass     string
		from     string
		implicit bool
		wantErr  bool
	}{
		{"smtp://user:p%40ss@mail.example.org:2525?from=portal@example.org", "mail.example.org:2525", "user", "p@ss", "portal@example.org", false, false},
		{"smtp://mail.example.org?from=portal@example.org", "mail.example.org:587", "", "", "portal@example.org", false, false},
		{"smtps://u:p@mail.example.org?from=portal@example.org", "mail.example.org:465", "u", "p", "portal@example.org", true, false},
		{"smtp://localhost:1025?from=dev@example.org", "localhost:1025", "", "", "dev@example.org", false, false},
		{"smtp://mail.example.org", "", "", "", "", false, true},
		{"smtp://mail.example.org?from=Portal%20%3Cp@example.org%3E", "", "", "", "", false, true},
		{"http://mail.example.org?from=portal@example.org", "", "", "", "", false, true},
		{"smtp://?from=portal@example.org", "", "", "", "", false, true},
		{"::", "", "", "", "", false, true},
	}
	for _, tt := range tests {
		m, err := NewSMTPMailer(tt.raw)
		if (err != nil) != tt.wantErr {
			t.Errorf("NewSMTPMailer(%q) err = %v, wantErr %v", tt.raw, err, tt.wantErr)
			continue
		}
		if err != nil {
			if strings.Contains(err.Error(), "p@ss") {
				t.Errorf("error %q shows the password", err)
			}
			continue
		}
		if m.Addr != tt.addr || m.Username != tt.user || m.Password != tt.pass || m.From != tt.from || m.ImplicitTLS != tt.implicit {
			t.Errorf("NewSMTPMailer(%q) = %+v", tt.raw, m)
		}
	}
}

// fakeSMTP is a minimal plain-text SMTP server that keeps one message.
type fakeSMTP struct {
	addr string
	got  chan string // AUTH line, envelope and data, for the test
}

func startFakeSMTP(t *testing.T) *fakeSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	f := &fakeSMTP{addr: ln.Addr().String(), got: make(chan string, 1)}
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		r := bufio.NewReader(c)
		say := func(s string) { _, _ = io.WriteString(c, s+"\r\n") }
		var log strings.Builder
		say("220 fake ESMTP")
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			cmd := strings.ToUpper(strings.Fields(line + " x")[0])
			switch cmd {
			case "EHLO":
				say("250-fake")
				say("250 AUTH PLAIN")
			case "AUTH":
				log.WriteString(line)
				say("235 ok")
			case "MAIL", "RCPT":
				log.WriteString(line)
				say("250 ok")
			case "DATA":
				say("354 go on")
				for {
					l, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if l == ".\r\n" {
						break
					}
					log.WriteString(strings.TrimPrefix(l, ".")) // undo dot-stuffing
				}
				say("250 queued")
			case "QUIT":
				say("221 bye")
				f.got <- log.String()
				return
			default:
				say("502 no")
			}
		}
	}()
	return f
}

func TestSMTPMailerSends(t *testing.T) {
	srv := startFakeSMTP(t)
	m, err := NewSMTPMailer("smtp://portal:s3cret@" + srv.addr + "?from=portal@example.org")
	if err != nil {
		t.Fatal(err)
	}
	m.Host = "127.0.0.1" // PLAIN auth without TLS is allowed to localhost only
	msg := Message{To: "drita@example.org", Subject: "Rivendosja e fjalëkalimit — Промена",
		Body: "Përshëndetje Drita,\n\nhttps://portal.example.org/reset/abc?x=1\n.\nMirupafshim"}
	if err := m.Send(ctx, msg); err != nil {
		t.Fatal(err)
	}
	var got string
	select {
	case got = <-srv.got:
	case <-time.After(5 * time.Second):
		t.Fatal("fake server got nothing")
	}
	wantAuth := "AUTH PLAIN " + base64.StdEncoding.EncodeToString([]byte("\x00portal\x00s3cret"))
	for _, want := range []string{wantAuth, "MAIL FROM:<portal@example.org>", "RCPT TO:<drita@example.org>"} {
		if !strings.Contains(got, want) {
			t.Errorf("session lacks %q:\n%s", want, got)
		}
	}
	data := got[strings.Index(got, "From: "):]
	pm, parts := messageParts(t, data)
	subject, err := new(mime.WordDecoder).DecodeHeader(pm.Header.Get("Subject"))
	if err != nil || subject != msg.Subject {
		t.Errorf("Subject = %q, %v; want %q", subject, err, msg.Subject)
	}
	if pm.Header.Get("To") != msg.To || pm.Header.Get("From") != "portal@example.org" || pm.Header.Get("Message-Id") == "" {
		t.Errorf("headers = %v", pm.Header)
	}
	if len(parts) != 2 || parts[0].Type != "text/plain" || parts[1].Type != "text/html" || parts[0].Path != "multipart/alternative" {
		t.Fatalf("parts = %+v, want text/plain then text/html in multipart/alternative", parts)
	}
	// The lone "." line was dot-stuffed on the wire and comes back intact.
	if want := strings.ReplaceAll(msg.Body, "\n", "\r\n"); parts[0].Body != want {
		t.Errorf("body = %q, want %q", parts[0].Body, want)
	}
	if !strings.Contains(parts[1].Body, "<p>Përshëndetje Drita,</p>") {
		t.Errorf("HTML part lacks the first paragraph:\n%s", parts[1].Body)
	}
}

func TestSMTPMailerRefusesBadRecipient(t *testing.T) {
	m := &SMTPMailer{Addr: "127.0.0.1:1", Host: "127.0.0.1", From: "p@example.org"}
	if err := m.Send(ctx, Message{To: "a@example.org\r\nBcc: b@example.org", Subject: "x"}); err == nil {
		t.Error("Send accepted a recipient with a header in it")
	}
}
