package review

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/subgrant/portal/internal/apperr"
)

// Limits of an edited grid.
const (
	maxScale         = 100
	maxSections      = 20
	maxCriteria      = 30
	maxTitleRunes    = 300
	maxGuidanceRunes = 4000
	maxJustification = 2000
	maxReserve       = 1000
)

var (
	sectionCodeRE   = regexp.MustCompile(`^[a-z][a-z0-9_]{0,29}$`)
	criterionCodeRE = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]{0,15}$`)
)

// SectionField names a field of the i-th section in forms and API errors:
// "sections[0].code".
func SectionField(i int, name string) string {
	return "sections[" + strconv.Itoa(i) + "]." + name
}

// CriterionField names a field of the j-th criterion of the i-th section:
// "sections[0].criteria[1].weight".
func CriterionField(i, j int, name string) string {
	return SectionField(i, "criteria["+strconv.Itoa(j)+"]."+name)
}

// CheckGrid validates an edited grid: the scale, the committee's rules,
// unique codes, titles in every language, weights ×1 or ×2, thresholds
// within the section's maximum and a pass mark within the grid's. The
// errors are catalogue keys per field (SectionField, CriterionField).
func CheckGrid(g Grid) error {
	fe := apperr.FieldErrors{}
	if g.ScaleMin < 0 || g.ScaleMin >= maxScale {
		fe.Add("scale_min", "grids.error.scale_min")
	}
	if g.ScaleMax <= g.ScaleMin || g.ScaleMax > maxScale {
		fe.Add("scale_max", "grids.error.scale_max")
	}
	between(fe, "evaluators_per_application", g.EvaluatorsPerApp, 1, 9, "grids.error.evaluators")
	between(fe, "min_justification", g.MinJustification, 1, maxJustification, "grids.error.min_justification")
	between(fe, "reserve_size", g.ReserveSize, 0, maxReserve, "grids.error.reserve")
	if g.FinalRule != MeanAll && g.FinalRule != MeanTwoClosest {
		fe.Add("final_rule", "grids.error.final_rule")
	}
	checkSections(fe, g)
	top := 0
	if _, ok := fe["scale_max"]; !ok {
		top = g.Max()
	}
	between(fe, "pass_mark", g.PassMark, 0, top, "grids.error.pass_mark")
	between(fe, "divergence_points", g.DivergencePoints, 0, max(top, 0), "grids.error.divergence")
	found := false
	for _, s := range g.Sections {
		found = found || s.Code == g.TieBreakSection
	}
	if !found {
		fe.Add("tie_break_section", "grids.error.tie_break")
	}
	return fe.Err()
}

func checkSections(fe apperr.FieldErrors, g Grid) {
	switch {
	case len(g.Sections) == 0:
		fe.Add("sections", "grids.error.no_sections")
		return
	case len(g.Sections) > maxSections:
		fe.Add("sections", "grids.error.too_many")
		return
	}
	sections, criteria := map[string]bool{}, map[string]bool{}
	for i, s := range g.Sections {
		code := func(name string) string { return SectionField(i, name) }
		switch {
		case !sectionCodeRE.MatchString(s.Code):
			fe.Add(code("code"), "grids.error.section_code")
		case sections[s.Code]:
			fe.Add(code("code"), "grids.error.code_twice")
		}
		sections[s.Code] = true
		titles(fe, code, s.TitleSQ, s.TitleEN, s.TitleSR)
		if s.Threshold < 0 || (g.ScaleMax > g.ScaleMin && s.Threshold > s.Max(g.ScaleMax)) {
			fe.Add(code("threshold"), "grids.error.threshold")
		}
		switch {
		case len(s.Criteria) == 0:
			fe.Add(code("criteria"), "grids.error.no_criteria")
		case len(s.Criteria) > maxCriteria:
			fe.Add(code("criteria"), "grids.error.too_many")
		}
		for j, c := range s.Criteria {
			checkCriterion(fe, c, criteria, func(name string) string { return CriterionField(i, j, name) })
		}
	}
}

func checkCriterion(fe apperr.FieldErrors, c Criterion, seen map[string]bool, field func(string) string) {
	switch {
	case !criterionCodeRE.MatchString(c.Code):
		fe.Add(field("code"), "grids.error.criterion_code")
	case seen[c.Code]:
		fe.Add(field("code"), "grids.error.code_twice")
	}
	seen[c.Code] = true
	titles(fe, field, c.TitleSQ, c.TitleEN, c.TitleSR)
	for lang, v := range map[string]string{"sq": c.GuidanceSQ, "en": c.GuidanceEN, "sr": c.GuidanceSR} {
		if utf8.RuneCountInString(v) > maxGuidanceRunes {
			fe.Add(field("guidance_"+lang), "grids.error.too_long")
		}
	}
	if c.Weight != 1 && c.Weight != 2 {
		fe.Add(field("weight"), "grids.error.weight")
	}
}

// titles requires a title in every language, within the length limit.
func titles(fe apperr.FieldErrors, field func(string) string, sq, en, sr string) {
	for _, t := range []struct{ lang, v string }{{"sq", sq}, {"en", en}, {"sr", sr}} {
		switch n := utf8.RuneCountInString(strings.TrimSpace(t.v)); {
		case n == 0:
			fe.Add(field("title_"+t.lang), "grids.error.title_required")
		case n > maxTitleRunes:
			fe.Add(field("title_"+t.lang), "grids.error.too_long")
		}
	}
}

func between(fe apperr.FieldErrors, field string, v, lo, hi int, key string) {
	if v < lo || v > hi {
		fe.Add(field, key)
	}
}
