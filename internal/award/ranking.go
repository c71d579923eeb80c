package award

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/review"
)

// Ranking is a call stage's ranking: computed from the current scores with
// the draft session's overrides, or as the chair approved it.
type Ranking struct {
	Call     CallFacts
	Stage    string
	Grid     review.Grid
	Lots     []LotResult
	Apps     map[int64]AppFact
	NotReady []AppFact // eligible, but reviews pending or a divergence open
	Session  *Session  // the stage's draft or approved session, if any
	Approved bool      // the decisions are the approved ones
}

// Ranking ranks a call's stage for a reader within sc.
func (s *Store) Ranking(ctx context.Context, callID int64, stage string, sc access.Scope) (Ranking, error) {
	if err := CheckStage(stage); err != nil {
		return Ranking{}, err
	}
	c, err := s.CallOf(ctx, callID, sc)
	if err != nil {
		return Ranking{}, err
	}
	sess, err := s.currentSession(ctx, callID, stage)
	if err != nil {
		return Ranking{}, err
	}
	if sess != nil && sess.Status == Approved {
		return s.stored(ctx, c, *sess)
	}
	var ovs []Override
	var sid int64
	if sess != nil {
		ovs, sid = sess.Overrides(), sess.ID
	}
	r, err := s.compute(ctx, c, stage, sid, ovs)
	r.Session = sess
	return r, err
}

// compute consolidates the scores and draws the funding line.
func (s *Store) compute(ctx context.Context, c CallFacts, stage string, sessionID int64, ovs []Override) (Ranking, error) {
	r := Ranking{Call: c, Stage: stage}
	grid, cons, err := s.Reviews.Consolidate(ctx, c.ID, stage)
	if err != nil {
		return r, fmt.Errorf("consolidate: %w", err)
	}
	r.Grid = grid
	if r.Apps, err = appFacts(ctx, s.DB, `a.call_id = ? AND a.stage = ?`, c.ID, stage); err != nil {
		return r, err
	}
	ls, err := lots(ctx, s.DB, c.ID)
	if err != nil {
		return r, err
	}
	prior, err := priorAwards(ctx, s.DB, c.ProgrammeID, sessionID)
	if err != nil {
		return r, err
	}
	var entries []Entry
	for _, x := range cons {
		a, ok := r.Apps[x.ApplicationID]
		if !ok || (a.Status != application.Eligible && a.Status != application.Evaluated) {
			continue
		}
		if !x.Ready {
			r.NotReady = append(r.NotReady, a)
			continue
		}
		e := Entry{ApplicationID: a.ID, LotID: a.LotID, OrgID: a.OrgID, RequestedMinor: a.Requested, Result: x}
		if a.SubmittedAt != nil {
			e.SubmittedAt = *a.SubmittedAt
		}
		entries = append(entries, e)
	}
	rules := Rules{Stage: stage, MinGrantMinor: c.MinGrant, MaxGrantMinor: c.MaxGrant, CapMinor: c.Cap, Prior: prior,
		ReserveSize: grid.ReserveSize, TieBreak: grid.TieBreakSection}
	r.Lots, err = Rank(ls, entries, rules, ovs)
	return r, err
}

// stored is the ranking as approved, from the session's decisions, with
// the section scores of the consolidation where it still has them.
func (s *Store) stored(ctx context.Context, c CallFacts, sess Session) (Ranking, error) {
	r := Ranking{Call: c, Stage: sess.Stage, Session: &sess, Approved: true}
	var err error
	if r.Apps, err = appFacts(ctx, s.DB, `a.call_id = ? AND a.stage = ?`, c.ID, sess.Stage); err != nil {
		return r, err
	}
	ls, err := lots(ctx, s.DB, c.ID)
	if err != nil {
		return r, err
	}
	grid, cons, err := s.Reviews.Consolidate(ctx, c.ID, sess.Stage)
	if err != nil {
		return r, fmt.Errorf("approved ranking scores: %w", err)
	}
	r.Grid = grid
	sections := sectionsByApp(cons)
	for i := range sess.Decisions {
		sess.Decisions[i].Sections = sections[sess.Decisions[i].ApplicationID]
	}
	r.Lots = GroupByLot(ls, sess.Decisions)
	return r, nil
}

// GroupByLot puts decisions (in rank order) under their lots with totals.
func GroupByLot(ls []Lot, ds []Decision) []LotResult {
	out := make([]LotResult, 0, len(ls))
	for _, l := range ls {
		lr := LotResult{Lot: l}
		for _, d := range ds {
			if d.LotID != l.ID {
				continue
			}
			lr.Decisions = append(lr.Decisions, d)
			if d.Decision == Award {
				lr.AwardedMinor += d.AmountMinor
			}
		}
		slices.SortFunc(lr.Decisions, func(a, b Decision) int { return a.Rank - b.Rank })
		lr.LineAfter = lineAfter(lr.Decisions)
		out = append(out, lr)
	}
	return out
}

// reasonsJSON and parseReasons keep a decision's reasons in its row.
func reasonsJSON(rs []review.Reason) string {
	if len(rs) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(rs)
	return string(b)
}

func parseReasons(s string) []review.Reason {
	var rs []review.Reason
	_ = json.Unmarshal([]byte(s), &rs)
	return rs
}
