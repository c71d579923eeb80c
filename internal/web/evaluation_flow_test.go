package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// TestEvaluationFlow is issue #4's "Done when" through the real router on
// both databases: from a closed call with four eligible applications in
// two lots, everything happens through forms and pages. The officer forms
// the committee and assigns automatically; the evaluators declare (one
// declares a conflict and is replaced) and score (one bad submission
// first); A diverging application gets a further evaluator, another, for
// which nobody is left, is settled by the chair's note; the secretary
// opens the session, an award over the lot budget is refused, only the
// chair approves; then the statuses, the budget, the ranking (API and
// page), the letters and the call's documents are checked.
func TestEvaluationFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		fe := newFlowEnv(t, d)
		fe.createEvaluator3()
		fe.formCommittee()
		fe.autoAssign()
		fe.declareAll()
		fe.scoreAll()
		fe.settleDivergence()
		sess := fe.openSession()
		fe.refuseOverBudget(sess)
		fe.approve(sess)
		fe.checkOutcome()
		fe.checkLetters()
		fe.checkDocuments()
	})
}

// flowEvaluators are the committee's voting members.
var flowEvaluators = []webtest.Principal{webtest.Evaluator1, webtest.Evaluator2, flowEvaluator3}

// flowScores is what each evaluator gives every criterion of an
// application, in the order the evaluators submit (the EU grid's weights
// add up to 20, so a score s makes a total of 20·s). C1 and D1 diverge by
// 40 points; D1's further evaluator gives 4.
var flowScores = map[string][]int{"A1": {5, 5}, "B1": {4, 4}, "C1": {2, 4}, "D1": {5, 3}}

