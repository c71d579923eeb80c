package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// Throttle counts failed sign-ins per key ("acct:<email>", "ip:<addr>") in
// the database, so every server process sees the same counts. Once Max
// failures fall within Window, the key is locked for Lockout.
type Throttle struct {
	DB      *db.DB
	Now     func() time.Time
	Max     int
	Window  time.Duration
	Lockout time.Duration
}

// NewThrottle returns a throttle allowing max failures per 15 minutes and
// locking for 15 minutes after that.
func NewThrottle(d *db.DB, max int) *Throttle {
	return &Throttle{DB: d, Now: db.Now, Max: max, Window: 15 * time.Minute, Lockout: 15 * time.Minute}
}

type attemptRow struct {
	Failures    int        `db:"failures"`
	WindowStart time.Time  `db:"window_start"`
	LockedUntil *time.Time `db:"locked_until"`
}

func (t *Throttle) now() time.Time {
	if t.Now == nil {
		return db.Now()
	}
	return t.Now().UTC()
}

// Check returns how long the key stays locked. While it is locked the error
// is TooMany (key auth.error.too_many_attempts) and retryAfter is positive,
// whole seconds rounded up, ready for a Retry-After header.
func (t *Throttle) Check(ctx context.Context, key string) (time.Duration, error) {
	var r attemptRow
	err := db.Get(ctx, t.DB, &r, `SELECT failures, window_start, locked_until FROM login_attempts WHERE key = ?`, key)
	if apperr.Is(err, apperr.NotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read login attempts: %w", err)
	}
	now := t.now()
	if r.LockedUntil == nil || !now.Before(*r.LockedUntil) {
		return 0, nil
	}
	return roundUp(r.LockedUntil.Sub(now)), apperr.New(apperr.TooMany, "auth.error.too_many_attempts")
}

// Fail counts one failure for key, locking it when the failures in the
// current window reach Max.
func (t *Throttle) Fail(ctx context.Context, key string) error {
	return t.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		now := t.now()
		// Concurrent failures on PostgreSQL queue on the row lock, SQLite's
		// write lock queues them.
		r, err := t.lockRow(ctx, tx, key, now)
		if err != nil {
			return err
		}
		locked := r.LockedUntil != nil && now.Before(*r.LockedUntil)
		lockOver := r.LockedUntil != nil && !locked
		if !locked && (lockOver || now.Sub(r.WindowStart) >= t.Window) {
			r = attemptRow{WindowStart: now}
		}
		r.Failures++
		if !locked && r.Failures >= t.Max {
			until := now.Add(t.Lockout)
			r.LockedUntil = &until
		}
		if _, err := db.Exec(ctx, tx, `UPDATE login_attempts SET failures = ?, window_start = ?, locked_until = ?
			WHERE key = ?`, r.Failures, r.WindowStart, r.LockedUntil, key); err != nil {
			return fmt.Errorf("update login attempts: %w", err)
		}
		return nil
	})
}

// Reserve takes one attempt for key before the password (or code) is
// checked, atomically: the row is locked (FOR UPDATE on PostgreSQL, the
// immediate write transaction on SQLite) while it is read and counted, so
// requests that arrive together queue and at most Max of them per window
// get through. A locked key is not counted again and gets TooMany with the
// time to wait. The attempt counts as a failure unless Release or Reset
// gives it back.
func (t *Throttle) Reserve(ctx context.Context, key string) (time.Duration, error) {
	var wait time.Duration
	err := t.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		now := t.now()
		r, err := t.lockRow(ctx, tx, key, now)
		if err != nil {
			return err
		}
		if r.LockedUntil != nil && now.Before(*r.LockedUntil) {
			wait = roundUp(r.LockedUntil.Sub(now))
			return apperr.New(apperr.TooMany, "auth.error.too_many_attempts")
		}
		if r.LockedUntil != nil || now.Sub(r.WindowStart) >= t.Window {
			r = attemptRow{WindowStart: now}
		}
		r.Failures++
		r.LockedUntil = nil
		if r.Failures >= t.Max {
			until := now.Add(t.Lockout)
			r.LockedUntil = &until
		}
		if _, err := db.Exec(ctx, tx, `UPDATE login_attempts SET failures = ?, window_start = ?, locked_until = ?
			WHERE key = ?`, r.Failures, r.WindowStart, r.LockedUntil, key); err != nil {
			return fmt.Errorf("update login attempts: %w", err)
		}
		return nil
	})
	return wait, err
}

// Release gives back one attempt taken by Reserve that turned out not to
// be a failure (a right password counted against the client address), and
// lifts the lock when the failures left are below Max.
func (t *Throttle) Release(ctx context.Context, key string) error {
	if _, err := db.Exec(ctx, t.DB, `UPDATE login_attempts SET failures = failures - 1,
		locked_until = CASE WHEN failures - 1 < ? THEN NULL ELSE locked_until END
		WHERE key = ? AND failures > 0`, t.Max, key); err != nil {
		return fmt.Errorf("release login attempt: %w", err)
	}
	return nil
}

// lockRow makes sure key's row exists and reads it under a write lock.
func (t *Throttle) lockRow(ctx context.Context, tx *sqlx.Tx, key string, now time.Time) (attemptRow, error) {
	if _, err := db.Exec(ctx, tx, `INSERT INTO login_attempts (key, failures, window_start)
		VALUES (?, 0, ?) ON CONFLICT (key) DO NOTHING`, key, now); err != nil {
		return attemptRow{}, fmt.Errorf("insert login attempts: %w", err)
	}
	q := `SELECT failures, window_start, locked_until FROM login_attempts WHERE key = ?`
	if t.DB.Driver == db.Postgres {
		q += ` FOR UPDATE`
	}
	var r attemptRow
	if err := db.Get(ctx, tx, &r, q, key); err != nil {
		return attemptRow{}, fmt.Errorf("read login attempts: %w", err)
	}
	return r, nil
}

// roundUp rounds a wait up to whole seconds, ready for a Retry-After header.
func roundUp(wait time.Duration) time.Duration {
	if rem := wait % time.Second; rem != 0 {
		wait += time.Second - rem
	}
	return wait
}

// Reset forgets the failures of key, after a successful sign-in.
func (t *Throttle) Reset(ctx context.Context, key string) error {
	if _, err := db.Exec(ctx, t.DB, `DELETE FROM login_attempts WHERE key = ?`, key); err != nil {
		return fmt.Errorf("reset login attempts: %w", err)
	}
	return nil
}

// Purge deletes rows whose window and lock are both over; run it now and
// then so the table does not grow with every address ever seen.
func (t *Throttle) Purge(ctx context.Context) (int64, error) {
	now := t.now()
	res, err := db.Exec(ctx, t.DB, `DELETE FROM login_attempts
		WHERE window_start < ? AND (locked_until IS NULL OR locked_until < ?)`, now.Add(-t.Window), now)
	if err != nil {
		return 0, fmt.Errorf("purge login attempts: %w", err)
	}
	return res.RowsAffected()
}
