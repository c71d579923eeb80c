package demo

import (
	"context"
	"fmt"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

func TestZZProbe(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	if _, err := Seed(ctx, d, password, false); err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		ID int64 `db:"id"`; C string `db:"contract_number"`; S string `db:"status"`; A int64 `db:"amount_minor"`; P int64 `db:"paid_minor"`; St string `db:"starts_on"`; E string `db:"ends_on"`; R string `db:"schedule_rule"`; Call string `db:"reference"`; Org int64 `db:"org_id"`
	}
	db.Select(ctx, d, &rows, `SELECT g.id, g.contract_number, g.status, g.amount_minor, g.paid_minor, g.starts_on, g.ends_on, g.schedule_rule, c.reference, g.org_id FROM grants g JOIN calls c ON c.id = g.call_id ORDER BY g.id`)
	for _, r := range rows {
		if r.Call != CovidRound1 || r.ID < 4 {
			fmt.Printf("%+v\n", r)
			var ts []struct{ P int `db:"position"`; K string `db:"kind"`; A int64 `db:"amount_minor"`; D string `db:"due_on"`; Rq string `db:"requires"`; S string `db:"status"` }
			db.Select(ctx, d, &ts, `SELECT position, kind, amount_minor, due_on, requires, status FROM grant_tranches WHERE grant_id = ? ORDER BY position`, r.ID)
			fmt.Printf("   %+v\n", ts)
			var rs []struct{ K string `db:"kind"`; A string `db:"period_start"`; B string `db:"period_end"`; D string `db:"due_on"`; S string `db:"status"` }
			db.Select(ctx, d, &rs, `SELECT kind, period_start, period_end, due_on, status FROM grantee_reports WHERE grant_id = ? ORDER BY position`, r.ID)
			fmt.Printf("   %+v\n", rs)
		}
	}
	var n []struct{ S string `db:"status"`; N int `db:"n"` }
	db.Select(ctx, d, &n, `SELECT status, COUNT(*) AS n FROM grantee_reports GROUP BY status`)
	fmt.Println(n)
	var src []struct{ N string `db:"name"`; A int64 `db:"amount_minor"` }
	db.Select(ctx, d, &src, `SELECT * FROM programme_funding_sources LIMIT 0`)
}
