package grant

import (
	"context"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
)

// SortKeys are the columns a list of grants may be sorted by, each with
// its SQL (an allow-list: a sort never comes from input as SQL).
var SortKeys = map[string]string{
	"contract": "g.contract_number",
	"grantee":  "o.name",
	"call":     "c.reference",
	"amount":   "g.amount_minor",
	"paid":     "g.paid_minor",
	"balance":  "g.amount_minor - g.paid_minor",
	"status":   "g.status",
	"start":    "g.starts_on",
}

// Sort orders a page of grants: Key one of SortKeys (contract when
// unknown), Desc for descending; ties go by contract number.
type Sort struct {
	Key  string
	Desc bool
}

func (o Sort) sql() string {
	col, ok := SortKeys[o.Key]
	if !ok {
		col = SortKeys["contract"]
	}
	dir := " ASC"
	if o.Desc {
		dir = " DESC"
	}
	return col + dir + ", g.contract_number" + dir + ", g.id"
}

// Page returns page (from 1) of perPage grants the scope reaches that
// match f, in order o, and how many match in all.
func (s *Store) Page(ctx context.Context, f Filter, sc access.Scope, o Sort, page, perPage int) ([]Agreement, int, error) {
	cond, args := f.where(sc)
	var total int
	if err := db.Get(ctx, s.DB, &total, `SELECT COUNT(*) FROM grants g WHERE `+cond, args...); err != nil {
		return nil, 0, err
	}
	page, perPage = max(page, 1), max(perPage, 1)
	out := []Agreement{}
	err := db.Select(ctx, s.DB, &out, `SELECT `+cols+from+` WHERE `+cond+` ORDER BY `+o.sql()+` LIMIT ? OFFSET ?`,
		append(args, perPage, (page-1)*perPage)...)
	return out, total, err
}

// ProgrammeOption is a programme some reached grant belongs to.
type ProgrammeOption struct {
	ID    int64  `db:"id"`
	Title string `db:"title"`
}

// Programmes are the programmes of the grants the scope reaches, by title:
// the choices of the list's programme filter.
func (s *Store) Programmes(ctx context.Context, sc access.Scope) ([]ProgrammeOption, error) {
	cond, args := sc.Grants("g")
	out := []ProgrammeOption{}
	err := db.Select(ctx, s.DB, &out, `SELECT DISTINCT p.id, p.title FROM grants g JOIN programmes p ON p.id = g.programme_id
		WHERE `+cond+` ORDER BY p.title, p.id`, args...)
	return out, err
}
