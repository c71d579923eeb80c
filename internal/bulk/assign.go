package bulk

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/review"
)

// KindAssign assigns one evaluator to many eligible applications of a call.
const KindAssign = "assign"

// AssignParams names the evaluator assigned to every selected application.
type AssignParams struct {
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
}

// CheckAssign refuses (field "user_id") anyone who is not a voting
// evaluator of the call's committee.
func CheckAssign(ctx context.Context, reviews *review.Store, callID, userID int64) (AssignParams, error) {
	ms, err := reviews.Members(ctx, callID)
	if err != nil {
		return AssignParams{}, err
	}
	for _, m := range ms {
		if m.UserID == userID && m.Role == review.Voting {
			return AssignParams{UserID: userID, Name: m.Name}, nil
		}
	}
	return AssignParams{}, apperr.Field("user_id", "bulk.error.evaluator")
}

// AssignAction assigns the evaluator to one application through the
// officer's single override (review.Store.AddAssignment), so its rules
// hold per item: only an eligible application, never a member of the
// applicant's or a partner's organisation, never after a declared
// conflict, never twice, never once the stage is decided.
func AssignAction(apps *application.Store, reviews *review.Store) Action {
	return plain(func(ctx context.Context, sc access.Scope, userID, itemID int64, raw json.RawMessage) error {
		var p AssignParams
		if err := json.Unmarshal(raw, &p); err != nil {
			return fmt.Errorf("bulk assign params: %w", err)
		}
		if !sc.All() {
			return apperr.New(apperr.Forbidden, "error.forbidden")
		}
		if _, err := apps.Get(ctx, itemID, sc); err != nil {
			return err
		}
		_, err := reviews.AddAssignment(ctx, itemID, p.UserID, userID)
		return err
	})
}
