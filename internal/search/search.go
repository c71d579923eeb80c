// Package search is the one search box (issue 12): organisations,
// applications, grants and payment requests found by name, title,
// reference, contract number, municipality or IBAN, with each database's
// own full-text search over an index the database keeps current (migration
// 0018, search_index). Which rows a user finds is decided by the scopes it
// is given (internal/access), as on every list.
package search

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
)

// Kind is a kind of item found; its value is the index's kind column.
type Kind string

// The kinds, in the order results show them.
const (
	Organisations   Kind = "organisation"
	Applications    Kind = "application"
	Grants          Kind = "grant"
	PaymentRequests Kind = "payment_request"
)

// Kinds lists every kind in display order.
var Kinds = []Kind{Applications, Organisations, Grants, PaymentRequests}

// KindOf is the kind named s, if any.
func KindOf(s string) (Kind, bool) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// Scopes is what the searcher reaches of each kind, each the scope its role
// is granted for viewing that object (a zero Scope finds nothing; its kind
// is not searched).
type Scopes map[Kind]access.Scope

// Query is one search: its terms, and either every kind (Kind "", the first
// PerPage of each) or one kind's page Page.
type Query struct {
	Terms   Terms
	Kind    Kind
	Page    int // from 1
	PerPage int
}

// Hit is one item found, with what its result line shows.
type Hit struct {
	Kind         Kind
	ID           int64  `db:"id"`
	Reference    string `db:"reference"` // reference, contract or registration number
	Title        string `db:"title"`     // name or title
	Org          string `db:"org"`       // the organisation, for items of one
	Status       string `db:"status"`
	Municipality string `db:"municipality"` // a code of internal/place
	AmountMinor  int64  `db:"amount_minor"`
	Currency     string `db:"currency"`
	Exact        bool   `db:"exact"` // the query is one of its references
}

// Group is the hits of one kind: the number found and one page of them.
type Group struct {
	Kind    Kind
	Total   int
	Page    int
	PerPage int
	Hits    []Hit
}

// Find runs q over the kinds scopes reach, exact references first, then by
// relevance. An empty query finds nothing (no query runs).
func Find(ctx context.Context, d *db.DB, scopes Scopes, q Query) ([]Group, error) {
	if q.Terms.Empty() {
		return nil, nil
	}
	if q.PerPage <= 0 {
		q.PerPage = 10
	}
	if q.Page < 1 || q.Kind == "" {
		q.Page = 1
	}
	var out []Group
	for _, k := range Kinds {
		sc, ok := scopes[k]
		if !ok || (q.Kind != "" && q.Kind != k) {
			continue
		}
		g, err := find(ctx, d, sc, k, q)
		if err != nil {
			return nil, fmt.Errorf("search %s: %w", k, err)
		}
		out = append(out, g)
	}
	return out, nil
}

func find(ctx context.Context, d *db.DB, sc access.Scope, k Kind, q Query) (Group, error) {
	g := Group{Kind: k, Page: q.Page, PerPage: q.PerPage}
	from, args := source(d, sc, k, q.Terms)
	if err := db.Get(ctx, d, &g.Total, "SELECT COUNT(*) "+from, args...); err != nil {
		return g, err
	}
	if g.Total == 0 {
		return g, nil
	}
	order, oargs := rank(d, q.Terms)
	list := "SELECT " + columns[k] + ", CASE WHEN si.refs LIKE ? THEN 1 ELSE 0 END AS exact " + from +
		" ORDER BY exact DESC, " + order + ", si.item_id DESC LIMIT ? OFFSET ?"
	largs := append([]any{q.Terms.exact()}, args...)
	largs = append(append(largs, oargs...), q.PerPage, (q.Page-1)*q.PerPage)
	if err := db.Select(ctx, d, &g.Hits, list, largs...); err != nil {
		return g, err
	}
	for i := range g.Hits {
		g.Hits[i].Kind = k
	}
	return g, nil
}
