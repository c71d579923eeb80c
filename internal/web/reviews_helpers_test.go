package web_test

import (
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/review/scoretest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// Marks of the other evaluator's review: never shown to evaluator_1.
const (
	otherName  = "Hidden Evaluator Zeta"
	otherJustn = "OTHER-EVALUATOR-SECRET justification"
)

// scoreEnv is a call with the fixture grid; application A1 (organisation
// A) is assigned to evaluator_1 and to another evaluator who has
// submitted; B1 (organisation B) to nobody. program_officer chairs.
type scoreEnv struct {
	*webtest.Env
	callID, gridID int64
	a1, b1         int64
	asg, otherAsg  int64
}

func newScoreEnv(t *testing.T, d *db.DB) *scoreEnv {
	t.Helper()
	e := webtest.New(t, d)
	fx := apptest.Call(t, d, apptest.Spec{})
	se := &scoreEnv{Env: e, callID: fx.Call.ID}
	se.gridID = scoretest.Grid(t, d, se.callID, "full", true)
	lot := fx.Lots[0].ID
	se.a1 = scoretest.App(t, d, se.callID, lot, e.OrgA.ID, "full", "eligible", "Day care in Prizren")
	se.b1 = scoretest.App(t, d, se.callID, lot, e.OrgB.ID, "full", "eligible", "Shelter "+webtest.Canary)
	scoretest.Member(t, d, se.callID, e.Users[webtest.ProgramOfficer].ID, "chair")
	other := scoretest.User(t, d, otherName, "evaluator")
	for _, u := range []int64{e.Users[webtest.Evaluator1].ID, other} {
		scoretest.Member(t, d, se.callID, u, "evaluator")
	}
	se.asg = scoretest.Assign(t, d, se.a1, e.Users[webtest.Evaluator1].ID, false, true)
	se.otherAsg = scoretest.Assign(t, d, se.a1, other, false, true)
	rid := scoretest.Submitted(t, d, se.gridID, se.otherAsg, 3, 3, 3, 3) // total 15
	se.Exec(`UPDATE review_scores SET justification = ? WHERE review_id = ?`, otherJustn, rid)
	return se
}

// scoreForm is a posted score form: one value per fixture criterion.
func scoreForm(action string, scores ...string) map[string][]string {
	f := map[string][]string{"action": {action}}
	if action == "submit" {
		f["confirm"] = []string{"yes"} // past the confirmation step; TestScoreSubmitConfirmation covers the step
	}
	for i, code := range scoretest.Codes {
		f["scores["+code+"].score"] = []string{scores[i]}
		f["scores["+code+"].justification"] = []string{"Reasoned view on " + code}
	}
	return f
}

func scoreHas(t *testing.T, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("body lacks %q", p)
		}
	}
}

func scoreLacks(t *testing.T, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(body, p) {
			t.Errorf("body contains %q", p)
		}
	}
}
