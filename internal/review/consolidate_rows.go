package review

import "sort"

// Reason keys of a non-fundable application.
const (
	ReasonBelowSection  = "review.reason.below_section"
	ReasonBelowPassMark = "review.reason.below_pass_mark"
)

// AssignmentRow is one active assignment of an application as
// consolidation reads it; ReviewID is its submitted review, 0 while pending.
type AssignmentRow struct {
	ApplicationID int64
	UserID        int64
	Further       bool
	ReviewID      int64
}

// ScoreRow is one criterion's score in a submitted review.
type ScoreRow struct {
	ReviewID    int64
	CriterionID int64
	Score       int
}

// Rows are the plain rows consolidation works on, as Store.Consolidate
// loads them in a few bulk queries. A submitted review is known either by
// its section points (kept at submission) or by its scores; when both are
// given, the section points count and the scores only give the criteria.
type Rows struct {
	Applications []int64         // the applications to consolidate
	Assignments  []AssignmentRow // active assignments only
	Scores       []ScoreRow      // scores of submitted reviews only
	Sections     []SectionRow    // section points of submitted reviews
	Resolved     []int64         // applications with the chair's divergence note
}

// reviewAcc gathers one submitted review's weighted points per criterion
// and per section.
type reviewAcc struct {
	id, user  int64
	points    []int // by criterion index in grid order
	sections  []int // by section index in grid order
	total     int
	criteria  bool // points holds the criteria (scores were read)
	bySection bool // sections came from the stored section points
}

// ConsolidateRows puts each application's submitted reviews together by the
// grid's rules (see Consolidated), in the order of in.Applications. It is
// pure: the same rows give the same result whatever their order.
func ConsolidateRows(g Grid, in Rows) []Consolidated {
	crits := gridCriteria(g)
	cidx := make(map[int64]int, len(crits))
	csec := make([]int, len(crits)) // criterion index -> section index
	sidx := make(map[int64]int, len(g.Sections))
	for k, s := range g.Sections {
		sidx[s.ID] = k
		for _, c := range s.Criteria {
			cidx[c.ID] = len(cidx)
			csec[cidx[c.ID]] = k
		}
	}
	reviews := make(map[int64]*reviewAcc, len(in.Assignments))
	byApp := make(map[int64][]AssignmentRow, len(in.Applications))
	for _, a := range in.Assignments {
		byApp[a.ApplicationID] = append(byApp[a.ApplicationID], a)
		if a.ReviewID != 0 {
			reviews[a.ReviewID] = &reviewAcc{id: a.ReviewID, user: a.UserID, points: make([]int, len(crits)),
				sections: make([]int, len(g.Sections))}
		}
	}
	for _, sr := range in.Sections {
		r, ok := reviews[sr.ReviewID]
		k, known := sidx[sr.SectionID]
		if ok && known {
			r.total += sr.Points - r.sections[k]
			r.sections[k], r.bySection = sr.Points, true
		}
	}
	for _, sc := range in.Scores {
		r, ok := reviews[sc.ReviewID]
		i, known := cidx[sc.CriterionID]
		if !ok || !known {
			continue
		}
		p := sc.Score * crits[i].Weight
		if !r.bySection {
			r.total += p - r.points[i]
			r.sections[csec[i]] += p - r.points[i]
		}
		r.points[i], r.criteria = p, true
	}
	resolved := map[int64]bool{}
	for _, id := range in.Resolved {
		resolved[id] = true
	}
	out := make([]Consolidated, 0, len(in.Applications))
	for _, appID := range in.Applications {
		out = append(out, consolidateOne(g, crits, appID, byApp[appID], reviews, resolved[appID]))
	}
	return out
}

func consolidateOne(g Grid, crits []Criterion, appID int64, as []AssignmentRow, reviews map[int64]*reviewAcc, resolved bool) Consolidated {
	c := Consolidated{ApplicationID: appID, Criteria: map[int64]int64{}, Reasons: []Reason{}, Totals: []EvaluatorTotal{}, Resolved: resolved}
	var subs []*reviewAcc
	for _, a := range as {
		if a.ReviewID == 0 {
			c.Pending++
			continue
		}
		subs = append(subs, reviews[a.ReviewID])
		if a.Further {
			c.Resolved = true
		}
	}
	sort.Slice(subs, func(i, j int) bool { return subs[i].id < subs[j].id })
	c.Submitted = len(subs)
	totals := make([]int, len(subs))
	sum := 0
	for i, r := range subs {
		totals[i] = r.total
		sum += r.total
		c.Totals = append(c.Totals, EvaluatorTotal{ReviewID: r.id, UserID: r.user, Total: r.total})
	}
	c.Divergent = totalsDiverge(g, totals)
	used := subs
	if n := len(subs); n > 0 {
		c.MeanX100 = roundHalfUp(int64(sum)*100, int64(n))
		c.FinalX100 = c.MeanX100
		if g.FinalRule == MeanTwoClosest && n >= 3 {
			i, j := closestPair(totals)
			used = []*reviewAcc{subs[i], subs[j]}
			c.FinalX100 = roundHalfUp(int64(totals[i]+totals[j])*100, 2)
		}
	}
	withCriteria := len(used) > 0
	for _, r := range used {
		withCriteria = withCriteria && r.criteria
	}
	for k, cr := range crits {
		if !withCriteria {
			break
		}
		var pts int64
		for _, r := range used {
			pts += int64(r.points[k])
		}
		c.Criteria[cr.ID] = roundHalfUp(pts*100, int64(len(used)))
	}
	c.Fundable = c.Submitted > 0
	for k, s := range g.Sections {
		sr := SectionResult{Code: s.Code, Max: s.Max(g.ScaleMax), Threshold: s.Threshold}
		if len(used) > 0 {
			var pts int64
			for _, r := range used {
				pts += int64(r.sections[k])
			}
			sr.MeanX100 = roundHalfUp(pts*100, int64(len(used)))
		}
		sr.Passed = c.Submitted > 0 && sr.MeanX100 >= int64(s.Threshold)*100
		if c.Submitted > 0 && !sr.Passed {
			c.Fundable = false
			c.Reasons = append(c.Reasons, Reason{Key: ReasonBelowSection, Section: s.Code})
		}
		c.Sections = append(c.Sections, sr)
	}
	if c.Submitted > 0 && c.FinalX100 < int64(g.PassMark)*100 {
		c.Fundable = false
		c.Reasons = append(c.Reasons, Reason{Key: ReasonBelowPassMark})
	}
	c.Ready = c.Submitted >= 1 && c.Pending == 0 && (!c.Divergent || c.Resolved)
	return c
}

// closestPair picks the two totals with the smallest difference; among
// equally close pairs the one with the higher sum, then the earlier one.
func closestPair(t []int) (int, int) {
	bi, bj := 0, 1
	for i := range t {
		for j := i + 1; j < len(t); j++ {
			d, bd := scoreAbs(t[i]-t[j]), scoreAbs(t[bi]-t[bj])
			if d < bd || (d == bd && t[i]+t[j] > t[bi]+t[bj]) {
				bi, bj = i, j
			}
		}
	}
	return bi, bj
}

func scoreAbs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// roundHalfUp divides non-negative num by den rounding half up.
func roundHalfUp(num, den int64) int64 { return (2*num + den) / (2 * den) }
