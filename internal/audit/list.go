package audit

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// Objects are the kinds of object the audit page shows.
var Objects = []string{"application", "award_session", "grid", "user", "organisation", "grant", "grant_amendment",
	"payment_request", "payment", "exchange_rate", "grantee_report", "expenditure", "recovery_order"}

// Listed is an audit row with the actor's name, for the audit page.
type Listed struct {
	Row
	ActorName string `db:"actor_name"`
}

// Page is one page of an object's audit rows, newest first.
type Page struct {
	Items         []Listed
	Total         int
	Page, PerPage int
}

// ForObject lists the audit rows of one object that sc may read, newest
// first, perPage at a time. An object sc does not reach is NotFound, so
// its existence is not disclosed.
func ForObject(ctx context.Context, d *db.DB, sc access.Scope, object string, id int64, page, perPage int) (Page, error) {
	p := Page{Page: max(page, 1), PerPage: perPage}
	known := false
	for _, o := range Objects {
		known = known || o == object
	}
	if !known {
		return p, apperr.New(apperr.NotFound, "error.not_found")
	}
	cond, args := sc.AuditObject(object, "l.object_id")
	var reach int
	if err := db.Get(ctx, d, &reach, `SELECT COUNT(*) FROM (SELECT CAST(? AS BIGINT) AS object_id) l WHERE `+cond,
		append([]any{id}, args...)...); err != nil {
		return p, fmt.Errorf("audit reach: %w", err)
	}
	if reach == 0 {
		return p, apperr.New(apperr.NotFound, "error.not_found")
	}
	if err := db.Get(ctx, d, &p.Total, `SELECT COUNT(*) FROM audit_log l WHERE l.object = ? AND l.object_id = ?`,
		object, id); err != nil {
		return p, fmt.Errorf("audit count: %w", err)
	}
	if err := db.Select(ctx, d, &p.Items, `SELECT l.*, COALESCE(u.name, '') AS actor_name FROM audit_log l
		LEFT JOIN users u ON u.id = l.actor_id WHERE l.object = ? AND l.object_id = ?
		ORDER BY l.id DESC LIMIT ? OFFSET ?`, object, id, p.PerPage, (p.Page-1)*p.PerPage); err != nil {
		return p, fmt.Errorf("audit list: %w", err)
	}
	return p, nil
}
