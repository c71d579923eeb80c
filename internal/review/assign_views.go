package review

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/db"
)

// WorkItem is one line of an evaluator's worklist.
type WorkItem struct {
	AssignmentID  int64      `db:"id" json:"assignment_id"`
	ApplicationID int64      `db:"application_id" json:"application_id"`
	CallID        int64      `db:"call_id" json:"call_id"`
	CallReference string     `db:"call_reference" json:"call_reference"`
	Reference     string     `db:"reference" json:"reference"`
	Title         string     `db:"title" json:"title"`
	Further       bool       `db:"further" json:"further"`
	DueAt         *time.Time `db:"due_at" json:"due_at"`
	Declared      bool       `db:"declared" json:"declared"`
	ReviewStatus  string     `db:"review_status" json:"review_status"` // "", draft or submitted
}

// Worklist lists the evaluator's active assignments, soonest due first.
func (s *Store) Worklist(ctx context.Context, userID int64) ([]WorkItem, error) {
	out := []WorkItem{}
	err := db.Select(ctx, s.DB, &out, `SELECT ra.id, ra.application_id, a.call_id, c.reference AS call_reference,
		COALESCE(a.reference, '') AS reference, a.title, ra.further, ra.due_at,
		CASE WHEN d.id IS NULL THEN 0 ELSE 1 END AS declared, COALESCE(r.status, '') AS review_status
		FROM review_assignments ra JOIN applications a ON a.id = ra.application_id JOIN calls c ON c.id = a.call_id
		LEFT JOIN coi_declarations d ON d.application_id = ra.application_id AND d.user_id = ra.user_id
		LEFT JOIN reviews r ON r.assignment_id = ra.id
		WHERE ra.user_id = ? AND ra.status = ?
		ORDER BY CASE WHEN ra.due_at IS NULL THEN 1 ELSE 0 END, ra.due_at, ra.id`, userID, Active)
	if err != nil {
		return nil, fmt.Errorf("worklist: %w", err)
	}
	for i := range out {
		out[i].DueAt = assignUTC(out[i].DueAt)
	}
	return out, nil
}

// AssignmentLine is one evaluator on one application, for officers.
type AssignmentLine struct {
	ID            int64      `db:"id" json:"id"`
	ApplicationID int64      `db:"application_id" json:"-"`
	UserID        int64      `db:"user_id" json:"user_id"`
	Name          string     `db:"name" json:"name"`
	Status        string     `db:"status" json:"status"`
	Further       bool       `db:"further" json:"further"`
	DueAt         *time.Time `db:"due_at" json:"due_at"`
	EndedReason   string     `db:"ended_reason" json:"ended_reason"`
	Declared      bool       `db:"declared" json:"declared"`
	Conflict      bool       `db:"conflict" json:"conflict"`
	ReviewStatus  string     `db:"review_status" json:"review_status"`
}

// AppAssignments is an application of a call's stage with its evaluators.
type AppAssignments struct {
	ApplicationID int64            `db:"id" json:"application_id"`
	Reference     string           `db:"reference" json:"reference"`
	Title         string           `db:"title" json:"title"`
	Applicant     string           `db:"applicant" json:"applicant"`
	Status        string           `db:"status" json:"status"`
	Lang          string           `db:"lang" json:"language"`
	Active        int              `db:"-" json:"active"`
	Assignments   []AssignmentLine `db:"-" json:"assignments"`
}

// CallAssignments lists, for officers, the applications of a call's stage
// that are eligible or have had evaluators, each with its assignments
// (ended ones too, with their reason).
func (s *Store) CallAssignments(ctx context.Context, callID int64, stage string) ([]AppAssignments, error) {
	apps := []AppAssignments{}
	if err := db.Select(ctx, s.DB, &apps, `SELECT a.id, COALESCE(a.reference, '') AS reference, a.title, o.name AS applicant,
		a.status, COALESCE(u.lang, '') AS lang
		FROM applications a JOIN organisations o ON o.id = a.org_id LEFT JOIN users u ON u.id = a.submitted_by
		WHERE a.call_id = ? AND a.stage = ? AND (a.status = ? OR EXISTS (SELECT 1 FROM review_assignments x WHERE x.application_id = a.id))
		ORDER BY a.id`, callID, stage, application.Eligible); err != nil {
		return nil, fmt.Errorf("call assignments: %w", err)
	}
	var lines []AssignmentLine
	if err := db.Select(ctx, s.DB, &lines, `SELECT ra.id, ra.application_id, ra.user_id, u.name, ra.status, ra.further, ra.due_at,
		ra.ended_reason, CASE WHEN d.id IS NULL THEN 0 ELSE 1 END AS declared,
		CASE WHEN d.conflict = ? THEN 1 ELSE 0 END AS conflict, COALESCE(r.status, '') AS review_status
		FROM review_assignments ra JOIN applications a ON a.id = ra.application_id JOIN users u ON u.id = ra.user_id
		LEFT JOIN coi_declarations d ON d.application_id = ra.application_id AND d.user_id = ra.user_id
		LEFT JOIN reviews r ON r.assignment_id = ra.id
		WHERE a.call_id = ? AND a.stage = ? ORDER BY ra.application_id, ra.id`, true, callID, stage); err != nil {
		return nil, fmt.Errorf("assignment lines: %w", err)
	}
	byApp := map[int64][]AssignmentLine{}
	for _, l := range lines {
		l.DueAt = assignUTC(l.DueAt)
		byApp[l.ApplicationID] = append(byApp[l.ApplicationID], l)
	}
	for i := range apps {
		apps[i].Lang = textLang(apps[i].Lang)
		apps[i].Assignments = byApp[apps[i].ApplicationID]
		if apps[i].Assignments == nil {
			apps[i].Assignments = []AssignmentLine{}
		}
		for _, l := range apps[i].Assignments {
			if l.Status == Active {
				apps[i].Active++
			}
		}
	}
	return apps, nil
}
