package review_test

import (
	"context"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/review"
	"github.com/subgrant/portal/internal/review/scoretest"
)

// BenchmarkConsolidate loads and consolidates a call of 10,000
// applications with 3 submitted reviews each (120,000 scores): "points"
// with the section points a submission stores (the normal case), "scores"
// without them (reviews submitted before migration 0008: every score read).
//
//	go test -run '^$' -bench Consolidate -benchtime 3x ./internal/review/
func BenchmarkConsolidate(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres"} {
		for _, points := range []bool{true, false} {
			b.Run(name+"/"+map[bool]string{true: "points", false: "scores"}[points], func(b *testing.B) {
				d := dbtest.SQLite(b)
				if name == "postgres" {
					d = dbtest.Postgres(b)
				}
				callID := bulkCall(b, d, 10000, points)
				st := review.NewStore(d, nil)
				b.ResetTimer()
				for range b.N {
					_, cs, err := st.Consolidate(context.Background(), callID, "full")
					if err != nil || len(cs) != 10000 || cs[0].Submitted != 3 {
						b.Fatalf("consolidated %d (%v)", len(cs), err)
					}
				}
			})
		}
	}
}

// bulkCall fills a call with n eligible applications, each reviewed by the
// same three evaluators, in a handful of set-based statements.
func bulkCall(b *testing.B, d *db.DB, n int, points bool) int64 {
	fx := apptest.Call(b, d, apptest.Spec{})
	gid := scoretest.Grid(b, d, fx.Call.ID, "full", true)
	org := scoretest.Org(b, d, "Bulk NGO")
	for i := range 3 {
		scoretest.User(b, d, "Bulk evaluator "+string(rune('A'+i)), "bulk_evaluator")
	}
	now, ctx := db.Now(), context.Background()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			INSERT INTO applications (call_id, lot_id, org_id, stage, status, title, currency, created_at, updated_at)
			SELECT ?, ?, ?, 'full', 'eligible', 'Bulk', 'EUR', ?, ? FROM n`, []any{n, fx.Call.ID, fx.Lots[0].ID, org, now, now}},
		{`INSERT INTO review_assignments (application_id, user_id, status, further, assigned_at)
			SELECT a.id, u.id, 'active', ?, ? FROM applications a CROSS JOIN users u
			WHERE a.call_id = ? AND u.role = 'bulk_evaluator'`, []any{false, now, fx.Call.ID}},
		{`INSERT INTO reviews (assignment_id, grid_id, status, submitted_at, created_at, updated_at)
			SELECT ra.id, ?, 'submitted', ?, ?, ? FROM review_assignments ra
			JOIN applications a ON a.id = ra.application_id WHERE a.call_id = ?`, []any{gid, now, now, now, fx.Call.ID}},
		{`INSERT INTO review_scores (review_id, criterion_id, score, justification)
			SELECT r.id, c.id, 1 + (r.id * 7 + c.id * 3) % 5, 'Bulk justification'
			FROM reviews r CROSS JOIN eval_criteria c JOIN eval_sections s ON s.id = c.section_id
			WHERE s.grid_id = ? AND r.grid_id = ?`, []any{gid, gid}},
	} {
		if _, err := db.Exec(ctx, d, q.sql, q.args...); err != nil {
			b.Fatalf("bulk: %v\n%s", err, q.sql)
		}
	}
	if points {
		storeBulkPoints(b, d, gid)
	}
	return fx.Call.ID
}

// storeBulkPoints writes every review's section points in one statement,
// in SectionPoints' form ("section id:points" pairs).
func storeBulkPoints(b *testing.B, d *db.DB, gridID int64) {
	var sections []int64
	ctx := context.Background()
	if err := db.Select(ctx, d, &sections, `SELECT id FROM eval_sections WHERE grid_id = ? ORDER BY position, id`, gridID); err != nil {
		b.Fatal(err)
	}
	var parts []string
	var args []any
	for _, sid := range sections {
		parts = append(parts, `CAST(? AS TEXT) || ':' || CAST((SELECT COALESCE(SUM(rs.score * c.weight), 0) FROM review_scores rs
			JOIN eval_criteria c ON c.id = rs.criterion_id WHERE rs.review_id = reviews.id AND c.section_id = ?) AS TEXT)`)
		args = append(args, sid, sid)
	}
	q := `UPDATE reviews SET section_points = ` + strings.Join(parts, ` || ' ' || `) + ` WHERE grid_id = ?`
	if _, err := db.Exec(ctx, d, q, append(args, gridID)...); err != nil {
		b.Fatalf("section points: %v", err)
	}
}
