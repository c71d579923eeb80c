package review

import (
	"math"
	"sort"
)

// Normalised is one application in the normalised view: its real final
// score and rank beside those computed from evaluators' z-scores, which
// shows where a harsh or lenient evaluator moved the ranking. Display only.
type Normalised struct {
	ApplicationID int64   `json:"application_id"`
	Final         float64 `json:"final"` // real final score in points
	Rank          int     `json:"rank"`
	NormFinal     float64 `json:"normalised_final"`
	NormRank      int     `json:"normalised_rank"`
	Moved         int     `json:"moved"` // places gained (+) or lost (−) when normalised
}

// Normalise rescales each evaluator's totals in the call: z = (total −
// its mean) / its standard deviation (0 when it does not vary), then
// total′ = mean of all totals + z × their standard deviation, clipped to
// [0, grid maximum]; the final score applies the grid's rule to the
// rescaled totals. Applications without a submitted review are left out.
// The result keeps the order of cs.
func Normalise(g Grid, cs []Consolidated) []Normalised {
	perEval := map[int64][]float64{}
	var all []float64
	for _, c := range cs {
		for _, t := range c.Totals {
			perEval[t.UserID] = append(perEval[t.UserID], float64(t.Total))
			all = append(all, float64(t.Total))
		}
	}
	type stat struct{ mean, sd float64 }
	stats := make(map[int64]stat, len(perEval))
	for u, ts := range perEval {
		m, sd := meanSD(ts)
		stats[u] = stat{m, sd}
	}
	meanAll, sdAll := meanSD(all)
	top := float64(g.Max())
	var out []Normalised
	for _, c := range cs {
		if len(c.Totals) == 0 {
			continue
		}
		nt := make([]float64, len(c.Totals))
		for i, t := range c.Totals {
			st, z := stats[t.UserID], 0.0
			if st.sd > 0 {
				z = (float64(t.Total) - st.mean) / st.sd
			}
			nt[i] = math.Min(math.Max(meanAll+z*sdAll, 0), top)
		}
		out = append(out, Normalised{ApplicationID: c.ApplicationID, Final: float64(c.FinalX100) / 100,
			NormFinal: finalOf(g.FinalRule, nt)})
	}
	rankBy(out, func(n Normalised) float64 { return n.Final }, func(n *Normalised, r int) { n.Rank = r })
	rankBy(out, func(n Normalised) float64 { return n.NormFinal }, func(n *Normalised, r int) { n.NormRank = r })
	for i := range out {
		out[i].Moved = out[i].Rank - out[i].NormRank
	}
	return out
}

// meanSD is the mean and population standard deviation of xs.
func meanSD(xs []float64) (float64, float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	m := sum / float64(len(xs))
	var v float64
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return m, math.Sqrt(v / float64(len(xs)))
}

// finalOf applies a final-score rule to (rescaled) totals.
func finalOf(rule string, ts []float64) float64 {
	if rule == MeanTwoClosest && len(ts) >= 3 {
		bi, bj := 0, 1
		for i := range ts {
			for j := i + 1; j < len(ts); j++ {
				d, bd := math.Abs(ts[i]-ts[j]), math.Abs(ts[bi]-ts[bj])
				if d < bd || (d == bd && ts[i]+ts[j] > ts[bi]+ts[bj]) {
					bi, bj = i, j
				}
			}
		}
		return (ts[bi] + ts[bj]) / 2
	}
	m, _ := meanSD(ts)
	return m
}

// rankBy numbers the rows 1.. by key descending, ties by application id.
func rankBy(rows []Normalised, key func(Normalised) float64, set func(*Normalised, int)) {
	idx := make([]int, len(rows))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ka, kb := key(rows[idx[a]]), key(rows[idx[b]])
		if ka != kb {
			return ka > kb
		}
		return rows[idx[a]].ApplicationID < rows[idx[b]].ApplicationID
	})
	for r, i := range idx {
		set(&rows[i], r+1)
	}
}
