package org

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// Store reads and writes organisation profiles. Now is the clock.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

// NewStore returns a Store on d with the real clock.
func NewStore(d *db.DB) *Store { return &Store{DB: d, Now: db.Now} }

func (s *Store) now() time.Time {
	if s.Now == nil {
		return db.Now()
	}
	return s.Now().UTC().Truncate(time.Microsecond)
}

func itoa(n int) string { return strconv.Itoa(n) }

func notFound() error { return apperr.New(apperr.NotFound, "error.not_found") }

const profileCols = `o.id AS org_id, o.kind, o.name, o.created_at,
	COALESCE(p.legal_name, o.name) AS legal_name, COALESCE(p.acronym, '') AS acronym,
	COALESCE(p.registration_number, '') AS registration_number, COALESCE(p.registry, '') AS registry,
	COALESCE(p.fiscal_number, '') AS fiscal_number, p.registration_date,
	COALESCE(p.address, '') AS address, COALESCE(p.municipality, '') AS municipality,
	COALESCE(p.email, '') AS email, COALESCE(p.phone, '') AS phone,
	COALESCE(p.rep_name, '') AS rep_name, COALESCE(p.rep_position, '') AS rep_position,
	COALESCE(p.iban, '') AS iban, COALESCE(p.staff_count, 0) AS staff_count,
	COALESCE(p.volunteer_count, 0) AS volunteer_count, p.verified_at, p.verified_by,
	COALESCE(v.name, '') AS verified_by_name, p.updated_at`

const profileFrom = ` FROM organisations o
	LEFT JOIN organisation_profiles p ON p.org_id = o.id
	LEFT JOIN users v ON v.id = p.verified_by
	WHERE o.kind IN ('ngo', 'municipality')`

// Get returns the profile of organisation id with its turnover, target
// groups and services; NotFound when it is outside sc or not an applicant.
func (s *Store) Get(ctx context.Context, sc access.Scope, id int64) (Profile, error) {
	if err := s.reaches(ctx, sc, id); err != nil {
		return Profile{}, err
	}
	var p Profile
	if err := db.Get(ctx, s.DB, &p, `SELECT `+profileCols+profileFrom+` AND o.id = ?`, id); err != nil {
		return Profile{}, err
	}
	p.utc()
	if err := db.Select(ctx, s.DB, &p.Turnover, `SELECT year, amount_minor, currency FROM organisation_turnover
		WHERE org_id = ? ORDER BY year`, id); err != nil {
		return Profile{}, fmt.Errorf("read turnover: %w", err)
	}
	if err := db.Select(ctx, s.DB, &p.TargetGroups, `SELECT target_group FROM organisation_target_groups
		WHERE org_id = ? ORDER BY target_group`, id); err != nil {
		return Profile{}, fmt.Errorf("read target groups: %w", err)
	}
	if err := db.Select(ctx, s.DB, &p.Services, `SELECT id, org_id, service_type, municipality, capacity,
		beneficiaries_per_year FROM organisation_services WHERE org_id = ? ORDER BY id`, id); err != nil {
		return Profile{}, fmt.Errorf("read services: %w", err)
	}
	return p, nil
}

func (p *Profile) utc() {
	for _, t := range []*time.Time{&p.CreatedAt, p.RegistrationDate, p.VerifiedAt, p.UpdatedAt} {
		if t != nil {
			*t = t.UTC()
		}
	}
}

// Filter narrows a list of organisations.
type Filter struct {
	Municipality string // a place code, "" for any
	Verified     *bool  // nil for both
	Query        string // part of the name, case-insensitive
}

// Summary is one organisation in a list.
type Summary struct {
	OrgID        int64      `db:"org_id"`
	Name         string     `db:"name"`
	Acronym      string     `db:"acronym"`
	Municipality string     `db:"municipality"`
	VerifiedAt   *time.Time `db:"verified_at"`
	Services     int        `db:"services"`
}

// List returns a page of the organisations in sc matching f, ordered by
// name, and how many match in all.
func (s *Store) List(ctx context.Context, sc access.Scope, f Filter, limit, offset int) ([]Summary, int, error) {
	cond, args := sc.Organisations("o.id")
	where := profileFrom + ` AND ` + cond
	if f.Municipality != "" {
		where += ` AND p.municipality = ?`
		args = append(args, f.Municipality)
	}
	if f.Verified != nil {
		if *f.Verified {
			where += ` AND p.verified_at IS NOT NULL`
		} else {
			where += ` AND p.verified_at IS NULL`
		}
	}
	if f.Query != "" {
		where += ` AND (lower(o.name) LIKE ? OR lower(COALESCE(p.acronym, '')) LIKE ?)`
		q := "%" + lowerLike(f.Query) + "%"
		args = append(args, q, q)
	}
	var total int
	if err := db.Get(ctx, s.DB, &total, `SELECT COUNT(*)`+where, args...); err != nil {
		return nil, 0, fmt.Errorf("count organisations: %w", err)
	}
	out := []Summary{}
	err := db.Select(ctx, s.DB, &out, `SELECT o.id AS org_id, o.name, COALESCE(p.acronym, '') AS acronym,
		COALESCE(p.municipality, '') AS municipality, p.verified_at,
		(SELECT COUNT(*) FROM organisation_services x WHERE x.org_id = o.id) AS services`+where+`
		ORDER BY lower(o.name), o.id LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list organisations: %w", err)
	}
	for i := range out {
		if out[i].VerifiedAt != nil {
			t := out[i].VerifiedAt.UTC()
			out[i].VerifiedAt = &t
		}
	}
	return out, total, nil
}

// lowerLike lower-cases a search term (at most 100 characters); % and _
// in it simply widen the search, which is harmless for a name search.
func lowerLike(q string) string {
	b := []rune(q)
	if len(b) > 100 {
		b = b[:100]
	}
	return strings.ToLower(string(b))
}
