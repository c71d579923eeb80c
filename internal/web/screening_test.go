package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/web/webtest"
)

// submittedFor creates, fills and submits an application of p's
// organisation through the API and returns its id.
func (ae *appEnv) submittedFor(t *testing.T, p webtest.Principal, body map[string]any) string {
	t.Helper()
	id := itoa(ae.draftFor(t, p, body))
	if rec := ae.api(p, "POST", "/api/v1/applications/"+id+"/submit", nil); rec.Code != 200 {
		t.Fatalf("submit as %s: %d %s", p, rec.Code, rec.Body)
	}
	return id
}

// Every screening route for every principal: officers check, the
// applicant organisation reads and answers, nobody else gets anything.
// Writes carry bodies the domain refuses (422), so the matrix changes
// nothing; the flows below test success.
func TestScreeningMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		ae.useSQ(t, webtest.ApplicantA)
		id := ae.submittedFor(t, webtest.ApplicantA, validBody(t))
		readers := func(anon int) map[webtest.Principal]int {
			return map[webtest.Principal]int{webtest.Anon: anon, webtest.Admin: 200, webtest.ProgramOfficer: 200,
				webtest.FinanceOfficer: 200, webtest.ApplicantA: 200}
		}
		officers := func(anon, status int) map[webtest.Principal]int {
			return map[webtest.Principal]int{webtest.Anon: anon, webtest.Admin: status, webtest.ProgramOfficer: status}
		}
		answerers := func(anon int) map[webtest.Principal]int {
			return map[webtest.Principal]int{webtest.Anon: anon, webtest.ApplicantA: 409, webtest.ApplicantB: 404}
		}
		form := func(kv ...string) url.Values {
			v := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				v.Add(kv[i], kv[i+1])
			}
			return v
		}
		base, api := "/applications/"+id, "/api/v1/applications/"+id
		ae.CheckMatrix(t, []webtest.Case{
			{Name: "screening page", Req: webtest.Request{Path: base + "/screening"}, Default: 404, Want: readers(303)},
			{Name: "save screening", Req: webtest.Request{Method: "POST", Path: base + "/screening", Form: form("action", "ineligible")},
				Default: 403, Want: officers(401, 422)},
			{Name: "add point", Req: webtest.Request{Method: "POST", Path: base + "/screening/points", Form: form("label_sq", "")},
				Default: 403, Want: officers(401, 422)},
			{Name: "requests page", Req: webtest.Request{Path: base + "/info-requests"}, Default: 404, Want: readers(303)},
			{Name: "ask", Req: webtest.Request{Method: "POST", Path: base + "/info-requests", Form: form("due_at", "x")},
				Default: 403, Want: officers(401, 422)},
			{Name: "answer", Req: webtest.Request{Method: "POST", Path: base + "/info-requests/answer", Form: form()},
				Default: 403, Want: answerers(401)},
			{Name: "api screening", Req: webtest.Request{Path: api + "/screening"}, Default: 404, Want: readers(401)},
			{Name: "api record", Req: webtest.Request{Method: "PUT", Path: api + "/screening", JSON: `{"points":[{"code":"documents","result":"failed"}]}`},
				Default: 403, Want: officers(401, 422)},
			{Name: "api decision", Req: webtest.Request{Method: "POST", Path: api + "/decision", JSON: `{"eligible":false}`},
				Default: 403, Want: officers(401, 422)},
			{Name: "api requests", Req: webtest.Request{Path: api + "/info-requests"}, Default: 404, Want: readers(401)},
			{Name: "api ask", Req: webtest.Request{Method: "POST", Path: api + "/info-requests", JSON: `{"questions":[]}`},
				Default: 403, Want: officers(401, 422)},
			{Name: "api answer", Req: webtest.Request{Method: "POST", Path: api + "/info-requests/answer", JSON: `{"answers":[]}`},
				Default: 403, Want: answerers(401)},
		})
		if rec := ae.Get(webtest.ApplicantA, api); !strings.Contains(rec.Body.String(), `"status":"submitted"`) {
			t.Errorf("the matrix changed the application: %s", rec.Body)
		}
	})
}

// The officer's page pre-fills suggestions; deciding ineligible without a
// failed point is a 422 that keeps what was typed; with one, the applicant
// is told in its language and sees the reasons; an applicant posting
// status=eligible changes nothing.
func TestScreeningPagesAndDecision(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		ae.useSQ(t, webtest.ApplicantA)
		id := ae.submittedFor(t, webtest.ApplicantA, validBody(t))
		path := "/applications/" + id + "/screening"
		page := ae.Get(webtest.ProgramOfficer, path).Body.String()
		if !strings.Contains(page, `id="f-point-on-time-passed" name="points[on_time].result" value="passed" checked`) {
			t.Errorf("on_time not pre-selected as passed")
		}
		f := url.Values{"action": {"ineligible"}, "points[documents].result": {"passed"}, "points[on_time].reason": {"kept text"}}
		rec := ae.Post(webtest.ProgramOfficer, path, f)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "at least one failed point") || !strings.Contains(rec.Body.String(), "kept text") {
			t.Fatalf("ineligible without failed point: %d", rec.Code)
		}
		f = url.Values{"action": {"ineligible"}, "points[documents].result": {"failed"}, "points[documents].reason": {"Statuti mungon"}}
		if rec := ae.Post(webtest.ProgramOfficer, path, f); rec.Code != 303 {
			t.Fatalf("decide: %d %s", rec.Code, rec.Body)
		}
		mails, _ := notify.Pending(t.Context(), d, ae.Users[webtest.ApplicantA].Email)
		last := mails[len(mails)-1]
		if !strings.Contains(last.Subject, "nuk është i pranueshëm") || !strings.Contains(last.Body, "Dokumentet e kërkuara të plota: Statuti mungon") {
			t.Errorf("decision mail not in Albanian with reasons: %s\n%s", last.Subject, last.Body)
		}
		body := ae.Get(webtest.ApplicantA, path).Body.String()
		if !strings.Contains(body, "Statuti mungon") || strings.Contains(body, `name="points[`) {
			t.Errorf("applicant's view: reasons missing or the form shown")
		}
		// Mass assignment: the applicant cannot decide, and extra fields on
		// its own routes change nothing.
		ae.Post(webtest.ApplicantA, path, url.Values{"action": {"eligible"}, "status": {"eligible"}})
		ae.Post(webtest.ApplicantA, "/applications/"+id+"/info-requests/answer", url.Values{"status": {"eligible"}})
		var a struct{ Status string }
		_ = json.Unmarshal(ae.Get(webtest.ApplicantA, "/api/v1/applications/"+id).Body.Bytes(), &a)
		if a.Status != "ineligible" {
			t.Errorf("status %s after the applicant's posts", a.Status)
		}
	})
}
