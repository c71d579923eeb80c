package register

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/place"
)

// ServiceFilter narrows the map of social services. Zero values filter
// nothing; the keys are org.ServiceTypes and org.TargetGroups (the caller
// checks them).
type ServiceFilter struct {
	Type        string
	TargetGroup string // a target group the running organisation serves
	Country     string
}

// Service is a social service on the public map: its kind, where, by whom
// and for how many; no person named.
type Service struct {
	ID                   int64  `db:"id"`
	Type                 string `db:"service_type"`
	Municipality         string `db:"municipality"`
	Organisation         string `db:"org_name"`
	Capacity             int    `db:"capacity"`
	BeneficiariesPerYear int    `db:"beneficiaries_per_year"`
}

func serviceWhere(sc access.Scope, f ServiceFilter) (string, []any) {
	cond, args := sc.PublicServices("x.org_id")
	q := " WHERE " + cond
	if f.Type != "" {
		q += " AND x.service_type = ?"
		args = append(args, f.Type)
	}
	if f.TargetGroup != "" {
		q += " AND EXISTS (SELECT 1 FROM organisation_target_groups xt WHERE xt.org_id = x.org_id AND xt.target_group = ?)"
		args = append(args, f.TargetGroup)
	}
	if f.Country != "" {
		q += " AND x.municipality LIKE ?"
		args = append(args, f.Country+"-%")
	}
	return q, args
}

// ServiceCounts counts, per municipality code, the public services that
// match f.
func (s *Store) ServiceCounts(ctx context.Context, sc access.Scope, f ServiceFilter) (map[string]int64, error) {
	w, args := serviceWhere(sc, f)
	var rows []struct {
		Municipality string `db:"municipality"`
		N            int64  `db:"n"`
	}
	if err := db.Select(ctx, s.DB, &rows, `SELECT x.municipality, COUNT(*) AS n FROM organisation_services x`+w+
		` GROUP BY x.municipality`, args...); err != nil {
		return nil, fmt.Errorf("register services count: %w", err)
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		if place.Valid(r.Municipality) {
			out[r.Municipality] = r.N
		}
	}
	return out, nil
}

// ServicesIn lists the public services matching f in municipality code.
func (s *Store) ServicesIn(ctx context.Context, sc access.Scope, f ServiceFilter, code string) ([]Service, error) {
	w, args := serviceWhere(sc, f)
	out := []Service{}
	if err := db.Select(ctx, s.DB, &out, `SELECT x.id, x.service_type, x.municipality, o.name AS org_name, x.capacity,
		x.beneficiaries_per_year FROM organisation_services x JOIN organisations o ON o.id = x.org_id`+w+
		` AND x.municipality = ? ORDER BY x.service_type, lower(o.name), x.id`, append(args, code)...); err != nil {
		return nil, fmt.Errorf("register services: %w", err)
	}
	return out, nil
}
