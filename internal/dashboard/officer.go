package dashboard

import (
	"context"
	"time"
)

// Officer is a programme officer's dashboard: each call's pipeline, the
// reviews past their due date, each evaluator's workload, the reports
// overdue and the amendments waiting for a decision.
type Officer struct {
	Pipeline   []Pipeline
	LateReview []LateReview
	Workload   []Workload
	Overdue    []ReportDue
	Amendments []Amendment
}

// Pipeline is one call's applications by step. Received counts every
// submitted application; to screen those submitted or waiting for
// information; eligible those eligible with no evaluator yet; evaluating
// those eligible with an active assignment; awarded those awarded.
type Pipeline struct {
	CallID     int64  `db:"id"`
	Reference  string `db:"reference"`
	Received   int64  `db:"received"`
	ToScreen   int64  `db:"to_screen"`
	Eligible   int64  `db:"eligible"`
	Evaluating int64  `db:"evaluating"`
	Awarded    int64  `db:"awarded"`
}

// LateReview is an active assignment past its due date, not submitted.
type LateReview struct {
	ApplicationID int64     `db:"application_id"`
	Reference     string    `db:"reference"`
	Evaluator     string    `db:"name"`
	DueAt         time.Time `db:"due_at"`
}

// Workload is one evaluator's active assignments and how many it scored.
type Workload struct {
	UserID   int64  `db:"user_id"`
	Name     string `db:"name"`
	Assigned int64  `db:"assigned"`
	Scored   int64  `db:"scored"`
}

// Amendment is a grant amendment waiting for a decision.
type Amendment struct {
	ID       int64  `db:"id"`
	GrantID  int64  `db:"grant_id"`
	Contract string `db:"contract_number"`
	Kind     string `db:"kind"`
}

// Officer reads the officer's dashboard at now.
func (s *Store) Officer(ctx context.Context, sc Scopes, now time.Time) (Officer, error) {
	var out Officer
	cc, ca := sc.Calls.CallDrafts("c")
	ac, aa := sc.Applications.Applications("a")
	out.Pipeline = []Pipeline{}
	if err := s.sel(ctx, &out.Pipeline, `SELECT c.id, c.reference,
		COALESCE(SUM(CASE WHEN a.status NOT IN ('draft') THEN 1 ELSE 0 END), 0) AS received,
		COALESCE(SUM(CASE WHEN a.status IN ('submitted', 'info_requested') THEN 1 ELSE 0 END), 0) AS to_screen,
		COALESCE(SUM(CASE WHEN a.status = 'eligible' AND NOT EXISTS (SELECT 1 FROM review_assignments x
			WHERE x.application_id = a.id AND x.status = 'active') THEN 1 ELSE 0 END), 0) AS eligible,
		COALESCE(SUM(CASE WHEN a.status = 'eligible' AND EXISTS (SELECT 1 FROM review_assignments x
			WHERE x.application_id = a.id AND x.status = 'active') THEN 1 ELSE 0 END), 0) AS evaluating,
		COALESCE(SUM(CASE WHEN a.status = 'awarded' THEN 1 ELSE 0 END), 0) AS awarded
		FROM calls c JOIN applications a ON a.call_id = c.id
		WHERE a.status <> 'draft' AND `+cc+` AND `+ac+`
		GROUP BY c.id, c.reference ORDER BY c.reference`, args(ca, aa)...); err != nil {
		return out, err
	}
	rc, ra := sc.Assignments.Assignments("ra")
	out.LateReview = []LateReview{}
	if err := s.sel(ctx, &out.LateReview, `SELECT ra.application_id, COALESCE(a.reference, '') AS reference, u.name, ra.due_at
		FROM review_assignments ra JOIN applications a ON a.id = ra.application_id JOIN users u ON u.id = ra.user_id
		LEFT JOIN reviews r ON r.assignment_id = ra.id
		WHERE ra.status = 'active' AND ra.due_at < ? AND COALESCE(r.status, '') <> 'submitted' AND `+rc+`
		ORDER BY ra.due_at, ra.id LIMIT 20`, append([]any{now.UTC()}, ra...)...); err != nil {
		return out, err
	}
	for i := range out.LateReview {
		out.LateReview[i].DueAt = out.LateReview[i].DueAt.UTC()
	}
	out.Workload = []Workload{}
	if err := s.sel(ctx, &out.Workload, `SELECT u.id AS user_id, u.name, COUNT(*) AS assigned,
		COALESCE(SUM(CASE WHEN r.status = 'submitted' THEN 1 ELSE 0 END), 0) AS scored
		FROM review_assignments ra JOIN users u ON u.id = ra.user_id LEFT JOIN reviews r ON r.assignment_id = ra.id
		WHERE ra.status = 'active' AND `+rc+` GROUP BY u.id, u.name ORDER BY u.name, u.id`, ra...); err != nil {
		return out, err
	}
	var err error
	if out.Overdue, err = s.reportsOwed(ctx, sc, day(now), 20); err != nil {
		return out, err
	}
	gc, ga := sc.Grants.Grants("g")
	out.Amendments = []Amendment{}
	err = s.sel(ctx, &out.Amendments, `SELECT m.id, g.id AS grant_id, g.contract_number, m.kind
		FROM grant_amendments m JOIN grants g ON g.id = m.grant_id
		WHERE m.status = 'requested' AND `+gc+` ORDER BY m.requested_at, m.id`, ga...)
	return out, err
}
