package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// Once the committee's ranking of a stage is approved, the assignments
// page no longer offers the automatic assignment, reminders, adding or
// removing an evaluator, nor the committee page removing a member (before,
// only members without work); a posted change is refused (409), nothing
// changed.
func TestAssignmentsNotOfferedOnceDecided(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ce := newCmtEnv(t, d)
		ce.addVoter(t, webtest.Evaluator1)
		ce.addVoter(t, webtest.Evaluator2)
		asg := ce.assign(t, ce.a1, webtest.Evaluator1)
		path := "/calls/" + ce.call + "/assignments"
		before := ce.Get(webtest.ProgramOfficer, path).Body.String()
		scoreHas(t, before, `action="/calls/`+ce.call+`/assignments/auto"`, `action="/assignments/`+itoa(asg)+`/remove"`,
			`<details class="remove">`, "Without evaluators: 1", "Being evaluated: 1", `href="/applications/`+itoa(ce.a1)+`"`)

		// The committee: only a member without work may be taken off.
		members := ce.Get(webtest.ProgramOfficer, "/calls/"+ce.call+"/committee").Body.String()
		scoreHas(t, members, `name="user_id" value="`+itoa(ce.Users[webtest.Evaluator2].ID)+`"`, "Has assignments")
		scoreLacks(t, members, `name="user_id" value="`+itoa(ce.Users[webtest.Evaluator1].ID)+`"`)

		ce.Exec(`INSERT INTO committee_sessions (call_id, stage, held_on, status, created_at, approved_at)
			VALUES (?, 'full', '2026-05-12', 'approved', ?, ?)`, ce.fx.Call.ID, db.Now(), db.Now())
		after := ce.Get(webtest.ProgramOfficer, path).Body.String()
		scoreHas(t, after, "ranking of this stage is approved")
		scoreLacks(t, after, "/assignments/auto", "/remove", "/reminders", `name="application_id"`)

		scoreLacks(t, ce.Get(webtest.ProgramOfficer, "/calls/"+ce.call+"/committee").Body.String(), "/committee/remove")
		for _, c := range []struct {
			path string
			form url.Values
		}{
			{path + "/auto", url.Values{"stage": {"full"}}},
			{"/assignments/" + itoa(asg) + "/remove", url.Values{"reason": {"No longer needed"}}},
			{path, url.Values{"stage": {"full"}, "application_id": {itoa(ce.a2)}, "user_id": {itoa(ce.Users[webtest.Evaluator2].ID)}}},
			{"/calls/" + ce.call + "/committee/remove", url.Values{"user_id": {itoa(ce.Users[webtest.Evaluator2].ID)}}},
		} {
			if rec := ce.Post(webtest.ProgramOfficer, c.path, c.form); rec.Code != http.StatusConflict {
				t.Errorf("POST %s after approval: %d, want 409", c.path, rec.Code)
			}
		}
		if n := ce.Count(`SELECT COUNT(*) FROM review_assignments WHERE status = 'active'`); n != 1 {
			t.Errorf("%d active assignments after the refused changes, want 1", n)
		}
		if n := ce.Count(`SELECT COUNT(*) FROM committee_members WHERE user_id = ?`, ce.Users[webtest.Evaluator2].ID); n != 1 {
			t.Errorf("the locked committee lost a member")
		}
	})
}
