package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// evaluator_1 diverges from the other evaluator (23 vs 15, limit 5) and no
// one is free to be called: the chair sees the open divergence, settles it
// with a note, and reopens a review with a reason.
func TestChairResolvesAndReopens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		se := newScoreEnv(t, d)
		form := "/assignments/" + itoa(se.asg) + "/review"
		if rec := se.Post(webtest.Evaluator1, form, url.Values(scoreForm("submit", "5", "5", "4", "4"))); rec.Code != http.StatusSeeOther {
			t.Fatalf("submit: %d %s", rec.Code, rec.Body)
		}
		page := "/applications/" + itoa(se.a1) + "/reviews"
		body := se.Get(webtest.ProgramOfficer, page).Body.String()
		scoreHas(t, body, "Open", `action="/applications/`+itoa(se.a1)+`/divergence"`, `action="/reviews/`+itoa(se.asg)+`/reopen"`)
		scoreLacks(t, se.Get(webtest.Admin, page).Body.String(), `/divergence"`) // not the chair: no forms
		calls := "/calls/" + itoa(se.callID) + "/scores"
		scoreHas(t, se.Get(webtest.ProgramOfficer, calls).Body.String(), "Day care in Prizren", "Open", "19.00")
		norm := se.Get(webtest.ProgramOfficer, calls+"?normalise=1")
		if norm.Code != http.StatusOK {
			t.Fatalf("normalised: %d", norm.Code)
		}
		scoreHas(t, norm.Body.String(), "Normalised rank")

		rec := se.Post(webtest.ProgramOfficer, "/applications/"+itoa(se.a1)+"/divergence", url.Values{"note": {"  "}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("empty note: %d", rec.Code)
		}
		scoreHas(t, rec.Body.String(), "Write the reason.")
		rec = se.Post(webtest.ProgramOfficer, "/applications/"+itoa(se.a1)+"/divergence", url.Values{"note": {"Committee agrees with evaluator 1"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("note: %d %s", rec.Code, rec.Body)
		}
		scoreHas(t, se.Get(webtest.ProgramOfficer, page).Body.String(), "Resolved")

		reopen := "/reviews/" + itoa(se.asg) + "/reopen"
		rec = se.Post(webtest.ProgramOfficer, reopen, url.Values{"reason": {""}, "application_id": {itoa(se.a1)}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("empty reason: %d", rec.Code)
		}
		if c := se.Post(webtest.Admin, reopen, url.Values{"reason": {"x"}}).Code; c != http.StatusForbidden {
			t.Errorf("admin (not chair): %d", c)
		}
		rec = se.Post(webtest.ProgramOfficer, reopen, url.Values{"reason": {"1.2 contradicts its text"}, "application_id": {itoa(se.a1)}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("reopen: %d %s", rec.Code, rec.Body)
		}
		body = se.Get(webtest.Evaluator1, form).Body.String()
		scoreHas(t, body, "1.2 contradicts its text", `value="submit"`, `value="5"`)
	})
}
