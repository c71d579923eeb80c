// Package db opens the SQLite or PostgreSQL database behind one sqlx handle
// and applies the embedded migrations. Queries are written once with `?`
// placeholders and rebound for the driver by the helpers here.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/subgrant/portal/internal/apperr"
)

// Driver names the database engine behind a DB.
type Driver string

// The two supported engines.
const (
	SQLite   Driver = "sqlite"
	Postgres Driver = "postgres"
)

// DB is the shared database handle.
type DB struct {
	*sqlx.DB
	Driver Driver
	// writer lets one transaction of this process write a SQLite file at a
	// time (nil on PostgreSQL). SQLite takes one writer anyway; queueing
	// them here, in order, spares them the busy handler's sleeps, which
	// under heavy load could outlast busy_timeout and fail a transaction
	// with "database is locked".
	writer chan struct{}
}

// writerWait bounds how long a transaction queues for the SQLite writer:
// past it, the transaction goes on to SQLite's own busy handling, so a
// transaction opened inside another can never wait forever.
const writerWait = 15 * time.Second

// queueWriter waits for this process's SQLite writer and returns its
// release; on PostgreSQL, a cancelled context or a wait past writerWait it
// returns at once with nothing to release.
func (d *DB) queueWriter(ctx context.Context) (release func()) {
	if d.writer == nil {
		return func() {}
	}
	select {
	case d.writer <- struct{}{}:
		return func() { <-d.writer }
	default:
	}
	t := time.NewTimer(writerWait)
	defer t.Stop()
	select {
	case d.writer <- struct{}{}:
		return func() { <-d.writer }
	case <-ctx.Done():
	case <-t.C:
	}
	return func() {}
}

// Conn is what both *sqlx.DB and *sqlx.Tx offer; store functions take it so
// they run inside or outside a transaction.
type Conn interface {
	sqlx.ExtContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

// sqlitePragmas are set in the DSN so that every pooled connection has them.
const sqlitePragmas = "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)" +
	"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate&_time_format=sqlite"

// Target is a parsed DATABASE_URL.
type Target struct {
	Driver Driver
	DSN    string // what the driver opens
	Path   string // SQLite file path
}

// ParseURL turns DATABASE_URL into a driver and DSN. Empty means the default
// SQLite file ./var/portal.db.
func ParseURL(raw string) (Target, error) {
	switch {
	case raw == "":
		return sqliteTarget("./var/portal.db"), nil
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		u, err := url.Parse(raw)
		if err != nil {
			return Target{}, fmt.Errorf("not a valid URL: %w", err)
		}
		if u.Host == "" {
			return Target{}, errors.New("a postgres URL needs a host")
		}
		if u.Query().Get("sslmode") == "" {
			return Target{}, errors.New("a postgres URL must set sslmode explicitly (disable, require or verify-full)")
		}
		return Target{Driver: Postgres, DSN: raw}, nil
	case strings.HasPrefix(raw, "sqlite://"):
		p := strings.TrimPrefix(raw, "sqlite://")
		if p == "" {
			return Target{}, errors.New("sqlite:// needs a file path")
		}
		return sqliteTarget(p), nil
	case strings.Contains(raw, "://"):
		return Target{}, fmt.Errorf("unsupported scheme in %q: use postgres://, sqlite:// or a file path", redact(raw))
	default:
		return sqliteTarget(raw), nil
	}
}

func sqliteTarget(path string) Target {
	return Target{Driver: SQLite, Path: path, DSN: "file:" + path + "?" + sqlitePragmas}
}

// Open connects to the database named by DATABASE_URL and checks that it answers.
func Open(ctx context.Context, raw string) (*DB, error) {
	t, err := ParseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	if t.Driver == SQLite {
		if dir := filepath.Dir(t.Path); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("create database folder: %w", err)
			}
		}
	}
	x, err := sqlx.Open(string(t.Driver), t.DSN)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", t.Driver, err)
	}
	if t.Driver == SQLite {
		x.SetMaxOpenConns(16)
		x.SetMaxIdleConns(16)
	} else {
		x.SetMaxOpenConns(25)
		x.SetMaxIdleConns(10)
	}
	x.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := x.PingContext(pctx); err != nil {
		x.Close()
		return nil, fmt.Errorf("connect to %s database: %w", t.Driver, err)
	}
	d := &DB{DB: x, Driver: t.Driver}
	if t.Driver == SQLite {
		d.writer = make(chan struct{}, 1)
	}
	return d, nil
}

// Get runs a one-row query; no row is an apperr.NotFound.
func Get(ctx context.Context, c Conn, dest any, query string, args ...any) error {
	err := c.GetContext(ctx, dest, c.Rebind(query), args...)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.Wrap(apperr.NotFound, "error.not_found", err)
	}
	return err
}

// Select runs a query into a slice.
func Select(ctx context.Context, c Conn, dest any, query string, args ...any) error {
	return c.SelectContext(ctx, dest, c.Rebind(query), args...)
}

// Exec runs a statement.
func Exec(ctx context.Context, c Conn, query string, args ...any) (sql.Result, error) {
	return c.ExecContext(ctx, c.Rebind(query), args...)
}

// InsertID runs an INSERT ... RETURNING id and returns the id.
func InsertID(ctx context.Context, c Conn, query string, args ...any) (int64, error) {
	var id int64
	err := c.QueryRowxContext(ctx, c.Rebind(query), args...).Scan(&id)
	return id, err
}

// Tx runs fn in a transaction, committing when fn returns nil. On SQLite
// the transactions of this process queue for the one writer first.
func (d *DB) Tx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	release := d.queueWriter(ctx)
	defer release()
	tx, err := d.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// IsUnique reports whether err is a unique-constraint violation.
func IsUnique(err error) bool {
	var pqe *pq.Error
	if errors.As(err, &pqe) {
		return pqe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// IsLocked reports whether err is SQLite's "database is locked".
func IsLocked(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code()&0xff == sqlite3.SQLITE_BUSY || se.Code()&0xff == sqlite3.SQLITE_LOCKED)
}

// Now returns the current time in UTC, truncated to what both databases keep.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// redact hides a password in a URL for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable)"
	}
	return u.Redacted()
}
