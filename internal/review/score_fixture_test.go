package review_test

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/review"
	"github.com/subgrant/portal/internal/review/scoretest"
)

// scoring is one call with the fixture grid, an eligible application, a
// chair, an officer who is not the chair, and three evaluators of whom
// the first two are assigned (declared, no conflict).
type scoring struct {
	st             *review.Store
	d              *db.DB
	callID, lotID  int64
	gridID, appID  int64
	chair, officer int64
	ev             [3]int64
	asg            [2]int64
}

func newScoring(t *testing.T, d *db.DB) *scoring {
	t.Helper()
	fx := apptest.Call(t, d, apptest.Spec{})
	s := &scoring{st: review.NewStore(d, nil), d: d, callID: fx.Call.ID, lotID: fx.Lots[0].ID}
	s.gridID = scoretest.Grid(t, d, s.callID, "full", true)
	org := scoretest.Org(t, d, "Shoqata Drita")
	s.appID = scoretest.App(t, d, s.callID, s.lotID, org, "full", "eligible", "Kujdes ditor")
	s.chair = scoretest.User(t, d, "Chair Person", "program_officer")
	s.officer = scoretest.User(t, d, "Other Officer", "program_officer")
	scoretest.Member(t, d, s.callID, s.chair, review.Chair)
	for i := range s.ev {
		s.ev[i] = scoretest.User(t, d, "Evaluator "+string(rune('A'+i)), "evaluator")
		scoretest.Member(t, d, s.callID, s.ev[i], review.Voting)
	}
	s.asg[0] = scoretest.Assign(t, d, s.appID, s.ev[0], false, true)
	s.asg[1] = scoretest.Assign(t, d, s.appID, s.ev[1], false, true)
	return s
}

// full is a complete sheet: the scores in scoretest.Codes order, each with
// a justification long enough.
func full(submit bool, scores ...string) review.ReviewInput {
	in := review.ReviewInput{Submit: submit}
	for i, code := range scoretest.Codes {
		in.Scores = append(in.Scores, review.ScoreInput{Criterion: code, Score: scores[i], Justification: "Well argued because " + code})
	}
	return in
}

func (s *scoring) status(t *testing.T, asg int64) string {
	t.Helper()
	var st string
	if err := db.Get(context.Background(), s.d, &st, `SELECT status FROM reviews WHERE assignment_id = ?`, asg); err != nil {
		t.Fatal(err)
	}
	return st
}

func (s *scoring) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(context.Background(), s.d, q, args...); err != nil {
		t.Fatal(err)
	}
}

func scoretestAssign(t *testing.T, s *scoring, user int64, declared bool) int64 {
	t.Helper()
	return scoretest.Assign(t, s.d, s.appID, user, false, declared)
}
