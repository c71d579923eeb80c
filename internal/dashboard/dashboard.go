// Package dashboard computes the figures of each role's home page from the
// database: counts, amounts and the next tasks, every query narrowed by the
// access scope the role holds for the object it reads (internal/access).
// It renders nothing and imports no web package; the web layer turns the
// figures into tables and bar charts.
package dashboard

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
)

// Count is one figure of a breakdown: a code (a status, a call reference,
// a municipality) and how many rows carry it.
type Count struct {
	Key string `db:"k"`
	N   int64  `db:"n"`
}

// Scopes are the scopes a dashboard reads under, one per object, each
// built from the relation the role's policy grants for that object (the
// zero Scope reaches nothing, so a role without the permission sees 0).
type Scopes struct {
	Applications access.Scope // application view
	Calls        access.Scope // the calls the user may open
	Grants       access.Scope // grant view
	Assignments  access.Scope // review view / declare
	Rankings     access.Scope // ranking view
}

// Store reads the figures from one database.
type Store struct{ DB *db.DB }

// New is the store over d.
func New(d *db.DB) *Store { return &Store{DB: d} }

func (s *Store) sel(ctx context.Context, dst any, q string, args ...any) error {
	if err := db.Select(ctx, s.DB, dst, q, args...); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	return nil
}

func (s *Store) get(ctx context.Context, dst any, q string, args ...any) error {
	if err := db.Get(ctx, s.DB, dst, q, args...); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	return nil
}

// day is t's date as the TEXT columns of due dates hold it.
func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// args joins the argument lists of a query's conditions in order.
func args(lists ...[]any) []any {
	var out []any
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
