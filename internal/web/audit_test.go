package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// auditOf is the audit rows of one object, oldest first.
func auditOf(t *testing.T, d *db.DB, object string, id int64) []audit.Row {
	t.Helper()
	var rows []audit.Row
	if err := db.Select(context.Background(), d, &rows, `SELECT * FROM audit_log WHERE object = ? AND object_id = ? ORDER BY id`,
		object, id); err != nil {
		t.Fatal(err)
	}
	return rows
}

// wantAudit checks the last row of an object: its action, its actor and a
// payload fragment, and that the whole chain still verifies.
func wantAudit(t *testing.T, e *webtest.Env, object string, id int64, action string, by webtest.Principal, payload string) {
	t.Helper()
	rows := auditOf(t, e.DB, object, id)
	if len(rows) == 0 {
		t.Fatalf("%s %d: no audit row, want %s", object, id, action)
	}
	r := rows[len(rows)-1]
	u := e.Users[by]
	if r.Action != action || r.ActorID == nil || *r.ActorID != u.ID || r.ActorRole != string(u.Role) || r.RequestID == "" ||
		!strings.Contains(r.Payload, payload) {
		t.Errorf("%s %d: last audit row %+v, want %s by %s with %s", object, id, r, action, by, payload)
	}
	if rep, err := audit.Verify(context.Background(), e.DB); err != nil || !rep.OK() {
		t.Errorf("chain: %v %v", rep, err)
	}
}

// A submission writes its audit row as the applicant, with its organisation;
// a submission refused after the status change leaves none; the audit page
// shows it to officers and to the donor of the programme only.
func TestAuditApplicationStatusAndPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		empty := ae.draftFor(t, webtest.ApplicantA, nil)
		if rec := ae.api(webtest.ApplicantA, "POST", "/api/v1/applications/"+itoa(empty)+"/submit", nil); rec.Code != 422 {
			t.Fatalf("submitting an empty draft: %d %s", rec.Code, rec.Body)
		}
		if rows := auditOf(t, d, "application", empty); len(rows) != 0 {
			t.Errorf("a refused submission left %d audit rows", len(rows))
		}
		id := ae.draftFor(t, webtest.ApplicantA, validBody(t))
		if rec := ae.api(webtest.ApplicantA, "POST", "/api/v1/applications/"+itoa(id)+"/submit", nil); rec.Code != 200 {
			t.Fatalf("submit: %d %s", rec.Code, rec.Body)
		}
		wantAudit(t, ae.Env, "application", id, "application.status", webtest.ApplicantA, `"to":"submitted"`)
		if r := auditOf(t, d, "application", id)[0]; r.ActorOrgID == nil || *r.ActorOrgID != ae.OrgA.ID {
			t.Errorf("actor organisation = %v, want %d", r.ActorOrgID, ae.OrgA.ID)
		}
		path := "/audit/application/" + itoa(id)
		readers := map[webtest.Principal]int{webtest.Anon: 303, webtest.Admin: 200, webtest.ProgramOfficer: 200,
			webtest.FinanceOfficer: 200, webtest.DonorOfficer: 404}
		ae.CheckMatrix(t, []webtest.Case{
			{Name: "audit of an application", Req: webtest.Request{Path: path}, Default: 403, Want: readers},
			{Name: "audit of an unknown kind", Req: webtest.Request{Path: "/audit/nothing/1"}, Default: 403, Want: map[webtest.Principal]int{
				webtest.Anon: 303, webtest.Admin: 404, webtest.ProgramOfficer: 404, webtest.FinanceOfficer: 404, webtest.DonorOfficer: 404}},
			{Name: "audit of a user", Req: webtest.Request{Path: "/audit/user/" + itoa(ae.Users[webtest.ApplicantA].ID)}, Default: 403, Want: readers},
		})
		page := ae.Get(webtest.ProgramOfficer, path).Body.String()
		// The trail goes the officer's way to the application: the call's
		// applications, the application, its history.
		callApps := "/calls/" + itoa(ae.fx.Call.ID) + "/applications"
		if hrefs, last, _ := crumbsOf(page); len(hrefs) < 3 || !last || hrefs[len(hrefs)-3] != callApps ||
			hrefs[len(hrefs)-2] != "/applications/"+itoa(id) || hrefs[len(hrefs)-1] != path {
			t.Errorf("audit page breadcrumbs %v, want … %s, /applications/%d, %s", hrefs, callApps, id, path)
		}
		for _, want := range []string{"Status changed", "Draft → Submitted", "applicant_A", "Applicant", "UTC",
			auditOf(t, d, "application", id)[0].Hash} {
			if !strings.Contains(page, want) {
				t.Errorf("audit page lacks %q", want)
			}
		}
		if body := ae.Get(webtest.ProgramOfficer, "/applications/"+itoa(id)).Body.String(); !strings.Contains(body, `href="`+path+`"`) {
			t.Error("the officer's application page does not link its audit trail")
		}
		if body := ae.Get(webtest.ApplicantA, "/applications/"+itoa(id)).Body.String(); strings.Contains(body, `href="`+path+`"`) {
			t.Error("the applicant's application page links the audit trail")
		}
		var donorOrg int64
		if err := db.Get(context.Background(), d, &donorOrg, `SELECT p.donor_org_id FROM programmes p
			JOIN calls c ON c.programme_id = p.id WHERE c.id = ?`, ae.fx.Call.ID); err != nil {
			t.Fatal(err)
		}
		if err := ae.Store.AddMember(context.Background(), ae.Users[webtest.DonorOfficer].ID, donorOrg); err != nil {
			t.Fatal(err)
		}
		if rec := ae.Get(webtest.DonorOfficer, path); rec.Code != 200 {
			t.Errorf("donor officer of the programme: %d, want 200", rec.Code)
		}
		if rec := ae.Get(webtest.DonorOfficer, "/audit/user/"+itoa(ae.Users[webtest.ApplicantA].ID)); rec.Code != 404 {
			t.Errorf("donor officer on a user's audit: %d, want 404", rec.Code)
		}
		rec := ae.Post(webtest.ApplicantA, "/applications/"+itoa(id)+"/withdraw", url.Values{"reason": {"changed plans"}})
		if rec.Code != 303 {
			t.Fatalf("withdraw: %d %s", rec.Code, rec.Body)
		}
		wantAudit(t, ae.Env, "application", id, "application.status", webtest.ApplicantA, `"to":"withdrawn"`)
	})
}

