package opendata

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
)

// Store reads what the exports publish.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

// NewStore returns a store on d with the database clock.
func NewStore(d *db.DB) *Store { return &Store{DB: d, Now: db.Now} }

const orgCols = `o.id, o.name, o.kind, COALESCE(pr.legal_name, '') AS legal_name,
	COALESCE(pr.municipality, '') AS municipality, COALESCE(pr.registration_number, '') AS registration_number,
	COALESCE(pr.registry, '') AS registry, COALESCE(pr.fiscal_number, '') AS fiscal_number`

const orgFrom = ` FROM organisations o LEFT JOIN organisation_profiles pr ON pr.org_id = o.id`

const grantCols = `g.id, g.application_id, g.contract_number, g.currency, g.amount_minor, g.status, g.starts_on,
	g.ends_on, g.lang, g.signed_at, g.org_signed_on, g.updated_at, a.title AS app_title, a.summary AS app_summary,
	a.duration_months, c.reference AS call_reference, c.title_sq AS call_title_sq, c.title_en AS call_title_en`

// Load reads programme id with its agreements, their grantees,
// schedules and payments, as far as scope sc reaches: NotFound when it
// does not reach the programme.
func (s *Store) Load(ctx context.Context, id int64, sc access.Scope) (Export, error) {
	ex := Export{Generated: s.Now().UTC()}
	cond, args := sc.Programmes("p")
	var donorID int64
	row := struct {
		Programme
		DonorOrgID int64 `db:"donor_org_id"`
	}{}
	if err := db.Get(ctx, s.DB, &row, `SELECT p.id, p.title, p.currency, p.subgrant_budget_minor, p.starts_on, p.ends_on,
		p.updated_at, p.donor_org_id FROM programmes p WHERE p.id = ? AND `+cond, append([]any{id}, args...)...); err != nil {
		return ex, err
	}
	ex.Programme, donorID = row.Programme, row.DonorOrgID
	ex.Programme.UpdatedAt = ex.Programme.UpdatedAt.UTC()
	if err := db.Get(ctx, s.DB, &ex.Programme.Donor, `SELECT `+orgCols+orgFrom+` WHERE o.id = ?`, donorID); err != nil {
		return ex, fmt.Errorf("donor: %w", err)
	}
	var pubs []Org
	if err := db.Select(ctx, s.DB, &pubs, `SELECT `+orgCols+orgFrom+` WHERE o.kind = 'intermediary' ORDER BY o.id LIMIT 1`); err != nil {
		return ex, fmt.Errorf("intermediary: %w", err)
	}
	if len(pubs) == 1 {
		ex.Publisher = pubs[0]
	}
	var lists []string
	if err := db.Select(ctx, s.DB, &lists, `SELECT municipalities FROM calls WHERE programme_id = ? AND municipalities <> ''
		ORDER BY id`, id); err != nil {
		return ex, fmt.Errorf("call places: %w", err)
	}
	for _, l := range lists {
		for _, code := range strings.Split(l, ",") {
			if code = strings.TrimSpace(code); code != "" && !slices.Contains(ex.Programme.Places, code) {
				ex.Programme.Places = append(ex.Programme.Places, code)
			}
		}
	}
	grants, err := s.grants(ctx, id, sc)
	if err != nil {
		return ex, err
	}
	ex.Grants = grants
	return ex, nil
}

