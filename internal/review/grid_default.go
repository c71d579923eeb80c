package review

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
)

// Stages of a call's evaluation: a one-stage call has only the full stage.
const (
	StageConcept = donor.StageConcept
	StageFull    = donor.StageFull
)

// gridCall is what a grid needs to know of its call.
type gridCall struct {
	TwoStage bool   `db:"two_stage"`
	Profile  string `db:"donor_profile"`
}

// gridCallOf loads the call of a grid and checks the stage: an unknown
// stage is invalid; a concept stage of a one-stage call does not exist.
func gridCallOf(ctx context.Context, c db.Conn, callID int64, stage string) (gridCall, error) {
	if stage != StageConcept && stage != StageFull {
		return gridCall{}, apperr.Field("stage", "grids.error.stage")
	}
	var gc gridCall
	if err := db.Get(ctx, c, &gc, `SELECT c.two_stage, p.donor_profile FROM calls c
		JOIN programmes p ON p.id = c.programme_id WHERE c.id = ?`, callID); err != nil {
		return gridCall{}, err
	}
	if stage == StageConcept && !gc.TwoStage {
		return gridCall{}, apperr.New(apperr.NotFound, "grids.error.no_concept")
	}
	return gc, nil
}

// defaultGrid is the donor profile's grid for a stage (the EU's when the
// profile has none), not stored: ID 0.
func (s *Store) defaultGrid(profile string, callID int64, stage string) (Grid, error) {
	var tpl donor.GridTemplate
	ok := false
	for _, code := range []string{profile, "eu"} {
		if p := s.Profiles[code]; p != nil {
			if tpl, ok = p.Grid(stage); ok {
				break
			}
		}
	}
	if !ok {
		return Grid{}, fmt.Errorf("no default %s grid for profile %q", stage, profile)
	}
	return GridOfTemplate(tpl, callID, stage), nil
}

// GridOfTemplate turns a donor's grid template into a call's grid (not stored).
func GridOfTemplate(t donor.GridTemplate, callID int64, stage string) Grid {
	g := Grid{CallID: callID, Stage: stage, ScaleMin: t.ScaleMin, ScaleMax: t.ScaleMax, PassMark: t.PassMark,
		EvaluatorsPerApp: t.EvaluatorsPerApp, MinJustification: t.MinJustification, DivergencePoints: t.DivergencePoints,
		FinalRule: t.FinalRule, ReserveSize: t.ReserveSize, TieBreakSection: t.TieBreakSection, Sections: []Section{}}
	for i, st := range t.Sections {
		sec := Section{Position: i + 1, Code: st.Code, TitleSQ: st.Title["sq"], TitleEN: st.Title["en"],
			TitleSR: st.Title["sr"], Threshold: st.Threshold, Criteria: []Criterion{}}
		for j, ct := range st.Criteria {
			sec.Criteria = append(sec.Criteria, Criterion{Position: j + 1, Code: ct.Code, TitleSQ: ct.Title["sq"],
				TitleEN: ct.Title["en"], TitleSR: ct.Title["sr"], GuidanceSQ: ct.Guidance["sq"],
				GuidanceEN: ct.Guidance["en"], GuidanceSR: ct.Guidance["sr"], Weight: ct.Weight})
		}
		g.Sections = append(g.Sections, sec)
	}
	return g
}

// Titles is the section's title in each language.
func (s Section) Titles() i18n.Text { return i18n.Text{SQ: s.TitleSQ, EN: s.TitleEN, SR: s.TitleSR} }

// Title is the section's title in lang (i18n.Fallback when missing).
func (s Section) Title(lang string) string { return s.Titles().In(i18n.Lang(lang)).Text }

// SectionTitles is the title in each language of the grid's section code
// (the code itself, in every language, when the grid has no such section).
func (g Grid) SectionTitles(code string) i18n.Text {
	for _, s := range g.Sections {
		if s.Code == code {
			return s.Titles()
		}
	}
	return i18n.Text{SQ: code, EN: code, SR: code}
}

// SectionTitle is the title in lang of the grid's section code (the code
// itself when the grid has no such section).
func (g Grid) SectionTitle(code, lang string) string {
	return g.SectionTitles(code).In(i18n.Lang(lang)).Text
}

// Titles is the criterion's question in each language.
func (c Criterion) Titles() i18n.Text { return i18n.Text{SQ: c.TitleSQ, EN: c.TitleEN, SR: c.TitleSR} }

// Title is the criterion's question in lang.
func (c Criterion) Title(lang string) string { return c.Titles().In(i18n.Lang(lang)).Text }

// Guidances is the criterion's guidance for evaluators in each language.
func (c Criterion) Guidances() i18n.Text {
	return i18n.Text{SQ: c.GuidanceSQ, EN: c.GuidanceEN, SR: c.GuidanceSR}
}

// Guidance is the criterion's guidance for evaluators in lang.
func (c Criterion) Guidance(lang string) string { return c.Guidances().In(i18n.Lang(lang)).Text }
