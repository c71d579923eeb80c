package notify

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// lockedLog is a log buffer the outbox's goroutine writes while the test reads.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func debugLogTo(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// At the default info level the log mailer's letters stay out of the log:
// one count line per round says how many went out; each letter is a debug
// line. Drain empties the outbox in batches of 100.
func TestLogMailerLinesAreDebugAndTheCountIsInfo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		enqueueN(t, d, 150)
		var info strings.Builder
		var debug lockedLog
		o := NewOutbox(d, LogMailer{Log: slog.New(slog.NewTextHandler(&info, nil))})
		n, err := o.Drain(ctx)
		if err != nil || n != 150 {
			t.Fatalf("Drain = %d, %v; want 150", n, err)
		}
		if strings.Contains(info.String(), "u1@example.org") || strings.Contains(info.String(), "mail not sent") {
			t.Errorf("letters logged at info level:\n%.300s", info.String())
		}
		enqueueN(t, d, 3)
		o = NewOutbox(d, LogMailer{Log: debugLogTo(&debug)})
		var runLog lockedLog
		o.Log = slog.New(slog.NewTextHandler(&runLog, nil))
		rctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { o.Run(rctx, time.Hour); close(done) }()
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(runLog.String(), "count=3") && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
		<-done
		if got := strings.Count(debug.String(), "level=DEBUG msg=\"mail not sent (log mailer)\""); got != 3 {
			t.Errorf("debug lines = %d, want 3:\n%s", got, debug.String())
		}
		if !strings.Contains(runLog.String(), `level=INFO msg="outbox: mail delivered" count=3`) {
			t.Errorf("no info line with the count:\n%s", runLog.String())
		}
	})
}
