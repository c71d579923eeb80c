package application

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
)

// NewDraft names what a new application is for. Stage may be empty: a
// concept note for a two-stage call, a full application otherwise.
type NewDraft struct {
	CallID, LotID, OrgID int64
	Stage                Stage
	UserID               int64
}

// Create starts a draft for an open call. The organisation must be within
// the scope; a full application to a two-stage call needs an invitation;
// the call's maximum of applications per organisation holds.
func (s *Store) Create(ctx context.Context, sc access.Scope, nd NewDraft) (Application, error) {
	if !sc.CanWriteFor(nd.OrgID) {
		return Application{}, apperr.Field("organisation_id", "applications.error.organisation")
	}
	c, err := s.calls().ByID(ctx, nd.CallID)
	if apperr.Is(err, apperr.NotFound) || (err == nil && c.State == "draft") {
		return Application{}, apperr.Field("call_id", "applications.error.call")
	}
	if err != nil {
		return Application{}, err
	}
	if !call.IsOpen(c, s.Now()) {
		return Application{}, apperr.New(apperr.Conflict, "applications.error.call_not_open")
	}
	stage, err := stageFor(c, nd.Stage)
	if err != nil {
		return Application{}, err
	}
	var id int64
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := checkLot(ctx, tx, nd); err != nil {
			return err
		}
		if stage == Full && c.TwoStage {
			if ok, err := invited(ctx, tx, nd.CallID, nd.OrgID); err != nil || !ok {
				return firstErr(err, apperr.New(apperr.Forbidden, "applications.error.not_invited"))
			}
		}
		if err := checkMax(ctx, tx, c, nd.OrgID, stage, 0, `a.status <> 'withdrawn'`); err != nil {
			return err
		}
		now := s.Now()
		id, err = db.InsertID(ctx, tx, `INSERT INTO applications (call_id, lot_id, org_id, stage, status, currency,
			created_by, created_at, updated_at) VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?) RETURNING id`,
			nd.CallID, nd.LotID, nd.OrgID, stage, c.Currency, nd.UserID, now, now)
		if err != nil {
			return fmt.Errorf("insert application: %w", err)
		}
		return nil
	})
	if err != nil {
		return Application{}, err
	}
	return s.Get(ctx, id, access.Everything())
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func stageFor(c call.Call, st Stage) (Stage, error) {
	switch {
	case st == "" && c.TwoStage:
		return Concept, nil
	case st == "" || st == Full:
		return Full, nil
	case st == Concept && c.TwoStage:
		return Concept, nil
	}
	return "", apperr.Field("stage", "applications.error.stage")
}

func checkLot(ctx context.Context, tx *sqlx.Tx, nd NewDraft) error {
	var n int
	if err := db.Get(ctx, tx, &n, `SELECT COUNT(*) FROM call_lots WHERE id = ? AND call_id = ?`, nd.LotID, nd.CallID); err != nil {
		return err
	}
	if n == 0 {
		return apperr.Field("lot_id", "applications.error.lot")
	}
	return nil
}

// checkMax refuses when the organisation already has the call's maximum of
// applications of a stage counted by cond (a constant of this package).
func checkMax(ctx context.Context, tx *sqlx.Tx, c call.Call, orgID int64, stage Stage, except int64, cond string) error {
	if c.MaxApplicationsPerOrg <= 0 {
		return nil
	}
	var n int
	if err := db.Get(ctx, tx, &n, `SELECT COUNT(*) FROM applications a WHERE a.call_id = ? AND a.org_id = ?
		AND a.stage = ? AND a.id <> ? AND `+cond, c.ID, orgID, stage, except); err != nil {
		return err
	}
	if n >= c.MaxApplicationsPerOrg {
		return apperr.New(apperr.Conflict, "applications.error.max_per_org")
	}
	return nil
}

// Invite lets an organisation submit a full application to a two-stage
// call (the evaluation of concept notes calls it). Inviting twice is fine.
func (s *Store) Invite(ctx context.Context, callID, orgID int64) error {
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error { return InviteIn(ctx, tx, callID, orgID, s.Now()) })
}

// InviteIn is Invite inside the caller's transaction (the committee's
// approval invites the shortlisted organisations with its decisions).
func InviteIn(ctx context.Context, tx *sqlx.Tx, callID, orgID int64, now time.Time) error {
	// ON CONFLICT: two invitations at once must not abort the transaction
	// (PostgreSQL cannot go on after a unique violation).
	_, err := db.Exec(ctx, tx, `INSERT INTO application_invitations (call_id, org_id, created_at) VALUES (?, ?, ?)
		ON CONFLICT (call_id, org_id) DO NOTHING`, callID, orgID, now)
	return err
}

func invited(ctx context.Context, c db.Conn, callID, orgID int64) (bool, error) {
	var n int
	err := db.Get(ctx, c, &n, `SELECT COUNT(*) FROM application_invitations WHERE call_id = ? AND org_id = ?`, callID, orgID)
	return n > 0, err
}

