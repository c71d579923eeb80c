// Package smtptest runs a real SMTP server (github.com/emersion/go-smtp)
// inside a test process, so that tests send through notify.SMTPMailer and
// read what arrived. It is for tests only; nothing else imports it.
package smtptest

import (
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Server keeps every message it accepted. While Refuse is above zero it
// answers RCPT with a 451 (try again later) and counts the refusal down.
type Server struct {
	Addr string // host:port to dial

	mu       sync.Mutex
	refuse   int
	refused  int
	sessions int
	arrived  []Message
}

// Message is one accepted message: the envelope and the raw data.
type Message struct {
	From string
	To   []string
	Data string
}

// Start listens on 127.0.0.1 and serves until the test ends; the first
// refuse recipients are refused with 451.
func Start(t testing.TB, refuse int) *Server {
	t.Helper()
	s := &Server{refuse: refuse}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.MaxMessageBytes = 16 << 20
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// URL is the PORTAL_SMTP_URL that sends to the server from "from".
func (s *Server) URL(from string) string { return "smtp://" + s.Addr + "?from=" + from }

// Messages returns what arrived so far, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.arrived...)
}

// Counts reports how many sessions were opened and recipients refused.
func (s *Server) Counts() (sessions, refused int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions, s.refused
}

// NewSession implements smtp.Backend.
func (s *Server) NewSession(*smtp.Conn) (smtp.Session, error) {
	s.mu.Lock()
	s.sessions++
	s.mu.Unlock()
	return &session{s: s}, nil
}

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error { x.from = from; return nil }

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.refuse > 0 {
		x.s.refuse--
		x.s.refused++
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	x.s.arrived = append(x.s.arrived, Message{From: x.from, To: x.to, Data: string(b)})
	return nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
