package review_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/subgrant/portal/internal/review"
)

func app(id int64, final int64, totals ...review.EvaluatorTotal) review.Consolidated {
	return review.Consolidated{ApplicationID: id, FinalX100: final, Totals: totals}
}

// A harsh evaluator (B, 20 points below A on the same work) pushes down the
// applications it alone scored; normalised, they move up.
func TestNormaliseCorrectsAHarshEvaluator(t *testing.T) {
	g := rowsGrid(review.MeanAll, 2, 0, 0, 100) // max 30
	a := func(total int) review.EvaluatorTotal { return review.EvaluatorTotal{UserID: 1, Total: total} }
	b := func(total int) review.EvaluatorTotal { return review.EvaluatorTotal{UserID: 2, Total: total} }
	cs := []review.Consolidated{
		app(1, 2500, a(25)), app(2, 2000, a(20)), app(3, 1500, a(15)),
		app(4, 800, b(8)), app(5, 300, b(3)), app(6, 1300, b(13)),
		app(7, 0), // no review: left out
	}
	out := review.Normalise(g, cs)
	if len(out) != 6 {
		t.Fatalf("rows = %d", len(out))
	}
	byID := map[int64]review.Normalised{}
	for _, n := range out {
		byID[n.ApplicationID] = n
		if n.NormFinal < 0 || n.NormFinal > 30 || n.Moved != n.Rank-n.NormRank {
			t.Errorf("row %+v", n)
		}
	}
	// B's best (13) ranks 4th raw, and equal to A's best (25) once normalised.
	if byID[6].Rank != 4 || math.Abs(byID[6].NormFinal-byID[1].NormFinal) > 1e-9 || byID[6].Moved <= 0 {
		t.Errorf("B's best: %+v vs A's best %+v", byID[6], byID[1])
	}
	if byID[3].Moved >= 0 {
		t.Errorf("A's lowest should lose places: %+v", byID[3])
	}
}

// One evaluator scoring everything: normalising changes nothing.
func TestNormaliseOneEvaluatorIsIdentity(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	g := rowsGrid(review.MeanAll, 3, 0, 0, 100)
	var cs []review.Consolidated
	for i := range 50 {
		tot := r.IntN(46)
		cs = append(cs, app(int64(i+1), int64(tot)*100, review.EvaluatorTotal{UserID: 1, Total: tot}))
	}
	for _, n := range review.Normalise(g, cs) {
		if math.Abs(n.NormFinal-n.Final) > 1e-9 || n.Moved != 0 {
			t.Fatalf("row %+v changed", n)
		}
	}
}
