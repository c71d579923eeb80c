package award

import (
	"testing"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/review"
)

func entry(id, org int64, final, relevance int64, requested int64, at int) Entry {
	reasons := []review.Reason(nil)
	fundable := final >= 5000
	if !fundable {
		reasons = []review.Reason{{Key: "review.reason.below_pass_mark"}}
	}
	return Entry{ApplicationID: id, LotID: 1, OrgID: org, RequestedMinor: requested,
		SubmittedAt: time.Date(2026, 3, 1, at, 0, 0, 0, time.UTC),
		Result: review.Consolidated{ApplicationID: id, FinalX100: final, Ready: true, Fundable: fundable, Reasons: reasons,
			Sections: []review.SectionResult{{Code: "relevance", MeanX100: relevance}}}}
}

// A worked example: the tie-break, the cap reduction, the line and the
// reserve list, then the committee's overrides.
func TestRankExample(t *testing.T) {
	lots := []Lot{{ID: 1, BudgetMinor: 100_000}}
	es := []Entry{
		entry(1, 1, 8000, 2500, 40_000, 3), // rank 2 (lower relevance than 2)
		entry(2, 2, 8000, 2800, 40_000, 5), // rank 1
		entry(3, 3, 7000, 2000, 30_000, 1), // rank 3: cap leaves 20,000 -> reduced
		entry(4, 4, 6000, 2000, 30_000, 1), // rank 4: does not fit (20,000 left? 100-80-20=0) -> reserve 1
		entry(5, 5, 6000, 2000, 10_000, 2), // rank 5: reserve 2 (same score, later)
		entry(6, 6, 5500, 2000, 10_000, 2), // rank 6: beyond the reserve list
		entry(7, 7, 4000, 2000, 10_000, 2), // rank 7: below the pass mark
	}
	r := Rules{Stage: "full", MinGrantMinor: 5_000, MaxGrantMinor: 60_000, CapMinor: 60_000,
		Prior: map[int64]int64{3: 40_000}, ReserveSize: 2, TieBreak: "relevance"}
	got, err := Rank(lots, es, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		id      int64
		dec     string
		amount  int64
		reserve int
		reason  string
	}
	check := func(ds []Decision, ws []want) {
		t.Helper()
		for i, w := range ws {
			d := ds[i]
			if d.ApplicationID != w.id || d.Decision != w.dec || d.AmountMinor != w.amount || d.ReserveRank != w.reserve ||
				(w.reason != "" && !hasReason(d, w.reason)) {
				t.Errorf("rank %d: got %+v, want %+v", i+1, d, w)
			}
		}
	}
	check(got[0].Decisions, []want{{2, Award, 40_000, 0, ""}, {1, Award, 40_000, 0, ""},
		{3, Award, 20_000, 0, ReasonReducedToCap}, {4, Reserve, 0, 1, ""}, {5, Reserve, 0, 2, ""},
		{6, Reject, 0, 0, ReasonBeyondReserve}, {7, Reject, 0, 0, "review.reason.below_pass_mark"}})
	if got[0].AwardedMinor != 100_000 || got[0].LineAfter != 3 {
		t.Errorf("awarded %d, line after %d", got[0].AwardedMinor, got[0].LineAfter)
	}

	// The committee reduces the first and awards reserve 2 in the room left.
	ovs := []Override{{ApplicationID: 2, Action: Reduce, AmountMinor: 30_000, Reason: "salaries above market"},
		{ApplicationID: 5, Action: Promote, Reason: "covers a municipality with no service"}}
	got, err = Rank(lots, es, r, ovs)
	if err != nil {
		t.Fatal(err)
	}
	check(got[0].Decisions, []want{{2, Award, 30_000, 0, ReasonReduced}, {1, Award, 40_000, 0, ""},
		{3, Award, 20_000, 0, ReasonReducedToCap}, {4, Reserve, 0, 1, ""}, {5, Award, 10_000, 0, ReasonPromoted}})

	// Awarding reserve 1 (30,000) would break the budget: refused.
	_, err = Rank(lots, es, r, []Override{{ApplicationID: 4, Action: Promote, Reason: "x"}})
	if f := apperr.As(err).Fields; f["override[4].action"] != "award.error.over_budget" {
		t.Errorf("promotion over budget: %v", err)
	}
	for _, bad := range []Override{{ApplicationID: 1, Action: Reduce, AmountMinor: 50_000, Reason: "x"},
		{ApplicationID: 1, Action: Reduce, AmountMinor: 1_000, Reason: "x"},
		{ApplicationID: 1, Action: Exclude}, {ApplicationID: 99, Action: Exclude, Reason: "x"},
		{ApplicationID: 1, Action: "delete", Reason: "x"}, {ApplicationID: 1, Action: Promote, Reason: "x"}} {
		if _, err := Rank(lots, es, r, []Override{bad}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("override %+v accepted", bad)
		}
	}
}

func hasReason(d Decision, key string) bool {
	for _, r := range d.Reasons {
		if r.Key == key {
			return true
		}
	}
	return d.ReducedReason == key
}
