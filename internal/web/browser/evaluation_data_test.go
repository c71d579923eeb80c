package browser

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/award/awardtest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/review"
	"github.com/subgrant/portal/internal/review/scoretest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// evaluation is what the evaluation pages need, built through the stores
// and the test helpers: three calls, each in the state a page shows.
type evaluation struct {
	// gridCall is a two-stage call with no stored grid: the EU profile's
	// default is shown and edited.
	gridCall int64
	// scoreCall has the fixture grid, frozen; program_officer chairs and
	// admin is secretary. A1 (organisation A) and B1 (B) each have two
	// submitted reviews by other evaluators; A1's diverge.
	scoreCall int64
	a1, b1    int64
	toScore   int64 // evaluator_1 on A1: declared, nothing scored yet
	keyboard  int64 // evaluator_1 on B1: declared, scored by keyboard only
	toDeclare int64 // evaluator_2 on B1: not declared yet
	reopen    int64 // a submitted assignment on A1, which the chair may reopen
	// awardCall has two evaluated applications (A scores 100 and is
	// awarded, B 80 and is on the reserve list); program_officer chairs.
	awardCall      int64
	awardA, awardB int64
}

// seedEvaluation builds the data on the harness's database.
func seedEvaluation(t *testing.T, h *harness) evaluation {
	t.Helper()
	d, env := h.env.DB, h.env
	var ev evaluation
	ev.gridCall = apptest.Call(t, d, apptest.Spec{Reference: "CFP-2026-11", TwoStage: true}).Call.ID

	fx := apptest.Call(t, d, apptest.Spec{Reference: "CFP-2026-12"})
	ev.scoreCall = fx.Call.ID
	grid := scoretest.Grid(t, d, ev.scoreCall, "full", true)
	lot := fx.Lots[0].ID
	ev.a1 = scoretest.App(t, d, ev.scoreCall, lot, env.OrgA.ID, "full", "eligible", "Qendër ditore në Prizren")
	ev.b1 = scoretest.App(t, d, ev.scoreCall, lot, env.OrgB.ID, "full", "eligible", "Strehimore "+webtest.Canary)
	scoretest.Member(t, d, ev.scoreCall, env.Users[webtest.ProgramOfficer].ID, review.Chair)
	scoretest.Member(t, d, ev.scoreCall, env.Users[webtest.Admin].ID, review.Secretary)
	x := scoretest.User(t, d, "Drita Hoxha", "evaluator")
	y := scoretest.User(t, d, "Marko Petrović", "evaluator")
	for _, u := range []int64{x, y} {
		scoretest.Member(t, d, ev.scoreCall, u, review.Voting)
	}
	// Totals: A1 15 and 25 (divergent above 5 points), B1 20 and 23.
	ev.reopen = scoretest.Assign(t, d, ev.a1, x, false, true)
	scoretest.Submitted(t, d, grid, ev.reopen, 3, 3, 3, 3)
	scoretest.Submitted(t, d, grid, scoretest.Assign(t, d, ev.a1, y, false, true), 5, 5, 5, 5)
	scoretest.Submitted(t, d, grid, scoretest.Assign(t, d, ev.b1, x, false, true), 4, 4, 4, 4)
	scoretest.Submitted(t, d, grid, scoretest.Assign(t, d, ev.b1, y, false, true), 4, 5, 4, 5)
	ev.toScore = env.AssignEvaluator(ev.a1, webtest.Evaluator1)
	ev.keyboard = env.AssignEvaluator(ev.b1, webtest.Evaluator1)
	scoretest.Member(t, d, ev.scoreCall, env.Users[webtest.Evaluator2].ID, review.Voting)
	ev.toDeclare = scoretest.Assign(t, d, ev.b1, env.Users[webtest.Evaluator2].ID, false, false)

	ev.awardCall, ev.awardA, ev.awardB = seedAward(t, h)
	return ev
}

// seedAward is a call in one lot of 30,000.00 with applications of A and
// B, each asking 20,000.00 and reviewed by two evaluators; it returns the
// call and the two applications.
func seedAward(t *testing.T, h *harness) (callID, appA, appB int64) {
	t.Helper()
	d, env, ctx := h.env.DB, h.env, context.Background()
	fx := apptest.Call(t, d, apptest.Spec{Reference: "CFP-2026-13", LotBudgets: []int64{3_000_000}})
	lot := fx.Lots[0].ID
	ids := awardtest.Apps(t, d, fx.Call.ID, "full", []awardtest.App{{LotID: lot, OrgID: env.OrgA.ID, Requested: 2_000_000},
		{LotID: lot, OrgID: env.OrgB.ID, Requested: 2_000_000}})
	for i, p := range []webtest.Principal{webtest.ApplicantA, webtest.ApplicantB} {
		if _, err := db.Exec(ctx, d, `UPDATE applications SET submitted_by = ? WHERE id = ?`, env.Users[p].ID, ids[i]); err != nil {
			t.Fatal(err)
		}
	}
	profiles, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	evaluators := awardtest.Evaluators(t, d, 2)
	awardtest.Reviews(t, d, review.NewStore(d, profiles), fx.Call.ID, "full", ids, evaluators,
		func(app, _ int) int { return 5 - app })
	scoretest.Member(t, d, fx.Call.ID, env.Users[webtest.ProgramOfficer].ID, review.Chair)
	for _, u := range evaluators {
		scoretest.Member(t, d, fx.Call.ID, u, review.Voting)
	}
	return fx.Call.ID, ids[0], ids[1]
}
