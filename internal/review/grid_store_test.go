package review

import (
	"context"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/donor"
)

func gridStore(t *testing.T, d *db.DB) *Store {
	t.Helper()
	ps, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	return NewStore(d, ps)
}

// officer creates a program officer to sign edits.
func officer(t *testing.T, d *db.DB) int64 {
	t.Helper()
	u, err := auth.NewStore(d).CreateUser(context.Background(), auth.NewUser{Email: "po@test.example", Name: "Officer",
		Role: auth.ProgramOfficer, Lang: "en", Password: "correct horse battery staple"})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func countRows(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.GetContext(context.Background(), &n, "SELECT COUNT(*) FROM "+table); err != nil {
		t.Fatal(err)
	}
	return n
}

func ensure(t *testing.T, st *Store, callID int64, stage string) Grid {
	t.Helper()
	var g Grid
	err := st.DB.Tx(context.Background(), func(tx *sqlx.Tx) error {
		var err error
		g, err = st.EnsureGrid(context.Background(), tx, callID, stage)
		return err
	})
	if err != nil {
		t.Fatalf("ensure %s grid: %v", stage, err)
	}
	return g
}

// Reading a grid that is not stored gives the EU default and writes
// nothing; the stages a call has are checked.
func TestGridDefaultWithoutWriting(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := gridStore(t, d)
		two := apptest.Call(t, d, apptest.Spec{Reference: "EU-TWO-01", TwoStage: true}).Call
		one := apptest.Call(t, d, apptest.Spec{Reference: "EU-ONE-01"}).Call
		for stage, max := range map[string]int{StageFull: 100, StageConcept: 50} {
			g, err := st.Grid(ctx, two.ID, stage)
			if err != nil || g.ID != 0 || g.CallID != two.ID || g.Stage != stage || g.Max() != max || g.Frozen() {
				t.Errorf("default %s grid: id %d call %d max %d err %v", stage, g.ID, g.CallID, g.Max(), err)
			}
		}
		if n := countRows(t, d, "eval_grids"); n != 0 {
			t.Errorf("reading defaults stored %d grids", n)
		}
		if _, err := st.Grid(ctx, one.ID, StageConcept); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("concept grid of a one-stage call: %v, want not found", err)
		}
		if _, err := st.Grid(ctx, one.ID, "interview"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("unknown stage: %v, want invalid", err)
		}
		if _, err := st.Grid(ctx, 999999, StageFull); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown call: %v, want not found", err)
		}
	})
}

// EnsureGrid copies the default once; the copy reads back identical.
func TestEnsureGridCopiesOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := gridStore(t, d)
		c := apptest.Call(t, d, apptest.Spec{}).Call
		def, _ := st.Grid(ctx, c.ID, StageFull)
		g := ensure(t, st, c.ID, StageFull)
		if g.ID == 0 || ensure(t, st, c.ID, StageFull).ID != g.ID {
			t.Fatalf("ensure: id %d, then another", g.ID)
		}
		if n, m := countRows(t, d, "eval_sections"), countRows(t, d, "eval_criteria"); n != 5 || m != 16 {
			t.Errorf("copied %d sections and %d criteria, want 5 and 16", n, m)
		}
		read, err := st.Grid(ctx, c.ID, StageFull)
		if err != nil || read.ID != g.ID || read.Max() != 100 || read.PassMark != 50 || len(read.Sections) != 5 {
			t.Fatalf("read back: %+v %v", read, err)
		}
		for i, s := range read.Sections {
			ds := def.Sections[i]
			if s.Code != ds.Code || s.TitleSR != ds.TitleSR || s.Threshold != ds.Threshold || len(s.Criteria) != len(ds.Criteria) {
				t.Errorf("section %d: %+v, want %+v", i, s, ds)
				continue
			}
			for j, cr := range s.Criteria {
				dc := ds.Criteria[j]
				if cr.ID == 0 || cr.Code != dc.Code || cr.Weight != dc.Weight || cr.GuidanceSQ != dc.GuidanceSQ || cr.Position != j+1 {
					t.Errorf("criterion %s: %+v, want %+v", dc.Code, cr, dc)
				}
			}
		}
	})
}