// grants reads the programme's agreements the scope reaches, drafts
// included (an awarded grant whose agreement is not signed yet is in the
// pipeline: the exports list it without a commitment), and fills in their
// parts with one query per part.
func (s *Store) grants(ctx context.Context, programmeID int64, sc access.Scope) ([]Grant, error) {
	gcond, gargs := sc.Grants("g")
	where := ` WHERE g.programme_id = ? AND ` + gcond
	args := append([]any{programmeID}, gargs...)
	out := []Grant{}
	if err := db.Select(ctx, s.DB, &out, `SELECT `+grantCols+` FROM grants g JOIN applications a ON a.id = g.application_id
		JOIN calls c ON c.id = g.call_id`+where+` ORDER BY g.contract_number`, args...); err != nil {
		return nil, fmt.Errorf("grants: %w", err)
	}
	byID := make(map[int64]*Grant, len(out))
	byApp := make(map[int64]*Grant, len(out))
	for i := range out {
		g := &out[i]
		g.UpdatedAt = g.UpdatedAt.UTC()
		g.Municipalities, g.TargetGroups, g.Tranches, g.Payments = []string{}, []TargetGroup{}, []Tranche{}, []Payment{}
		byID[g.ID], byApp[g.ApplicationID] = g, g
	}
	var orgs []struct {
		GrantID int64 `db:"grant_id"`
		Org
	}
	if err := db.Select(ctx, s.DB, &orgs, `SELECT g.id AS grant_id, `+orgCols+` FROM grants g JOIN organisations o ON o.id = g.org_id
		LEFT JOIN organisation_profiles pr ON pr.org_id = o.id`+where, args...); err != nil {
		return nil, fmt.Errorf("grantees: %w", err)
	}
	for _, o := range orgs {
		byID[o.GrantID].Grantee = o.Org
	}
	var tranches []struct {
		GrantID int64 `db:"grant_id"`
		Tranche
	}
	if err := db.Select(ctx, s.DB, &tranches, `SELECT t.grant_id, t.kind, t.amount_minor, t.due_on, t.status
		FROM grant_tranches t JOIN grants g ON g.id = t.grant_id`+where+` ORDER BY t.grant_id, t.position`, args...); err != nil {
		return nil, fmt.Errorf("tranches: %w", err)
	}
	for _, t := range tranches {
		byID[t.GrantID].Tranches = append(byID[t.GrantID].Tranches, t.Tranche)
	}
	var pays []struct {
		GrantID int64 `db:"grant_id"`
		Payment
	}
	if err := db.Select(ctx, s.DB, &pays, `SELECT y.grant_id, y.id, y.amount_minor, y.currency, y.paid_on, y.recorded_at
		FROM payments y JOIN grants g ON g.id = y.grant_id`+where+` ORDER BY y.grant_id, y.paid_on, y.id`, args...); err != nil {
		return nil, fmt.Errorf("payments: %w", err)
	}
	for _, p := range pays {
		byID[p.GrantID].Payments = append(byID[p.GrantID].Payments, p.Payment)
	}
	return out, s.applicationParts(ctx, where, args, byApp)
}

// applicationParts fills in the municipalities, target groups and award
// date of each grant's application.
func (s *Store) applicationParts(ctx context.Context, where string, args []any, byApp map[int64]*Grant) error {
	var places []struct {
		AppID int64  `db:"application_id"`
		Code  string `db:"municipality"`
	}
	if err := db.Select(ctx, s.DB, &places, `SELECT m.application_id, m.municipality FROM application_municipalities m
		JOIN grants g ON g.application_id = m.application_id`+where+` ORDER BY m.application_id, m.municipality`, args...); err != nil {
		return fmt.Errorf("municipalities: %w", err)
	}
	for _, p := range places {
		byApp[p.AppID].Municipalities = append(byApp[p.AppID].Municipalities, p.Code)
	}
	var groups []struct {
		AppID int64 `db:"application_id"`
		TargetGroup
	}
	if err := db.Select(ctx, s.DB, &groups, `SELECT t.application_id, t.target_group, t.beneficiaries FROM application_target_groups t
		JOIN grants g ON g.application_id = t.application_id`+where+` ORDER BY t.application_id, t.target_group`, args...); err != nil {
		return fmt.Errorf("target groups: %w", err)
	}
	for _, tg := range groups {
		byApp[tg.AppID].TargetGroups = append(byApp[tg.AppID].TargetGroups, tg.TargetGroup)
	}
	var awards []struct {
		AppID      int64     `db:"application_id"`
		ApprovedAt time.Time `db:"approved_at"`
	}
	if err := db.Select(ctx, s.DB, &awards, `SELECT d.application_id, cs.approved_at FROM award_decisions d
		JOIN committee_sessions cs ON cs.id = d.session_id JOIN grants g ON g.application_id = d.application_id`+where+`
		AND d.decision = 'award' AND cs.status = 'approved' AND cs.approved_at IS NOT NULL`, args...); err != nil {
		return fmt.Errorf("award decisions: %w", err)
	}
	for _, a := range awards {
		g, at := byApp[a.AppID], a.ApprovedAt.UTC()
		if g.AwardedAt == nil || at.After(*g.AwardedAt) {
			g.AwardedAt = &at
		}
	}
	return nil
}

// Published counts the programme's agreements the exports list, as far as
// sc reaches (the programme page offers the 360Giving file when there is one).
func (s *Store) Published(ctx context.Context, programmeID int64, sc access.Scope) (int, error) {
	cond, args := sc.Grants("g")
	var n int
	err := db.Get(ctx, s.DB, &n, `SELECT COUNT(*) FROM grants g WHERE g.programme_id = ? AND `+cond,
		append([]any{programmeID}, args...)...)
	return n, err
}
