package review_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/subgrant/portal/internal/review"
)

// rowsGrid is a grid of n sections of 2 criteria (weights 1 and 2) on 1–5.
func rowsGrid(rule string, sections, threshold, pass, diverge int) review.Grid {
	g := review.Grid{ID: 1, ScaleMin: 1, ScaleMax: 5, FinalRule: rule, PassMark: pass, DivergencePoints: diverge}
	id := int64(1)
	for s := range sections {
		sec := review.Section{ID: int64(s + 1), Code: string(rune('a' + s)), Threshold: threshold}
		for w := 1; w <= 2; w++ {
			sec.Criteria = append(sec.Criteria, review.Criterion{ID: id, Code: string(rune('a'+s)) + string(rune('0'+w)), Weight: w})
			id++
		}
		g.Sections = append(g.Sections, sec)
	}
	return g
}

// oneApp builds rows for application 1: a submitted review per score list
// (each list one score per criterion), plus pending assignments.
func oneApp(reviews [][]int, pending int) review.Rows {
	in := review.Rows{Applications: []int64{1}}
	for i, scores := range reviews {
		rid := int64(i + 1)
		in.Assignments = append(in.Assignments, review.AssignmentRow{ApplicationID: 1, UserID: rid, ReviewID: rid})
		for c, sc := range scores {
			in.Scores = append(in.Scores, review.ScoreRow{ReviewID: rid, CriterionID: int64(c + 1), Score: sc})
		}
	}
	for range pending {
		in.Assignments = append(in.Assignments, review.AssignmentRow{ApplicationID: 1, UserID: 99})
	}
	return in
}

func TestConsolidateExamples(t *testing.T) {
	g := rowsGrid(review.MeanAll, 2, 5, 20, 5) // max 30: sections of 15
	// Totals: (4+2*4)+(3+2*3)=21, (5+2*5)+(5+2*5)=30, (1+2*2)+(1+2*1)=8.
	rs := [][]int{{4, 4, 3, 3}, {5, 5, 5, 5}, {1, 2, 1, 1}}
	c := review.ConsolidateRows(g, oneApp(rs, 0))[0]
	if c.MeanX100 != 1967 || c.FinalX100 != 1967 || !c.Divergent || c.Resolved || c.Ready {
		t.Fatalf("mean_all: %+v", c)
	}
	// Section a: points 12, 15 and 5 → 32/3 = 10.67 (1067), rounded once
	// (the criterion means 3.33 and 7.33 would add to 10.66).
	if c.Sections[0].MeanX100 != 1067 || c.Sections[0].Max != 15 || !c.Sections[0].Passed {
		t.Errorf("section a = %+v", c.Sections[0])
	}
	if c.Fundable || len(c.Reasons) != 1 || c.Reasons[0].Key != review.ReasonBelowPassMark {
		t.Errorf("19.67 < 20: fundable %v reasons %v", c.Fundable, c.Reasons)
	}
	g.FinalRule = review.MeanTwoClosest
	c = review.ConsolidateRows(g, oneApp(rs, 0))[0]
	// Closest pair: 21 and 30 (9) vs 21 and 8 (13): (21+30)/2 = 25.5.
	if c.FinalX100 != 2550 || c.MeanX100 != 1967 || !c.Fundable {
		t.Fatalf("two closest: %+v", c)
	}
	if c.Sections[0].MeanX100 != 1350 || c.Sections[1].MeanX100 != 1200 {
		t.Errorf("sections over the two closest = %+v", c.Sections)
	}
	// Ties in distance: 10, 20, 30 → the pair with the higher sum (20, 30).
	c = review.ConsolidateRows(g, oneApp([][]int{{1, 2, 1, 2}, {5, 5, 5, 5}, {5, 5, 1, 2}}, 0))[0]
	if c.FinalX100 != 2500 {
		t.Errorf("tie → higher pair: final %d, want 2500 (totals %v)", c.FinalX100, c.Totals)
	}
	below := review.ConsolidateRows(rowsGrid(review.MeanAll, 2, 12, 0, 20), oneApp([][]int{{5, 5, 1, 1}}, 1))[0]
	if below.Fundable || len(below.Reasons) != 1 || below.Reasons[0].Section != "b" || below.Ready || below.Pending != 1 {
		t.Errorf("section b below threshold, one pending: %+v", below)
	}
	none := review.ConsolidateRows(g, oneApp(nil, 2))[0]
	if none.Fundable || none.Ready || none.Submitted != 0 || none.FinalX100 != 0 {
		t.Errorf("no reviews: %+v", none)
	}
}

