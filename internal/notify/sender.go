package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/subgrant/portal/internal/db"
)

// Outbox sends the messages Enqueue stored. On PostgreSQL any number of
// server processes may run it: a message being sent is row-locked and the
// others skip it. On SQLite, one process owns the file and runs it.
type Outbox struct {
	DB     *db.DB
	Mailer Mailer
	Now    func() time.Time
	Log    *slog.Logger // nil means slog.Default()

	mu sync.Mutex // one SendPending at a time per Outbox
}

// NewOutbox returns an outbox on d sending through m.
func NewOutbox(d *db.DB, m Mailer) *Outbox { return &Outbox{DB: d, Mailer: m, Now: db.Now} }

func (o *Outbox) now() time.Time {
	if o.Now == nil {
		return db.Now()
	}
	return o.Now().UTC()
}

// backoff is the wait after the n-th failed attempt: 1, 2, 4 ... 256
// minutes, so a mail server that is down for hours loses nothing.
func backoff(n int) time.Duration { return time.Minute << (n - 1) }

type candidate struct {
	ID          int64      `db:"id"`
	CreatedAt   time.Time  `db:"created_at"`
	Attempts    int        `db:"attempts"`
	LastAttempt *time.Time `db:"last_attempt_at"`
}

// due reports whether a message may be tried now: at once when it was never
// tried, else backoff(attempts) after its last attempt (after its creation
// for a row claimed by a process that died before recording its try).
func (c candidate) due(now time.Time) bool {
	if c.Attempts == 0 {
		return true
	}
	from := c.CreatedAt
	if c.LastAttempt != nil {
		from = *c.LastAttempt
	}
	return !now.Before(from.Add(backoff(c.Attempts)))
}

// SendPending sends up to limit due messages, oldest first. A message that
// fails keeps its place with one more attempt and its error; the errors are
// returned joined after the rest have been tried.
func (o *Outbox) SendPending(ctx context.Context, limit int) (int, error) {
	if o.Mailer == nil {
		return 0, errors.New("outbox: no mailer")
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	var cands []candidate
	if err := db.Select(ctx, o.DB, &cands, `SELECT id, created_at, attempts, last_attempt_at FROM outbox
		WHERE sent_at IS NULL AND attempts < ? ORDER BY id LIMIT 1000`, MaxAttempts); err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	now := o.now()
	sent, tried := 0, 0
	var errs []error
	for _, c := range cands {
		if tried >= limit || ctx.Err() != nil {
			break
		}
		if !c.due(now) {
			continue
		}
		tried++
		out, err := o.deliver(ctx, c)
		if out.sent {
			sent++
		}
		if out.mailErr != nil {
			errs = append(errs, fmt.Errorf("outbox: message %d, attempt %d of %d: %w", c.ID, c.Attempts+1, MaxAttempts, out.mailErr))
		}
		errs = append(errs, err)
	}
	return sent, errors.Join(errs...)
}

// outcome is what became of one message: sent, or the mailer's error.
type outcome struct {
	sent    bool
	mailErr error
}

const pickRow = `SELECT ` + messageColumns + ` FROM outbox WHERE id = ? AND attempts = ? AND sent_at IS NULL`

// deliver sends one message and records the outcome. A crash between
// sending and recording sends it again: mail goes out at least once.
func (o *Outbox) deliver(ctx context.Context, c candidate) (outcome, error) {
	if o.DB.Driver == db.Postgres {
		return o.deliverLocked(ctx, c)
	}
	// SQLite: claim by counting the attempt first, outside a transaction,
	// since a write lock held while talking SMTP would stall every writer.
	res, err := db.Exec(ctx, o.DB, `UPDATE outbox SET attempts = attempts + 1
		WHERE id = ? AND attempts = ? AND sent_at IS NULL`, c.ID, c.Attempts)
	if err != nil {
		return outcome{}, fmt.Errorf("outbox: claim %d: %w", c.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return outcome{}, err
	}
	var m Message
	if err := db.Get(ctx, o.DB, &m, pickRow, c.ID, c.Attempts+1); err != nil {
		return outcome{}, fmt.Errorf("outbox: read %d: %w", c.ID, err)
	}
	out := o.send(ctx, m)
	// Record the outcome even if shutdown cancelled ctx meanwhile.
	return out, o.record(context.WithoutCancel(ctx), o.DB, c.ID, out, "")
}

// deliverLocked holds the row lock while sending, so that no other process
// sends the message too; a crash rolls the attempt back.
func (o *Outbox) deliverLocked(ctx context.Context, c candidate) (outcome, error) {
	tx, err := o.DB.BeginTxx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return outcome{}, fmt.Errorf("outbox: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }() // no-op after Commit
	var m Message
	err = db.Get(ctx, tx, &m, pickRow+` FOR UPDATE SKIP LOCKED`, c.ID, c.Attempts)
	if err != nil {
		if !isNotFound(err) {
			return outcome{}, fmt.Errorf("outbox: lock %d: %w", c.ID, err)
		}
		return outcome{}, nil // sent, tried or locked elsewhere since we looked
	}
	out := o.send(ctx, m)
	if err := o.record(context.WithoutCancel(ctx), tx, c.ID, out, "attempts = attempts + 1, "); err != nil {
		return out, err
	}
	if err := tx.Commit(); err != nil {
		return out, fmt.Errorf("outbox: commit %d: %w", c.ID, err)
	}
	return out, nil
}

func (o *Outbox) send(ctx context.Context, m Message) outcome {
	if err := o.Mailer.Send(ctx, m); err != nil {
		return outcome{mailErr: err}
	}
	return outcome{sent: true}
}

// record stores the outcome; inc is "" or the attempts increment.
func (o *Outbox) record(ctx context.Context, c db.Conn, id int64, out outcome, inc string) error {
	var err error
	now := o.now()
	if out.sent {
		_, err = db.Exec(ctx, c, `UPDATE outbox SET `+inc+`sent_at = ?, last_attempt_at = ?, last_error = '' WHERE id = ?`,
			now, now, id)
	} else {
		_, err = db.Exec(ctx, c, `UPDATE outbox SET `+inc+`last_attempt_at = ?, last_error = ? WHERE id = ?`,
			now, clip(out.mailErr.Error(), 1000), id)
	}
	if err != nil {
		return fmt.Errorf("outbox: record %d: %w", id, err)
	}
	return nil
}

// clip shortens s to at most n bytes without splitting a character.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Drain sends every due message, in batches, and returns how many went out
// (with the log mailer, at start-up, so its count comes before the banner).
func (o *Outbox) Drain(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := o.SendPending(ctx, 100)
		total += n
		if err != nil || n == 0 || ctx.Err() != nil {
			return total, err
		}
	}
}

// Run sends pending mail now and every interval until ctx is done, and logs
// at info how many messages each round delivered.
func (o *Outbox) Run(ctx context.Context, every time.Duration) {
	log := o.Log
	if log == nil {
		log = slog.Default()
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := o.SendPending(ctx, 100)
		if err != nil && ctx.Err() == nil {
			log.WarnContext(ctx, "outbox: some mail not sent", "sent", n, "err", err)
		}
		if n > 0 {
			log.InfoContext(ctx, "outbox: mail delivered", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
