package register

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/place"
)

// from joins a grant to what the register shows of it.
const from = ` FROM grants g JOIN organisations o ON o.id = g.org_id
	LEFT JOIN organisation_profiles op ON op.org_id = g.org_id
	JOIN applications a ON a.id = g.application_id
	JOIN programmes p ON p.id = g.programme_id
	JOIN organisations d ON d.id = p.donor_org_id`

const columns = `SELECT g.contract_number, o.name AS org_name, COALESCE(op.municipality, '') AS municipality,
	a.title, g.currency, g.amount_minor, g.starts_on, g.ends_on, g.signed_at, g.programme_id,
	p.title AS programme, d.name AS donor`

// where is the condition of sc's published grants narrowed by f.
func where(sc access.Scope, f Filter) (string, []any) {
	cond, args := sc.PublishedGrants("g")
	q := " WHERE " + cond
	if f.ProgrammeID > 0 {
		q += " AND g.programme_id = ?"
		args = append(args, f.ProgrammeID)
	}
	if f.DonorID > 0 {
		q += " AND p.donor_org_id = ?"
		args = append(args, f.DonorID)
	}
	if f.Municipality != "" {
		q += " AND op.municipality = ?"
		args = append(args, f.Municipality)
	}
	if f.Country != "" {
		q += " AND op.municipality LIKE ?"
		args = append(args, f.Country+"-%")
	}
	if f.Year > 0 {
		q += " AND g.signed_at >= ? AND g.signed_at < ?"
		args = append(args, time.Date(f.Year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(f.Year+1, 1, 1, 0, 0, 0, 0, time.UTC))
	}
	return q, args
}

func order(f Filter) string {
	col, ok := orderBy[f.Sort]
	if !ok {
		return " ORDER BY g.signed_at DESC, g.id DESC"
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	return " ORDER BY " + col + dir + ", g.id" + dir
}

// List reads one page of the published awards sc reaches that match f,
// with their count and totals per currency.
func (s *Store) List(ctx context.Context, sc access.Scope, f Filter) (Result, error) {
	out := Result{Awards: []Award{}, Totals: []Total{}, Page: max(1, f.Page)}
	w, args := where(sc, f)
	if err := db.Select(ctx, s.DB, &out.Totals, `SELECT g.currency, COUNT(*) AS n, COALESCE(SUM(g.amount_minor), 0) AS amount_minor`+
		from+w+` GROUP BY g.currency ORDER BY g.currency`, args...); err != nil {
		return out, fmt.Errorf("register totals: %w", err)
	}
	for _, t := range out.Totals {
		out.Count += t.Count
	}
	out.Pages = max(1, (out.Count+PerPage-1)/PerPage)
	out.Page = min(out.Page, out.Pages)
	q := columns + from + w + order(f) + fmt.Sprintf(" LIMIT %d OFFSET %d", PerPage, (out.Page-1)*PerPage)
	if err := db.Select(ctx, s.DB, &out.Awards, q, args...); err != nil {
		return out, fmt.Errorf("register list: %w", err)
	}
	return out, nil
}

// All reads every published award sc reaches that matches f, in f's
// order, for a download (at most MaxExport rows).
func (s *Store) All(ctx context.Context, sc access.Scope, f Filter) ([]Award, error) {
	w, args := where(sc, f)
	out := []Award{}
	if err := db.Select(ctx, s.DB, &out, columns+from+w+order(f)+fmt.Sprintf(" LIMIT %d", MaxExport), args...); err != nil {
		return nil, fmt.Errorf("register export: %w", err)
	}
	return out, nil
}

// Options lists the programmes, donors and signature years of the
// published awards sc reaches.
func (s *Store) Options(ctx context.Context, sc access.Scope) (Options, error) {
	out := Options{Programmes: []Choice{}, Donors: []Choice{}, Years: []int{}}
	cond, args := sc.PublishedGrants("g")
	if err := db.Select(ctx, s.DB, &out.Programmes, `SELECT DISTINCT p.id, p.title AS name FROM grants g
		JOIN programmes p ON p.id = g.programme_id WHERE `+cond+` ORDER BY p.title, p.id`, args...); err != nil {
		return out, fmt.Errorf("register programmes: %w", err)
	}
	if err := db.Select(ctx, s.DB, &out.Donors, `SELECT DISTINCT d.id, d.name FROM grants g
		JOIN programmes p ON p.id = g.programme_id JOIN organisations d ON d.id = p.donor_org_id
		WHERE `+cond+` ORDER BY d.name, d.id`, args...); err != nil {
		return out, fmt.Errorf("register donors: %w", err)
	}
	var first, last []time.Time
	for _, q := range []struct {
		dest *[]time.Time
		dir  string
	}{{&first, "ASC"}, {&last, "DESC"}} {
		if err := db.Select(ctx, s.DB, q.dest, `SELECT g.signed_at FROM grants g WHERE `+cond+
			` ORDER BY g.signed_at `+q.dir+` LIMIT 1`, args...); err != nil {
			return out, fmt.Errorf("register years: %w", err)
		}
	}
	if len(first) == 1 && len(last) == 1 {
		for y := last[0].UTC().Year(); y >= first[0].UTC().Year(); y-- {
			out.Years = append(out.Years, y)
		}
	}
	return out, nil
}

// Amount is the count and sum of the awards of one currency in a
// municipality.
type Amount struct {
	Municipality string `db:"municipality"`
	Currency     string `db:"currency"`
	Count        int64  `db:"n"`
	AmountMinor  int64  `db:"amount_minor"`
}

// ByMunicipality sums the published awards sc reaches that match f per
// grantee seat and currency (grantees without a known seat are left out).
func (s *Store) ByMunicipality(ctx context.Context, sc access.Scope, f Filter) ([]Amount, error) {
	w, args := where(sc, f)
	out := []Amount{}
	err := db.Select(ctx, s.DB, &out, `SELECT op.municipality, g.currency, COUNT(*) AS n, SUM(g.amount_minor) AS amount_minor`+
		from+w+` AND op.municipality <> '' GROUP BY op.municipality, g.currency ORDER BY op.municipality, g.currency`, args...)
	if err != nil {
		return nil, fmt.Errorf("register by municipality: %w", err)
	}
	kept := out[:0]
	for _, a := range out {
		if place.Valid(a.Municipality) {
			kept = append(kept, a)
		}
	}
	return kept, nil
}
