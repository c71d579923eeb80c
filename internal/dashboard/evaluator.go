package dashboard

import (
	"context"
	"time"
)

// Evaluator is an evaluator's dashboard: its active assignments, how many
// it declared and scored, the reviews still open with their due dates, and
// its progress per call.
type Evaluator struct {
	Assigned, Declared, Conflicts, Scored int64
	Pending                               []PendingReview
	PerCall                               []CallProgress
}

// PendingReview is an active assignment not yet submitted.
type PendingReview struct {
	AssignmentID  int64      `db:"id"`
	ApplicationID int64      `db:"application_id"`
	Reference     string     `db:"reference"`
	Title         string     `db:"title"`
	DueAt         *time.Time `db:"due_at"`
	Declared      bool       `db:"declared"`
	Conflict      bool       `db:"conflict"`
}

// CallProgress is an evaluator's work in one call.
type CallProgress struct {
	CallID    int64  `db:"call_id"`
	Reference string `db:"reference"`
	Assigned  int64  `db:"assigned"`
	Scored    int64  `db:"scored"`
}

// Evaluator reads the dashboard of the evaluator whose assignments
// sc.Assignments reaches.
func (s *Store) Evaluator(ctx context.Context, sc Scopes) (Evaluator, error) {
	var out Evaluator
	rc, ra := sc.Assignments.Assignments("ra")
	var row struct {
		Assigned  int64 `db:"assigned"`
		Declared  int64 `db:"declared"`
		Conflicts int64 `db:"conflicts"`
		Scored    int64 `db:"scored"`
	}
	if err := s.get(ctx, &row, `SELECT COUNT(*) AS assigned,
		COALESCE(SUM(CASE WHEN d.id IS NULL THEN 0 ELSE 1 END), 0) AS declared,
		COALESCE(SUM(CASE WHEN d.conflict = ? THEN 1 ELSE 0 END), 0) AS conflicts,
		COALESCE(SUM(CASE WHEN r.status = 'submitted' THEN 1 ELSE 0 END), 0) AS scored
		FROM review_assignments ra
		LEFT JOIN coi_declarations d ON d.application_id = ra.application_id AND d.user_id = ra.user_id
		LEFT JOIN reviews r ON r.assignment_id = ra.id
		WHERE ra.status = 'active' AND `+rc, append([]any{true}, ra...)...); err != nil {
		return out, err
	}
	out.Assigned, out.Declared, out.Conflicts, out.Scored = row.Assigned, row.Declared, row.Conflicts, row.Scored
	out.Pending = []PendingReview{}
	if err := s.sel(ctx, &out.Pending, `SELECT ra.id, ra.application_id, COALESCE(a.reference, '') AS reference, a.title, ra.due_at,
		CASE WHEN d.id IS NULL THEN 0 ELSE 1 END AS declared, COALESCE(d.conflict, ?) AS conflict
		FROM review_assignments ra JOIN applications a ON a.id = ra.application_id
		LEFT JOIN coi_declarations d ON d.application_id = ra.application_id AND d.user_id = ra.user_id
		LEFT JOIN reviews r ON r.assignment_id = ra.id
		WHERE ra.status = 'active' AND COALESCE(r.status, '') <> 'submitted' AND (d.id IS NULL OR d.conflict = ?) AND `+rc+`
		ORDER BY CASE WHEN ra.due_at IS NULL THEN 1 ELSE 0 END, ra.due_at, ra.id LIMIT 20`,
		append([]any{false, false}, ra...)...); err != nil {
		return out, err
	}
	for i := range out.Pending {
		out.Pending[i].DueAt = utc(out.Pending[i].DueAt)
	}
	out.PerCall = []CallProgress{}
	err := s.sel(ctx, &out.PerCall, `SELECT c.id AS call_id, c.reference, COUNT(*) AS assigned,
		COALESCE(SUM(CASE WHEN r.status = 'submitted' THEN 1 ELSE 0 END), 0) AS scored
		FROM review_assignments ra JOIN applications a ON a.id = ra.application_id JOIN calls c ON c.id = a.call_id
		LEFT JOIN reviews r ON r.assignment_id = ra.id
		WHERE ra.status = 'active' AND `+rc+` GROUP BY c.id, c.reference ORDER BY c.reference`, ra...)
	return out, err
}
