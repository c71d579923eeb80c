package web_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/web/webtest"
)

// cmtEnv is a call with two eligible applications: A1 of organisation A
// and A2 of organisation B (with B's canary in its title).
type cmtEnv struct {
	*appEnv
	a1, a2 int64
	call   string
}

func newCmtEnv(t *testing.T, d *db.DB) *cmtEnv {
	t.Helper()
	ae := newAppEnv(t, d, apptest.Spec{})
	ae.useSQ(t, webtest.ApplicantA)
	ae.useSQ(t, webtest.ApplicantB)
	ce := &cmtEnv{appEnv: ae, call: itoa(ae.fx.Call.ID)}
	ce.a1 = ae.draftFor(t, webtest.ApplicantA, validBody(t))
	b := validBody(t)
	b["title"] = "Projekt " + webtest.Canary
	ce.a2 = ae.draftFor(t, webtest.ApplicantB, b)
	for _, id := range []int64{ce.a1, ce.a2} {
		ae.submitAPI(t, map[int64]webtest.Principal{ce.a1: webtest.ApplicantA, ce.a2: webtest.ApplicantB}[id], itoa(id))
		ce.Exec(`UPDATE applications SET status = 'eligible' WHERE id = ?`, id)
	}
	return ce
}

// addVoter puts principal p on the committee through the officer's form.
func (ce *cmtEnv) addVoter(t *testing.T, p webtest.Principal) {
	t.Helper()
	rec := ce.Post(webtest.ProgramOfficer, "/calls/"+ce.call+"/committee", url.Values{"user_id": {itoa(ce.Users[p].ID)},
		"role": {"evaluator"}, "languages": {"sq", "en"}})
	if rec.Code != 303 {
		t.Fatalf("add %s to the committee: %d %s", p, rec.Code, rec.Body)
	}
}

// assign gives p application appID through the officer's form and returns
// the assignment id.
func (ce *cmtEnv) assign(t *testing.T, appID int64, p webtest.Principal) int64 {
	t.Helper()
	rec := ce.Post(webtest.ProgramOfficer, "/calls/"+ce.call+"/assignments", url.Values{"application_id": {itoa(appID)},
		"user_id": {itoa(ce.Users[p].ID)}})
	if rec.Code != 303 {
		t.Fatalf("assign %s: %d %s", p, rec.Code, rec.Body)
	}
	return ce.assignmentOf(t, appID, p)
}

// assignmentOf is the id of p's assignment to appID (0 when none).
func (ce *cmtEnv) assignmentOf(t *testing.T, appID int64, p webtest.Principal) int64 {
	t.Helper()
	var id int64
	_ = db.Get(context.Background(), ce.DB, &id, `SELECT id FROM review_assignments WHERE application_id = ? AND user_id = ? AND status = 'active'`,
		appID, ce.Users[p].ID)
	return id
}
