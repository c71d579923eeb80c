package donor

import (
	"fmt"
	"regexp"
)

// Grid stages: the concept note of a two-stage call and the full application.
const (
	StageConcept = "concept"
	StageFull    = "full"
)

// GridTemplate is a donor's default evaluation grid for one stage: the
// scale, the committee's rules and the sections with their sub-criteria.
// Calls copy it and officers edit the copy until scoring starts.
type GridTemplate struct {
	ScaleMin         int               `json:"scale_min"`
	ScaleMax         int               `json:"scale_max"`
	PassMark         int               `json:"pass_mark"`
	EvaluatorsPerApp int               `json:"evaluators_per_application"`
	MinJustification int               `json:"min_justification"`
	DivergencePoints int               `json:"divergence_points"`
	FinalRule        string            `json:"final_rule"`
	ReserveSize      int               `json:"reserve_size"`
	TieBreakSection  string            `json:"tie_break_section"`
	Sections         []SectionTemplate `json:"sections"`
}

// SectionTemplate is a group of sub-criteria with its threshold (points).
type SectionTemplate struct {
	Code      string              `json:"code"`
	Title     Text                `json:"title"`
	Threshold int                 `json:"threshold"`
	Criteria  []CriterionTemplate `json:"criteria"`
}

// CriterionTemplate is a sub-criterion: the question evaluators answer
// (title) and what to look for (guidance), in every language.
type CriterionTemplate struct {
	Code     string `json:"code"`
	Title    Text   `json:"title"`
	Guidance Text   `json:"guidance"`
	Weight   int    `json:"weight"`
}

// Max is the section's maximum: the scale's top times each weight.
func (s SectionTemplate) Max(scaleMax int) int {
	n := 0
	for _, c := range s.Criteria {
		n += scaleMax * c.Weight
	}
	return n
}

// Max is the grid's maximum total.
func (g GridTemplate) Max() int {
	n := 0
	for _, s := range g.Sections {
		n += s.Max(g.ScaleMax)
	}
	return n
}

// Grid returns the profile's default grid of a stage.
func (p *Profile) Grid(stage string) (GridTemplate, bool) {
	g, ok := p.Grids[stage]
	return g, ok
}

var (
	sectionCode   = regexp.MustCompile(`^[a-z][a-z0-9_]{0,29}$`)
	criterionCode = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]{0,15}$`)
	langs         = []string{"sq", "en", "sr"}
)

// checkGrids checks a profile's grids: a full-application grid, known
// stages, sane rules, unique codes and every text in every language.
func (p *Profile) checkGrids() error {
	if _, ok := p.Grids[StageFull]; !ok {
		return fmt.Errorf("no %q grid", StageFull)
	}
	for stage, g := range p.Grids {
		if stage != StageConcept && stage != StageFull {
			return fmt.Errorf("grid stage %q unknown", stage)
		}
		if err := g.check(); err != nil {
			return fmt.Errorf("grid %s: %w", stage, err)
		}
	}
	return nil
}

func (g GridTemplate) check() error {
	switch {
	case g.ScaleMin < 0 || g.ScaleMax <= g.ScaleMin:
		return fmt.Errorf("scale %d..%d", g.ScaleMin, g.ScaleMax)
	case g.EvaluatorsPerApp < 1 || g.EvaluatorsPerApp > 9:
		return fmt.Errorf("evaluators per application %d outside 1..9", g.EvaluatorsPerApp)
	case g.MinJustification < 1 || g.DivergencePoints < 0 || g.ReserveSize < 0:
		return fmt.Errorf("minimum justification, divergence or reserve size out of range")
	case g.FinalRule != "mean_all" && g.FinalRule != "mean_two_closest":
		return fmt.Errorf("final rule %q unknown", g.FinalRule)
	case len(g.Sections) == 0:
		return fmt.Errorf("no sections")
	case g.PassMark < 0 || g.PassMark > g.Max():
		return fmt.Errorf("pass mark %d outside 0..%d", g.PassMark, g.Max())
	}
	sections, criteria := map[string]bool{}, map[string]bool{}
	for _, s := range g.Sections {
		if !sectionCode.MatchString(s.Code) || sections[s.Code] {
			return fmt.Errorf("section code %q bad or twice", s.Code)
		}
		sections[s.Code] = true
		if err := allLangs(s.Title); err != nil {
			return fmt.Errorf("section %s title: %w", s.Code, err)
		}
		if len(s.Criteria) == 0 || s.Threshold < 0 || s.Threshold > s.Max(g.ScaleMax) {
			return fmt.Errorf("section %s: no criteria or threshold outside 0..%d", s.Code, s.Max(g.ScaleMax))
		}
		for _, c := range s.Criteria {
			if !criterionCode.MatchString(c.Code) || criteria[c.Code] {
				return fmt.Errorf("criterion code %q bad or twice", c.Code)
			}
			criteria[c.Code] = true
			if c.Weight != 1 && c.Weight != 2 {
				return fmt.Errorf("criterion %s: weight %d is not 1 or 2", c.Code, c.Weight)
			}
			if err := allLangs(c.Title); err != nil {
				return fmt.Errorf("criterion %s title: %w", c.Code, err)
			}
			if err := allLangs(c.Guidance); err != nil {
				return fmt.Errorf("criterion %s guidance: %w", c.Code, err)
			}
		}
	}
	if !sections[g.TieBreakSection] {
		return fmt.Errorf("tie-break section %q is not a section", g.TieBreakSection)
	}
	return nil
}

func allLangs(t Text) error {
	for _, l := range langs {
		if t[l] == "" {
			return fmt.Errorf("no %s text", l)
		}
	}
	return nil
}
