package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// Officers read every review with names; evaluator_1 only its own (never
// the other's name or scores); an unassigned evaluator gets 404 and
// applicants 403, on the page and the API.
func TestReviewsVisibility(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		se := newScoreEnv(t, d)
		if rec := se.Post(webtest.Evaluator1, "/assignments/"+itoa(se.asg)+"/review",
			url.Values(scoreForm("draft", "4", "", "", ""))); rec.Code != http.StatusSeeOther {
			t.Fatalf("draft: %d", rec.Code)
		}
		page := "/applications/" + itoa(se.a1) + "/reviews"
		api := "/api/v1/applications/" + itoa(se.a1) + "/reviews"
		for _, p := range []webtest.Principal{webtest.Admin, webtest.ProgramOfficer} {
			body := se.Get(p, page).Body.String()
			scoreHas(t, body, otherName, otherJustn, string(webtest.Evaluator1), "Reasoned view on 1.1")
			rec := se.Get(p, api)
			var got struct {
				Reviews []struct {
					Evaluator *struct{ Name string } `json:"evaluator"`
				} `json:"reviews"`
				Consolidation *struct {
					Submitted int `json:"submitted"`
					Pending   int `json:"pending"`
				} `json:"consolidation"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || len(got.Reviews) != 2 || got.Reviews[0].Evaluator == nil ||
				got.Consolidation == nil || got.Consolidation.Submitted != 1 || got.Consolidation.Pending != 1 {
				t.Errorf("%s API: %d %s", p, rec.Code, rec.Body)
			}
		}
		own := se.Get(webtest.Evaluator1, page)
		if own.Code != http.StatusOK {
			t.Fatalf("evaluator_1 page: %d", own.Code)
		}
		scoreHas(t, own.Body.String(), "Reasoned view on 1.1")
		scoreLacks(t, own.Body.String(), otherName, otherJustn, "Consolidation", "cons-title")
		rec := se.Get(webtest.Evaluator1, api)
		scoreHas(t, rec.Body.String(), "Reasoned view on 1.1")
		scoreLacks(t, rec.Body.String(), otherName, otherJustn, "consolidation", `"evaluator"`)
		for _, path := range []string{page, api} {
			if c := se.Get(webtest.Evaluator2, path).Code; c != http.StatusNotFound {
				t.Errorf("evaluator_2 %s: %d, want 404", path, c)
			}
			for _, p := range []webtest.Principal{webtest.ApplicantA, webtest.ApplicantB} {
				rec := se.Get(p, path)
				if rec.Code != http.StatusForbidden {
					t.Errorf("%s %s: %d, want 403", p, path, rec.Code)
				}
				scoreLacks(t, rec.Body.String(), otherName, string(webtest.Evaluator1))
			}
		}
		// Un-assigning takes effect on the next request.
		se.Exec(`UPDATE review_assignments SET status = 'removed' WHERE id = ?`, se.asg)
		for _, path := range []string{page, api, "/assignments/" + itoa(se.asg) + "/review"} {
			if c := se.Get(webtest.Evaluator1, path).Code; c != http.StatusNotFound {
				t.Errorf("after removal %s: %d, want 404", path, c)
			}
		}
	})
}

// Another evaluator's assignment is 404 whatever the route.
func TestScoringAnotherEvaluatorsAssignment(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		se := newScoreEnv(t, d)
		path := "/assignments/" + itoa(se.asg) + "/review"
		if c := se.Get(webtest.Evaluator2, path).Code; c != http.StatusNotFound {
			t.Errorf("GET: %d", c)
		}
		if c := se.Post(webtest.Evaluator2, path, url.Values(scoreForm("draft", "1", "1", "1", "1"))).Code; c != http.StatusNotFound {
			t.Errorf("POST: %d", c)
		}
		rec := se.Do(webtest.Evaluator2, webtest.Request{Method: "POST", Path: "/api/v1/reviews/" + itoa(se.asg), JSON: `{"scores":[]}`})
		if rec.Code != http.StatusNotFound {
			t.Errorf("API: %d", rec.Code)
		}
		if c := se.Get(webtest.Evaluator1, "/assignments/"+itoa(se.otherAsg)+"/review").Code; c != http.StatusNotFound {
			t.Errorf("evaluator_1 on the other's assignment: %d", c)
		}
		if n := se.Count(`SELECT COUNT(*) FROM reviews WHERE assignment_id = ?`, se.asg); n != 0 {
			t.Errorf("reviews written: %d", n)
		}
		// Before the declaration the evaluator is sent to declare.
		se.Exec(`DELETE FROM coi_declarations WHERE user_id = ?`, se.Users[webtest.Evaluator1].ID)
		rec = se.Get(webtest.Evaluator1, path)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/assignments/"+itoa(se.asg)+"/declare" {
			t.Errorf("undeclared: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		scoreLacks(t, rec.Body.String(), "Day care in Prizren")
	})
}

// Role × route matrix. Writes carry bodies the domain refuses where a
// principal gets through, so the matrix changes nothing.
func TestReviewsMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		se := newScoreEnv(t, d)
		asg, app := itoa(se.asg), itoa(se.a1)
		officers := map[webtest.Principal]int{webtest.Anon: 303, webtest.Admin: 200, webtest.ProgramOfficer: 200}
		readers := map[webtest.Principal]int{webtest.Anon: 303, webtest.Admin: 200, webtest.ProgramOfficer: 200,
			webtest.Evaluator1: 200, webtest.Evaluator2: 404}
		apiReaders := map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 200, webtest.ProgramOfficer: 200,
			webtest.Evaluator1: 200, webtest.Evaluator2: 404}
		chair := map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 403, webtest.ProgramOfficer: 422}
		empty := url.Values{"reason": {""}, "note": {""}, "application_id": {app}}
		se.CheckMatrix(t, []webtest.Case{
			{Name: "score form", Req: webtest.Request{Path: "/assignments/" + asg + "/review"},
				Want: map[webtest.Principal]int{webtest.Anon: 303, webtest.Evaluator1: 200, webtest.Evaluator2: 404}, Default: 403},
			{Name: "save score", Req: webtest.Request{Method: "POST", Path: "/assignments/" + asg + "/review",
				Form: url.Values(scoreForm("draft", "9", "", "", ""))},
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Evaluator1: 422, webtest.Evaluator2: 404}, Default: 403},
			{Name: "app reviews", Req: webtest.Request{Path: "/applications/" + app + "/reviews"}, Want: readers, Default: 403},
			{Name: "call scores", Req: webtest.Request{Path: "/calls/" + itoa(se.callID) + "/scores"}, Want: officers, Default: 403},
			{Name: "reopen", Req: webtest.Request{Method: "POST", Path: "/reviews/" + itoa(se.otherAsg) + "/reopen", Form: empty},
				Want: chair, Default: 403},
			{Name: "divergence", Req: webtest.Request{Method: "POST", Path: "/applications/" + app + "/divergence", Form: empty},
				Want: chair, Default: 403},
			{Name: "API reviews", Req: webtest.Request{Path: "/api/v1/applications/" + app + "/reviews"}, Want: apiReaders, Default: 403},
			{Name: "API score", Req: webtest.Request{Method: "POST", Path: "/api/v1/reviews/" + asg,
				JSON: `{"scores":[{"criterion":"1.1","score":0}]}`},
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Evaluator1: 422, webtest.Evaluator2: 404}, Default: 403},
		})
		if n := se.Count(`SELECT COUNT(*) FROM reviews`); n != 1 {
			t.Errorf("the matrix changed reviews: %d", n)
		}
	})
}
