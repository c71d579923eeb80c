package db_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// benchEach runs fn on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set.
func benchEach(b *testing.B, fn func(b *testing.B, d *db.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, dbtest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { fn(b, dbtest.Postgres(b)) })
}

// Opening an empty database and applying every migration: what a first
// start or a fresh test database costs.
func BenchmarkMigrateFresh(b *testing.B) {
	ctx := context.Background()
	b.Run("sqlite", func(b *testing.B) {
		dir := b.TempDir()
		i := 0
		for b.Loop() {
			i++
			migrateOnce(b, filepath.Join(dir, fmt.Sprintf("m%d.db", i)))
		}
	})
	b.Run("postgres", func(b *testing.B) {
		base := os.Getenv("TEST_DATABASE_URL")
		if base == "" {
			b.Skip("PostgreSQL not benchmarked: TEST_DATABASE_URL is not set")
		}
		admin, err := sqlx.Open("postgres", base)
		if err != nil {
			b.Fatal(err)
		}
		defer admin.Close()
		for b.Loop() {
			b.StopTimer()
			schema := "bench_" + randomHex()
			if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
				b.Fatal(err)
			}
			u, _ := url.Parse(base)
			q := u.Query()
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			b.StartTimer()
			migrateOnce(b, u.String())
			b.StopTimer()
			if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	})
}

func migrateOnce(b *testing.B, raw string) {
	d, err := db.Open(context.Background(), raw)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
}

func randomHex() string {
	buf := make([]byte, 8)
	_, _ = rand.Read(buf)
	return hex.EncodeToString(buf)
}

// newCounter creates the one-row table the transaction benchmarks share.
func newCounter(b *testing.B, d *db.DB) {
	b.Helper()
	for _, q := range []string{`CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`,
		`INSERT INTO counter (id, n) VALUES (1, 0)`} {
		if _, err := d.ExecContext(context.Background(), q); err != nil {
			b.Fatal(err)
		}
	}
}

// One row read by primary key outside a transaction.
func BenchmarkGetRow(b *testing.B) {
	benchEach(b, func(b *testing.B, d *db.DB) {
		newCounter(b, d)
		ctx := context.Background()
		var n int
		for b.Loop() {
			if err := db.Get(ctx, d, &n, `SELECT n FROM counter WHERE id = ?`, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// A read then a write in one committed transaction, one at a time: the
// shape of every state change (payment approval, status move).
func BenchmarkTxReadWrite(b *testing.B) {
	benchEach(b, func(b *testing.B, d *db.DB) {
		newCounter(b, d)
		ctx := context.Background()
		for b.Loop() {
			if err := d.Tx(ctx, func(tx *sqlx.Tx) error { return increment(ctx, d, tx) }); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The same transaction from GOMAXPROCS goroutines on one row: how writers
// queue (SQLite takes its write lock at BEGIN, PostgreSQL the row lock).
func BenchmarkTxReadWriteParallel(b *testing.B) {
	benchEach(b, func(b *testing.B, d *db.DB) {
		newCounter(b, d)
		ctx := context.Background()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := d.Tx(ctx, func(tx *sqlx.Tx) error { return increment(ctx, d, tx) }); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
