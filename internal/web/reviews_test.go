package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The score form: guidance in the user's language, drafts, refusals that
// keep every typed value (422 / 409) and save nothing, then the lock.
func TestScoreFormDraftSubmitLock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		se := newScoreEnv(t, d)
		path := "/assignments/" + itoa(se.asg) + "/review"
		rec := se.Get(webtest.Evaluator1, path)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET form: %d", rec.Code)
		}
		scoreHas(t, rec.Body.String(), "Guidance for 1.1", `name="scores[1.2].score"`, `name="scores[2.2].justification"`,
			"Day care in Prizren", `value="draft"`, `value="submit"`)
		se.Exec(`UPDATE users SET lang = 'sq' WHERE id = ?`, se.Users[webtest.Evaluator1].ID)
		scoreHas(t, se.Get(webtest.Evaluator1, path).Body.String(), "Udhëzim për 1.1", "Ruaj skicën")
		se.Exec(`UPDATE users SET lang = 'en' WHERE id = ?`, se.Users[webtest.Evaluator1].ID)

		bad := url.Values(scoreForm("draft", "4", "7", "", ""))
		bad.Set("scores[2.1].justification", "Typed text that must survive")
		rec = se.Post(webtest.Evaluator1, path, bad)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("off-scale draft: %d", rec.Code)
		}
		// A radio group cannot show 7: the error names the criterion, the rest is kept.
		scoreHas(t, rec.Body.String(), "error-summary", "1.2 Criterion 1.2: The score must be within the grid",
			`name="scores[1.1].score" value="4" checked`, "Typed text that must survive")
		if n := se.Count(`SELECT COUNT(*) FROM reviews WHERE assignment_id = ?`, se.asg); n != 0 {
			t.Fatalf("a refused draft saved %d reviews", n)
		}
		if rec = se.Post(webtest.Evaluator1, path, url.Values(scoreForm("draft", "4", "", "", ""))); rec.Code != http.StatusSeeOther {
			t.Fatalf("draft: %d %s", rec.Code, rec.Body)
		}
		scoreHas(t, rec.Header().Get("Set-Cookie"), "reviews.flash.saved")
		scoreHas(t, se.Get(webtest.Evaluator1, path).Body.String(), `value="4"`, "Reasoned view on 2.2")

		short := url.Values(scoreForm("submit", "4", "5", "", "3"))
		short.Set("scores[2.2].justification", "short")
		rec = se.Post(webtest.Evaluator1, path, short)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("incomplete submit: %d", rec.Code)
		}
		scoreHas(t, rec.Body.String(), "Give a score for this sub-criterion.", "The justification is too short.", `value="5"`)
		if n := se.Count(`SELECT COUNT(*) FROM reviews WHERE assignment_id = ? AND status = 'draft'`, se.asg); n != 1 {
			t.Fatalf("draft lost or submitted after refusal: %d", n)
		}
		if rec = se.Post(webtest.Evaluator1, path, url.Values(scoreForm("submit", "4", "5", "3", "3"))); rec.Code != http.StatusSeeOther {
			t.Fatalf("submit: %d %s", rec.Code, rec.Body)
		}
		rec = se.Post(webtest.Evaluator1, path, url.Values(scoreForm("draft", "1", "1", "1", "1")))
		if rec.Code != http.StatusConflict {
			t.Fatalf("save after submit: %d", rec.Code)
		}
		scoreHas(t, rec.Body.String(), "submitted and locked; nothing was changed", `value="1"`)
		if n := se.Count(`SELECT COUNT(*) FROM review_scores rs JOIN reviews r ON r.id = rs.review_id
			WHERE r.assignment_id = ? AND rs.score = 1`, se.asg); n != 0 {
			t.Errorf("locked review changed: %d scores of 1", n)
		}
		page := se.Get(webtest.Evaluator1, path).Body.String()
		scoreHas(t, page, "submitted and locked")
		scoreLacks(t, page, `value="submit"`)
	})
}

// Ineligible and withdrawn applications are not scored: 409, translated.
func TestScoreRefusedWhenNotEligible(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		se := newScoreEnv(t, d)
		for _, st := range []string{"ineligible", "withdrawn"} {
			se.Exec(`UPDATE applications SET status = ? WHERE id = ?`, st, se.a1)
			rec := se.Post(webtest.Evaluator1, "/assignments/"+itoa(se.asg)+"/review", url.Values(scoreForm("draft", "4", "", "", "")))
			if rec.Code != http.StatusConflict {
				t.Fatalf("%s: %d", st, rec.Code)
			}
			scoreHas(t, rec.Body.String(), "cannot be scored", `value="4"`)
			api := se.Do(webtest.Evaluator1, webtest.Request{Method: "POST", Path: "/api/v1/reviews/" + itoa(se.asg), JSON: `{"scores":[]}`})
			if api.Code != http.StatusConflict {
				t.Errorf("%s API: %d", st, api.Code)
			}
		}
	})
}

// The API: field errors named scores[<code>].*, submission, lock.
func TestReviewAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		se := newScoreEnv(t, d)
		post := func(body string) (int, string) {
			rec := se.Do(webtest.Evaluator1, webtest.Request{Method: "POST", Path: "/api/v1/reviews/" + itoa(se.asg), JSON: body})
			return rec.Code, rec.Body.String()
		}
		code, body := post(`{"scores":[{"criterion":"1.1","score":9,"justification":"Clear and complete"}]}`)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("off scale: %d %s", code, body)
		}
		scoreHas(t, body, `"field":"scores[1.1].score"`, "within the grid")
		code, body = post(`{"scores":[{"criterion":"1.1","score":4,"justification":"Clear and complete"}],"submit":true}`)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("incomplete submit: %d", code)
		}
		scoreHas(t, body, `"field":"scores[2.2].justification"`, `"field":"scores[1.2].score"`)
		code, body = post(`{"scores":[{"criterion":"1.1","score":4,"justification":"Clear and complete"}]}`)
		if code != http.StatusOK {
			t.Fatalf("draft: %d %s", code, body)
		}
		scoreHas(t, body, `"status":"draft"`, `"criterion":"1.1","score":4`)
		scoreLacks(t, body, "evaluator")
		full := `{"scores":[{"criterion":"1.2","score":5,"justification":"Strong team and tools"},
			{"criterion":"2.1","score":3,"justification":"Relevant to the municipality"},
			{"criterion":"2.2","score":3,"justification":"Targets the right people"}],"submit":true}`
		if code, body = post(full); code != http.StatusOK {
			t.Fatalf("submit: %d %s", code, body)
		}
		scoreHas(t, body, `"status":"submitted"`, `"total":20`, `"score":4,"justification":"Clear and complete"`)
		if code, body = post(`{"scores":[]}`); code != http.StatusConflict {
			t.Fatalf("after submit: %d %s", code, body)
		}
		scoreHas(t, body, "locked")
		if code, _ = post(`{"scores":[], "status":"draft"}`); code != http.StatusBadRequest {
			t.Errorf("unknown field: %d", code)
		}
	})
}
