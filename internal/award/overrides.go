package award

import (
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/review"
)

// checkOverrides validates the committee's overrides against the entries:
// one per application, a known action, a reason, and for a reduction an
// amount above zero, at least the call's minimum and never above the
// request. Concept notes only know exclusion.
func checkOverrides(entries []Entry, r Rules, ovs []Override) (map[int64]Override, error) {
	req := make(map[int64]int64, len(entries))
	for _, e := range entries {
		req[e.ApplicationID] = e.RequestedMinor
	}
	fe := apperr.FieldErrors{}
	out := make(map[int64]Override, len(ovs))
	for _, ov := range ovs {
		ov.Reason = trim(ov.Reason)
		requested, known := req[ov.ApplicationID]
		if _, dup := out[ov.ApplicationID]; dup || !known {
			fe.Add(fieldOf(ov.ApplicationID, "action"), "award.error.unknown_application")
			continue
		}
		switch {
		case ov.Action != Reduce && ov.Action != Exclude && ov.Action != Promote:
			fe.Add(fieldOf(ov.ApplicationID, "action"), "award.error.action")
		case r.Stage == "concept" && ov.Action != Exclude:
			fe.Add(fieldOf(ov.ApplicationID, "action"), "award.error.concept_action")
		case ov.Reason == "":
			fe.Add(fieldOf(ov.ApplicationID, "reason"), "award.error.reason_required")
		case ov.Action == Reduce && (ov.AmountMinor <= 0 || ov.AmountMinor < r.MinGrantMinor):
			fe.Add(fieldOf(ov.ApplicationID, "amount"), "award.error.amount_below_min")
		case ov.Action != Exclude && ov.AmountMinor > requested:
			fe.Add(fieldOf(ov.ApplicationID, "amount"), "award.error.amount_above_requested")
		case ov.Action == Promote && ov.AmountMinor != 0 && ov.AmountMinor < r.MinGrantMinor:
			fe.Add(fieldOf(ov.ApplicationID, "amount"), "award.error.amount_below_min")
		}
		out[ov.ApplicationID] = ov
	}
	return out, fe.Err()
}

// promote awards the reserve applications the committee chose, in reserve
// order, when the lot's remaining budget and the organisation's cap allow;
// otherwise the override is refused (award.error.over_budget). The reserve
// list is then renumbered. It returns the lot's awarded total.
func promote(lr *LotResult, r Rules, ovs map[int64]Override, used map[int64]int64, fe apperr.FieldErrors) int64 {
	spent := lr.AwardedMinor
	for i := range lr.Decisions {
		d := &lr.Decisions[i]
		ov, has := ovs[d.ApplicationID]
		if !has || ov.Action != Promote {
			continue
		}
		if d.Decision != Reserve {
			fe.Add(fieldOf(d.ApplicationID, "action"), "award.error.not_reserve")
			continue
		}
		amt := d.RequestedMinor
		if ov.AmountMinor > 0 {
			amt = ov.AmountMinor
		}
		if r.MaxGrantMinor > 0 && amt > r.MaxGrantMinor {
			amt = r.MaxGrantMinor
		}
		if spent+amt > lr.Lot.BudgetMinor || (r.CapMinor > 0 && used[d.OrgID]+amt > r.CapMinor) {
			fe.Add(fieldOf(d.ApplicationID, "action"), "award.error.over_budget")
			continue
		}
		d.Decision, d.AmountMinor, d.ReserveRank = Award, amt, 0
		d.Comment, d.Override = ov.Reason, Promote
		if amt < d.RequestedMinor {
			d.ReducedReason = ov.Reason
		}
		d.Reasons = append(d.Reasons, review.Reason{Key: ReasonPromoted})
		spent += amt
		used[d.OrgID] += amt
	}
	n := 0
	for i := range lr.Decisions {
		if lr.Decisions[i].Decision == Reserve {
			n++
			lr.Decisions[i].ReserveRank = n
		}
	}
	return spent
}
