package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The role x route matrix of the committee's pages and API.
func TestCommitteeMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ce := newCmtEnv(t, d)
		asg := itoa(ce.AssignEvaluator(ce.a1, webtest.Evaluator1))
		officers := func(anon, ok int) map[webtest.Principal]int {
			return map[webtest.Principal]int{webtest.Anon: anon, webtest.Admin: ok, webtest.ProgramOfficer: ok}
		}
		get := func(path string) webtest.Request { return webtest.Request{Path: path} }
		post := func(path string, f url.Values) webtest.Request {
			return webtest.Request{Method: "POST", Path: path, Form: f}
		}
		ce.CheckMatrix(t, []webtest.Case{
			{Name: "committee", Req: get("/calls/" + ce.call + "/committee"), Default: 403, Want: officers(303, 200)},
			{Name: "assignments", Req: get("/calls/" + ce.call + "/assignments"), Default: 403, Want: officers(303, 200)},
			{Name: "unknown call", Req: get("/calls/999999/assignments"), Default: 403, Want: officers(303, 404)},
			{Name: "api committee", Req: get("/api/v1/calls/" + ce.call + "/committee"), Default: 403, Want: officers(401, 200)},
			{Name: "api assignments", Req: get("/api/v1/calls/" + ce.call + "/assignments"), Default: 403, Want: officers(401, 200)},
			{Name: "worklist", Req: get("/reviews"), Default: 403, Want: map[webtest.Principal]int{webtest.Anon: 303,
				webtest.Admin: 200, webtest.ProgramOfficer: 200, webtest.Evaluator1: 200, webtest.Evaluator2: 200}},
			{Name: "declare page", Req: get("/assignments/" + asg + "/declare"), Default: 403, Want: map[webtest.Principal]int{
				webtest.Anon: 303, webtest.Evaluator1: 200, webtest.Evaluator2: 404}},
			{Name: "declare", Req: post("/assignments/"+asg+"/declare", url.Values{}), Default: 403, Want: map[webtest.Principal]int{
				webtest.Anon: 401, webtest.Evaluator1: 409, webtest.Evaluator2: 404}},
			{Name: "remove without reason", Req: post("/assignments/"+asg+"/remove", url.Values{}), Default: 403, Want: officers(401, 422)},
			{Name: "reminders", Req: post("/calls/"+ce.call+"/reminders", url.Values{}), Default: 403, Want: officers(401, 303)},
			{Name: "add bad member", Req: post("/calls/"+ce.call+"/committee", url.Values{"role": {"x"}}), Default: 403, Want: officers(401, 422)},
		})
	})
}

// Officers build the committee, assign automatically through the page and
// the API, and see the table with the evaluators' names.
func TestCommitteeOfficerFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ce := newCmtEnv(t, d)
		rec := ce.Do(webtest.Admin, webtest.Request{Method: "POST", Path: "/api/v1/calls/" + ce.call + "/assignments", JSON: `{"stage":"full"}`})
		if rec.Code != 409 || !strings.Contains(rec.Body.String(), "voting evaluators") {
			t.Errorf("auto without evaluators: %d %s", rec.Code, rec.Body)
		}
		rec = ce.Do(webtest.Admin, webtest.Request{Method: "POST", Path: "/api/v1/calls/" + ce.call + "/assignments", JSON: `{"stage":"concept"}`})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `"field":"stage"`) {
			t.Errorf("concept stage of a one-stage call: %d %s", rec.Code, rec.Body)
		}
		ce.addVoter(t, webtest.Evaluator1)
		ce.addVoter(t, webtest.Evaluator2)
		rec = ce.Post(webtest.ProgramOfficer, "/calls/"+ce.call+"/committee", url.Values{"user_id": {itoa(ce.Users[webtest.ApplicantA].ID)}, "role": {"chair"}})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "programme officers or administrators") {
			t.Errorf("an applicant as chair: %d", rec.Code)
		}
		rec = ce.Do(webtest.ProgramOfficer, webtest.Request{Method: "POST", Path: "/api/v1/calls/" + ce.call + "/assignments", JSON: `{"prefer_language":true}`})
		var res struct {
			Added    int     `json:"added"`
			Unfilled []int64 `json:"unfilled"`
		}
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &res) != nil || res.Added != 4 || len(res.Unfilled) != 0 {
			t.Fatalf("auto: %d %s", rec.Code, rec.Body)
		}
		rec = ce.Get(webtest.ProgramOfficer, "/api/v1/calls/"+ce.call+"/assignments")
		var pg struct {
			Items []struct {
				ApplicationID int64 `json:"application_id"`
				Active        int   `json:"active"`
				Assignments   []struct {
					Name string `json:"name"`
				} `json:"assignments"`
			} `json:"items"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &pg); err != nil || len(pg.Items) != 2 || pg.Items[0].Active != 2 {
			t.Fatalf("api assignments: %s", rec.Body)
		}
		page := ce.Get(webtest.ProgramOfficer, "/calls/"+ce.call+"/assignments").Body.String()
		for _, want := range []string{"evaluator_1", "evaluator_2", "Assign automatically"} {
			if !strings.Contains(page, want) {
				t.Errorf("assignments page lacks %q", want)
			}
		}
		if rec := ce.Post(webtest.Admin, "/calls/"+ce.call+"/committee/remove", url.Values{"user_id": {itoa(ce.Users[webtest.Evaluator1].ID)}}); rec.Code != 409 {
			t.Errorf("remove a member with work: %d", rec.Code)
		}
		asg := ce.assignmentOf(t, ce.a1, webtest.Evaluator1)
		rec = ce.Post(webtest.ProgramOfficer, "/assignments/"+itoa(asg)+"/remove", url.Values{})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "Give the reason for the removal.") {
			t.Errorf("remove without reason: %d", rec.Code)
		}
		if rec := ce.Post(webtest.ProgramOfficer, "/assignments/"+itoa(asg)+"/remove", url.Values{"reason": {"Ill"}}); rec.Code != 303 {
			t.Errorf("remove: %d %s", rec.Code, rec.Body)
		}
		if n := ce.Count(`SELECT COUNT(*) FROM review_assignments WHERE id = ? AND status = 'removed' AND ended_reason = 'Ill'`, asg); n != 1 {
			t.Error("the removal and its reason were not stored")
		}
	})
}