// Update replaces a draft's sections with in. A draft over a money or
// duration limit is refused (Invalid, with the field of each breach) and
// stays as it was; a submitted application is never changed (Conflict).
func (s *Store) Update(ctx context.Context, id int64, sc access.Scope, userID int64, in Input) (Application, error) {
	cur, err := s.Get(ctx, id, sc)
	if err != nil {
		return cur, err
	}
	if !sc.CanWriteFor(cur.OrgID) {
		return cur, apperr.New(apperr.Forbidden, "applications.error.read_only")
	}
	if cur.Status == InfoRequested { // only the sections a request names (screening)
		return s.UpdateAnswer(ctx, id, sc, userID, in)
	}
	c, lots, profile, err := s.rules(ctx, cur.CallID)
	if err != nil {
		return cur, err
	}
	next := cur.With(in)
	if ps := limits(next, c, lots, profile); len(ps) > 0 {
		fe := apperr.FieldErrors{}
		for _, p := range ps {
			fe.Add(p.Field, p.Key)
		}
		return cur, fe.Err()
	}
	t, _ := Sum(next.Budget, profile)
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		return s.write(ctx, tx, cur, next, t, userID)
	})
	if err != nil {
		return cur, err
	}
	return s.Get(ctx, id, sc)
}

// With returns a with its sections replaced by in.
func (a Application) With(in Input) Application {
	a.Title, a.Summary, a.DurationMonths, a.StartMonth = in.Title, in.Summary, in.DurationMonths, in.StartMonth
	a.TargetGroups, a.Municipalities, a.Logframe, a.Activities = in.TargetGroups, in.Municipalities, in.Logframe, in.Activities
	a.Budget, a.Partners, a.DeclarationAccepted = in.Budget, in.Partners, in.DeclarationAccepted
	return a
}

// write stores next over cur; the WHERE on the draft status makes a
// concurrent submission win cleanly.
func (s *Store) write(ctx context.Context, tx *sqlx.Tx, cur, next Application, t Totals, userID int64) error {
	now := s.Now()
	declAt, declBy := cur.DeclarationAt, cur.DeclarationBy
	switch {
	case !next.DeclarationAccepted:
		declAt, declBy = nil, nil
	case !cur.DeclarationAccepted:
		declAt, declBy = &now, &userID
	}
	lf, _ := json.Marshal(next.Logframe)
	wp, _ := json.Marshal(next.Activities)
	res, err := db.Exec(ctx, tx, `UPDATE applications SET title = ?, summary = ?, duration_months = ?, start_month = ?,
		logframe = ?, workplan = ?, total_minor = ?, requested_minor = ?, cofinancing_minor = ?, declaration_accepted = ?,
		declaration_at = ?, declaration_by = ?, updated_at = ? WHERE id = ? AND status = 'draft'`,
		next.Title, next.Summary, next.DurationMonths, next.StartMonth, string(lf), string(wp), t.Total, t.Requested,
		t.Cofinancing, next.DeclarationAccepted, declAt, declBy, now, cur.ID)
	if err != nil {
		return fmt.Errorf("update application: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.Conflict, "applications.error.not_editable")
	}
	return writeSections(ctx, tx, next)
}

func writeSections(ctx context.Context, tx *sqlx.Tx, a Application) error {
	for _, t := range []string{"application_budget_lines", "application_municipalities", "application_target_groups", "application_partners"} {
		if _, err := db.Exec(ctx, tx, `DELETE FROM `+t+` WHERE application_id = ?`, a.ID); err != nil {
			return fmt.Errorf("clear %s: %w", t, err)
		}
	}
	for i, l := range a.Budget {
		if _, err := db.Exec(ctx, tx, `INSERT INTO application_budget_lines (application_id, position, heading, description,
			unit, units_x100, unit_rate_minor, total_minor, requested_minor, cofinancing_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, i, l.Heading, l.Description, l.Unit, l.UnitsX100, l.UnitRateMinor, l.TotalMinor, l.RequestedMinor, l.CofinancingMinor); err != nil {
			return fmt.Errorf("insert budget line: %w", err)
		}
	}
	for _, m := range a.Municipalities {
		if _, err := db.Exec(ctx, tx, `INSERT INTO application_municipalities (application_id, municipality) VALUES (?, ?)`, a.ID, m); err != nil {
			return fmt.Errorf("insert municipality: %w", err)
		}
	}
	for _, g := range a.TargetGroups {
		if _, err := db.Exec(ctx, tx, `INSERT INTO application_target_groups (application_id, target_group, beneficiaries)
			VALUES (?, ?, ?)`, a.ID, g.Code, g.Beneficiaries); err != nil {
			return fmt.Errorf("insert target group: %w", err)
		}
	}
	for i, p := range a.Partners {
		if err := checkPartnerOrg(ctx, tx, a, i, p); err != nil {
			return err
		}
		if _, err := db.Exec(ctx, tx, `INSERT INTO application_partners (application_id, position, org_id, name, role, share_minor)
			VALUES (?, ?, ?, ?, ?, ?)`, a.ID, i, p.OrgID, p.Name, p.Role, p.ShareMinor); err != nil {
			return fmt.Errorf("insert partner: %w", err)
		}
	}
	return nil
}

// checkPartnerOrg refuses a partner organisation that does not exist or is
// the applicant itself.
func checkPartnerOrg(ctx context.Context, tx *sqlx.Tx, a Application, i int, p Partner) error {
	if p.OrgID == nil {
		return nil
	}
	var n int
	if err := db.Get(ctx, tx, &n, `SELECT COUNT(*) FROM organisations WHERE id = ?`, *p.OrgID); err != nil {
		return err
	}
	if n == 0 || *p.OrgID == a.OrgID {
		return apperr.Field(fmt.Sprintf("partners[%d].organisation_id", i), "applications.error.partner_org")
	}
	return nil
}