// Officers' edits replace the grid; bad ones change nothing; once the first
// score freezes the grid, edits are refused with a conflict.
func TestUpdateGridUntilFrozen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := gridStore(t, d)
		c := apptest.Call(t, d, apptest.Spec{}).Call
		po := officer(t, d)
		g, _ := st.Grid(ctx, c.ID, StageFull)
		g.PassMark, g.FinalRule, g.EvaluatorsPerApp = 60, MeanTwoClosest, 3
		due := time.Date(2026, 9, 30, 21, 59, 59, 0, time.UTC)
		g.ReviewDueAt = &due
		g.Sections = g.Sections[1:] // drop capacity
		g.Sections[0].Criteria = append(g.Sections[0].Criteria, Criterion{Code: "2.5", TitleSQ: " Inovacioni ",
			TitleEN: "Innovation", TitleSR: "Inovacija", GuidanceEN: "New methods.", Weight: 2})
		got, err := st.UpdateGrid(ctx, c.ID, StageFull, g, po)
		if err != nil {
			t.Fatalf("update: %v", err)
		}
		if got.ID == 0 || got.PassMark != 60 || got.FinalRule != MeanTwoClosest || got.EvaluatorsPerApp != 3 ||
			len(got.Sections) != 4 || got.Sections[0].Code != "relevance" || got.Sections[0].Max(5) != 40 ||
			got.Max() != 90 || got.ReviewDueAt == nil || !got.ReviewDueAt.Equal(due) {
			t.Fatalf("after update: pass %d rule %s max %d sections %d due %v", got.PassMark, got.FinalRule, got.Max(), len(got.Sections), got.ReviewDueAt)
		}
		if c5 := got.Sections[0].Criteria[4]; c5.TitleSQ != "Inovacioni" || c5.Position != 5 {
			t.Errorf("added criterion: %+v", c5)
		}
		bad := got
		bad.PassMark = 500
		bad.Sections = append([]Section(nil), got.Sections...)
		bad.Sections[1].Criteria = nil
		_, err = st.UpdateGrid(ctx, c.ID, StageFull, bad, po)
		e := apperr.As(err)
		if e.Code != apperr.Invalid || e.Fields["pass_mark"] != "grids.error.pass_mark" ||
			e.Fields[SectionField(1, "criteria")] != "grids.error.no_criteria" {
			t.Errorf("invalid update: %v %v", err, e.Fields)
		}
		err = st.DB.Tx(ctx, func(tx *sqlx.Tx) error { return freezeGrid(ctx, tx, got.ID) })
		if err != nil {
			t.Fatalf("freeze: %v", err)
		}
		again := got
		again.PassMark = 10
		if _, err := st.UpdateGrid(ctx, c.ID, StageFull, again, po); !apperr.Is(err, apperr.Conflict) || apperr.As(err).Key != "grids.error.frozen" {
			t.Errorf("edit of a frozen grid: %v, want the frozen conflict", err)
		}
		after, _ := st.Grid(ctx, c.ID, StageFull)
		if after.PassMark != 60 || !after.Frozen() || len(after.Sections) != 4 {
			t.Errorf("the frozen grid changed: pass %d frozen %v", after.PassMark, after.Frozen())
		}
		err = st.DB.Tx(ctx, func(tx *sqlx.Tx) error { return freezeGrid(ctx, tx, got.ID) })
		if err != nil {
			t.Errorf("freezing twice: %v", err)
		}
		err = st.DB.Tx(ctx, func(tx *sqlx.Tx) error { return freezeGrid(ctx, tx, 999999) })
		if !apperr.Is(err, apperr.NotFound) {
			t.Errorf("freezing an unknown grid: %v", err)
		}
	})
}

// A concept-note grid and a full grid of the same call are separate.
func TestGridStagesSeparate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := gridStore(t, d)
		c := apptest.Call(t, d, apptest.Spec{TwoStage: true}).Call
		g, _ := st.Grid(ctx, c.ID, StageConcept)
		g.PassMark = 35
		if _, err := st.UpdateGrid(ctx, c.ID, StageConcept, g, officer(t, d)); err != nil {
			t.Fatal(err)
		}
		full, _ := st.Grid(ctx, c.ID, StageFull)
		concept, _ := st.Grid(ctx, c.ID, StageConcept)
		if full.ID != 0 || full.PassMark != 50 || concept.ID == 0 || concept.PassMark != 35 || concept.Max() != 50 {
			t.Errorf("full %d/%d, concept %d/%d", full.ID, full.PassMark, concept.ID, concept.PassMark)
		}
	})
}
