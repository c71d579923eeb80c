package application

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
)

// Store reads and writes applications.
type Store struct {
	DB       *db.DB
	Now      func() time.Time // the server clock that decides the deadline
	Profiles donor.Profiles
	Cat      *i18n.Catalogue // receipt e-mails
}

// NewStore returns a store on d with the database clock.
func NewStore(d *db.DB, profiles donor.Profiles, cat *i18n.Catalogue) *Store {
	return &Store{DB: d, Now: db.Now, Profiles: profiles, Cat: cat}
}

func (s *Store) calls() *call.Store { return &call.Store{DB: s.DB, Now: s.Now} }

const cols = `a.id, a.call_id, c.reference AS call_reference, a.lot_id, l.name AS lot_name, a.org_id, o.name AS org_name,
	a.stage, a.status, COALESCE(a.reference, '') AS reference, a.title, a.summary, a.duration_months, a.start_month,
	a.currency, a.total_minor, a.requested_minor, a.cofinancing_minor, a.declaration_accepted, a.declaration_at,
	a.declaration_by, a.created_by, a.submitted_at, a.submitted_by, a.withdrawn_at, a.withdrawal_reason,
	a.created_at, a.updated_at, a.logframe, a.workplan`

const from = ` FROM applications a JOIN calls c ON c.id = a.call_id JOIN programmes p ON p.id = c.programme_id
	JOIN call_lots l ON l.id = a.lot_id JOIN organisations o ON o.id = a.org_id`

// Get returns an application with all its sections; NotFound when there is
// none or the scope does not reach it.
func (s *Store) Get(ctx context.Context, id int64, sc access.Scope) (Application, error) {
	return get(ctx, s.DB, id, sc)
}

func get(ctx context.Context, c db.Conn, id int64, sc access.Scope) (Application, error) {
	var a Application
	cond, args := sc.Applications("a")
	if err := db.Get(ctx, c, &a, `SELECT `+cols+from+` WHERE a.id = ? AND `+cond, append([]any{id}, args...)...); err != nil {
		return a, err
	}
	if err := loadSections(ctx, c, &a); err != nil {
		return a, err
	}
	return a, nil
}

func loadSections(ctx context.Context, c db.Conn, a *Application) error {
	utc(a)
	a.TargetGroups, a.Municipalities, a.Budget, a.Partners = []TargetGroup{}, []string{}, []BudgetLine{}, []Partner{}
	if err := db.Select(ctx, c, &a.TargetGroups, `SELECT target_group, beneficiaries FROM application_target_groups
		WHERE application_id = ? ORDER BY target_group`, a.ID); err != nil {
		return fmt.Errorf("target groups: %w", err)
	}
	if err := db.Select(ctx, c, &a.Municipalities, `SELECT municipality FROM application_municipalities
		WHERE application_id = ? ORDER BY municipality`, a.ID); err != nil {
		return fmt.Errorf("municipalities: %w", err)
	}
	if err := db.Select(ctx, c, &a.Budget, `SELECT heading, description, unit, units_x100, unit_rate_minor, total_minor,
		requested_minor, cofinancing_minor FROM application_budget_lines WHERE application_id = ? ORDER BY position`, a.ID); err != nil {
		return fmt.Errorf("budget: %w", err)
	}
	if err := db.Select(ctx, c, &a.Partners, `SELECT org_id, name, role, share_minor FROM application_partners
		WHERE application_id = ? ORDER BY position`, a.ID); err != nil {
		return fmt.Errorf("partners: %w", err)
	}
	a.Logframe = Logframe{Objectives: []string{}, Indicators: []Indicator{}}
	a.Activities = []Activity{}
	if err := json.Unmarshal([]byte(a.LogframeJSON), &a.Logframe); err != nil {
		return fmt.Errorf("logframe of application %d: %w", a.ID, err)
	}
	if err := json.Unmarshal([]byte(a.WorkplanJSON), &a.Activities); err != nil {
		return fmt.Errorf("workplan of application %d: %w", a.ID, err)
	}
	return loadAttachments(ctx, c, a)
}

func utc(a *Application) {
	for _, t := range []*time.Time{a.DeclarationAt, a.SubmittedAt, a.WithdrawnAt, &a.CreatedAt, &a.UpdatedAt} {
		if t != nil {
			*t = t.UTC()
		}
	}
}

// Profile returns the donor profile of a call's programme.
func (s *Store) Profile(ctx context.Context, callID int64) (*donor.Profile, error) {
	var code string
	if err := db.Get(ctx, s.DB, &code, `SELECT p.donor_profile FROM calls c JOIN programmes p ON p.id = c.programme_id
		WHERE c.id = ?`, callID); err != nil {
		return nil, err
	}
	p, ok := s.Profiles[code]
	if !ok {
		return nil, apperr.Wrap(apperr.Internal, "error.internal", fmt.Errorf("no donor profile %q", code))
	}
	return p, nil
}

// Problems lists what stops an application's submission now (see Check).
func (s *Store) Problems(ctx context.Context, id int64, sc access.Scope) ([]Problem, error) {
	a, err := s.Get(ctx, id, sc)
	if err != nil {
		return nil, err
	}
	c, lots, profile, err := s.rules(ctx, a.CallID)
	if err != nil {
		return nil, err
	}
	return Check(a, c, lots, profile, s.Now()), nil
}

// rules loads what Check needs besides the application.
func (s *Store) rules(ctx context.Context, callID int64) (call.Call, []call.Lot, *donor.Profile, error) {
	c, err := s.calls().ByID(ctx, callID)
	if err != nil {
		return c, nil, nil, err
	}
	lots, err := s.calls().Lots(ctx, callID)
	if err != nil {
		return c, nil, nil, err
	}
	profile, err := s.Profile(ctx, callID)
	return c, lots, profile, err
}
