package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// evaluator_1 assigned to A1 only reads A1 (page and API); A2 answers 404;
// un-assigning takes effect at the next request of the same session.
func TestEvaluatorReachesOnlyAssigned(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ce := newCmtEnv(t, d)
		a1, a2 := itoa(ce.a1), itoa(ce.a2)
		for _, path := range []string{"/applications/" + a1, "/api/v1/applications/" + a1} {
			if got := ce.Get(webtest.Evaluator1, path).Code; got != 404 {
				t.Errorf("before assignment %s: %d, want 404", path, got)
			}
		}
		asg := ce.AssignEvaluator(ce.a1, webtest.Evaluator1)
		want := map[string]int{"/applications/" + a1: 200, "/api/v1/applications/" + a1: 200, "/applications/" + a2: 404,
			"/api/v1/applications/" + a2: 404, "/applications/" + a2 + "/receipt.pdf": 404}
		for path, code := range want {
			if got := ce.Get(webtest.Evaluator1, path).Code; got != code {
				t.Errorf("evaluator_1 %s: %d, want %d", path, got, code)
			}
			if strings.HasSuffix(path, a1) {
				if got := ce.Get(webtest.Evaluator2, path).Code; got != 404 {
					t.Errorf("evaluator_2 %s: %d, want 404", path, got)
				}
			}
		}
		list := ce.Get(webtest.Evaluator1, "/api/v1/applications").Body.String()
		if !strings.Contains(list, `"total":1`) || strings.Contains(list, webtest.Canary) {
			t.Errorf("evaluator_1's list: %s", list)
		}
		for _, path := range []string{"/applications", "/reviews", "/organisations", "/organisations/" + itoa(ce.OrgB.ID)} {
			if body := ce.Get(webtest.Evaluator1, path).Body.String(); strings.Contains(body, webtest.Canary) {
				t.Errorf("%s shows B's canary to evaluator_1", path)
			}
		}
		if got := ce.Get(webtest.Evaluator1, "/organisations/"+itoa(ce.OrgA.ID)).Code; got != 200 {
			t.Errorf("evaluator_1 on the applicant's profile: %d, want 200", got)
		}
		ce.Unassign(asg)
		for _, path := range []string{"/applications/" + a1, "/api/v1/applications/" + a1, "/organisations/" + itoa(ce.OrgA.ID),
			"/assignments/" + itoa(asg) + "/declare"} {
			if got := ce.Get(webtest.Evaluator1, path).Code; got != 404 {
				t.Errorf("after un-assigning %s: %d, want 404", path, got)
			}
		}
	})
}

