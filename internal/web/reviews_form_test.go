package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The score form's rows: each criterion a radio group on the scale with
// its weight and maximum; the section and total points are computed on
// the server from what is saved.
func TestScoreFormRowsAndRunningTotals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		se := newScoreEnv(t, d)
		path := "/assignments/" + itoa(se.asg) + "/review"
		body := se.Get(webtest.Evaluator1, path).Body.String()
		scoreHas(t, body, `<fieldset class="field score-scale"`, "weight ×2, up to 10 points", "weight ×1, up to 5 points",
			"Total score so far: 0 of 25 points", `id="f-scores[1.2].score" name="scores[1.2].score" value="1"`,
			`id="f-scores[1.2].score-5" name="scores[1.2].score" value="5"`)
		if n := strings.Count(body, `type="radio" id="f-scores[`); n != 4*5 {
			t.Errorf("score form has %d scale radios, want 20 (four criteria, 1–5)", n)
		}
		scoreLacks(t, body, `type="number"`)
		// 1.2 weighs twice: 4 there is 8 points; section 1 is 3 + 8.
		if rec := se.Post(webtest.Evaluator1, path, url.Values(scoreForm("draft", "3", "4", "", "2"))); rec.Code != http.StatusSeeOther {
			t.Fatalf("draft: %d", rec.Code)
		}
		body = se.Get(webtest.Evaluator1, path).Body.String()
		scoreHas(t, body, "Section score: 11 of 15 points", "Section score: 2 of 10 points", "Total score so far: 13 of 25 points",
			`name="scores[1.2].score" value="4" checked`)
	})
}

// One bad form lists each error once, under its criterion's number and
// name; nothing typed is lost.
func TestScoreErrorsNameTheirCriterion(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		se := newScoreEnv(t, d)
		path := "/assignments/" + itoa(se.asg) + "/review"
		f := url.Values(scoreForm("submit", "", "", "", ""))
		f.Set("scores[2.1].justification", "")
		f.Set("comment", "Kept comment")
		rec := se.Post(webtest.Evaluator1, path, f)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("empty submission: %d", rec.Code)
		}
		body := rec.Body.String()
		summary := regexp.MustCompile(`(?s)<div class="error-summary".*?</div>`).FindString(body)
		items := regexp.MustCompile(`<li><a href="#([^"]+)">([^<]+)</a></li>`).FindAllStringSubmatch(summary, -1)
		if len(items) != 5 {
			t.Fatalf("error summary has %d items, want 5 (four scores, one justification):\n%s", len(items), summary)
		}
		seen := map[string]bool{}
		for _, it := range items {
			if seen[it[2]] {
				t.Errorf("error summary repeats %q", it[2])
			}
			seen[it[2]] = true
		}
		scoreHas(t, summary, "1.1 Criterion 1.1: Give a score for this sub-criterion.",
			"1.2 Criterion 1.2: Give a score for this sub-criterion.", "2.1 Criterion 2.1: Write a justification.",
			`href="#f-scores%5b2.2%5d.score"`)
		scoreHas(t, body, "Kept comment", "Reasoned view on 2.2", `id="f-scores[2.2].score"`)
		if n := se.Count(`SELECT COUNT(*) FROM reviews WHERE assignment_id = ?`, se.asg); n != 0 {
			t.Errorf("a refused submission saved %d reviews", n)
		}
	})
}

// "Submit" first shows what will be locked (the review saved as a draft);
// only the confirmation's button submits. Without JavaScript.
func TestScoreSubmitConfirmation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		se := newScoreEnv(t, d)
		path := "/assignments/" + itoa(se.asg) + "/review"
		f := url.Values(scoreForm("submit", "4", "5", "3", "3"))
		f.Del("confirm")
		f.Set("comment", `A "quoted" comment`)
		rec := se.Post(webtest.Evaluator1, path, f)
		if rec.Code != http.StatusOK {
			t.Fatalf("first submit: %d, want the confirmation page", rec.Code)
		}
		body := rec.Body.String()
		scoreHas(t, body, "Confirm the submission", "Total score so far: 20 of 25 points", `name="confirm" value="yes"`,
			`name="scores[1.2].score" value="5"`, `name="comment" value="A &#34;quoted&#34; comment"`, `href="`+path+`"`)
		scoreLacks(t, body, `type="radio"`)
		if n := se.Count(`SELECT COUNT(*) FROM reviews WHERE assignment_id = ? AND status = 'draft'`, se.asg); n != 1 {
			t.Fatalf("the confirmation step kept %d drafts, want 1", n)
		}
		if n := se.Count(`SELECT COUNT(*) FROM review_scores s JOIN reviews r ON r.id = s.review_id WHERE r.assignment_id = ?
			AND s.score IS NOT NULL`, se.asg); n != 4 {
			t.Errorf("draft holds %d scores, want 4", n)
		}
		// Going back shows the saved draft, still open.
		scoreHas(t, se.Get(webtest.Evaluator1, path).Body.String(), `name="scores[1.1].score" value="4" checked`, `value="submit"`)

		f.Set("confirm", "yes")
		if rec = se.Post(webtest.Evaluator1, path, f); rec.Code != http.StatusSeeOther {
			t.Fatalf("confirmed submit: %d %s", rec.Code, rec.Body)
		}
		if n := se.Count(`SELECT COUNT(*) FROM reviews WHERE assignment_id = ? AND status = 'submitted' AND comment = ?`,
			se.asg, `A "quoted" comment`); n != 1 {
			t.Errorf("confirmed review not submitted with its comment (%d)", n)
		}
		// The evaluator's list: the locked review is viewed, not scored.
		list := se.Get(webtest.Evaluator1, "/reviews").Body.String()
		scoreHas(t, list, "View the review", "submitted: 1")
		scoreLacks(t, list, ">Score<", "no due date")
	})
}

// ?beside=1 shows the application beside the form; another evaluator's
// assignment stays 404 with it.
func TestScoreFormApplicationBeside(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		se := newScoreEnv(t, d)
		path := "/assignments/" + itoa(se.asg) + "/review"
		se.Exec(`UPDATE applications SET summary = 'Summary the evaluator reads' WHERE id = ?`, se.a1)
		plain := se.Get(webtest.Evaluator1, path).Body.String()
		scoreHas(t, plain, `href="`+path+`?beside=1"`)
		scoreLacks(t, plain, `class="score-beside"`, "Summary the evaluator reads")
		rec := se.Get(webtest.Evaluator1, path+"?beside=1")
		if rec.Code != http.StatusOK {
			t.Fatalf("beside: %d", rec.Code)
		}
		scoreHas(t, rec.Body.String(), `class="score-layout"`, `class="score-beside"`, "Summary the evaluator reads",
			"Day care in Prizren", `href="`+path+`"`)
		if rec := se.Get(webtest.Evaluator1, "/assignments/"+itoa(se.otherAsg)+"/review?beside=1"); rec.Code != http.StatusNotFound {
			t.Errorf("another evaluator's assignment beside: %d, want 404", rec.Code)
		}
	})
}