// createEvaluator3 has the administrator create an evaluator account
// through the users form; the new user signs in through the login form.
func (fe *flowEnv) createEvaluator3() {
	fe.t.Helper()
	email := string(flowEvaluator3) + "@test.example"
	fe.post(webtest.Admin, "/admin/users", url.Values{"email": {email}, "name": {flowEval3Name}, "role": {"evaluator"},
		"lang": {"en"}, "password": {webtest.Password}}, 303)
	rec := fe.Do(webtest.Anon, webtest.Request{Method: "POST", Path: "/login",
		Form: url.Values{"email": {email}, "password": {webtest.Password}}})
	if rec.Code != 303 || rec.Header().Get("Location") != "/home" {
		fe.t.Fatalf("login of the new evaluator: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	u, err := fe.Store.UserByEmail(context.Background(), email)
	if err != nil {
		fe.t.Fatal(err)
	}
	fe.Users[flowEvaluator3] = u
	fe.SignIn(flowEvaluator3)
}

// formCommittee adds the chair, the secretary and three voting members
// through the committee form, picking each from the page's list.
func (fe *flowEnv) formCommittee() {
	fe.t.Helper()
	path := "/calls/" + fe.call + "/committee"
	page := fe.get(webtest.ProgramOfficer, path, 200).Body.String()
	members := []struct{ name, role string }{{string(webtest.ProgramOfficer), "chair"}, {string(webtest.Admin), "secretary"},
		{string(webtest.Evaluator1), "evaluator"}, {string(webtest.Evaluator2), "evaluator"}, {flowEval3Name, "evaluator"}}
	for _, m := range members {
		fe.post(webtest.ProgramOfficer, path, url.Values{"user_id": {fe.candidateID(page, m.name)}, "role": {m.role},
			"languages": {"sq", "en"}}, 303)
	}
	page = fe.get(webtest.ProgramOfficer, path, 200).Body.String()
	flowHas(fe.t, "committee page", page, "Chair", "Secretary", flowEval3Name, string(webtest.Evaluator2))
}

// autoAssign runs the automatic assignment and checks two evaluators per
// application, balanced over the three (3, 3 and 2 of 8).
func (fe *flowEnv) autoAssign() {
	fe.t.Helper()
	fe.post(webtest.ProgramOfficer, "/calls/"+fe.call+"/assignments/auto", url.Values{"stage": {"full"}}, 303)
	load := map[webtest.Principal]int{}
	for _, a := range fe.apps {
		act := fe.active(a.ID)
		if len(act) != 2 || act[0].UserID == act[1].UserID {
			fe.t.Fatalf("%s: %d active assignments %+v, want two evaluators", a.Key, len(act), act)
		}
		for _, l := range act {
			load[fe.principalOf(l.UserID)]++
		}
	}
	for _, p := range flowEvaluators {
		if load[p] < 2 || load[p] > 3 {
			fe.t.Errorf("load of %s: %d assignments, want 2 or 3 (balanced)", p, load[p])
		}
	}
	page := fe.get(webtest.ProgramOfficer, "/calls/"+fe.call+"/assignments", 200).Body.String()
	flowHas(fe.t, "assignments page", page, fe.app("A1").Ref, fe.app("D1").Ref, flowEval3Name)
}

// declareAll: every evaluator finds its assignments on /reviews; the
// first evaluator of C1 declares a conflict and is replaced at once; all
// others declare no conflict.
func (fe *flowEnv) declareAll() {
	fe.t.Helper()
	mine := map[webtest.Principal][]int64{}
	for _, a := range fe.apps {
		for _, l := range fe.active(a.ID) {
			mine[fe.principalOf(l.UserID)] = append(mine[fe.principalOf(l.UserID)], l.ID)
		}
	}
	for p, ids := range mine {
		list := fe.get(p, "/reviews", 200).Body.String()
		for _, id := range ids {
			flowHas(fe.t, string(p)+"'s worklist", list, "/assignments/"+itoa(id)+"/declare")
		}
		// Before declaring, the score form sends the evaluator to declare.
		if loc := fe.get(p, "/assignments/"+itoa(ids[0])+"/review", 303).Header().Get("Location"); loc != "/assignments/"+itoa(ids[0])+"/declare" {
			fe.t.Errorf("score form before the declaration redirects to %q", loc)
		}
	}
	fe.recuseOnC1()
	for _, a := range fe.apps {
		for _, l := range fe.active(a.ID) {
			p := fe.principalOf(l.UserID)
			brief := fe.get(p, "/assignments/"+itoa(l.ID)+"/declare", 200).Body.String()
			flowHas(fe.t, "declaration page", brief, a.Ref)
			if loc := fe.declare(p, l.ID, "no").Header().Get("Location"); loc != "/assignments/"+itoa(l.ID)+"/review" {
				fe.t.Errorf("after declaring no conflict on %s: redirect to %q", a.Key, loc)
			}
		}
	}
}

// recuseOnC1 declares a conflict on C1 and checks the replacement.
func (fe *flowEnv) recuseOnC1() {
	fe.t.Helper()
	c1 := fe.app("C1")
	before := fe.active(c1.ID)
	quitter := before[0]
	qp := fe.principalOf(quitter.UserID)
	if loc := fe.declare(qp, quitter.ID, "yes").Header().Get("Location"); loc != "/reviews" {
		fe.t.Errorf("after the conflict: redirect to %q, want /reviews", loc)
	}
	after := fe.active(c1.ID)
	if len(after) != 2 {
		fe.t.Fatalf("C1 after the conflict: %d active evaluators, want 2 (a replacement)", len(after))
	}
	for _, l := range after {
		if l.UserID == quitter.UserID {
			fe.t.Errorf("%s still active on C1 after declaring a conflict", qp)
		}
	}
	for _, l := range fe.assignments()[c1.ID].Assignments {
		if l.ID == quitter.ID && (l.Status != "recused" || l.EndedReason != "conflict" || !l.Conflict) {
			fe.t.Errorf("recused line: status %q reason %q conflict %v, want recused/conflict/true", l.Status, l.EndedReason, l.Conflict)
		}
	}
	fe.get(qp, "/assignments/"+itoa(quitter.ID)+"/review", 404)
	flowLacks(fe.t, string(qp)+"'s worklist after recusal", fe.get(qp, "/reviews", 200).Body.String(), c1.Ref)
	newcomer := after[len(after)-1]
	if newcomer.UserID == before[1].UserID || newcomer.ID <= before[1].ID {
		fe.t.Errorf("C1's replacement %+v is not a new evaluator (before: %+v)", newcomer, before)
	}
	flowHas(fe.t, "the replacement's worklist", fe.get(fe.principalOf(newcomer.UserID), "/reviews", 200).Body.String(),
		"/assignments/"+itoa(newcomer.ID)+"/declare", c1.Ref)
}

// scoreAll submits every review by flowScores; the very first submission
// is refused once (a score off the scale, an empty justification). D1's
// divergence calls a further evaluator, who declares and scores; C1's
// cannot (everyone has been assigned to it).
func (fe *flowEnv) scoreAll() {
	fe.t.Helper()
	var codes []string
	for _, a := range fe.apps {
		for i, l := range fe.active(a.ID) {
			p := fe.principalOf(l.UserID)
			opened := fe.criteria(p, l.ID)
			if codes == nil {
				codes = opened
				fe.badSubmit(p, l.ID, codes)
			}
			fe.submitReview(p, l.ID, flowScoreForm(opened, flowScores[a.Key][i]))
		}
	}
	// A submitted review is locked: a new submission changes nothing.
	l := fe.active(fe.app("A1").ID)[0]
	rec := fe.post(fe.principalOf(l.UserID), "/assignments/"+itoa(l.ID)+"/review", flowScoreForm(codes, 1), 409)
	flowHas(fe.t, "second submission", rec.Body.String(), "submitted and locked")
	flowLacks(fe.t, "locked form", fe.get(fe.principalOf(l.UserID), "/assignments/"+itoa(l.ID)+"/review", 200).Body.String(), "<td>1</td>")
	fe.scoreFurther()
	if act := fe.active(fe.app("C1").ID); len(act) != 2 {
		fe.t.Errorf("C1: %d active evaluators, want 2 (nobody left for a further one)", len(act))
	}
}

// badSubmit sends a score of 9 on a 1–5 scale and an empty justification:
// 422 with the translated messages, what was typed kept, nothing saved.
func (fe *flowEnv) badSubmit(p webtest.Principal, asg int64, codes []string) {
	fe.t.Helper()
	f := flowScoreForm(codes, 4)
	f.Set("scores["+codes[0]+"].score", "9")
	f.Set("scores["+codes[1]+"].justification", "")
	body := fe.post(p, "/assignments/"+itoa(asg)+"/review", f, 422).Body.String()
	flowHas(fe.t, "refused score form", body, `class="error-summary"`, "The score must be within the grid",
		"Write a justification.", `name="scores[`+codes[2]+`].score" value="4" checked`,
		"Evidence for criterion "+codes[2]+" is in the narrative", "Consistent with the grid.")
	flowLacks(fe.t, "refused score form", body, "reviews.error.")
	var n int
	if err := db.Get(context.Background(), fe.DB, &n, `SELECT COUNT(*) FROM reviews WHERE assignment_id = ?`, asg); err != nil || n != 0 {
		fe.t.Errorf("refused submission saved %d reviews (err %v), want 0", n, err)
	}
}

// scoreFurther finds D1's further evaluator, who declares and scores 4.
func (fe *flowEnv) scoreFurther() {
	fe.t.Helper()
	act := fe.active(fe.app("D1").ID)
	if len(act) != 3 || !act[2].Further || act[0].Further || act[1].Further {
		fe.t.Fatalf("D1 after diverging: %+v, want a third, further evaluator", act)
	}
	l := act[2]
	if l.UserID == act[0].UserID || l.UserID == act[1].UserID {
		fe.t.Errorf("the further evaluator already scored D1")
	}
	p := fe.principalOf(l.UserID)
	flowHas(fe.t, "the further evaluator's worklist", fe.get(p, "/reviews", 200).Body.String(), fe.app("D1").Ref,
		"/assignments/"+itoa(l.ID)+"/declare")
	fe.declare(p, l.ID, "no")
	fe.submitReview(p, l.ID, flowScoreForm(fe.criteria(p, l.ID), 4))
}

// settleDivergence: the session cannot open while C1's divergence is
// open; only the chair settles it, and only with a note.
func (fe *flowEnv) settleDivergence() {
	fe.t.Helper()
	c1 := fe.app("C1")
	open := url.Values{"stage": {"full"}, "held_on": {time.Now().UTC().Format("2006-01-02")}}
	body := fe.post(webtest.Admin, "/calls/"+fe.call+"/sessions", open, 409).Body.String()
	flowHas(fe.t, "session refused", body, "Some eligible applications are not ready", c1.Ref)
	path := "/applications/" + itoa(c1.ID) + "/divergence"
	flowHas(fe.t, "secretary's resolution", fe.post(webtest.Admin, path, url.Values{"note": {"Settled."}}, 403).Body.String(),
		"Only the chair")
	flowHas(fe.t, "empty note", fe.post(webtest.ProgramOfficer, path, url.Values{"note": {" "}}, 422).Body.String(), "Write the reason.")
	fe.post(webtest.ProgramOfficer, path, url.Values{"note": {"The committee read both reviews; the lower one is better argued."}}, 303)
}

// openSession: the secretary opens the committee session.
func (fe *flowEnv) openSession() string {
	fe.t.Helper()
	for _, a := range fe.apps {
		if s := fe.status(a.ID); s != "eligible" {
			fe.t.Errorf("%s before the session: %q, want eligible", a.Key, s)
		}
	}
	rec := fe.post(webtest.Admin, "/calls/"+fe.call+"/sessions", url.Values{"stage": {"full"},
		"held_on": {time.Now().UTC().Format("2006-01-02")}}, 303)
	sess := rec.Header().Get("Location")
	if !strings.HasPrefix(sess, "/sessions/") {
		fe.t.Fatalf("open session: redirect to %q", sess)
	}
	return sess
}

var flowPresentRE = regexp.MustCompile(`name="present" value="(\d+)"`)

// refuseOverBudget: awarding B1 from the reserve breaks lot 1's budget;
// refused with the translated message, the minutes typed kept and not
// saved; the session is then saved without the override.
func (fe *flowEnv) refuseOverBudget(sess string) {
	fe.t.Helper()
	page := fe.get(webtest.Admin, sess, 200).Body.String()
	form := url.Values{"held_on": {time.Now().UTC().Format("2006-01-02")}, "location": {"Prishtinë"}, "minutes": {"Flow minutes kept"}}
	for _, m := range flowPresentRE.FindAllStringSubmatch(page, -1) {
		form.Add("present", m[1])
	}
	if n := len(form["present"]); n != 5 {
		fe.t.Errorf("session page offers %d members as present, want 5", n)
	}
	b1 := "override[" + itoa(fe.app("B1").ID) + "]."
	form.Set(b1+"action", "award")
	form.Set(b1+"reason", "A strong project")
	body := fe.post(webtest.Admin, sess, form, 422).Body.String()
	flowHas(fe.t, "refused override", body, "would break the lot budget", "Flow minutes kept")
	var n int
	if err := db.Get(context.Background(), fe.DB, &n, `SELECT COUNT(*) FROM committee_sessions WHERE minutes = ?`, "Flow minutes kept"); err != nil || n != 0 {
		fe.t.Errorf("refused save kept the minutes: %d (err %v)", n, err)
	}
	form.Del(b1 + "action")
	form.Del(b1 + "reason")
	fe.post(webtest.Admin, sess, form, 303)
}

// approve: the secretary's approval is refused, the chair's goes through.
func (fe *flowEnv) approve(sess string) {
	fe.t.Helper()
	flowHas(fe.t, "secretary's approval", fe.post(webtest.Admin, sess+"/approve", url.Values{}, 403).Body.String(), "Only the chair")
	if n := len(fe.mailsTo("applicant_A@test.example")); n != 0 {
		fe.t.Errorf("letters before approval: %d", n)
	}
	fe.post(webtest.ProgramOfficer, sess+"/approve", url.Values{}, 303)
}
