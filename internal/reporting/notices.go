package reporting

import (
	"context"
	"strconv"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

// tellDecided tells the grantee's members, in the decision's transaction,
// that report r was approved or sent back (decision "approved" or
// "changes_requested", with the officer's reason).
func (s *Store) tellDecided(ctx context.Context, tx *sqlx.Tx, r Report, decision Status, reason string) error {
	if s.Cat == nil {
		return nil
	}
	to, err := notify.Members(ctx, tx, r.OrgID)
	if err != nil {
		return err
	}
	link := "/grantee-reports/" + strconv.FormatInt(r.ID, 10)
	key := "remind.report." + string(decision)
	return notify.Tell(ctx, tx, to, notify.EventReportDue, link, func(l i18n.Lang) (string, string) {
		args := []any{"contract", r.ContractNumber, "kind", s.Cat.T(l, "reporting.kind."+string(r.Kind)),
			"period", r.PeriodStart + " – " + r.PeriodEnd, "reason", reason}
		return s.Cat.T(l, key+".subject", args...), s.Cat.T(l, key+".body", args...)
	})
}
