package bulk

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
)

// KindScreening is the bulk eligibility decision of a call's applications.
const KindScreening = "screening"

// ScreeningParams is the decision taken for every selected application:
// eligible, or ineligible with the checklist point that failed and the
// reason the applicant is told.
type ScreeningParams struct {
	Eligible bool   `json:"eligible"`
	Point    string `json:"point,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// CheckScreening validates the decision against the call's checklist:
// ineligible needs one of its points and a reason (field errors
// "decision", "point", "reason").
func CheckScreening(ctx context.Context, apps *application.Store, callID int64, decision, point, reason string) (ScreeningParams, error) {
	fe := apperr.FieldErrors{}
	p := ScreeningParams{Eligible: decision == "eligible", Point: strings.TrimSpace(point), Reason: strings.TrimSpace(reason)}
	switch decision {
	case "eligible":
		p.Point, p.Reason = "", ""
	case "ineligible":
		ps, err := apps.Points(ctx, callID)
		if err != nil {
			return p, err
		}
		if !slices.ContainsFunc(ps, func(x application.Point) bool { return x.Code == p.Point }) {
			fe.Add("point", "bulk.error.point")
		}
		if p.Reason == "" {
			fe.Add("reason", "screening.error.reason_required")
		}
		if utf8.RuneCountInString(p.Reason) > application.MaxText {
			fe.Add("reason", "bulk.error.reason_long")
		}
	default:
		fe.Add("decision", "bulk.error.decision")
	}
	return p, fe.Err()
}

// CallTargets checks the selected ids: each must be an application of
// callID that sc reaches, else the whole selection is refused (NotFound),
// so forged ids never reach a job. They are labelled by reference and
// organisation. Only staff scopes (every row) act in bulk.
func CallTargets(ctx context.Context, apps *application.Store, sc access.Scope, callID int64, ids []int64) ([]Target, error) {
	if !sc.All() {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	if len(ids) > MaxItems {
		return nil, apperr.Field("ids", "bulk.error.too_many")
	}
	out := make([]Target, 0, len(ids))
	for _, id := range ids {
		a, err := apps.Get(ctx, id, sc)
		if err != nil {
			return nil, err
		}
		if a.CallID != callID {
			return nil, apperr.New(apperr.NotFound, "error.not_found")
		}
		out = append(out, Target{ID: a.ID, Label: a.Reference + " · " + a.OrgName})
	}
	return out, nil
}

// ScreeningAction decides one application through the single decision
// (application.Store.Decide), so the rules, the applicant's notice and the
// audit rows are the same: an ineligible decision first records the
// chosen point as failed with the reason (RecordPoints); an eligible one
// records the checklist points not yet recorded as met, so an application
// with a point recorded as failed is not made eligible. An application
// no longer submitted fails before anything is recorded.
func ScreeningAction(apps *application.Store) Action {
	return plain(func(ctx context.Context, sc access.Scope, userID, itemID int64, raw json.RawMessage) error {
		var p ScreeningParams
		if err := json.Unmarshal(raw, &p); err != nil {
			return fmt.Errorf("bulk screening params: %w", err)
		}
		a, err := apps.Get(ctx, itemID, sc)
		if err != nil {
			return err
		}
		if a.Status != application.Submitted {
			return apperr.New(apperr.Conflict, "screening.error.not_decidable")
		}
		in := []application.PointInput{{Code: p.Point, Result: application.Failed, Reason: p.Reason}}
		if p.Eligible {
			// The officer declares every point not yet recorded met; a
			// point recorded as failed stays, and Decide refuses the item.
			if in, err = unrecordedAsPassed(ctx, apps, sc, itemID); err != nil {
				return err
			}
		}
		if len(in) > 0 {
			if err := apps.RecordPoints(ctx, itemID, sc, userID, in); err != nil {
				return err
			}
		}
		return apps.Decide(ctx, itemID, sc, userID, p.Eligible)
	})
}

// unrecordedAsPassed lists the application's checklist points that have no
// result yet, each as met.
func unrecordedAsPassed(ctx context.Context, apps *application.Store, sc access.Scope, id int64) ([]application.PointInput, error) {
	scr, err := apps.Screening(ctx, id, sc)
	if err != nil {
		return nil, err
	}
	var in []application.PointInput
	for _, r := range scr.Points {
		if r.Result == "" {
			in = append(in, application.PointInput{Code: r.Code, Result: application.Passed})
		}
	}
	return in, nil
}
