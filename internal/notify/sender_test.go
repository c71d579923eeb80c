package notify

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// fakeMailer records what it sends and fails while fail is set.
type fakeMailer struct {
	mu    sync.Mutex
	sent  []Message
	calls int
	fail  error
}

func (f *fakeMailer) Send(_ context.Context, m Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.fail != nil {
		return f.fail
	}
	f.sent = append(f.sent, m)
	return nil
}

func (f *fakeMailer) set(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = err
}

func (f *fakeMailer) counts() (calls, sent int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls, len(f.sent)
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func enqueueN(t *testing.T, d *db.DB, n int) {
	t.Helper()
	for i := 1; i <= n; i++ {
		m := Message{To: fmt.Sprintf("u%d@example.org", i), Subject: fmt.Sprintf("s%d", i), Body: "body"}
		if err := Enqueue(ctx, d, m); err != nil {
			t.Fatal(err)
		}
	}
}

func newTestOutbox(d *db.DB) (*Outbox, *fakeMailer, *clock) {
	f := &fakeMailer{}
	c := &clock{t: db.Now().Add(time.Second)}
	o := NewOutbox(d, f)
	o.Now = c.Now
	return o, f, c
}

func TestSendPendingSendsOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		enqueueN(t, d, 3)
		o, f, clk := newTestOutbox(d)
		n, err := o.SendPending(ctx, 2)
		if err != nil || n != 2 {
			t.Fatalf("SendPending(2) = %d, %v; want 2, nil", n, err)
		}
		n, err = o.SendPending(ctx, 10)
		if err != nil || n != 1 {
			t.Fatalf("second SendPending = %d, %v; want 1, nil", n, err)
		}
		n, err = o.SendPending(ctx, 10)
		if err != nil || n != 0 {
			t.Fatalf("third SendPending = %d, %v; want 0, nil", n, err)
		}
		if got := subjects(f.sent); got != "s1,s2,s3" {
			t.Errorf("sent %s, want s1,s2,s3 once each, oldest first", got)
		}
		rows, _ := All(ctx, d)
		for _, r := range rows {
			if r.SentAt == nil || !r.SentAt.Equal(clk.Now()) || r.Attempts != 1 || r.LastError != "" {
				t.Errorf("row %d: sent_at %v attempts %d error %q; want sent at %v, 1 attempt", r.ID, r.SentAt, r.Attempts, r.LastError, clk.Now())
			}
		}
	})
}

func TestSendPendingRecordsFailureAndRetries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		enqueueN(t, d, 1)
		o, f, clk := newTestOutbox(d)
		f.set(errors.New("421 4.3.2 service not available"))
		n, err := o.SendPending(ctx, 10)
		if n != 0 || err == nil || !strings.Contains(err.Error(), "421 4.3.2") {
			t.Fatalf("SendPending = %d, %v; want 0 and the mail error", n, err)
		}
		rows, _ := All(ctx, d)
		if r := rows[0]; r.SentAt != nil || r.Attempts != 1 || r.LastError != "421 4.3.2 service not available" {
			t.Fatalf("row after failure = %+v", r)
		}
		if _, err := o.SendPending(ctx, 10); err != nil {
			t.Fatalf("retry before its time: %v", err)
		}
		if calls, _ := f.counts(); calls != 1 {
			t.Fatalf("mailer calls = %d right after a failure, want 1 (back off)", calls)
		}
		clk.Advance(time.Minute)
		f.set(nil)
		if n, err := o.SendPending(ctx, 10); n != 1 || err != nil {
			t.Fatalf("SendPending after back-off = %d, %v; want 1, nil", n, err)
		}
		rows, _ = All(ctx, d)
		if r := rows[0]; r.SentAt == nil || r.Attempts != 2 || r.LastError != "" {
			t.Errorf("row after success = %+v", r)
		}
	})
}

func TestSendPendingGivesUp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		enqueueN(t, d, 1)
		o, f, clk := newTestOutbox(d)
		f.set(errors.New("550 no such user"))
		for i := 0; i < 20; i++ {
			_, err := o.SendPending(ctx, 10)
			if gotErr, wantErr := err != nil, i < MaxAttempts; gotErr != wantErr {
				t.Fatalf("round %d: SendPending err = %v, want an error: %v", i, err, wantErr)
			}
			clk.Advance(5 * time.Hour)
		}
		if calls, _ := f.counts(); calls != MaxAttempts {
			t.Errorf("mailer calls = %d, want %d", calls, MaxAttempts)
		}
		rows, _ := All(ctx, d)
		if r := rows[0]; r.Attempts != MaxAttempts || r.SentAt != nil || r.LastError != "550 no such user" {
			t.Errorf("row = %+v, want %d attempts and the error kept", r, MaxAttempts)
		}
	})
}

// Two senders on one database (two server processes) send each message once.
func TestConcurrentSendersSendOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		const n = 20
		enqueueN(t, d, n)
		f := &fakeMailer{}
		var wg sync.WaitGroup
		for i := 0; i < 2; i++ {
			o := NewOutbox(d, f)
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := o.SendPending(ctx, n); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		seen := map[string]int{}
		for _, m := range f.sent {
			seen[m.To]++
		}
		if len(f.sent) != n || len(seen) != n {
			t.Errorf("sent %d messages to %d addresses, want %d once each", len(f.sent), len(seen), n)
		}
	})
}

func TestRunSendsUntilCancelled(t *testing.T) {
	d := dbtest.SQLite(t)
	f := &fakeMailer{}
	o := NewOutbox(d, f)
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		o.Run(rctx, 10*time.Millisecond)
		close(done)
	}()
	enqueueN(t, d, 2)
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, sent := f.counts(); sent == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Run did not send the queued mail within 5 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

func TestLogMailerLogsBody(t *testing.T) {
	var buf strings.Builder
	l := LogMailer{Log: debugLogTo(&buf)}
	if err := l.Send(ctx, Message{To: "a@example.org", Subject: "Rivendosja", Body: "https://portal/reset/abc"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"a@example.org", "Rivendosja", "https://portal/reset/abc"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("log %q lacks %q", buf.String(), want)
		}
	}
}
