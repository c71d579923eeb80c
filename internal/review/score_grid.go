package review

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

const scoreGridColumns = `id, call_id, stage, scale_min, scale_max, pass_mark, evaluators_per_app,
	min_justification, divergence_points, final_rule, reserve_size, tie_break_section,
	review_due_at, frozen_at, created_at, updated_at`

// scoreGridOf reads a stored grid with its sections and criteria (in
// position order) by its call and stage; NotFound when none is stored.
// Scoring reads it inside its own transaction, so it takes a Conn.
func scoreGridOf(ctx context.Context, c db.Conn, callID int64, stage string) (Grid, error) {
	var g Grid
	if err := db.Get(ctx, c, &g, `SELECT `+scoreGridColumns+` FROM eval_grids WHERE call_id = ? AND stage = ?`, callID, stage); err != nil {
		return Grid{}, err
	}
	return g, fillScoreGrid(ctx, c, &g)
}

// scoreGridByID reads a stored grid by its id.
func scoreGridByID(ctx context.Context, c db.Conn, id int64) (Grid, error) {
	var g Grid
	if err := db.Get(ctx, c, &g, `SELECT `+scoreGridColumns+` FROM eval_grids WHERE id = ?`, id); err != nil {
		return Grid{}, err
	}
	return g, fillScoreGrid(ctx, c, &g)
}

func fillScoreGrid(ctx context.Context, c db.Conn, g *Grid) error {
	var secs []Section
	if err := db.Select(ctx, c, &secs, `SELECT id, grid_id, position, code, title_sq, title_en, title_sr, threshold
		FROM eval_sections WHERE grid_id = ? ORDER BY position, id`, g.ID); err != nil {
		return err
	}
	var crit []Criterion
	if err := db.Select(ctx, c, &crit, `SELECT c.id, c.section_id, c.position, c.code, c.title_sq, c.title_en, c.title_sr,
		c.guidance_sq, c.guidance_en, c.guidance_sr, c.weight
		FROM eval_criteria c JOIN eval_sections s ON s.id = c.section_id
		WHERE s.grid_id = ? ORDER BY c.position, c.id`, g.ID); err != nil {
		return err
	}
	idx := map[int64]int{}
	for i := range secs {
		idx[secs[i].ID] = i
	}
	for _, cr := range crit {
		i := idx[cr.SectionID]
		secs[i].Criteria = append(secs[i].Criteria, cr)
	}
	g.Sections = secs
	return nil
}

// scoringGrid is the grid an application's scores go on: the stored grid
// of its call and stage, copied from the profile first when needed.
func (s *Store) scoringGrid(ctx context.Context, tx *sqlx.Tx, callID int64, stage string) (Grid, error) {
	g, err := scoreGridOf(ctx, tx, callID, stage)
	if !apperr.Is(err, apperr.NotFound) {
		return g, err
	}
	if g, err = s.EnsureGrid(ctx, tx, callID, stage); err != nil {
		return Grid{}, err
	}
	return scoreGridByID(ctx, tx, g.ID)
}
