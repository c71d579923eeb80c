package review

import (
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/donor"
)

func euFull(t *testing.T) Grid {
	t.Helper()
	ps, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	tpl, _ := ps["eu"].Grid(StageFull)
	return GridOfTemplate(tpl, 1, StageFull)
}

// The default grids pass the same checks as officers' edits.
func TestDefaultGridsPassCheck(t *testing.T) {
	ps, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range ps.Codes() {
		for stage, tpl := range ps[code].Grids {
			if err := CheckGrid(GridOfTemplate(tpl, 1, stage)); err != nil {
				t.Errorf("%s %s: %v", code, stage, err)
			}
		}
	}
}

// Each kind of bad grid is refused on its own field with its own message.
func TestCheckGridFieldErrors(t *testing.T) {
	cases := []struct {
		name, field, key string
		spoil            func(g *Grid)
	}{
		{"scale", "scale_max", "grids.error.scale_max", func(g *Grid) { g.ScaleMax = 1 }},
		{"scale too big", "scale_max", "grids.error.scale_max", func(g *Grid) { g.ScaleMax = 101 }},
		{"negative min", "scale_min", "grids.error.scale_min", func(g *Grid) { g.ScaleMin = -1 }},
		{"pass mark", "pass_mark", "grids.error.pass_mark", func(g *Grid) { g.PassMark = 101 }},
		{"evaluators", "evaluators_per_application", "grids.error.evaluators", func(g *Grid) { g.EvaluatorsPerApp = 10 }},
		{"justification", "min_justification", "grids.error.min_justification", func(g *Grid) { g.MinJustification = 0 }},
		{"divergence", "divergence_points", "grids.error.divergence", func(g *Grid) { g.DivergencePoints = -1 }},
		{"final rule", "final_rule", "grids.error.final_rule", func(g *Grid) { g.FinalRule = "median" }},
		{"reserve", "reserve_size", "grids.error.reserve", func(g *Grid) { g.ReserveSize = -2 }},
		{"tie break", "tie_break_section", "grids.error.tie_break", func(g *Grid) { g.TieBreakSection = "impact" }},
		{"no sections", "sections", "grids.error.no_sections", func(g *Grid) { g.Sections = nil }},
		{"section code", "sections[1].code", "grids.error.section_code", func(g *Grid) { g.Sections[1].Code = "Rel evance" }},
		{"section twice", "sections[1].code", "grids.error.code_twice", func(g *Grid) { g.Sections[1].Code = "capacity" }},
		{"section title", "sections[0].title_sr", "grids.error.title_required", func(g *Grid) { g.Sections[0].TitleSR = " " }},
		{"long title", "sections[0].title_en", "grids.error.too_long", func(g *Grid) { g.Sections[0].TitleEN = strings.Repeat("ë", 301) }},
		{"threshold", "sections[0].threshold", "grids.error.threshold", func(g *Grid) { g.Sections[0].Threshold = 21 }},
		{"no criteria", "sections[4].criteria", "grids.error.no_criteria", func(g *Grid) { g.Sections[4].Criteria = nil }},
		{"weight", "sections[1].criteria[0].weight", "grids.error.weight", func(g *Grid) { g.Sections[1].Criteria[0].Weight = 3 }},
		{"criterion twice", "sections[2].criteria[1].code", "grids.error.code_twice", func(g *Grid) { g.Sections[2].Criteria[1].Code = "1.1" }},
		{"criterion code", "sections[2].criteria[0].code", "grids.error.criterion_code", func(g *Grid) { g.Sections[2].Criteria[0].Code = "<b>" }},
		{"criterion title", "sections[0].criteria[3].title_sq", "grids.error.title_required", func(g *Grid) { g.Sections[0].Criteria[3].TitleSQ = "" }},
		{"long guidance", "sections[0].criteria[0].guidance_en", "grids.error.too_long", func(g *Grid) { g.Sections[0].Criteria[0].GuidanceEN = strings.Repeat("a", 4001) }},
	}
	for _, c := range cases {
		g := euFull(t)
		c.spoil(&g)
		err := CheckGrid(g)
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		if got := errFields(err)[c.field]; got != c.key {
			t.Errorf("%s: %s = %q, want %q (all: %v)", c.name, c.field, got, c.key, errFields(err))
		}
	}
	if err := CheckGrid(euFull(t)); err != nil {
		t.Errorf("the EU grid is refused: %v", err)
	}
}

// The form keeps what was typed, refuses what is not a number and reads
// the due day in the call's zone.
func TestGridFormParse(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Belgrade")
	if err != nil {
		t.Fatal(err)
	}
	f := FormOfGrid(euFull(t), loc)
	f.ReviewDueOn = "2026-09-30"
	g, err := f.Parse(loc)
	if err != nil || g.Max() != 100 || g.ReviewDueAt == nil || g.ReviewDueAt.Format(time.RFC3339) != "2026-09-30T21:59:59Z" {
		t.Fatalf("parse of the EU form: %v %v", g.ReviewDueAt, err)
	}
	if back := FormOfGrid(g, loc); back.ReviewDueOn != "2026-09-30" || back.Sections[1].Criteria[0].Weight != "2" {
		t.Errorf("form of the parsed grid: %+v", back.Sections[1].Criteria[0])
	}
	f.PassMark, f.ReviewDueOn = "fifty", "30.09.2026"
	f.Sections[0].Criteria[0].Weight = "x2"
	f.Sections[1].Threshold = ""
	_, err = f.Parse(loc)
	want := map[string]string{"pass_mark": "grids.error.number", "review_due_at": "grids.error.due_date",
		"sections[0].criteria[0].weight": "grids.error.number", "sections[1].threshold": "grids.error.number"}
	for field, key := range want {
		if got := errFields(err)[field]; got != key {
			t.Errorf("%s = %q, want %q", field, got, key)
		}
	}
}

func errFields(err error) map[string]string { return apperr.As(err).Fields }
