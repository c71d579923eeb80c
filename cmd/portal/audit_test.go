package main

import (
	"context"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
)

// portal audit verify passes an intact chain and fails, naming the row,
// once a row is changed behind the triggers' back.
func TestAuditVerify(t *testing.T) {
	path := isolate(t)
	if r := portal(t, "", "migrate"); r.code != 0 {
		t.Fatalf("migrate: %s", r)
	}
	ctx := context.Background()
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for i := range 3 {
		if err := d.Tx(ctx, func(tx *sqlx.Tx) error {
			return audit.Write(ctx, tx, audit.Entry{Action: "user.create", Object: "user", ObjectID: int64(i + 1)})
		}); err != nil {
			t.Fatal(err)
		}
	}
	r := portal(t, "", "audit", "verify")
	if r.code != 0 || !strings.Contains(r.out, "intact: 3 rows") {
		t.Fatalf("intact chain: %s", r)
	}
	for _, s := range []string{`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET object_id = 9 WHERE id = 2`} {
		if _, err := d.ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	r = portal(t, "", "audit", "verify")
	if r.code == 0 || !strings.Contains(r.err, "BROKEN at row 2") {
		t.Fatalf("tampered chain: %s", r)
	}
	if r := portal(t, "", "audit"); r.code == 0 {
		t.Errorf("audit without verify: %s", r)
	}
}