// Properties over random applications: bounds, rules, readiness and
// independence from row order.
func TestConsolidateProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 2026))
	for iter := range 2000 {
		rule := []string{review.MeanAll, review.MeanTwoClosest}[iter%2]
		g := rowsGrid(rule, 1+r.IntN(4), r.IntN(12), r.IntN(40), r.IntN(15))
		ncrit := len(g.Sections) * 2
		var rs [][]int
		for range r.IntN(5) {
			sc := make([]int, ncrit)
			for i := range sc {
				sc[i] = 1 + r.IntN(5)
			}
			rs = append(rs, sc)
		}
		in := oneApp(rs, r.IntN(2))
		if r.IntN(3) == 0 {
			in.Resolved = []int64{1}
		}
		c := review.ConsolidateRows(g, in)[0]
		shuffled := in
		shuffled.Scores = slices.Clone(in.Scores)
		shuffled.Assignments = slices.Clone(in.Assignments)
		r.Shuffle(len(shuffled.Scores), func(i, j int) { shuffled.Scores[i], shuffled.Scores[j] = shuffled.Scores[j], shuffled.Scores[i] })
		r.Shuffle(len(shuffled.Assignments), func(i, j int) {
			shuffled.Assignments[i], shuffled.Assignments[j] = shuffled.Assignments[j], shuffled.Assignments[i]
		})
		if c2 := review.ConsolidateRows(g, shuffled)[0]; c2.FinalX100 != c.FinalX100 || !slices.Equal(c2.Totals, c.Totals) ||
			!slices.Equal(c2.Sections, c.Sections) {
			t.Fatalf("row order changed the result: %+v vs %+v", c, c2)
		}
		checkConsolidated(t, g, rs, in, c)
		if p := review.ConsolidateRows(g, bySections(g, in))[0]; p.FinalX100 != c.FinalX100 || !slices.Equal(p.Totals, c.Totals) ||
			!slices.Equal(p.Sections, c.Sections) || p.Fundable != c.Fundable || p.Ready != c.Ready || len(p.Criteria) != 0 {
			t.Fatalf("stored section points differ from the scores: %+v vs %+v", p, c)
		}
	}
}

// bySections turns score rows into the section points a submission stores
// (review.SectionPoints), as a call's bulk consolidation reads them.
func bySections(g review.Grid, in review.Rows) review.Rows {
	out := in
	out.Scores = nil
	per := map[int64]map[int64]int{} // review -> section -> points
	sectionOf, weight := map[int64]int64{}, map[int64]int{}
	for _, s := range g.Sections {
		for _, c := range s.Criteria {
			sectionOf[c.ID], weight[c.ID] = s.ID, c.Weight
		}
	}
	for _, sc := range in.Scores {
		if per[sc.ReviewID] == nil {
			per[sc.ReviewID] = map[int64]int{}
		}
		per[sc.ReviewID][sectionOf[sc.CriterionID]] += sc.Score * weight[sc.CriterionID]
	}
	for rid, secs := range per {
		for _, s := range g.Sections {
			out.Sections = append(out.Sections, review.SectionRow{ReviewID: rid, SectionID: s.ID, Points: secs[s.ID]})
		}
	}
	return out
}

func checkConsolidated(t *testing.T, g review.Grid, rs [][]int, in review.Rows, c review.Consolidated) {
	t.Helper()
	if c.Submitted != len(rs) {
		t.Fatalf("submitted %d, want %d", c.Submitted, len(rs))
	}
	if len(rs) == 0 {
		if c.Fundable || c.Ready {
			t.Fatalf("nothing submitted but %+v", c)
		}
		return
	}
	lo, hi := c.Totals[0].Total, c.Totals[0].Total
	for _, tt := range c.Totals {
		lo, hi = min(lo, tt.Total), max(hi, tt.Total)
	}
	if c.FinalX100 < int64(lo)*100 || c.FinalX100 > int64(hi)*100 {
		t.Fatalf("final %d outside totals [%d, %d]", c.FinalX100, lo, hi)
	}
	if g.FinalRule == review.MeanAll && c.FinalX100 != c.MeanX100 {
		t.Fatalf("mean_all: final %d != mean %d", c.FinalX100, c.MeanX100)
	}
	if c.Divergent != (hi-lo > g.DivergencePoints) {
		t.Fatalf("divergent %v with spread %d and limit %d", c.Divergent, hi-lo, g.DivergencePoints)
	}
	var secSum int64
	fundable := c.FinalX100 >= int64(g.PassMark)*100
	for i, s := range c.Sections {
		secSum += s.MeanX100
		if s.MeanX100 > int64(s.Max)*100 || s.Passed != (s.MeanX100 >= int64(g.Sections[i].Threshold)*100) {
			t.Fatalf("section %+v", s)
		}
		fundable = fundable && s.Passed
	}
	// Each section mean is rounded once: the sections add up to the final
	// score within half a hundredth per section.
	if d := secSum - c.FinalX100; d > int64(len(c.Sections)) || -d > int64(len(c.Sections)) {
		t.Fatalf("sections add to %d, final %d", secSum, c.FinalX100)
	}
	if fundable != c.Fundable || fundable != (len(c.Reasons) == 0) {
		t.Fatalf("fundable %v, reasons %v, want %v", c.Fundable, c.Reasons, fundable)
	}
	pending := len(in.Assignments) - len(rs)
	resolved := len(in.Resolved) > 0
	if c.Ready != (pending == 0 && (!c.Divergent || resolved)) || c.Resolved != resolved {
		t.Fatalf("ready %v resolved %v with pending %d divergent %v", c.Ready, c.Resolved, pending, c.Divergent)
	}
}

// SectionPoints writes what the bulk consolidation reads back.
func TestSectionPointsRoundTrip(t *testing.T) {
	g := rowsGrid(review.MeanAll, 3, 0, 0, 20)
	four, two := 4, 2
	scores := []review.Score{{CriterionID: 1, Score: &four}, {CriterionID: 2, Score: &two}, {CriterionID: 5, Score: &four}}
	if got, want := review.SectionPoints(g, scores), "1:8 2:0 3:4"; got != want {
		t.Fatalf("SectionPoints = %q, want %q", got, want)
	}
}
