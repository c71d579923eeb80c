package review

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/db"
)

// Defaults of the committee's rules while a call's stage has no stored grid.
const (
	defaultEvaluatorsPerApp = 2
)

// committeeRules reads the evaluators per application and the review due
// date of a call's stage from its stored grid, or the defaults (2, no due
// date) when none is stored. It never writes.
func committeeRules(ctx context.Context, c db.Conn, callID int64, stage string) (int, *time.Time, error) {
	var g struct {
		PerApp int        `db:"evaluators_per_app"`
		Due    *time.Time `db:"review_due_at"`
	}
	err := db.Get(ctx, c, &g, `SELECT evaluators_per_app, review_due_at FROM eval_grids WHERE call_id = ? AND stage = ?`, callID, stage)
	if apperr.Is(err, apperr.NotFound) {
		return defaultEvaluatorsPerApp, nil, nil
	}
	if err != nil {
		return 0, nil, fmt.Errorf("committee rules: %w", err)
	}
	if g.Due != nil {
		t := g.Due.UTC()
		g.Due = &t
	}
	return g.PerApp, g.Due, nil
}

// assignApp is an application as assignment needs it: its call, stage, status,
// language (that of the user who submitted it) and active assignments.
type assignApp struct {
	id     int64
	callID int64
	stage  string
	status application.Status
	lang   string
	active int
}

type assignAppDB struct {
	ID     int64              `db:"id"`
	CallID int64              `db:"call_id"`
	Stage  string             `db:"stage"`
	Status application.Status `db:"status"`
	Lang   string             `db:"lang"`
	Active int                `db:"active"`
}

const assignAppSQL = `SELECT a.id, a.call_id, a.stage, a.status, COALESCE(u.lang, '') AS lang,
	(SELECT COUNT(*) FROM review_assignments ra WHERE ra.application_id = a.id AND ra.status = ?) AS active
	FROM applications a LEFT JOIN users u ON u.id = a.submitted_by`

func (r assignAppDB) row() assignApp {
	return assignApp{id: r.ID, callID: r.CallID, stage: r.Stage, status: r.Status, lang: textLang(r.Lang), active: r.Active}
}

// loadAssignApp reads one application for assignment; NotFound when there is none.
func loadAssignApp(ctx context.Context, c db.Conn, appID int64) (assignApp, error) {
	var r assignAppDB
	if err := db.Get(ctx, c, &r, assignAppSQL+` WHERE a.id = ?`, Active, appID); err != nil {
		return assignApp{}, err
	}
	return r.row(), nil
}

// eligibleForAssignment lists the eligible applications of a call's stage in id order.
func eligibleForAssignment(ctx context.Context, c db.Conn, callID int64, stage string) ([]assignApp, error) {
	var rows []assignAppDB
	if err := db.Select(ctx, c, &rows, assignAppSQL+` WHERE a.call_id = ? AND a.stage = ? AND a.status = ? ORDER BY a.id`,
		Active, callID, stage, application.Eligible); err != nil {
		return nil, fmt.Errorf("eligible applications: %w", err)
	}
	out := make([]assignApp, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.row())
	}
	return out, nil
}

// committeeVoters lists the call's voting evaluators (enabled accounts with the
// evaluator role) with their load: active assignments in the call.
func committeeVoters(ctx context.Context, c db.Conn, callID int64) ([]Candidate, error) {
	var rows []struct {
		UserID    int64  `db:"user_id"`
		Languages string `db:"languages"`
		Load      int    `db:"load"`
	}
	err := db.Select(ctx, c, &rows, `SELECT m.user_id, m.languages,
		(SELECT COUNT(*) FROM review_assignments ra JOIN applications a ON a.id = ra.application_id
		 WHERE ra.user_id = m.user_id AND ra.status = ? AND a.call_id = m.call_id) AS load
		FROM committee_members m JOIN users u ON u.id = m.user_id
		WHERE m.call_id = ? AND m.role = ? AND u.role = ? AND u.disabled = ? ORDER BY m.user_id`,
		Active, callID, Voting, "evaluator", false)
	if err != nil {
		return nil, fmt.Errorf("voting evaluators: %w", err)
	}
	out := make([]Candidate, 0, len(rows))
	for _, r := range rows {
		out = append(out, Candidate{UserID: r.UserID, Languages: r.Languages, Load: r.Load})
	}
	return out, nil
}

// assignExclusions maps each application of a call to the users who may never be
// assigned to it: members of the applicant or of a partner organisation,
// those who declared a conflict, and those assigned before (removed too).
func assignExclusions(ctx context.Context, c db.Conn, callID int64) (map[int64]map[int64]bool, error) {
	var pairs []struct {
		AppID  int64 `db:"application_id"`
		UserID int64 `db:"user_id"`
	}
	err := db.Select(ctx, c, &pairs, `
		SELECT a.id AS application_id, m.user_id FROM applications a JOIN memberships m ON m.org_id = a.org_id WHERE a.call_id = ?
		UNION SELECT a.id, m.user_id FROM applications a JOIN application_partners pt ON pt.application_id = a.id
			JOIN memberships m ON m.org_id = pt.org_id WHERE a.call_id = ?
		UNION SELECT a.id, d.user_id FROM applications a JOIN coi_declarations d ON d.application_id = a.id
			WHERE a.call_id = ? AND d.conflict = ?
		UNION SELECT a.id, ra.user_id FROM applications a JOIN review_assignments ra ON ra.application_id = a.id WHERE a.call_id = ?`,
		callID, callID, callID, true, callID)
	if err != nil {
		return nil, fmt.Errorf("assignExclusions: %w", err)
	}
	out := map[int64]map[int64]bool{}
	for _, p := range pairs {
		if out[p.AppID] == nil {
			out[p.AppID] = map[int64]bool{}
		}
		out[p.AppID][p.UserID] = true
	}
	return out, nil
}

// inApplicantOrgs reports whether user belongs to the applicant organisation of
// an application or to one of its partner organisations.
func inApplicantOrgs(ctx context.Context, c db.Conn, appID, userID int64) (bool, error) {
	var n int
	err := db.Get(ctx, c, &n, `SELECT COUNT(*) FROM memberships m WHERE m.user_id = ? AND (
		m.org_id = (SELECT org_id FROM applications WHERE id = ?)
		OR m.org_id IN (SELECT pt.org_id FROM application_partners pt WHERE pt.application_id = ? AND pt.org_id IS NOT NULL))`,
		userID, appID, appID)
	if err != nil {
		return false, fmt.Errorf("separation of duties: %w", err)
	}
	return n > 0, nil
}

// insertAssignment stores one active assignment and tells the evaluator.
func (s *Store) insertAssignment(ctx context.Context, c db.Conn, p Pick, further bool, by *int64, due *time.Time) error {
	id, err := db.InsertID(ctx, c, `INSERT INTO review_assignments (application_id, user_id, status, further, assigned_by, assigned_at, due_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.AppID, p.UserID, Active, further, by, s.assignClock(), due)
	if err != nil {
		return fmt.Errorf("insert assignment: %w", err)
	}
	return s.noticeAssigned(ctx, c, id, p.AppID, p.UserID, due)
}

// assignClock is the store's clock in UTC, truncated to what both databases keep.
func (s *Store) assignClock() time.Time {
	if s.Now == nil {
		return db.Now()
	}
	return s.Now().UTC().Truncate(time.Microsecond)
}
