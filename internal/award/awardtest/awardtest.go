// Package awardtest seeds calls with eligible applications and submitted
// reviews in bulk (multi-row INSERTs in one transaction), for the tests
// and the benchmark of ranking and award.
package awardtest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/review"
)

// batch is how many rows one INSERT carries.
const batch = 400

// insertRows writes rows (each len(cols) values) in multi-row INSERTs.
func insertRows(ctx context.Context, tx *sqlx.Tx, table string, cols []string, rows [][]any) error {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	for start := 0; start < len(rows); start += batch {
		end := min(start+batch, len(rows))
		args := make([]any, 0, (end-start)*len(cols))
		for _, r := range rows[start:end] {
			args = append(args, r...)
		}
		q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " +
			strings.TrimSuffix(strings.Repeat(one+", ", end-start), ", ")
		if _, err := db.Exec(ctx, tx, q, args...); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
	}
	return nil
}

// App is one application to seed: its lot, organisation (0: a new one) and
// request.
type App struct {
	LotID, OrgID, Requested int64
}

// Apps inserts eligible applications of a call's stage and returns their ids
// in order. Organisations named 0 are created ("Org <n>").
func Apps(tb testing.TB, d *db.DB, callID int64, stage string, apps []App) []int64 {
	tb.Helper()
	ctx := context.Background()
	var ids []int64
	err := d.Tx(ctx, func(tx *sqlx.Tx) error {
		var first int64
		if err := db.Get(ctx, tx, &first, `SELECT COALESCE(MAX(id), 0) FROM organisations`); err != nil {
			return err
		}
		var orgs [][]any
		now := db.Now()
		for i := range apps {
			if apps[i].OrgID == 0 {
				orgs = append(orgs, []any{fmt.Sprintf("Org %d-%d", callID, i+1), "ngo", now})
			}
		}
		if err := insertRows(ctx, tx, "organisations", []string{"name", "kind", "created_at"}, orgs); err != nil {
			return err
		}
		var newOrgs []int64
		if err := db.Select(ctx, tx, &newOrgs, `SELECT id FROM organisations WHERE id > ? ORDER BY id`, first); err != nil {
			return err
		}
		var lastApp int64
		if err := db.Get(ctx, tx, &lastApp, `SELECT COALESCE(MAX(id), 0) FROM applications`); err != nil {
			return err
		}
		var rows [][]any
		base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		for i, a := range apps {
			if a.OrgID == 0 {
				a.OrgID, newOrgs = newOrgs[0], newOrgs[1:]
			}
			at := base.Add(time.Duration(i) * time.Second)
			rows = append(rows, []any{callID, a.LotID, a.OrgID, stage, "eligible", fmt.Sprintf("C%d-%s-%05d", callID, stage, i+1),
				fmt.Sprintf("Project %d", i+1), "EUR", a.Requested, at, at, at})
		}
		if err := insertRows(ctx, tx, "applications", []string{"call_id", "lot_id", "org_id", "stage", "status", "reference",
			"title", "currency", "requested_minor", "submitted_at", "created_at", "updated_at"}, rows); err != nil {
			return err
		}
		return db.Select(ctx, tx, &ids, `SELECT id FROM applications WHERE id > ? ORDER BY id`, lastApp)
	})
	if err != nil {
		tb.Fatalf("seed applications: %v", err)
	}
	return ids
}

// Reviews gives every application one submitted review per evaluator, each
// criterion scored score(app index, evaluator index) with a justification.
// The call's grid is stored (and frozen) first.
func Reviews(tb testing.TB, d *db.DB, rs *review.Store, callID int64, stage string, apps, evaluators []int64,
	score func(app, evaluator int) int) {
	tb.Helper()
	ctx := context.Background()
	err := d.Tx(ctx, func(tx *sqlx.Tx) error {
		g, err := rs.EnsureGrid(ctx, tx, callID, stage)
		if err != nil {
			return err
		}
		now := db.Now()
		if _, err := db.Exec(ctx, tx, `UPDATE eval_grids SET frozen_at = ? WHERE id = ?`, now, g.ID); err != nil {
			return err
		}
		var lastAsg int64
		if err := db.Get(ctx, tx, &lastAsg, `SELECT COALESCE(MAX(id), 0) FROM review_assignments`); err != nil {
			return err
		}
		var asg [][]any
		for _, a := range apps {
			for _, u := range evaluators {
				asg = append(asg, []any{a, u, "active", now})
			}
		}
		if err := insertRows(ctx, tx, "review_assignments", []string{"application_id", "user_id", "status", "assigned_at"}, asg); err != nil {
			return err
		}
		if _, err := db.Exec(ctx, tx, `INSERT INTO reviews (assignment_id, grid_id, status, submitted_at, created_at, updated_at)
			SELECT id, ?, 'submitted', ?, ?, ? FROM review_assignments WHERE id > ? ORDER BY id`, g.ID, now, now, now, lastAsg); err != nil {
			return fmt.Errorf("reviews: %w", err)
		}
		var revs []int64
		if err := db.Select(ctx, tx, &revs, `SELECT r.id FROM reviews r WHERE r.assignment_id > ? ORDER BY r.assignment_id`, lastAsg); err != nil {
			return err
		}
		var scores [][]any
		byScore := map[int][]int64{} // score -> reviews, to store their section points as a submission does
		for i, rid := range revs {
			s := score(i/len(evaluators), i%len(evaluators))
			byScore[s] = append(byScore[s], rid)
			for _, sec := range g.Sections {
				for _, c := range sec.Criteria {
					scores = append(scores, []any{rid, c.ID, s, "Justified by the application's own evidence."})
				}
			}
		}
		if err := insertRows(ctx, tx, "review_scores", []string{"review_id", "criterion_id", "score", "justification"}, scores); err != nil {
			return err
		}
		return storePoints(ctx, tx, g, byScore)
	})
	if err != nil {
		tb.Fatalf("seed reviews: %v", err)
	}
}

// storePoints writes the section points of reviews whose every criterion
// has the same score, as review.Store.SaveReview does on submission.
func storePoints(ctx context.Context, tx *sqlx.Tx, g review.Grid, byScore map[int][]int64) error {
	for s, ids := range byScore {
		var scores []review.Score
		for _, sec := range g.Sections {
			for _, c := range sec.Criteria {
				scores = append(scores, review.Score{CriterionID: c.ID, Score: &s})
			}
		}
		points := review.SectionPoints(g, scores)
		for len(ids) > 0 {
			n := min(len(ids), 500)
			args := []any{points}
			for _, id := range ids[:n] {
				args = append(args, id)
			}
			q := `UPDATE reviews SET section_points = ? WHERE id IN (` + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + `)`
			if _, err := db.Exec(ctx, tx, q, args...); err != nil {
				return fmt.Errorf("section points: %w", err)
			}
			ids = ids[n:]
		}
	}
	return nil
}

// Evaluators inserts n evaluator accounts and returns their ids.
func Evaluators(tb testing.TB, d *db.DB, n int) []int64 {
	tb.Helper()
	var ids []int64
	for i := range n {
		name := fmt.Sprintf("seeded-evaluator-%d-%d@test.example", time.Now().UnixNano(), i)
		id, err := db.InsertID(context.Background(), d, `INSERT INTO users (email, email_norm, name, lang, role, password_hash,
			created_at, updated_at) VALUES (?, ?, ?, 'en', 'evaluator', 'x', ?, ?) RETURNING id`, name, name, name, db.Now(), db.Now())
		if err != nil {
			tb.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}
