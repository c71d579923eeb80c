package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
)

// Grid returns the grid of a call's stage with its sections and criteria.
// When none is stored yet it returns the donor profile's default (ID 0),
// without writing anything: reading never changes state.
func (s *Store) Grid(ctx context.Context, callID int64, stage string) (Grid, error) {
	gc, err := gridCallOf(ctx, s.DB, callID, stage)
	if err != nil {
		return Grid{}, err
	}
	g, err := storedGrid(ctx, s.DB, callID, stage)
	switch {
	case err == nil:
		return gridUTC(g), nil
	case !apperr.Is(err, apperr.NotFound):
		return Grid{}, fmt.Errorf("grid of call %d: %w", callID, err)
	}
	return s.defaultGrid(gc.Profile, callID, stage)
}

// EnsureGrid returns the stored grid of a call's stage, copying the donor
// profile's default into the call first when there is none.
func (s *Store) EnsureGrid(ctx context.Context, tx *sqlx.Tx, callID int64, stage string) (Grid, error) {
	gc, err := gridCallOf(ctx, tx, callID, stage)
	if err != nil {
		return Grid{}, err
	}
	g, err := storedGrid(ctx, tx, callID, stage)
	if err == nil || !apperr.Is(err, apperr.NotFound) {
		return gridUTC(g), err
	}
	def, err := s.defaultGrid(gc.Profile, callID, stage)
	if err != nil {
		return Grid{}, err
	}
	now := s.gridClock()
	// ON CONFLICT: two first assignments at once copy the grid only once.
	id, err := db.InsertID(ctx, tx, `INSERT INTO eval_grids (call_id, stage, scale_min, scale_max, pass_mark,
		evaluators_per_app, min_justification, divergence_points, final_rule, reserve_size, tie_break_section,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (call_id, stage) DO NOTHING RETURNING id`,
		callID, stage, def.ScaleMin, def.ScaleMax, def.PassMark, def.EvaluatorsPerApp, def.MinJustification,
		def.DivergencePoints, def.FinalRule, def.ReserveSize, def.TieBreakSection, now, now)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Grid{}, fmt.Errorf("copy grid: %w", err)
	}
	if err == nil {
		if err := insertSections(ctx, tx, id, def.Sections); err != nil {
			return Grid{}, err
		}
	}
	g, err = storedGrid(ctx, tx, callID, stage)
	return gridUTC(g), err
}

// UpdateGrid validates an edited grid (its rules, sections and criteria)
// and saves it in place of the call stage's grid. Once scoring has frozen
// the grid, it is refused with a conflict and nothing changes.
func (s *Store) UpdateGrid(ctx context.Context, callID int64, stage string, in Grid, by int64) (Grid, error) {
	in = TidyGrid(in)
	if err := CheckGrid(in); err != nil {
		return Grid{}, err
	}
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		g, err := s.EnsureGrid(ctx, tx, callID, stage)
		if err != nil {
			return err
		}
		if g.Frozen() {
			return apperr.New(apperr.Conflict, "grids.error.frozen")
		}
		// The frozen_at condition locks the row: scoring cannot freeze the
		// grid between this check and the new sections.
		res, err := db.Exec(ctx, tx, `UPDATE eval_grids SET scale_min = ?, scale_max = ?, pass_mark = ?,
			evaluators_per_app = ?, min_justification = ?, divergence_points = ?, final_rule = ?, reserve_size = ?,
			tie_break_section = ?, review_due_at = ?, created_by = COALESCE(created_by, ?), updated_at = ?
			WHERE id = ? AND frozen_at IS NULL`,
			in.ScaleMin, in.ScaleMax, in.PassMark, in.EvaluatorsPerApp, in.MinJustification, in.DivergencePoints,
			in.FinalRule, in.ReserveSize, in.TieBreakSection, in.ReviewDueAt, by, s.gridClock(), g.ID)
		if err != nil {
			return fmt.Errorf("update grid: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return apperr.Wrap(apperr.Conflict, "grids.error.frozen", err)
		}
		if _, err := db.Exec(ctx, tx, `DELETE FROM eval_sections WHERE grid_id = ?`, g.ID); err != nil {
			return fmt.Errorf("replace sections: %w", err)
		}
		if err := insertSections(ctx, tx, g.ID, in.Sections); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "grid.edit", Object: "grid", ObjectID: g.ID,
			Payload: map[string]any{"call_id": callID, "stage": stage, "pass_mark": in.PassMark, "sections": len(in.Sections)}})
	})
	if err != nil {
		return Grid{}, err
	}
	return s.Grid(ctx, callID, stage)
}

// freezeGrid fixes a grid when its first score is saved.
func freezeGrid(ctx context.Context, tx *sqlx.Tx, gridID int64) error {
	now := db.Now()
	res, err := db.Exec(ctx, tx, `UPDATE eval_grids SET frozen_at = ?, updated_at = ? WHERE id = ? AND frozen_at IS NULL`,
		now, now, gridID)
	if err != nil {
		return fmt.Errorf("freeze grid: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var found int
	return db.Get(ctx, tx, &found, `SELECT 1 FROM eval_grids WHERE id = ?`, gridID)
}

// insertSections stores sections and their criteria in the order given.
func insertSections(ctx context.Context, tx *sqlx.Tx, gridID int64, secs []Section) error {
	for i, sec := range secs {
		sid, err := db.InsertID(ctx, tx, `INSERT INTO eval_sections (grid_id, position, code, title_sq, title_en, title_sr,
			threshold) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			gridID, i+1, sec.Code, sec.TitleSQ, sec.TitleEN, sec.TitleSR, sec.Threshold)
		if err != nil {
			return fmt.Errorf("insert section %s: %w", sec.Code, err)
		}
		for j, c := range sec.Criteria {
			if _, err := db.Exec(ctx, tx, `INSERT INTO eval_criteria (section_id, position, code, title_sq, title_en,
				title_sr, guidance_sq, guidance_en, guidance_sr, weight) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				sid, j+1, c.Code, c.TitleSQ, c.TitleEN, c.TitleSR, c.GuidanceSQ, c.GuidanceEN, c.GuidanceSR, c.Weight); err != nil {
				return fmt.Errorf("insert criterion %s: %w", c.Code, err)
			}
		}
	}
	return nil
}

func (s *Store) gridClock() time.Time {
	if s.Now == nil {
		return db.Now()
	}
	return s.Now().UTC()
}

func gridUTC(g Grid) Grid {
	for _, t := range []*time.Time{g.ReviewDueAt, g.FrozenAt} {
		if t != nil {
			*t = t.UTC()
		}
	}
	g.CreatedAt, g.UpdatedAt = g.CreatedAt.UTC(), g.UpdatedAt.UTC()
	return g
}
