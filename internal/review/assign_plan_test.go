package review_test

import (
	"math/rand/v2"
	"testing"

	"github.com/subgrant/portal/internal/review"
)

// randomPlanInput is a random call: evaluators with random languages and
// applications with random needs; exclusions only when exclude is set.
func randomPlanInput(r *rand.Rand, exclude bool) ([]review.AppNeed, []review.Candidate) {
	langs := []string{"sq", "en", "sr", "sq,en", "en,sr"}
	var cands []review.Candidate
	for i := range 1 + r.IntN(12) {
		cands = append(cands, review.Candidate{UserID: int64(100 + i*3), Languages: langs[r.IntN(len(langs))]})
	}
	r.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	var apps []review.AppNeed
	for i := range r.IntN(40) {
		a := review.AppNeed{AppID: int64(i + 1), Need: 1 + r.IntN(3), Lang: []string{"sq", "en", "sr"}[r.IntN(3)], Excluded: map[int64]bool{}}
		if exclude {
			for _, c := range cands {
				if r.IntN(4) == 0 {
					a.Excluded[c.UserID] = true
				}
			}
		}
		apps = append(apps, a)
	}
	return apps, cands
}

// With nobody excluded, automatic assignment balances the load: the
// busiest and the idlest evaluator differ by at most one assignment, and
// every application gets what it needs (up to the committee's size).
func TestPlanBalancesLoad(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for run := range 500 {
		apps, cands := randomPlanInput(r, false)
		picks := review.CommitteePlan(apps, cands, false)
		load := map[int64]int{}
		for _, c := range cands {
			load[c.UserID] = 0
		}
		got := map[int64]map[int64]bool{}
		for _, p := range picks {
			load[p.UserID]++
			if got[p.AppID] == nil {
				got[p.AppID] = map[int64]bool{}
			}
			if got[p.AppID][p.UserID] {
				t.Fatalf("run %d: evaluator %d picked twice for application %d", run, p.UserID, p.AppID)
			}
			got[p.AppID][p.UserID] = true
		}
		lo, hi := 1<<30, -1
		for _, n := range load {
			lo, hi = min(lo, n), max(hi, n)
		}
		if len(cands) > 0 && hi-lo > 1 {
			t.Fatalf("run %d: loads %v differ by %d", run, load, hi-lo)
		}
		for _, a := range apps {
			if want := min(a.Need, len(cands)); len(got[a.AppID]) != want {
				t.Fatalf("run %d: application %d got %d evaluators, want %d", run, a.AppID, len(got[a.AppID]), want)
			}
		}
	}
}

// Whatever the exclusions and the language preference, an excluded
// evaluator is never picked, and the plan is deterministic.
func TestPlanNeverPicksExcluded(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for run := range 500 {
		apps, cands := randomPlanInput(r, true)
		prefer := r.IntN(2) == 0
		picks := review.CommitteePlan(apps, cands, prefer)
		byApp := map[int64]review.AppNeed{}
		for _, a := range apps {
			byApp[a.AppID] = a
		}
		for _, p := range picks {
			if byApp[p.AppID].Excluded[p.UserID] {
				t.Fatalf("run %d: excluded evaluator %d assigned to %d", run, p.UserID, p.AppID)
			}
		}
		again := review.CommitteePlan(apps, cands, prefer)
		if len(again) != len(picks) {
			t.Fatalf("run %d: not deterministic", run)
		}
		for i := range again {
			if again[i] != picks[i] {
				t.Fatalf("run %d: not deterministic at %d: %v vs %v", run, i, again[i], picks[i])
			}
		}
	}
}

// The language preference puts readers of the application's language
// first; load and then the lower id decide among equals.
func TestPlanPrefersLanguageThenLoadThenID(t *testing.T) {
	cands := []review.Candidate{{UserID: 9, Languages: "sq", Load: 0}, {UserID: 5, Languages: "en", Load: 3}, {UserID: 4, Languages: "en", Load: 3}}
	apps := []review.AppNeed{{AppID: 1, Need: 1, Lang: "en"}}
	if got := review.CommitteePlan(apps, cands, true); len(got) != 1 || got[0].UserID != 4 {
		t.Errorf("prefer language: %v, want evaluator 4 (reads en, lower id than 5)", got)
	}
	if got := review.CommitteePlan(apps, cands, false); len(got) != 1 || got[0].UserID != 9 {
		t.Errorf("no preference: %v, want evaluator 9 (lowest load)", got)
	}
}
