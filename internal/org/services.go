package org

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
)

// Listing is a service in the directory with the organisation running it.
type Listing struct {
	Service
	OrgName    string     `db:"org_name"`
	VerifiedAt *time.Time `db:"verified_at"`
}

// ServicesIn lists the services run in a municipality by organisations in
// sc: the directory behind a municipality's map of social-care services.
func (s *Store) ServicesIn(ctx context.Context, sc access.Scope, municipality string) ([]Listing, error) {
	cond, args := sc.Organisations("o.id")
	out := []Listing{}
	err := db.Select(ctx, s.DB, &out, `SELECT x.id, x.org_id, x.service_type, x.municipality, x.capacity,
		x.beneficiaries_per_year, o.name AS org_name, p.verified_at
		FROM organisation_services x JOIN organisations o ON o.id = x.org_id
		LEFT JOIN organisation_profiles p ON p.org_id = o.id
		WHERE x.municipality = ? AND `+cond+` ORDER BY x.service_type, lower(o.name), x.id`,
		append([]any{municipality}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	return out, nil
}

// ServiceCounts returns, per municipality code, how many services
// organisations in sc run there.
func (s *Store) ServiceCounts(ctx context.Context, sc access.Scope) (map[string]int, error) {
	cond, args := sc.Organisations("x.org_id")
	var rows []struct {
		Municipality string `db:"municipality"`
		N            int    `db:"n"`
	}
	if err := db.Select(ctx, s.DB, &rows, `SELECT x.municipality, COUNT(*) AS n FROM organisation_services x
		WHERE `+cond+` GROUP BY x.municipality`, args...); err != nil {
		return nil, fmt.Errorf("count services: %w", err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.Municipality] = r.N
	}
	return out, nil
}
