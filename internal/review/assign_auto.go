package review

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// AutoOptions tune an automatic assignment.
type AutoOptions struct {
	PreferLanguage bool  // evaluators who read the application's language first
	By             int64 // the officer who asked
}

// AutoResult says what an automatic assignment did.
type AutoResult struct {
	Added    int     `json:"added"`    // assignments created
	Unfilled []int64 `json:"unfilled"` // applications still short of evaluators
}

// isEvalStage reports whether stage names a stage of evaluation.
func isEvalStage(stage string) bool { return stage == "concept" || stage == "full" }

// AutoAssign gives every eligible application of a call's stage the grid's
// number of evaluators (2 without a stored grid), balancing the load over
// the committee's voting evaluators and never assigning one who belongs
// to the applicant or a partner organisation, declared a conflict or was
// assigned to it before. It runs in one transaction.
func (s *Store) AutoAssign(ctx context.Context, callID int64, stage string, o AutoOptions) (AutoResult, error) {
	res := AutoResult{Unfilled: []int64{}}
	if !isEvalStage(stage) {
		return res, apperr.Field("stage", "committee.error.stage")
	}
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := committeeCallExists(ctx, tx, callID); err != nil {
			return err
		}
		if err := refuseDecided(ctx, tx, callID, stage); err != nil {
			return err
		}
		perApp, due, err := committeeRules(ctx, tx, callID, stage)
		if err != nil {
			return err
		}
		apps, err := eligibleForAssignment(ctx, tx, callID, stage)
		if err != nil {
			return err
		}
		cands, err := committeeVoters(ctx, tx, callID)
		if err != nil {
			return err
		}
		if len(cands) == 0 {
			return apperr.New(apperr.Conflict, "committee.error.no_evaluators")
		}
		excl, err := assignExclusions(ctx, tx, callID)
		if err != nil {
			return err
		}
		needs := make([]AppNeed, 0, len(apps))
		for _, a := range apps {
			if n := perApp - a.active; n > 0 {
				needs = append(needs, AppNeed{AppID: a.id, Need: n, Lang: a.lang, Excluded: excl[a.id]})
			}
		}
		picks := planAssignments(needs, cands, o.PreferLanguage)
		if err := s.insertPicks(ctx, tx, picks, o.By, due); err != nil {
			return err
		}
		res.Added = len(picks)
		res.Unfilled = unfilledApps(needs, picks)
		return nil
	})
	return res, err
}

func (s *Store) insertPicks(ctx context.Context, tx *sqlx.Tx, picks []Pick, by int64, due *time.Time) error {
	var byp *int64
	if by != 0 {
		byp = &by
	}
	for _, p := range picks {
		if err := s.insertAssignment(ctx, tx, p, false, byp, due); err != nil {
			return err
		}
	}
	return nil
}

// unfilledApps lists the applications the plan could not complete.
func unfilledApps(needs []AppNeed, picks []Pick) []int64 {
	got := map[int64]int{}
	for _, p := range picks {
		got[p.AppID]++
	}
	out := []int64{}
	for _, n := range needs {
		if got[n.AppID] < n.Need {
			out = append(out, n.AppID)
		}
	}
	return out
}

// committeeCallExists answers NotFound for an unknown call.
func committeeCallExists(ctx context.Context, c db.Conn, callID int64) error {
	var id int64
	return db.Get(ctx, c, &id, `SELECT id FROM calls WHERE id = ?`, callID)
}
