package award

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/review"
)

// Rank ranks the ready entries of each lot (final score desc, then the
// tie-break section desc, then the earlier submission, then the lower id)
// and draws the funding line with the committee's overrides. Entries that
// are not Ready, or of another lot, are left out. An override that cannot
// be applied is an Invalid error naming its field; nothing is decided then.
func Rank(lots []Lot, entries []Entry, r Rules, ovs []Override) ([]LotResult, error) {
	byApp, err := checkOverrides(entries, r, ovs)
	if err != nil {
		return nil, err
	}
	used := map[int64]int64{}
	for org, v := range r.Prior {
		used[org] = v
	}
	fe := apperr.FieldErrors{}
	out := make([]LotResult, 0, len(lots))
	for _, lot := range lots {
		ds := ordered(lotEntries(entries, lot.ID), r.TieBreak)
		lr := LotResult{Lot: lot}
		if r.Stage == "concept" {
			lr.Decisions = shortlist(ds, r, byApp)
		} else {
			lr.Decisions, lr.AwardedMinor = fund(ds, lot.BudgetMinor, r, byApp, used)
			lr.AwardedMinor = promote(&lr, r, byApp, used, fe)
		}
		lr.LineAfter = lineAfter(lr.Decisions)
		out = append(out, lr)
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// lotEntries keeps the ready entries of one lot as decisions to be made.
func lotEntries(entries []Entry, lotID int64) []Decision {
	var ds []Decision
	for _, e := range entries {
		if e.LotID != lotID || !e.Result.Ready {
			continue
		}
		ds = append(ds, Decision{ApplicationID: e.ApplicationID, LotID: e.LotID, OrgID: e.OrgID,
			FinalX100: e.Result.FinalX100, Fundable: e.Result.Fundable, RequestedMinor: e.RequestedMinor,
			Sections: e.Result.Sections, Reasons: slices.Clone(e.Result.Reasons), at: e.SubmittedAt.UnixNano()})
	}
	return ds
}

// ordered sorts decisions by the stated rule and numbers them 1..n.
func ordered(ds []Decision, tieBreak string) []Decision {
	for i := range ds {
		ds[i].TieX100 = sectionMean(ds[i].Sections, tieBreak)
	}
	slices.SortFunc(ds, func(a, b Decision) int {
		return cmp.Or(cmp.Compare(b.FinalX100, a.FinalX100), cmp.Compare(b.TieX100, a.TieX100),
			cmp.Compare(a.at, b.at), cmp.Compare(a.ApplicationID, b.ApplicationID))
	})
	for i := range ds {
		ds[i].Rank = i + 1
	}
	return ds
}

// sectionMean is the mean of the section with the code (0 when absent).
func sectionMean(ss []review.SectionResult, code string) int64 {
	if code == "" {
		code = "relevance"
	}
	for _, s := range ss {
		if s.Code == code {
			return s.MeanX100
		}
	}
	return 0
}

// fund walks the ranking of a full-stage lot: awards while the budget
// lasts, then the reserve list, the rest rejected.
func fund(ds []Decision, budget int64, r Rules, ovs map[int64]Override, used map[int64]int64) ([]Decision, int64) {
	var spent int64
	line, reserve := false, 0
	for i := range ds {
		d := &ds[i]
		ov, has := ovs[d.ApplicationID]
		switch {
		case has && ov.Action == Exclude:
			exclude(d, ov)
		case !d.Fundable:
			d.Decision = Reject
		case line:
			reserve = toReserve(d, reserve, r.ReserveSize)
		default:
			amt, ok := amountFor(d, r, ov, has, used[d.OrgID])
			switch {
			case !ok:
				d.Decision = Reject
			case spent+amt > budget:
				line = true
				d.ReducedReason = ""
				reserve = toReserve(d, reserve, r.ReserveSize)
			default:
				d.Decision, d.AmountMinor = Award, amt
				spent += amt
				used[d.OrgID] += amt
			}
		}
	}
	return ds, spent
}

// amountFor is what a fundable application would get: the requested or the
// committee's reduced amount, within the call's maximum and what the cap
// leaves for the organisation; false (with its reason) when the cap leaves
// less than the call's minimum grant.
func amountFor(d *Decision, r Rules, ov Override, has bool, orgUsed int64) (int64, bool) {
	amt := d.RequestedMinor
	if has && ov.Action == Reduce {
		amt, d.ReducedReason, d.Comment, d.Override = ov.AmountMinor, ov.Reason, ov.Reason, Reduce
		d.Reasons = append(d.Reasons, review.Reason{Key: ReasonReduced})
	}
	if r.MaxGrantMinor > 0 && amt > r.MaxGrantMinor {
		amt, d.ReducedReason = r.MaxGrantMinor, ReasonReducedToMax
	}
	if r.CapMinor > 0 && orgUsed+amt > r.CapMinor {
		left := r.CapMinor - orgUsed
		if left <= 0 || left < r.MinGrantMinor {
			d.Reasons = append(d.Reasons, review.Reason{Key: ReasonCapReached})
			return 0, false
		}
		amt, d.ReducedReason = left, ReasonReducedToCap
	}
	return amt, true
}

// toReserve puts a fundable application below the line on the reserve list
// while it has room, else rejects it.
func toReserve(d *Decision, n, size int) int {
	if n < size {
		n++
		d.Decision, d.ReserveRank = Reserve, n
		return n
	}
	d.Decision = Reject
	d.Reasons = append(d.Reasons, review.Reason{Key: ReasonBeyondReserve})
	return n
}

func exclude(d *Decision, ov Override) {
	d.Decision, d.Comment, d.Override = Reject, ov.Reason, Exclude
	d.Reasons = append(d.Reasons, review.Reason{Key: ReasonExcluded})
}

// shortlist decides a concept-stage lot: the best fundable ones (all of
// them unless the rules give a number) are shortlisted; no money.
func shortlist(ds []Decision, r Rules, ovs map[int64]Override) []Decision {
	n := 0
	for i := range ds {
		d := &ds[i]
		switch ov, has := ovs[d.ApplicationID]; {
		case has && ov.Action == Exclude:
			exclude(d, ov)
		case !d.Fundable:
			d.Decision = Reject
		case r.Shortlist > 0 && n >= r.Shortlist:
			d.Decision = Reject
			d.Reasons = append(d.Reasons, review.Reason{Key: ReasonBeyondList})
		default:
			n++
			d.Decision = Shortlist
		}
	}
	return ds
}

// lineAfter is the rank of the last award or shortlisted application.
func lineAfter(ds []Decision) int {
	n := 0
	for _, d := range ds {
		if d.Decision == Award || d.Decision == Shortlist {
			n = d.Rank
		}
	}
	return n
}

// Field names of an override in forms and API errors.
func fieldOf(appID int64, part string) string {
	return "override[" + strconv.FormatInt(appID, 10) + "]." + part
}

// trim is the committee's text without surrounding space.
func trim(s string) string { return strings.TrimSpace(s) }
