package award

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/review"
)

// randomCall builds a random call: a few lots, applications of a small pool
// of organisations (so caps bind), many tied scores, prior awards.
func randomCall(rng *rand.Rand) ([]Lot, []Entry, Rules) {
	var lots []Lot
	for i := range 1 + rng.IntN(3) {
		lots = append(lots, Lot{ID: int64(10 + i), BudgetMinor: rng.Int64N(400_000)})
	}
	r := Rules{Stage: "full", MinGrantMinor: rng.Int64N(20_000), ReserveSize: rng.IntN(6), TieBreak: "relevance",
		Prior: map[int64]int64{}}
	r.MaxGrantMinor = r.MinGrantMinor + rng.Int64N(100_000)
	if rng.IntN(4) > 0 {
		r.CapMinor = r.MinGrantMinor + rng.Int64N(200_000)
	}
	orgs := 1 + rng.IntN(12)
	for o := range orgs {
		if rng.IntN(3) == 0 {
			r.Prior[int64(o)] = rng.Int64N(150_000)
		}
	}
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var es []Entry
	for i := range rng.IntN(60) {
		final := int64(rng.IntN(8)) * 500 // few distinct values: many ties
		es = append(es, Entry{ApplicationID: int64(100 + i), LotID: lots[rng.IntN(len(lots))].ID,
			OrgID: int64(rng.IntN(orgs)), RequestedMinor: r.MinGrantMinor + rng.Int64N(120_000),
			SubmittedAt: base.Add(time.Duration(rng.IntN(5)) * time.Hour),
			Result: review.Consolidated{FinalX100: final, Ready: rng.IntN(10) > 0, Fundable: rng.IntN(4) > 0,
				Sections: []review.SectionResult{{Code: "capacity", MeanX100: int64(rng.IntN(3)) * 100},
					{Code: "relevance", MeanX100: int64(rng.IntN(3)) * 100}}}})
	}
	for i := range es {
		if !es[i].Result.Fundable {
			es[i].Result.Reasons = []review.Reason{{Key: "review.reason.below_pass_mark"}}
		}
	}
	return lots, es, r
}

// randomOverrides picks committee changes, some of them impossible.
func randomOverrides(rng *rand.Rand, es []Entry, r Rules) []Override {
	var ovs []Override
	for _, e := range es {
		switch rng.IntN(12) {
		case 0:
			ovs = append(ovs, Override{ApplicationID: e.ApplicationID, Action: Exclude, Reason: "conflict of aims"})
		case 1:
			amt := r.MinGrantMinor + rng.Int64N(e.RequestedMinor-r.MinGrantMinor+1)
			ovs = append(ovs, Override{ApplicationID: e.ApplicationID, Action: Reduce, AmountMinor: amt, Reason: "unit costs high"})
		case 2:
			ovs = append(ovs, Override{ApplicationID: e.ApplicationID, Action: Promote, Reason: "strong reserve"})
		}
	}
	return ovs
}

func TestRankProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 4))
	for it := range 3000 {
		lots, es, r := randomCall(rng)
		var ovs []Override
		if it%2 == 1 {
			ovs = randomOverrides(rng, es, r)
		}
		got, err := Rank(lots, es, r, ovs)
		if err != nil {
			if !apperr.Is(err, apperr.Invalid) || len(apperr.As(err).Fields) == 0 {
				t.Fatalf("iteration %d: error %v is not a field error", it, err)
			}
			continue
		}
		checkInvariants(t, it, es, r, got, len(ovs) > 0)
		shuffled := append([]Entry(nil), es...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		again, err := Rank(lots, shuffled, r, ovs)
		if err != nil || !reflect.DeepEqual(got, again) {
			t.Fatalf("iteration %d: shuffled input ranks differently (err %v)", it, err)
		}
	}
}

func checkInvariants(t *testing.T, it int, es []Entry, r Rules, got []LotResult, overridden bool) {
	t.Helper()
	entry := map[int64]Entry{}
	for _, e := range es {
		entry[e.ApplicationID] = e
	}
	orgTotal := map[int64]int64{}
	for _, lr := range got {
		var sum int64
		lastAward, firstReserve, reserves := 0, 0, 0
		for i, d := range lr.Decisions {
			e := entry[d.ApplicationID]
			if d.Rank != i+1 || (i > 0 && d.FinalX100 > lr.Decisions[i-1].FinalX100) {
				t.Fatalf("iteration %d: lot %d not in rank order at %d", it, lr.Lot.ID, i)
			}
			switch d.Decision {
			case Award:
				sum += d.AmountMinor
				orgTotal[d.OrgID] += d.AmountMinor
				lastAward = d.Rank
				if !e.Result.Fundable || d.AmountMinor < r.MinGrantMinor || d.AmountMinor <= 0 ||
					d.AmountMinor > e.RequestedMinor || d.AmountMinor > r.MaxGrantMinor {
					t.Fatalf("iteration %d: award %+v breaks a threshold or a grant limit", it, d)
				}
			case Reserve:
				reserves++
				if firstReserve == 0 {
					firstReserve = d.Rank
				}
				if d.ReserveRank != reserves || !e.Result.Fundable || d.AmountMinor != 0 {
					t.Fatalf("iteration %d: reserve %+v out of order (want reserve rank %d)", it, d, reserves)
				}
			case Reject:
				if len(d.Reasons) == 0 {
					t.Fatalf("iteration %d: rejection %d without a reason", it, d.ApplicationID)
				}
			default:
				t.Fatalf("iteration %d: decision %q", it, d.Decision)
			}
		}
		if sum != lr.AwardedMinor || sum > lr.Lot.BudgetMinor {
			t.Fatalf("iteration %d: lot %d awards %d of budget %d (reported %d)", it, lr.Lot.ID, sum, lr.Lot.BudgetMinor, lr.AwardedMinor)
		}
		if reserves > r.ReserveSize || (!overridden && firstReserve != 0 && lastAward > firstReserve) {
			t.Fatalf("iteration %d: reserve list wrong: %d of %d, first at %d after award %d", it, reserves, r.ReserveSize, firstReserve, lastAward)
		}
	}
	for org, v := range orgTotal {
		if r.CapMinor > 0 && v+r.Prior[org] > r.CapMinor {
			t.Fatalf("iteration %d: organisation %d gets %d over the cap %d (prior %d)", it, org, v, r.CapMinor, r.Prior[org])
		}
	}
}

func TestConceptShortlistProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 50))
	for it := range 1000 {
		lots, es, r := randomCall(rng)
		r.Stage, r.Shortlist = "concept", rng.IntN(5)
		got, err := Rank(lots, es, r, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, lr := range got {
			n, rejectedFundable := 0, false
			for _, d := range lr.Decisions {
				switch {
				case d.Decision == Shortlist:
					n++
					if !d.Fundable || d.AmountMinor != 0 || rejectedFundable {
						t.Fatalf("iteration %d: shortlisted %+v wrongly", it, d)
					}
				case d.Decision == Reject && d.Fundable:
					rejectedFundable = true
				case d.Decision != Reject:
					t.Fatalf("iteration %d: concept decision %q", it, d.Decision)
				}
			}
			if r.Shortlist > 0 && n > r.Shortlist {
				t.Fatalf("iteration %d: %d shortlisted of %d", it, n, r.Shortlist)
			}
		}
	}
}