// The administrator's changes to accounts are audited as the administrator,
// in the transaction of the change.
func TestAuditUserAdministration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		b := e.Users[webtest.ApplicantB].ID
		if rec := e.Post(webtest.Admin, "/admin/users/"+itoa(b)+"/disable", url.Values{}); rec.Code != 303 {
			t.Fatalf("disable: %d", rec.Code)
		}
		wantAudit(t, e, "user", b, "user.disable", webtest.Admin, "{}")
		if rec := e.Post(webtest.Admin, "/admin/users/"+itoa(b)+"/enable", url.Values{}); rec.Code != 303 {
			t.Fatalf("enable: %d", rec.Code)
		}
		wantAudit(t, e, "user", b, "user.enable", webtest.Admin, "{}")
		po := e.Users[webtest.ProgramOfficer].ID
		if rec := e.Post(webtest.Admin, "/admin/users/"+itoa(po)+"/two-factor/reset", url.Values{}); rec.Code != 303 {
			t.Fatalf("two-factor reset: %d", rec.Code)
		}
		wantAudit(t, e, "user", po, "user.2fa_remove", webtest.Admin, "{}")
		rec := e.Do(webtest.Admin, webtest.Request{Method: "POST", Path: "/api/v1/users", JSON: `{"email":"new@test.example",
			"name":"New","role":"finance_officer","password":"a-long-enough-password","organisation_id":` + itoa(e.OrgA.ID) + `}`})
		if rec.Code != 201 {
			t.Fatalf("create user: %d %s", rec.Code, rec.Body)
		}
		u, err := e.Store.UserByEmail(context.Background(), "new@test.example")
		if err != nil {
			t.Fatal(err)
		}
		rows := auditOf(t, d, "user", u.ID)
		if len(rows) != 2 || rows[0].Action != "user.create" || !strings.Contains(rows[0].Payload, "finance_officer") {
			t.Errorf("new user's audit rows: %+v", rows)
		}
		wantAudit(t, e, "user", u.ID, "user.member_add", webtest.Admin, `"org_id":`+itoa(e.OrgA.ID))
		// A refused change (an unknown user) writes nothing.
		before := e.Count(`SELECT COUNT(*) FROM audit_log`)
		if rec := e.Post(webtest.Admin, "/admin/users/999999/disable", url.Values{}); rec.Code != 404 {
			t.Errorf("disable of an unknown user: %d", rec.Code)
		}
		if after := e.Count(`SELECT COUNT(*) FROM audit_log`); after != before {
			t.Errorf("a refused change wrote %d audit rows", after-before)
		}
	})
}

// Approving the committee session, and the statuses it gives, are audited
// as the chair who approved; so is a grid's edit.
func TestAuditAwardApproval(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAwardEnv(t, d)
		sess := ae.open(t)
		if rec := ae.Post(webtest.ProgramOfficer, sess+"/approve", nil); rec.Code != 303 {
			t.Fatalf("approve: %d", rec.Code)
		}
		var sessID int64
		if err := db.Get(context.Background(), d, &sessID, `SELECT id FROM committee_sessions`); err != nil {
			t.Fatal(err)
		}
		wantAudit(t, ae.Env, "award_session", sessID, "award_session.approve", webtest.ProgramOfficer, `"decisions":2`)
		var appA int64
		if err := db.Get(context.Background(), d, &appA, `SELECT id FROM applications WHERE id = `+ae.appA); err != nil {
			t.Fatal(err)
		}
		wantAudit(t, ae.Env, "application", appA, "application.status", webtest.ProgramOfficer, `"to":"awarded"`)
		if rec := ae.Get(webtest.FinanceOfficer, "/audit/award_session/"+itoa(sessID)); rec.Code != 200 ||
			!strings.Contains(rec.Body.String(), "Committee session approved") {
			t.Errorf("session audit page: %d", rec.Code)
		}
	})
}

func TestAuditGridEdit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		g := newGridEnv(t, d)
		if rec := g.Post(webtest.ProgramOfficer, gridPath(g.open)+"/edit", euGridForm(t)); rec.Code != 303 {
			t.Fatalf("grid save: %d", rec.Code)
		}
		var gridID int64
		if err := db.Get(context.Background(), d, &gridID, `SELECT id FROM eval_grids WHERE call_id = ?`, g.open.ID); err != nil {
			t.Fatal(err)
		}
		wantAudit(t, g.Env, "grid", gridID, "grid.edit", webtest.ProgramOfficer, `"sections":`)
	})
}
