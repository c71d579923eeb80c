package review

import (
	"strconv"
	"strings"
	"time"

	"github.com/subgrant/portal/internal/apperr"
)

// GridForm is an edited grid as typed in the page's form: every value a
// string, so that a refused form comes back exactly as it was typed.
type GridForm struct {
	ScaleMin, ScaleMax, PassMark, EvaluatorsPerApp, MinJustification string
	DivergencePoints, FinalRule, ReserveSize, TieBreakSection        string
	ReviewDueOn                                                      string // a day, 2026-09-30, in the call's zone
	Sections                                                         []SectionForm
}

// SectionForm is one section of a GridForm.
type SectionForm struct {
	Code, TitleSQ, TitleEN, TitleSR, Threshold string
	Criteria                                   []CriterionForm
}

// CriterionForm is one sub-criterion of a SectionForm.
type CriterionForm struct {
	Code, TitleSQ, TitleEN, TitleSR, GuidanceSQ, GuidanceEN, GuidanceSR, Weight string
}

// Parse turns the form into a grid and checks it (CheckGrid); a value that
// is not a whole number or a day is a field error too. Reviews are due at
// the end of the chosen day in loc.
func (f GridForm) Parse(loc *time.Location) (Grid, error) {
	fe := apperr.FieldErrors{}
	g := Grid{FinalRule: strings.TrimSpace(f.FinalRule), TieBreakSection: strings.TrimSpace(f.TieBreakSection)}
	g.ScaleMin = whole(fe, "scale_min", f.ScaleMin)
	g.ScaleMax = whole(fe, "scale_max", f.ScaleMax)
	g.PassMark = whole(fe, "pass_mark", f.PassMark)
	g.EvaluatorsPerApp = whole(fe, "evaluators_per_application", f.EvaluatorsPerApp)
	g.MinJustification = whole(fe, "min_justification", f.MinJustification)
	g.DivergencePoints = whole(fe, "divergence_points", f.DivergencePoints)
	g.ReserveSize = whole(fe, "reserve_size", f.ReserveSize)
	if d := strings.TrimSpace(f.ReviewDueOn); d != "" {
		day, err := time.ParseInLocation("2006-01-02", d, loc)
		if err != nil {
			fe.Add("review_due_at", "grids.error.due_date")
		} else {
			due := day.Add(24*time.Hour - time.Second).UTC()
			g.ReviewDueAt = &due
		}
	}
	for i, sf := range f.Sections {
		s := Section{Code: sf.Code, TitleSQ: sf.TitleSQ, TitleEN: sf.TitleEN, TitleSR: sf.TitleSR}
		s.Threshold = whole(fe, SectionField(i, "threshold"), sf.Threshold)
		for j, cf := range sf.Criteria {
			s.Criteria = append(s.Criteria, Criterion{Code: cf.Code, TitleSQ: cf.TitleSQ, TitleEN: cf.TitleEN,
				TitleSR: cf.TitleSR, GuidanceSQ: cf.GuidanceSQ, GuidanceEN: cf.GuidanceEN, GuidanceSR: cf.GuidanceSR,
				Weight: whole(fe, CriterionField(i, j, "weight"), cf.Weight)})
		}
		g.Sections = append(g.Sections, s)
	}
	g = TidyGrid(g)
	if err := CheckGrid(g); err != nil {
		for k, v := range apperr.As(err).Fields {
			fe.Add(k, v)
		}
	}
	return g, fe.Err()
}

// whole parses a whole number; -1 (with a field error) when it is not one.
func whole(fe apperr.FieldErrors, field, s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		fe.Add(field, "grids.error.number")
		return -1
	}
	return n
}

// FormOfGrid is the form showing a grid, its due day in loc.
func FormOfGrid(g Grid, loc *time.Location) GridForm {
	itoa := strconv.Itoa
	f := GridForm{ScaleMin: itoa(g.ScaleMin), ScaleMax: itoa(g.ScaleMax), PassMark: itoa(g.PassMark),
		EvaluatorsPerApp: itoa(g.EvaluatorsPerApp), MinJustification: itoa(g.MinJustification),
		DivergencePoints: itoa(g.DivergencePoints), FinalRule: g.FinalRule, ReserveSize: itoa(g.ReserveSize),
		TieBreakSection: g.TieBreakSection}
	if g.ReviewDueAt != nil {
		f.ReviewDueOn = g.ReviewDueAt.In(loc).Format("2006-01-02")
	}
	for _, s := range g.Sections {
		sf := SectionForm{Code: s.Code, TitleSQ: s.TitleSQ, TitleEN: s.TitleEN, TitleSR: s.TitleSR, Threshold: itoa(s.Threshold)}
		for _, c := range s.Criteria {
			sf.Criteria = append(sf.Criteria, CriterionForm{Code: c.Code, TitleSQ: c.TitleSQ, TitleEN: c.TitleEN,
				TitleSR: c.TitleSR, GuidanceSQ: c.GuidanceSQ, GuidanceEN: c.GuidanceEN, GuidanceSR: c.GuidanceSR,
				Weight: itoa(c.Weight)})
		}
		f.Sections = append(f.Sections, sf)
	}
	return f
}

// TidyGrid trims the codes, titles and guidance of an edited grid.
func TidyGrid(g Grid) Grid {
	t := strings.TrimSpace
	secs := make([]Section, len(g.Sections))
	for i, s := range g.Sections {
		s.Code, s.TitleSQ, s.TitleEN, s.TitleSR = t(s.Code), t(s.TitleSQ), t(s.TitleEN), t(s.TitleSR)
		crits := make([]Criterion, len(s.Criteria))
		for j, c := range s.Criteria {
			c.Code, c.TitleSQ, c.TitleEN, c.TitleSR = t(c.Code), t(c.TitleSQ), t(c.TitleEN), t(c.TitleSR)
			c.GuidanceSQ, c.GuidanceEN, c.GuidanceSR = t(c.GuidanceSQ), t(c.GuidanceEN), t(c.GuidanceSR)
			crits[j] = c
		}
		s.Criteria = crits
		secs[i] = s
	}
	g.Sections = secs
	g.FinalRule, g.TieBreakSection = t(g.FinalRule), t(g.TieBreakSection)
	return g
}
