package payment

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
)

// ProgrammeTotal is a programme's money as finance watches it: the
// sub-granting budget, what its agreements commit and what is paid.
type ProgrammeTotal struct {
	ProgrammeID    int64  `db:"programme_id"`
	Title          string `db:"title"`
	Currency       string `db:"currency"`
	BudgetMinor    int64  `db:"budget_minor"`
	CommittedMinor int64  `db:"committed_minor"`
	PaidMinor      int64  `db:"paid_minor"`
	Grants         int    `db:"grants"`
}

// ProgrammeTotals is paid against committed for each programme with a
// signed agreement the scope reaches; committed counts every agreement
// past its draft (a terminated one commits what it was paid).
func (s *Store) ProgrammeTotals(ctx context.Context, sc access.Scope) ([]ProgrammeTotal, error) {
	cond, args := sc.Grants("g")
	out := []ProgrammeTotal{}
	err := db.Select(ctx, s.DB, &out, `SELECT p.id AS programme_id, p.title, p.currency,
		p.subgrant_budget_minor AS budget_minor,
		SUM(CASE WHEN g.status = 'terminated' THEN g.paid_minor ELSE g.amount_minor END) AS committed_minor,
		SUM(g.paid_minor) AS paid_minor, COUNT(*) AS grants
		FROM grants g JOIN programmes p ON p.id = g.programme_id
		WHERE g.status <> 'draft' AND `+cond+`
		GROUP BY p.id, p.title, p.currency, p.subgrant_budget_minor ORDER BY p.title, p.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("programme totals: %w", err)
	}
	return out, nil
}
