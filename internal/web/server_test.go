package web_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/config"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web"
)

// bareServer is the portal on d without any users: enough for plumbing tests.
func bareServer(t testing.TB, d *db.DB) *web.Server {
	t.Helper()
	gin.SetMode(gin.TestMode)
	srv, err := web.New(web.Deps{Config: config.FromEnv(func(string) string { return "" }), DB: d})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	return srv
}

// served is a web.ServeListener running on a free local port.
type served struct {
	addr   string
	stop   context.CancelFunc
	done   chan struct{}
	result error // ServeListener's return value, once done is closed
}

// wait reports whether ServeListener returned within d, and its result.
func (s *served) wait(d time.Duration) (bool, error) {
	select {
	case <-s.done:
		return true, s.result
	case <-time.After(d):
		return false, nil
	}
}

func serveOn(t *testing.T, h http.Handler, to web.Timeouts) *served {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{addr: ln.Addr().String(), stop: cancel, done: make(chan struct{})}
	go func() {
		s.result = web.ServeListener(ctx, ln, h, slog.New(slog.DiscardHandler), to)
		close(s.done)
	}()
	t.Cleanup(func() {
		cancel()
		if ok, _ := s.wait(10 * time.Second); !ok {
			t.Error("ServeListener did not return after its context ended")
		}
	})
	return s
}

// A client that sends part of its headers and then nothing is cut off after
// ReadHeader, even though Read, Write and Idle are much longer.
func TestSlowHeaderClientIsCutOff(t *testing.T) {
	srv := bareServer(t, dbtest.SQLite(t))
	s := serveOn(t, srv.Handler(), web.Timeouts{ReadHeader: 200 * time.Millisecond,
		Read: 30 * time.Second, Write: 30 * time.Second, Idle: 30 * time.Second, Shutdown: 5 * time.Second})
	conn, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n"); err != nil {
		t.Fatal(err)
	}
	if err := conn.SetReadDeadline(time.Now().Add(2 * time.Second)); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(conn) // returns when the server closes the connection
	elapsed := time.Since(start)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server kept the slow connection open for %v (read %q)", elapsed, got)
	}
	if elapsed < 150*time.Millisecond {
		t.Errorf("connection closed after %v, before ReadHeader (200ms) had passed", elapsed)
	}
	if strings.Contains(string(got), "200 OK") {
		t.Errorf("an incomplete request was answered: %q", got)
	}
}

// Cancelling the serve context lets a request in flight finish with 200,
// then ServeListener returns nil and new connections are refused.
func TestGracefulShutdown(t *testing.T) {
	srv := bareServer(t, dbtest.SQLite(t))
	started := make(chan struct{})
	var finished atomic.Bool
	srv.Engine().GET("/test/slow", func(c *gin.Context) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		finished.Store(true)
		c.String(http.StatusOK, "finished")
	})
	s := serveOn(t, srv.Handler(), web.Timeouts{ReadHeader: time.Second, Read: 5 * time.Second,
		Write: 5 * time.Second, Idle: 5 * time.Second, Shutdown: 5 * time.Second})

	type reply struct {
		status int
		body   string
		err    error
	}
	replies := make(chan reply, 1)
	client := &http.Client{Transport: &http.Transport{}, Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	go func() {
		resp, err := client.Get("http://" + s.addr + "/test/slow")
		if err != nil {
			replies <- reply{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		replies <- reply{status: resp.StatusCode, body: string(b), err: err}
	}()
	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("the slow request never reached its handler")
	}
	s.stop()

	ok, err := s.wait(5 * time.Second)
	if !ok {
		t.Fatal("ServeListener did not return after shutdown")
	}
	if err != nil {
		t.Errorf("ServeListener = %v, want nil", err)
	}
	if !finished.Load() {
		t.Error("ServeListener returned before the request in flight had finished")
	}
	r := <-replies
	if r.err != nil || r.status != http.StatusOK || r.body != "finished" {
		t.Errorf("request in flight during shutdown: status %d body %q err %v, want 200", r.status, r.body, r.err)
	}
	if c, err := net.DialTimeout("tcp", s.addr, time.Second); err == nil {
		c.Close()
		t.Error("a new connection was accepted after shutdown")
	}
}

// /healthz answers 200 while the database answers and 503 once it is closed.
func TestHealthz(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv := bareServer(t, d)
		get := func() *httptest.ResponseRecorder {
			rec := httptest.NewRecorder()
			srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
			return rec
		}
		rec := get()
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"status":"ok"`) ||
			!strings.Contains(rec.Body.String(), `"database":"`+string(d.Driver)+`"`) {
			t.Errorf("healthz with the database up: %d %s", rec.Code, rec.Body)
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
		rec = get()
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), `"status":"unavailable"`) {
			t.Errorf("healthz with the database closed: %d %s, want 503", rec.Code, rec.Body)
		}
	})
}
