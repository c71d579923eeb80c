package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"net/url"
	"strings"
	"time"
)

// SMTPMailer sends through a mail server named by a URL. smtp:// upgrades
// with STARTTLS when the server offers it; smtps:// is TLS from the start.
// Credentials are only ever sent over TLS (or to localhost).
type SMTPMailer struct {
	Addr        string // host:port
	Host        string // for TLS verification and PLAIN auth
	From        string
	Username    string
	Password    string
	ImplicitTLS bool
	Timeout     time.Duration // per message, dial to QUIT
	TLSConfig   *tls.Config   // nil verifies Host against the system roots
	// BaseURL is the portal's own address (PORTAL_BASE_URL): in the HTML
	// part, only links that start with it become clickable.
	BaseURL string
}

// NewSMTPMailer parses smtp://user:pass@host:port?from=portal@example.org
// (or smtps://). The port defaults to 587 for smtp and 465 for smtps.
func NewSMTPMailer(rawURL string) (*SMTPMailer, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, errors.New("mail URL: not a valid URL")
	}
	m := &SMTPMailer{Host: u.Hostname(), Timeout: 30 * time.Second}
	port := u.Port()
	switch u.Scheme {
	case "smtp":
		if port == "" {
			port = "587"
		}
	case "smtps":
		m.ImplicitTLS = true
		if port == "" {
			port = "465"
		}
	default:
		return nil, fmt.Errorf("mail URL: scheme %q: use smtp:// or smtps://", u.Scheme)
	}
	if m.Host == "" {
		return nil, errors.New("mail URL: needs a host")
	}
	m.Addr = net.JoinHostPort(m.Host, port)
	if u.User != nil {
		m.Username = u.User.Username()
		m.Password, _ = u.User.Password()
	}
	m.From = u.Query().Get("from")
	if !validAddress(m.From) {
		return nil, errors.New("mail URL: needs ?from= with a bare sender address")
	}
	return m, nil
}

// Send delivers one message, giving up at ctx's deadline or after Timeout.
func (s *SMTPMailer) Send(ctx context.Context, m Message) error {
	if !validAddress(m.To) {
		return fmt.Errorf("smtp: invalid recipient %q", m.To)
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := s.dial(ctx)
	if err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp greeting: %w", err)
	}
	defer c.Close()
	if !s.ImplicitTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(s.tlsConfig()); err != nil {
				return fmt.Errorf("smtp starttls: %w", err)
			}
		}
	}
	if s.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	if err := c.Mail(s.From); err != nil {
		return fmt.Errorf("smtp MAIL FROM: %w", err)
	}
	if err := c.Rcpt(m.To); err != nil {
		return fmt.Errorf("smtp RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp DATA: %w", err)
	}
	if _, err := w.Write(s.compose(m, time.Now())); err != nil {
		return fmt.Errorf("smtp write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp end of data: %w", err)
	}
	return c.Quit()
}

func (s *SMTPMailer) dial(ctx context.Context) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return nil, fmt.Errorf("smtp dial: %w", err)
	}
	if !s.ImplicitTLS {
		return conn, nil
	}
	tc := tls.Client(conn, s.tlsConfig())
	if err := tc.HandshakeContext(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("smtp tls: %w", err)
	}
	return tc, nil
}

func (s *SMTPMailer) tlsConfig() *tls.Config {
	if s.TLSConfig != nil {
		return s.TLSConfig
	}
	return &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
}

// compose writes a UTF-8 message with CRLF line ends: Q-encoded subject,
// the body as multipart/alternative (quoted-printable plain text and the
// HTML built from it) and, when the message has an attachment,
// multipart/mixed around that with the attachment in base64.
func (s *SMTPMailer) compose(m Message, now time.Time) []byte {
	var b bytes.Buffer
	id := make([]byte, 12)
	_, _ = rand.Read(id)
	domain := s.From[strings.LastIndexByte(s.From, '@')+1:]
	hdr := [][2]string{
		{"From", s.From},
		{"To", m.To},
		{"Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject))},
		{"Date", now.Format(time.RFC1123Z)},
		{"Message-ID", "<" + hex.EncodeToString(id) + "@" + domain + ">"},
		{"MIME-Version", "1.0"},
	}
	if lang := langTag(m.Lang); lang != "" {
		hdr = append(hdr, [2]string{"Content-Language", lang})
	}
	var body bytes.Buffer
	if len(m.Attachment) == 0 {
		hdr = append(hdr, [2]string{"Content-Type", writeAlternative(&body, m, s.BaseURL)})
	} else {
		hdr = append(hdr, [2]string{"Content-Type", writeMixed(&body, m, s.BaseURL)})
	}
	for _, h := range hdr {
		b.WriteString(h[0] + ": " + h[1] + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(body.Bytes())
	return b.Bytes()
}
