package db_test

import (
	"context"
	"sort"
	"sync"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		in      string
		driver  db.Driver
		path    string
		wantErr bool
	}{
		{"", db.SQLite, "./var/portal.db", false},
		{"sqlite://data/x.db", db.SQLite, "data/x.db", false},
		{"/tmp/p.db", db.SQLite, "/tmp/p.db", false},
		{"postgres://u:p@127.0.0.1:5432/portal?sslmode=disable", db.Postgres, "", false},
		{"postgres://u:p@127.0.0.1:5432/portal", "", "", true},
		{"mysql://x", "", "", true},
		{"sqlite://", "", "", true},
	}
	for _, tt := range tests {
		got, err := db.ParseURL(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseURL(%q) err = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if err == nil && (got.Driver != tt.driver || got.Path != tt.path) {
			t.Errorf("ParseURL(%q) = %+v, want driver %s path %s", tt.in, got, tt.driver, tt.path)
		}
	}
}

// Every pooled SQLite connection carries the pragmas from the DSN.
func TestSQLitePragmasOnEveryConnection(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	var conns []interface{ Close() error }
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := 0; i < 8; i++ {
		c, err := d.Connx(ctx)
		if err != nil {
			t.Fatalf("conn %d: %v", i, err)
		}
		conns = append(conns, c)
		var fk, busy int
		var journal string
		var sync int
		if err := c.GetContext(ctx, &fk, "PRAGMA foreign_keys"); err != nil {
			t.Fatal(err)
		}
		if err := c.GetContext(ctx, &busy, "PRAGMA busy_timeout"); err != nil {
			t.Fatal(err)
		}
		if err := c.GetContext(ctx, &journal, "PRAGMA journal_mode"); err != nil {
			t.Fatal(err)
		}
		if err := c.GetContext(ctx, &sync, "PRAGMA synchronous"); err != nil {
			t.Fatal(err)
		}
		if fk != 1 || busy != 10000 || journal != "wal" || sync != 2 {
			t.Errorf("conn %d: foreign_keys=%d busy_timeout=%d journal=%s synchronous=%d", i, fk, busy, journal, sync)
		}
	}
	if got := d.Stats().OpenConnections; got < 8 {
		t.Errorf("open connections = %d, want 8 held at once", got)
	}
}

// Both databases end up with the same tables and columns.
func TestMigrationsGiveSameSchema(t *testing.T) {
	schemas := map[string]map[string][]string{}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		schemas[string(d.Driver)] = columns(t, d)
		again, err := d.Migrate(context.Background())
		if err != nil || len(again) != 0 {
			t.Errorf("second migrate applied %v, err %v; want nothing", again, err)
		}
	})
	lite, pg := schemas["sqlite"], schemas["postgres"]
	if lite == nil || len(lite) < 5 {
		t.Fatalf("sqlite schema looks empty: %v", lite)
	}
	if pg == nil {
		return // skipped without PostgreSQL; REQUIRE_POSTGRES makes that fail above
	}
	for table, cols := range lite {
		if got := pg[table]; !equal(got, cols) {
			t.Errorf("table %s: sqlite %v, postgres %v", table, cols, got)
		}
	}
	for table := range pg {
		if _, ok := lite[table]; !ok {
			t.Errorf("table %s only in postgres", table)
		}
	}
}

func columns(t *testing.T, d *db.DB) map[string][]string {
	t.Helper()
	var rows []struct {
		Table  string `db:"t"`
		Column string `db:"c"`
	}
	// Tables only: not views, and not SQLite's full-text tables (a virtual
	// table and its shadow tables, the search index's FTS5 of migration
	// 0018, which PostgreSQL does as an index).
	q := `SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND NOT EXISTS (SELECT 1 FROM sqlite_master v
			WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%' AND (m.name = v.name OR m.name LIKE v.name || '\_%' ESCAPE '\'))`
	if d.Driver == db.Postgres {
		q = `SELECT c.table_name AS t, c.column_name AS c FROM information_schema.columns c
			JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
			WHERE c.table_schema = current_schema() AND tb.table_type = 'BASE TABLE'`
	}
	if err := d.SelectContext(context.Background(), &rows, q); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range rows {
		out[r.Table] = append(out[r.Table], r.Column)
	}
	for _, c := range out {
		sort.Strings(c)
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Concurrent read-then-write transactions never see "database is locked".
func TestNoBusyUnderConcurrentWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, `CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `INSERT INTO counter (id, n) VALUES (1, 0)`); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 20*50)
		for g := 0; g < 20; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 50; i++ {
					errs <- d.Tx(ctx, func(tx *sqlxTx) error { return increment(ctx, d, tx) })
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("transaction failed: %v (locked=%v)", err, db.IsLocked(err))
			}
		}
		var n int
		if err := d.GetContext(ctx, &n, `SELECT n FROM counter WHERE id = 1`); err != nil {
			t.Fatal(err)
		}
		if n != 1000 {
			t.Errorf("counter = %d, want 1000", n)
		}
	})
}
