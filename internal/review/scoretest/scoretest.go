// Package scoretest inserts, directly in SQL, the grids, applications,
// committee members, assignments and reviews that scoring tests need, so
// they do not depend on the grid and committee code paths.
package scoretest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db"
)

// The fixture grid: scale 1–5, pass mark 12 of 25, divergence above 5
// points, justifications of at least 10 characters.
//
//	capacity (threshold 6):  1.1 ×1, 1.2 ×2   (max 15)
//	relevance (threshold 4): 2.1 ×1, 2.2 ×1   (max 10)
var (
	Codes   = []string{"1.1", "1.2", "2.1", "2.2"}
	Weights = map[string]int{"1.1": 1, "1.2": 2, "2.1": 1, "2.2": 1}
)

// Grid inserts the fixture grid for a call's stage and returns its id;
// frozen sets frozen_at as if scoring had started.
func Grid(t testing.TB, d *db.DB, callID int64, stage string, frozen bool) int64 {
	t.Helper()
	now := db.Now()
	var frozenAt any
	if frozen {
		frozenAt = now
	}
	gid := must(t, d, `INSERT INTO eval_grids (call_id, stage, scale_min, scale_max, pass_mark, evaluators_per_app,
		min_justification, divergence_points, final_rule, reserve_size, tie_break_section, frozen_at, created_at, updated_at)
		VALUES (?, ?, 1, 5, 12, 2, 10, 5, 'mean_all', 2, 'relevance', ?, ?, ?) RETURNING id`, callID, stage, frozenAt, now, now)
	sections := []struct {
		code      string
		threshold int
		crit      []string
	}{{"capacity", 6, []string{"1.1", "1.2"}}, {"relevance", 4, []string{"2.1", "2.2"}}}
	for i, s := range sections {
		sid := must(t, d, `INSERT INTO eval_sections (grid_id, position, code, title_sq, title_en, title_sr, threshold)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, gid, i+1, s.code, "Seksioni "+s.code, "Section "+s.code, "Odeljak "+s.code, s.threshold)
		for j, c := range s.crit {
			must(t, d, `INSERT INTO eval_criteria (section_id, position, code, title_sq, title_en, title_sr,
				guidance_sq, guidance_en, guidance_sr, weight) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				sid, j+1, c, "Kriteri "+c, "Criterion "+c, "Kriterijum "+c,
				"Udhëzim për "+c, "Guidance for "+c, "Uputstvo za "+c, Weights[c])
		}
	}
	return gid
}

// User inserts an account without a usable password (no argon2 cost).
func User(t testing.TB, d *db.DB, name, role string) int64 {
	t.Helper()
	now := db.Now()
	email := fmt.Sprintf("%s-%d@score.example", strings.ReplaceAll(strings.ToLower(name), " ", "-"), time.Now().UnixNano())
	return must(t, d, `INSERT INTO users (email, email_norm, name, lang, role, password_hash, created_at, updated_at)
		VALUES (?, ?, ?, 'en', ?, 'x', ?, ?) RETURNING id`, email, email, name, role, now, now)
}

// Org inserts an NGO.
func Org(t testing.TB, d *db.DB, name string) int64 {
	t.Helper()
	return must(t, d, `INSERT INTO organisations (name, kind, created_at) VALUES (?, 'ngo', ?) RETURNING id`, name, db.Now())
}

// App inserts an application of an organisation in a call's lot.
func App(t testing.TB, d *db.DB, callID, lotID, orgID int64, stage, status, title string) int64 {
	t.Helper()
	now := db.Now()
	return must(t, d, `INSERT INTO applications (call_id, lot_id, org_id, stage, status, title, currency, submitted_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, 'EUR', ?, ?, ?) RETURNING id`, callID, lotID, orgID, stage, status, title, now, now, now)
}

// Member adds a user to a call's committee in a role.
func Member(t testing.TB, d *db.DB, callID, userID int64, role string) {
	t.Helper()
	exec(t, d, `INSERT INTO committee_members (call_id, user_id, role, languages, added_at) VALUES (?, ?, ?, 'sq,en', ?)`,
		callID, userID, role, db.Now())
}

// Assign inserts an active assignment and, when declared, a declaration of
// no conflict; it returns the assignment id.
func Assign(t testing.TB, d *db.DB, appID, userID int64, further, declared bool) int64 {
	t.Helper()
	now := db.Now()
	id := must(t, d, `INSERT INTO review_assignments (application_id, user_id, status, further, assigned_at)
		VALUES (?, ?, 'active', ?, ?) RETURNING id`, appID, userID, further, now)
	if declared {
		exec(t, d, `INSERT INTO coi_declarations (application_id, user_id, conflict, lang, statement, declared_at)
			VALUES (?, ?, ?, 'en', 'I declare no conflict of interest.', ?)`, appID, userID, false, now)
	}
	return id
}

// Submitted inserts a submitted review on an assignment with one score per
// fixture criterion (in Codes order) and returns its id.
func Submitted(t testing.TB, d *db.DB, gridID, assignmentID int64, scores ...int) int64 {
	t.Helper()
	now := db.Now()
	rid := must(t, d, `INSERT INTO reviews (assignment_id, grid_id, status, submitted_at, created_at, updated_at)
		VALUES (?, ?, 'submitted', ?, ?, ?) RETURNING id`, assignmentID, gridID, now, now, now)
	for i, sc := range scores {
		exec(t, d, `INSERT INTO review_scores (review_id, criterion_id, score, justification)
			SELECT ?, c.id, ?, 'Justified at length.' FROM eval_criteria c JOIN eval_sections s ON s.id = c.section_id
			WHERE s.grid_id = ? AND c.code = ?`, rid, sc, gridID, Codes[i])
	}
	return rid
}

func must(t testing.TB, d *db.DB, q string, args ...any) int64 {
	t.Helper()
	id, err := db.InsertID(context.Background(), d, q, args...)
	if err != nil {
		t.Fatalf("scoretest: %v\n%s", err, q)
	}
	return id
}

func exec(t testing.TB, d *db.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(context.Background(), d, q, args...); err != nil {
		t.Fatalf("scoretest: %v\n%s", err, q)
	}
}
