package review

import (
	"context"

	"github.com/subgrant/portal/internal/db"
)

const gridSelect = `SELECT id, call_id, stage, scale_min, scale_max, pass_mark, evaluators_per_app,
	min_justification, divergence_points, final_rule, reserve_size, tie_break_section,
	review_due_at, frozen_at, created_at, updated_at FROM eval_grids`

// storedGrid reads the stored grid of a call's stage with its sections and
// criteria in position order; NotFound when none is stored.
func storedGrid(ctx context.Context, c db.Conn, callID int64, stage string) (Grid, error) {
	var g Grid
	if err := db.Get(ctx, c, &g, gridSelect+` WHERE call_id = ? AND stage = ?`, callID, stage); err != nil {
		return Grid{}, err
	}
	return g, gridParts(ctx, c, &g)
}

// gridByID reads a stored grid with its sections and criteria by its id.
func gridByID(ctx context.Context, c db.Conn, id int64) (Grid, error) {
	var g Grid
	if err := db.Get(ctx, c, &g, gridSelect+` WHERE id = ?`, id); err != nil {
		return Grid{}, err
	}
	return g, gridParts(ctx, c, &g)
}

// gridParts loads a grid's sections and their criteria.
func gridParts(ctx context.Context, c db.Conn, g *Grid) error {
	secs := []Section{}
	if err := db.Select(ctx, c, &secs, `SELECT id, grid_id, position, code, title_sq, title_en, title_sr, threshold
		FROM eval_sections WHERE grid_id = ? ORDER BY position, id`, g.ID); err != nil {
		return err
	}
	var crit []Criterion
	if err := db.Select(ctx, c, &crit, `SELECT c.id, c.section_id, c.position, c.code, c.title_sq, c.title_en,
		c.title_sr, c.guidance_sq, c.guidance_en, c.guidance_sr, c.weight
		FROM eval_criteria c JOIN eval_sections s ON s.id = c.section_id
		WHERE s.grid_id = ? ORDER BY c.position, c.id`, g.ID); err != nil {
		return err
	}
	idx := map[int64]int{}
	for i := range secs {
		idx[secs[i].ID] = i
		secs[i].Criteria = []Criterion{}
	}
	for _, cr := range crit {
		i := idx[cr.SectionID]
		secs[i].Criteria = append(secs[i].Criteria, cr)
	}
	g.Sections = secs
	return nil
}
