package payment

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/grant"
)

// GrantView is what a grantee's request form shows of its grant.
type GrantView struct {
	ID             int64        `db:"id"`
	OrgID          int64        `db:"org_id"`
	ContractNumber string       `db:"contract_number"`
	Currency       string       `db:"currency"`
	AmountMinor    int64        `db:"amount_minor"`
	PaidMinor      int64        `db:"paid_minor"`
	Status         grant.Status `db:"status"`
	Tranches       []grant.Tranche
}

// Grant is grant id with its schedule, if the scope reaches it.
func (s *Store) Grant(ctx context.Context, sc access.Scope, id int64) (GrantView, error) {
	cond, args := sc.Grants("g")
	var g GrantView
	err := db.Get(ctx, s.DB, &g, `SELECT g.id, g.org_id, g.contract_number, g.currency, g.amount_minor, g.paid_minor, g.status
		FROM grants g WHERE g.id = ? AND `+cond, append([]any{id}, args...)...)
	if err != nil {
		return GrantView{}, fmt.Errorf("grant %d: %w", id, err)
	}
	err = db.Select(ctx, s.DB, &g.Tranches, `SELECT id, grant_id, position, kind, amount_minor, due_on, requires, status
		FROM grant_tranches WHERE grant_id = ? ORDER BY position`, id)
	return g, err
}
