package bulk

import (
	"context"
	"encoding/json"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/grant"
)

// KindAgreements prepares the draft grant agreements of many awards.
const KindAgreements = "agreements"

// AgreementsAction prepares one awarded application's draft agreement
// through the single one (grant.Store.Create: the awarded amount, the
// application's period and scaled budget, the donor's schedule, a
// contract number, its audit row). An application without an approved
// award, or whose agreement exists, fails with that reason.
func AgreementsAction(apps *application.Store, grants *grant.Store) Action {
	return plain(func(ctx context.Context, sc access.Scope, userID, itemID int64, _ json.RawMessage) error {
		if !sc.All() {
			return apperr.New(apperr.Forbidden, "error.forbidden")
		}
		if _, err := apps.Get(ctx, itemID, sc); err != nil {
			return err
		}
		_, err := grants.Create(ctx, itemID, userID)
		if apperr.Is(err, apperr.NotFound) {
			return apperr.New(apperr.Conflict, "bulk.error.no_award")
		}
		return err
	})
}
