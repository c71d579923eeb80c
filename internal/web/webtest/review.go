package webtest

import (
	"context"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// AssignEvaluator makes principal p a voting member of the committee of
// the application's call (reading sq, en and sr), assigns it to the
// application and records its declaration of no conflict, directly in
// SQL, so that p may read and score the application at once. It returns
// the assignment id; an earlier (removed) assignment is made active again.
func (e *Env) AssignEvaluator(appID int64, p Principal) int64 {
	e.T.Helper()
	ctx := context.Background()
	userID := e.Users[p].ID
	now := db.Now()
	var callID int64
	e.must(db.Get(ctx, e.DB, &callID, `SELECT call_id FROM applications WHERE id = ?`, appID))
	if e.Count(`SELECT COUNT(*) FROM committee_members WHERE call_id = ? AND user_id = ?`, callID, userID) == 0 {
		e.Exec(`INSERT INTO committee_members (call_id, user_id, role, languages, added_at) VALUES (?, ?, 'evaluator', 'sq,en,sr', ?)`,
			callID, userID, now)
	}
	var id int64
	err := db.Get(ctx, e.DB, &id, `SELECT id FROM review_assignments WHERE application_id = ? AND user_id = ?`, appID, userID)
	switch {
	case err == nil:
		e.Exec(`UPDATE review_assignments SET status = 'active', ended_reason = '', ended_at = NULL WHERE id = ?`, id)
	case apperr.Is(err, apperr.NotFound):
		id, err = db.InsertID(ctx, e.DB, `INSERT INTO review_assignments (application_id, user_id, status, assigned_at)
			VALUES (?, ?, 'active', ?) RETURNING id`, appID, userID, now)
		e.must(err)
	default:
		e.must(err)
	}
	if e.Count(`SELECT COUNT(*) FROM coi_declarations WHERE application_id = ? AND user_id = ?`, appID, userID) == 0 {
		e.Exec(`INSERT INTO coi_declarations (application_id, user_id, conflict, lang, statement, declared_at)
			VALUES (?, ?, ?, 'en', 'I declare that I have no conflict of interest.', ?)`, appID, userID, false, now)
	}
	return id
}

// Unassign removes an assignment (as an officer would), directly in SQL.
func (e *Env) Unassign(assignmentID int64) {
	e.T.Helper()
	e.Exec(`UPDATE review_assignments SET status = 'removed', ended_reason = 'webtest', ended_at = ? WHERE id = ?`,
		db.Now(), assignmentID)
}

// Exec runs a statement on the test database; an error fails the test.
func (e *Env) Exec(q string, args ...any) {
	e.T.Helper()
	_, err := db.Exec(context.Background(), e.DB, q, args...)
	e.must(err)
}

// Count runs a query of one number (a COUNT) on the test database.
func (e *Env) Count(q string, args ...any) int {
	e.T.Helper()
	var n int
	e.must(db.Get(context.Background(), e.DB, &n, q, args...))
	return n
}

func (e *Env) must(err error) {
	e.T.Helper()
	if err != nil {
		e.T.Fatalf("webtest: %v", err)
	}
}
