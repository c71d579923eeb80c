package review

import (
	"strconv"
	"strings"
)

// SectionPoints is what a submitted review keeps of its scores for
// consolidation: the weighted points of each section of g, as "section
// id:points" pairs separated by spaces. Unscored criteria count nothing.
func SectionPoints(g Grid, scores []Score) string {
	byCrit := make(map[int64]int, len(scores))
	for _, sc := range scores {
		if sc.Score != nil {
			byCrit[sc.CriterionID] = *sc.Score
		}
	}
	var b strings.Builder
	for i, s := range g.Sections {
		pts := 0
		for _, c := range s.Criteria {
			pts += byCrit[c.ID] * c.Weight
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatInt(s.ID, 10))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(pts))
	}
	return b.String()
}

// SectionRow is one section's weighted points in a submitted review.
type SectionRow struct {
	ReviewID  int64
	SectionID int64
	Points    int
}

// parseSectionPoints reads what SectionPoints wrote; ok is false when the
// text is empty or not in that form (the review's scores are read instead).
func parseSectionPoints(reviewID int64, s string) ([]SectionRow, bool) {
	if s == "" {
		return nil, false
	}
	var out []SectionRow
	for f := range strings.FieldsSeq(s) {
		id, pts, found := strings.Cut(f, ":")
		sid, err1 := strconv.ParseInt(id, 10, 64)
		p, err2 := strconv.Atoi(pts)
		if !found || err1 != nil || err2 != nil {
			return nil, false
		}
		out = append(out, SectionRow{ReviewID: reviewID, SectionID: sid, Points: p})
	}
	return out, true
}
