package review

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/db"
)

// Brief is all an evaluator sees of an application before it declares:
// enough to recognise a conflict of interest, nothing of the content.
type Brief struct {
	AssignmentID  int64    `json:"assignment_id"`
	ApplicationID int64    `json:"application_id"`
	CallReference string   `json:"call_reference"`
	Reference     string   `json:"reference"`
	Title         string   `json:"title"`
	Applicant     string   `json:"applicant"`
	Partners      []string `json:"partners"`
}

// DeclarationInput is an evaluator's declaration: the statement shown (in
// its language) and whether it has a conflict of interest.
type DeclarationInput struct {
	Conflict  bool
	Lang      string
	Statement string
	Comment   string
}

// MaxCommentLen bounds the comment of a declaration.
const MaxCommentLen = 2000

// DeclarationBrief returns what the evaluator userID may see of its active
// assignment before declaring; NotFound for anyone else's assignment.
func (s *Store) DeclarationBrief(ctx context.Context, assignmentID, userID int64) (Brief, error) {
	a, err := s.EvaluatorAssignment(ctx, assignmentID, userID)
	if err != nil {
		return Brief{}, err
	}
	b := Brief{AssignmentID: a.ID, ApplicationID: a.ApplicationID, Partners: []string{}}
	var row struct {
		CallRef   string `db:"call_reference"`
		Reference string `db:"reference"`
		Title     string `db:"title"`
		Applicant string `db:"applicant"`
	}
	if err := db.Get(ctx, s.DB, &row, `SELECT c.reference AS call_reference, COALESCE(a.reference, '') AS reference, a.title,
		o.name AS applicant FROM applications a JOIN calls c ON c.id = a.call_id JOIN organisations o ON o.id = a.org_id
		WHERE a.id = ?`, a.ApplicationID); err != nil {
		return Brief{}, err
	}
	b.CallReference, b.Reference, b.Title, b.Applicant = row.CallRef, row.Reference, row.Title, row.Applicant
	if err := db.Select(ctx, s.DB, &b.Partners, `SELECT COALESCE(o.name, pt.name) FROM application_partners pt
		LEFT JOIN organisations o ON o.id = pt.org_id WHERE pt.application_id = ? ORDER BY pt.position`, a.ApplicationID); err != nil {
		return Brief{}, fmt.Errorf("partners: %w", err)
	}
	return b, nil
}

// Declaration returns the evaluator's declaration for an application;
// NotFound when it has not declared.
func (s *Store) Declaration(ctx context.Context, appID, userID int64) (Declaration, error) {
	var d Declaration
	err := db.Get(ctx, s.DB, &d, `SELECT id, application_id, user_id, conflict, lang, statement, comment, declared_at
		FROM coi_declarations WHERE application_id = ? AND user_id = ?`, appID, userID)
	d.DeclaredAt = d.DeclaredAt.UTC()
	return d, err
}

// Declare records the evaluator's declaration on its active assignment,
// with the statement it was shown and the time. A conflict recuses it
// (the assignment ends with reason "conflict") and a replacement is
// assigned when one is available; replaced says whether one was.
func (s *Store) Declare(ctx context.Context, assignmentID, userID int64, in DeclarationInput) (d Declaration, replaced bool, err error) {
	in.Comment = strings.TrimSpace(in.Comment)
	if utf8.RuneCountInString(in.Comment) > MaxCommentLen {
		return d, false, apperr.Field("comment", "committee.error.comment_too_long")
	}
	if strings.TrimSpace(in.Statement) == "" || in.Lang == "" {
		return d, false, fmt.Errorf("declare: the statement and its language are required")
	}
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		a, err := assignmentOf(ctx, tx, `ra.id = ? AND ra.user_id = ? AND ra.status = ?`, assignmentID, userID, Active)
		if err != nil {
			return err
		}
		now := s.assignClock()
		_, err = db.Exec(ctx, tx, `INSERT INTO coi_declarations (application_id, user_id, conflict, lang, statement, comment, declared_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, a.ApplicationID, userID, in.Conflict, in.Lang, in.Statement, in.Comment, now)
		if db.IsUnique(err) {
			return apperr.New(apperr.Conflict, "committee.error.already_declared")
		}
		if err != nil {
			return fmt.Errorf("insert declaration: %w", err)
		}
		if !in.Conflict {
			return nil
		}
		replaced, err = s.recuse(ctx, tx, a, userID)
		return err
	})
	if err != nil {
		return Declaration{}, false, err
	}
	d, err = s.declarationOf(ctx, assignmentID, userID)
	return d, replaced, err
}

// recuse ends an assignment for a declared conflict and assigns a
// replacement with the same due date when one is available.
func (s *Store) recuse(ctx context.Context, tx *sqlx.Tx, a Assignment, userID int64) (bool, error) {
	if _, err := db.Exec(ctx, tx, `UPDATE review_assignments SET status = ?, ended_reason = ?, ended_by = ?, ended_at = ?
		WHERE id = ?`, Recused, "conflict", userID, s.assignClock(), a.ID); err != nil {
		return false, fmt.Errorf("recuse: %w", err)
	}
	app, err := loadAssignApp(ctx, tx, a.ApplicationID)
	if err != nil {
		return false, err
	}
	if app.status != application.Eligible {
		return false, nil
	}
	return s.assignOne(ctx, tx, app, a.DueAt, a.Further, nil)
}

// declarationOf reads the declaration made on an assignment.
func (s *Store) declarationOf(ctx context.Context, assignmentID, userID int64) (Declaration, error) {
	var appID int64
	if err := db.Get(ctx, s.DB, &appID, `SELECT application_id FROM review_assignments WHERE id = ? AND user_id = ?`,
		assignmentID, userID); err != nil {
		return Declaration{}, err
	}
	return s.Declaration(ctx, appID, userID)
}
