package search

import (
	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
)

// columns are the result line of each kind, read from the source rows (the
// index only finds them).
var columns = map[Kind]string{
	Organisations: `o.id, coalesce(p.registration_number, '') AS reference, o.name AS title, '' AS org,
		'' AS status, coalesce(p.municipality, '') AS municipality, 0 AS amount_minor, '' AS currency`,
	Applications: `a.id, coalesce(a.reference, '') AS reference, a.title, o.name AS org, a.status,
		'' AS municipality, a.requested_minor AS amount_minor, a.currency`,
	Grants: `g.id, g.contract_number AS reference, a.title, o.name AS org, g.status,
		'' AS municipality, g.amount_minor, g.currency`,
	PaymentRequests: `pr.id, g.contract_number AS reference, a.title, o.name AS org, pr.status,
		'' AS municipality, pr.amount_minor, pr.currency`,
}

// joins bring the source rows of each kind to the index row si.
var joins = map[Kind]string{
	Organisations: ` JOIN organisations o ON o.id = si.item_id
		LEFT JOIN organisation_profiles p ON p.org_id = o.id`,
	Applications: ` JOIN applications a ON a.id = si.item_id
		JOIN organisations o ON o.id = a.org_id`,
	Grants: ` JOIN grants g ON g.id = si.item_id
		JOIN applications a ON a.id = g.application_id
		JOIN organisations o ON o.id = g.org_id`,
	PaymentRequests: ` JOIN payment_requests pr ON pr.id = si.item_id
		JOIN grants g ON g.id = pr.grant_id
		JOIN applications a ON a.id = g.application_id
		JOIN organisations o ON o.id = g.org_id`,
}

// condition is the access condition of kind k under sc (internal/access).
func condition(sc access.Scope, k Kind) (string, []any) {
	switch k {
	case Organisations:
		return sc.FoundOrganisations("o.id")
	case Applications:
		return sc.Applications("a")
	case Grants, PaymentRequests:
		return sc.Grants("g")
	}
	return "1 = 0", nil
}

// source is the FROM and WHERE of a search of kind k: the index rows the
// terms match, joined to the source rows sc reaches. The full-text
// matches come first, from the full-text index alone: on SQLite CROSS JOIN
// keeps the FTS5 query the outer loop (the planner otherwise ran it once
// per index row); on PostgreSQL OFFSET 0 keeps the match a subquery of its
// own, answered by the GIN index (the planner otherwise took the kind's
// rows from the unique index and built every one's tsvector).
func source(d *db.DB, sc access.Scope, k Kind, t Terms) (string, []any) {
	cond, cargs := condition(sc, k)
	if d.Driver == db.Postgres {
		return `FROM (SELECT id FROM search_index WHERE to_tsvector('simple', folded) @@ to_tsquery('simple', ?) OFFSET 0) m
			JOIN search_index si ON si.id = m.id` + joins[k] + ` WHERE si.kind = ? AND ` + cond,
			append([]any{t.tsquery(), string(k)}, cargs...)
	}
	return `FROM (SELECT rowid AS rid, rank FROM search_fts WHERE search_fts MATCH ?) m
		CROSS JOIN search_index si ON si.id = m.rid` + joins[k] + ` WHERE si.kind = ? AND ` + cond,
		append([]any{t.fts5(), string(k)}, cargs...)
}

// exact is the LIKE pattern of a reference equal to the query's key.
func (t Terms) exact() string {
	if t.Key == "" {
		return "-none-"
	}
	return "% " + t.Key + " %"
}

// rank orders the matches of one kind, most relevant first. On
// PostgreSQL it repeats the query as text: ts_rank over the same vector.
func rank(d *db.DB, t Terms) (string, []any) {
	if d.Driver == db.Postgres {
		return "ts_rank(to_tsvector('simple', si.folded), to_tsquery('simple', ?)) DESC", []any{t.tsquery()}
	}
	return "m.rank", nil
}