// Before declaring, the evaluator sees only the reference, the title, the
// applicant and the partners, and not the application itself; declaring
// no conflict opens it; declaring a conflict recuses and reassigns.
func TestDeclarationFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ce := newCmtEnv(t, d)
		ce.Exec(`INSERT INTO application_partners (application_id, position, name, role, share_minor) VALUES (?, 9, 'Shoqata Partnere', 'affiliated', 0)`, ce.a1)
		ce.addVoter(t, webtest.Evaluator1)
		ce.addVoter(t, webtest.Evaluator2)
		asg := ce.assign(t, ce.a1, webtest.Evaluator2)
		a1 := "/applications/" + itoa(ce.a1)
		if got := ce.Get(webtest.Evaluator2, a1).Code; got != 404 {
			t.Errorf("before declaring: %d, want 404", got)
		}
		if w := ce.Get(webtest.Evaluator2, "/reviews").Body.String(); !strings.Contains(w, "/assignments/"+itoa(asg)+"/declare") {
			t.Error("the worklist has no link to the declaration")
		}
		page := ce.Get(webtest.Evaluator2, "/assignments/"+itoa(asg)+"/declare").Body.String()
		var ref string
		_ = db.Get(context.Background(), d, &ref, `SELECT reference FROM applications WHERE id = ?`, ce.a1)
		for _, want := range []string{ref, "Qendër ditore për të moshuarit", "Organisation A", "Shoqata Partnere", "no conflict of interest"} {
			if !strings.Contains(page, want) {
				t.Errorf("the declaration page lacks %q", want)
			}
		}
		for _, never := range []string{"Shërbime ditore për 40 të moshuar", "Koordinator", "Përmirësimi i kujdesit"} {
			if strings.Contains(page, never) {
				t.Errorf("the declaration page shows the content %q", never)
			}
		}
		if rec := ce.Post(webtest.Evaluator2, "/assignments/"+itoa(asg)+"/declare", url.Values{}); rec.Code != 422 ||
			!strings.Contains(rec.Body.String(), "Choose whether you have a conflict of interest.") {
			t.Errorf("no answer: %d", rec.Code)
		}
		rec := ce.Post(webtest.Evaluator2, "/assignments/"+itoa(asg)+"/declare", url.Values{"conflict": {"yes"}, "comment": {"Board member"}})
		if rec.Code != 303 || rec.Header().Get("Location") != "/reviews" {
			t.Fatalf("declare a conflict: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		if n := ce.Count(`SELECT COUNT(*) FROM coi_declarations WHERE application_id = ? AND user_id = ? AND conflict = ? AND lang = 'en'
			AND statement LIKE 'I declare%' AND comment = 'Board member'`, ce.a1, ce.Users[webtest.Evaluator2].ID, true); n != 1 {
			t.Error("the declaration with its statement was not stored")
		}
		for _, path := range []string{a1, "/assignments/" + itoa(asg) + "/declare"} {
			if got := ce.Get(webtest.Evaluator2, path).Code; got != 404 {
				t.Errorf("recused evaluator %s: %d, want 404", path, got)
			}
		}
		repl := ce.assignmentOf(t, ce.a1, webtest.Evaluator1)
		if repl == 0 {
			t.Fatal("no replacement was assigned")
		}
		rec = ce.Post(webtest.Evaluator1, "/assignments/"+itoa(repl)+"/declare", url.Values{"conflict": {"no"}})
		if rec.Code != 303 || rec.Header().Get("Location") != "/assignments/"+itoa(repl)+"/review" {
			t.Fatalf("declare no conflict: %d %s, want the score form", rec.Code, rec.Header().Get("Location"))
		}
		if got := ce.Get(webtest.Evaluator1, a1).Code; got != 200 {
			t.Errorf("after declaring: %d, want 200", got)
		}
	})
}

// Separation of duties: a member of the applicant organisation is refused
// with a translated 422 and nothing is stored; applicants never see
// evaluators' names.
func TestSeparationAndApplicantsSeeNoNames(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ce := newCmtEnv(t, d)
		if err := ce.Store.AddMember(context.Background(), ce.Users[webtest.Evaluator2].ID, ce.OrgA.ID); err != nil {
			t.Fatal(err)
		}
		ce.addVoter(t, webtest.Evaluator1)
		ce.addVoter(t, webtest.Evaluator2)
		if err := ce.Store.SetLang(t.Context(), ce.Users[webtest.ProgramOfficer].ID, "sq"); err != nil {
			t.Fatal(err)
		}
		rec := ce.Post(webtest.ProgramOfficer, "/calls/"+ce.call+"/assignments", url.Values{"application_id": {itoa(ce.a1)},
			"user_id": {itoa(ce.Users[webtest.Evaluator2].ID)}})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "është anëtar i organizatës aplikuese") {
			t.Errorf("assign a member of the applicant: %d", rec.Code)
		}
		if n := ce.Count(`SELECT COUNT(*) FROM review_assignments WHERE user_id = ?`, ce.Users[webtest.Evaluator2].ID); n != 0 {
			t.Errorf("%d assignments stored for the insider", n)
		}
		if rec := ce.Post(webtest.ProgramOfficer, "/calls/"+ce.call+"/assignments/auto", url.Values{"stage": {"full"}}); rec.Code != 303 {
			t.Fatalf("auto: %d", rec.Code)
		}
		if ce.assignmentOf(t, ce.a1, webtest.Evaluator2) != 0 {
			t.Error("automatic assignment gave A1 to a member of organisation A")
		}
		ce.AssignEvaluator(ce.a1, webtest.Evaluator1)
		if !strings.Contains(ce.Get(webtest.ProgramOfficer, "/calls/"+ce.call+"/assignments").Body.String(), "evaluator_1") {
			t.Fatal("the officer's table should name evaluator_1 (the check below would prove nothing)")
		}
		a1 := itoa(ce.a1)
		for _, path := range []string{"/home", "/applications", "/applications/" + a1, "/api/v1/applications/" + a1, "/reviews",
			"/calls/" + ce.call + "/assignments", "/api/v1/calls/" + ce.call + "/committee", "/applications/" + a1 + "/receipt"} {
			if body := ce.Get(webtest.ApplicantA, path).Body.String(); strings.Contains(body, "evaluator_1") || strings.Contains(body, "evaluator_2") {
				t.Errorf("applicant A sees an evaluator's name on %s", path)
			}
		}
	})
}
