package review

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/db"
)

// MaxReasonLen bounds an officer's reason for removing an assignment.
const MaxReasonLen = 2000

// AddAssignment is an officer's override: it assigns one voting evaluator
// of the call's committee to one eligible application. A member of the
// applicant or a partner organisation is refused (separation of duties),
// as is one who declared a conflict; an evaluator removed earlier is
// assigned again. Errors name the field "user_id".
func (s *Store) AddAssignment(ctx context.Context, appID, userID, by int64) (Assignment, error) {
	var out Assignment
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		app, err := loadAssignApp(ctx, tx, appID)
		if err != nil {
			return err
		}
		if err := refuseDecided(ctx, tx, app.callID, app.stage); err != nil {
			return err
		}
		if app.status != application.Eligible {
			return apperr.New(apperr.Conflict, "committee.error.not_eligible")
		}
		if err := s.checkAssignable(ctx, tx, app, userID); err != nil {
			return err
		}
		_, due, err := committeeRules(ctx, tx, app.callID, app.stage)
		if err != nil {
			return err
		}
		prev, err := assignmentOf(ctx, tx, `ra.application_id = ? AND ra.user_id = ?`, appID, userID)
		switch {
		case err == nil && prev.Status == Active:
			return apperr.Field("user_id", "committee.error.already_assigned")
		case err == nil:
			_, err = db.Exec(ctx, tx, `UPDATE review_assignments SET status = ?, assigned_by = ?, assigned_at = ?, due_at = ?,
				ended_reason = '', ended_by = NULL, ended_at = NULL WHERE id = ?`, Active, by, s.assignClock(), due, prev.ID)
			if err == nil {
				err = s.noticeAssigned(ctx, tx, prev.ID, appID, userID, due)
			}
		case apperr.Is(err, apperr.NotFound):
			err = s.insertAssignment(ctx, tx, Pick{AppID: appID, UserID: userID}, false, &by, due)
		}
		if err != nil {
			return err
		}
		out, err = assignmentOf(ctx, tx, `ra.application_id = ? AND ra.user_id = ?`, appID, userID)
		return err
	})
	return out, err
}

// checkAssignable refuses a user who is not a voting evaluator of the
// call, belongs to the applicant or a partner organisation, or declared a
// conflict for the application.
func (s *Store) checkAssignable(ctx context.Context, tx *sqlx.Tx, app assignApp, userID int64) error {
	cands, err := committeeVoters(ctx, tx, app.callID)
	if err != nil {
		return err
	}
	member := false
	for _, c := range cands {
		member = member || c.UserID == userID
	}
	if !member {
		return apperr.Field("user_id", "committee.error.not_voting_member")
	}
	sep, err := inApplicantOrgs(ctx, tx, app.id, userID)
	if err != nil {
		return err
	}
	if sep {
		return apperr.Field("user_id", "committee.error.separation")
	}
	var n int
	if err := db.Get(ctx, tx, &n, `SELECT COUNT(*) FROM coi_declarations WHERE application_id = ? AND user_id = ? AND conflict = ?`,
		app.id, userID, true); err != nil {
		return fmt.Errorf("declared conflicts: %w", err)
	}
	if n > 0 {
		return apperr.Field("user_id", "committee.error.declared_conflict")
	}
	return nil
}

// RemoveAssignment is an officer's override: it takes an active assignment
// away with a reason (required). The evaluator loses access to the
// application at its next request.
func (s *Store) RemoveAssignment(ctx context.Context, assignmentID int64, reason string, by int64) (Assignment, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return Assignment{}, apperr.Field("reason", "committee.error.reason_required")
	case utf8.RuneCountInString(reason) > MaxReasonLen:
		return Assignment{}, apperr.Field("reason", "committee.error.reason_too_long")
	}
	var out Assignment
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		a, err := assignmentOf(ctx, tx, `ra.id = ?`, assignmentID)
		if err != nil {
			return err
		}
		if a.Status != Active {
			return apperr.New(apperr.Conflict, "committee.error.not_active")
		}
		app, err := loadAssignApp(ctx, tx, a.ApplicationID)
		if err != nil {
			return err
		}
		if err := refuseDecided(ctx, tx, app.callID, app.stage); err != nil {
			return err
		}
		if _, err := db.Exec(ctx, tx, `UPDATE review_assignments SET status = ?, ended_reason = ?, ended_by = ?, ended_at = ?
			WHERE id = ?`, Removed, reason, by, s.assignClock(), a.ID); err != nil {
			return fmt.Errorf("remove assignment: %w", err)
		}
		out, err = assignmentOf(ctx, tx, `ra.id = ?`, assignmentID)
		return err
	})
	return out, err
}

// EvaluatorAssignment returns an assignment of the evaluator userID;
// NotFound when it is someone else's or no longer active, so that a
// removed evaluator learns nothing more.
func (s *Store) EvaluatorAssignment(ctx context.Context, assignmentID, userID int64) (Assignment, error) {
	return assignmentOf(ctx, s.DB, `ra.id = ? AND ra.user_id = ? AND ra.status = ?`, assignmentID, userID, Active)
}

// AssignmentByID returns any assignment (for officers).
func (s *Store) AssignmentByID(ctx context.Context, assignmentID int64) (Assignment, error) {
	return assignmentOf(ctx, s.DB, `ra.id = ?`, assignmentID)
}

// assignmentOf reads one assignment matching cond (on alias ra).
func assignmentOf(ctx context.Context, c db.Conn, cond string, args ...any) (Assignment, error) {
	var a Assignment
	err := db.Get(ctx, c, &a, `SELECT ra.id, ra.application_id, ra.user_id, ra.status, ra.further, ra.assigned_by,
		ra.assigned_at, ra.due_at, ra.reminded_at, ra.ended_reason, ra.ended_at FROM review_assignments ra WHERE `+cond, args...)
	if err != nil {
		return a, err
	}
	a.AssignedAt = a.AssignedAt.UTC()
	a.DueAt, a.RemindedAt, a.EndedAt = assignUTC(a.DueAt), assignUTC(a.RemindedAt), assignUTC(a.EndedAt)
	return a, nil
}

// assignUTC puts a stored moment in UTC (SQLite may return it in local time).
func assignUTC(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
