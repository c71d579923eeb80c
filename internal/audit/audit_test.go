package audit_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// writeN appends n rows, one transaction each, as user 7.
func writeN(t *testing.T, d *db.DB, n int) {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 7, Role: "program_officer", OrgID: 3, RequestID: "req-1"})
	for i := 1; i <= n; i++ {
		err := d.Tx(ctx, func(tx *sqlx.Tx) error {
			return audit.Write(ctx, tx, audit.Entry{Action: "application.status", Object: "application", ObjectID: int64(i),
				Payload: map[string]string{"from": "draft", "to": "submitted"}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// tamper runs stmt on audit_log with the append-only triggers out of the way.
func tamper(t *testing.T, d *db.DB, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	if d.Driver == db.Postgres {
		stmts = append([]string{`ALTER TABLE audit_log DISABLE TRIGGER USER`}, stmts...)
	} else {
		stmts = append([]string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}, stmts...)
	}
	for _, s := range stmts {
		if _, err := db.Exec(ctx, d, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func verify(t *testing.T, d *db.DB) audit.Report {
	t.Helper()
	rep, err := audit.Verify(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestVerifyIntactChain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		if rep := verify(t, d); !rep.OK() || rep.Rows != 0 {
			t.Fatalf("empty log: %v", rep)
		}
		writeN(t, d, 5)
		rep := verify(t, d)
		if !rep.OK() || rep.Rows != 5 {
			t.Fatalf("got %v, want intact with 5 rows", rep)
		}
		var r audit.Row
		if err := db.Get(context.Background(), d, &r, `SELECT * FROM audit_log WHERE id = 3`); err != nil {
			t.Fatal(err)
		}
		if r.ActorID == nil || *r.ActorID != 7 || r.ActorRole != "program_officer" || r.RequestID != "req-1" ||
			r.ActorOrgID == nil || *r.ActorOrgID != 3 || r.At.IsZero() {
			t.Errorf("row 3 = %+v", r)
		}
	})
}

func TestUpdateAndDeleteRefusedByTriggers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		writeN(t, d, 2)
		ctx := context.Background()
		for _, s := range []string{`UPDATE audit_log SET action = 'x' WHERE id = 1`, `DELETE FROM audit_log WHERE id = 2`,
			`DELETE FROM audit_log`} {
			if _, err := db.Exec(ctx, d, s); err == nil {
				t.Errorf("%s: accepted, want refused", s)
			}
		}
		if d.Driver == db.Postgres {
			if _, err := db.Exec(ctx, d, `TRUNCATE audit_log`); err == nil {
				t.Error("TRUNCATE accepted, want refused")
			}
		}
		if rep := verify(t, d); !rep.OK() || rep.Rows != 2 {
			t.Errorf("after refused changes: %v", rep)
		}
	})
}

// Each kind of tampering is found at the first row it breaks.
func TestVerifyNamesFirstBrokenRow(t *testing.T) {
	cases := []struct {
		name   string
		stmts  []string
		id     int64
		reason string
	}{
		{"payload changed", []string{`UPDATE audit_log SET payload = '{"from":"draft","to":"awarded"}' WHERE id = 3`}, 3, audit.BrokenPayload},
		{"actor changed", []string{`UPDATE audit_log SET actor_id = 1 WHERE id = 2`}, 2, audit.BrokenFields},
		{"object changed", []string{`UPDATE audit_log SET object_id = 99 WHERE id = 4`}, 4, audit.BrokenFields},
		{"row deleted", []string{`DELETE FROM audit_log WHERE id = 3`}, 4, audit.BrokenLink},
		{"last row deleted", []string{`DELETE FROM audit_log WHERE id = 5`}, 5, audit.BrokenHead},
		{"two rows swapped", []string{
			`UPDATE audit_log SET id = 100 WHERE id = 2`,
			`UPDATE audit_log SET id = 2 WHERE id = 4`,
			`UPDATE audit_log SET id = 4 WHERE id = 100`}, 2, audit.BrokenLink},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				writeN(t, d, 5)
				tamper(t, d, c.stmts...)
				rep := verify(t, d)
				if rep.BrokenID != c.id || rep.Reason != c.reason {
					t.Errorf("got broken row %d (%q), want %d (%q)", rep.BrokenID, rep.Reason, c.id, c.reason)
				}
			})
		})
	}
}

// 50 writers released together chain in commit order: 50 rows, intact.
func TestConcurrentWritersKeepTheChain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		start := make(chan struct{})
		var wg sync.WaitGroup
		errs := make(chan error, 50)
		for i := range 50 {
			wg.Go(func() {
				ctx := audit.WithActor(context.Background(), audit.Actor{UserID: int64(i + 1), Role: "admin"})
				<-start
				errs <- d.Tx(ctx, func(tx *sqlx.Tx) error {
					return audit.Write(ctx, tx, audit.Entry{Action: "user.role", Object: "user", ObjectID: int64(i)})
				})
			})
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		if rep := verify(t, d); !rep.OK() || rep.Rows != 50 {
			t.Fatalf("got %v, want intact with 50 rows", rep)
		}
	})
}

// A change that fails leaves neither its audit row nor a moved head.
func TestRolledBackWriteLeavesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		writeN(t, d, 1)
		before := verify(t, d)
		ctx := context.Background()
		boom := errors.New("injected failure after the audit row")
		err := d.Tx(ctx, func(tx *sqlx.Tx) error {
			if err := audit.Write(ctx, tx, audit.Entry{Action: "grid.edit", Object: "grid", ObjectID: 1}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		writeN(t, d, 1) // the chain goes on from the committed head (a skipped id is fine)
		after := verify(t, d)
		var n int
		if err := db.Get(ctx, d, &n, `SELECT COUNT(*) FROM audit_log WHERE action = 'grid.edit'`); err != nil {
			t.Fatal(err)
		}
		if n != 0 || !after.OK() || after.Rows != before.Rows+1 {
			t.Errorf("rolled back row count %d, after = %v", n, after)
		}
	})
}
