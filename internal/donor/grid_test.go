package donor

import (
	"strings"
	"testing"
)

// The EU default grids carry the PRAG numbers: concept note out of 50
// (relevance 30, design 20), full application out of 100 with its
// thresholds; UNDP and UNICEF use the same grids.
func TestDefaultGrids(t *testing.T) {
	ps, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string][2]int{ // stage -> section -> {max, threshold}
		StageConcept: {"relevance": {30, 18}, "design": {20, 0}},
		StageFull: {"capacity": {20, 12}, "relevance": {30, 20}, "design": {20, 0},
			"sustainability": {15, 0}, "budget": {15, 0}},
	}
	pass := map[string]int{StageConcept: 30, StageFull: 50}
	total := map[string]int{StageConcept: 50, StageFull: 100}
	for _, code := range []string{"eu", "undp", "unicef"} {
		for stage, sections := range want {
			g, ok := ps[code].Grid(stage)
			if !ok {
				t.Fatalf("%s has no %s grid", code, stage)
			}
			if g.Max() != total[stage] || g.PassMark != pass[stage] || g.ScaleMin != 1 || g.ScaleMax != 5 ||
				g.TieBreakSection != "relevance" || g.EvaluatorsPerApp != 2 || g.DivergencePoints != 20 || g.FinalRule != "mean_all" {
				t.Errorf("%s %s: max %d pass %d scale %d..%d rules %+v", code, stage, g.Max(), g.PassMark, g.ScaleMin, g.ScaleMax, g)
			}
			if len(g.Sections) != len(sections) {
				t.Errorf("%s %s: %d sections, want %d", code, stage, len(g.Sections), len(sections))
			}
			for _, s := range g.Sections {
				if w := sections[s.Code]; s.Max(g.ScaleMax) != w[0] || s.Threshold != w[1] {
					t.Errorf("%s %s %s: max %d threshold %d, want %v", code, stage, s.Code, s.Max(g.ScaleMax), s.Threshold, w)
				}
			}
		}
	}
	c := ps["eu"].Grids[StageFull].Sections[1].Criteria[0]
	if c.Code != "2.1" || c.Weight != 2 || !strings.Contains(c.Title.In("en"), "objectives and priorities of the call") ||
		!strings.Contains(c.Title.In("sq"), "objektivat dhe prioritetet e thirrjes") || !strings.Contains(c.Title.In("sr"), "ciljeve i prioritete poziva") {
		t.Errorf("EU criterion 2.1 = %+v", c)
	}
}

// A broken grid in a profile stops the portal at start with a message.
func TestGridTemplateChecks(t *testing.T) {
	ps, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		spoil func(g *GridTemplate)
		want  string
	}{
		{"scale", func(g *GridTemplate) { g.ScaleMax = g.ScaleMin }, "scale"},
		{"evaluators", func(g *GridTemplate) { g.EvaluatorsPerApp = 0 }, "evaluators"},
		{"final rule", func(g *GridTemplate) { g.FinalRule = "median" }, "final rule"},
		{"pass mark", func(g *GridTemplate) { g.PassMark = 101 }, "pass mark"},
		{"weight", func(g *GridTemplate) { g.Sections[0].Criteria[0].Weight = 3 }, "weight"},
		{"threshold", func(g *GridTemplate) { g.Sections[0].Threshold = 21 }, "threshold"},
		{"duplicate criterion", func(g *GridTemplate) { g.Sections[1].Criteria[0].Code = "1.1" }, "twice"},
		{"duplicate section", func(g *GridTemplate) { g.Sections[1].Code = "capacity" }, "twice"},
		{"guidance language", func(g *GridTemplate) { delete(g.Sections[0].Criteria[0].Guidance, "sr") }, "no sr text"},
		{"tie break", func(g *GridTemplate) { g.TieBreakSection = "impact" }, "tie-break"},
		{"no criteria", func(g *GridTemplate) { g.Sections[4].Criteria = nil; g.Sections[4].Threshold = 0 }, "no criteria"},
	}
	for _, c := range cases {
		p := copyProfile(ps["eu"])
		g := p.Grids[StageFull]
		c.spoil(&g)
		p.Grids[StageFull] = g
		err := p.check()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one naming %q", c.name, err, c.want)
		}
	}
	p := copyProfile(ps["eu"])
	delete(p.Grids, StageFull)
	if err := p.check(); err == nil {
		t.Error("a profile without a full-application grid passes")
	}
	p = copyProfile(ps["eu"])
	p.Grids["interview"] = p.Grids[StageFull]
	if err := p.check(); err == nil {
		t.Error("an unknown stage passes")
	}
	if err := copyProfile(ps["eu"]).check(); err != nil {
		t.Errorf("the copy itself fails: %v", err)
	}
}

// copyProfile copies a profile deeply enough to break its grids.
func copyProfile(p *Profile) *Profile {
	out := *p
	out.Grids = map[string]GridTemplate{}
	for stage, g := range p.Grids {
		secs := make([]SectionTemplate, len(g.Sections))
		for i, s := range g.Sections {
			crits := make([]CriterionTemplate, len(s.Criteria))
			for j, c := range s.Criteria {
				guidance := Text{}
				for k, v := range c.Guidance {
					guidance[k] = v
				}
				c.Guidance = guidance
				crits[j] = c
			}
			s.Criteria = crits
			secs[i] = s
		}
		g.Sections = secs
		out.Grids[stage] = g
	}
	return &out
}
