package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The officer asks (page), the application waits; the applicant may change
// the budget but not the summary (422, translated); its answers return the
// application to submitted with a new version; officer and A see the
// history, B gets 404 and A never sees B's canary.
func TestInfoRequestPagesFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		ae.useSQ(t, webtest.ApplicantA)
		ae.useSQ(t, webtest.ApplicantB)
		id := ae.submittedFor(t, webtest.ApplicantA, validBody(t))
		bBody := validBody(t)
		bBody["title"] = "Projekt " + webtest.Canary
		idB := ae.submittedFor(t, webtest.ApplicantB, bBody)
		rfi := "/applications/" + id + "/info-requests"

		bad := url.Values{"questions[0].text": {""}, "questions[0].sections": {"budget"}, "due_at": {"2020-01-01"}}
		rec := ae.Post(webtest.ProgramOfficer, rfi, bad)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `value="budget" checked`) {
			t.Fatalf("bad ask: %d", rec.Code)
		}
		ask := url.Values{"questions[0].text": {"Sqaroni linjën e pajisjeve"}, "questions[0].sections": {"budget"}}
		if rec := ae.Post(webtest.ProgramOfficer, rfi, ask); rec.Code != 303 {
			t.Fatalf("ask: %d %s", rec.Code, rec.Body)
		}
		for _, p := range []webtest.Principal{webtest.ProgramOfficer, webtest.ApplicantA} {
			if body := ae.Get(p, rfi).Body.String(); !strings.Contains(body, "Sqaroni linjën e pajisjeve") {
				t.Errorf("%s does not see the question", p)
			}
		}
		// The request is also a notice in the portal linking to this page.
		if n := ae.Count(`SELECT COUNT(*) FROM notifications WHERE user_id = ? AND event = 'application.info' AND link = ?`,
			ae.Users[webtest.ApplicantA].ID, rfi); n != 1 {
			t.Errorf("%d notices of the request for information linking to %s, want 1", n, rfi)
		}

		api := "/api/v1/applications/" + id
		changed := validBody(t)
		changed["title"] = "Titull tjetër"
		rec = ae.api(webtest.ApplicantA, "PUT", api, changed)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "Ky seksion nuk mund të ndryshohet") || !strings.Contains(rec.Body.String(), `"field":"summary"`) {
			t.Fatalf("summary change: %d %s", rec.Code, rec.Body)
		}
		changed = validBody(t)
		changed["budget"].([]any)[1].(map[string]any)["description"] = "Ashensor për karrocat"
		if rec := ae.api(webtest.ApplicantA, "PUT", api, changed); rec.Code != 200 {
			t.Fatalf("budget change: %d %s", rec.Code, rec.Body)
		}

		var hist struct {
			Items []struct {
				Questions []struct{ ID int64 }
				Version   int
			}
		}
		_ = json.Unmarshal(ae.Get(webtest.ApplicantA, api+"/info-requests").Body.Bytes(), &hist)
		if len(hist.Items) != 1 || len(hist.Items[0].Questions) != 1 {
			t.Fatalf("history %+v", hist)
		}
		qid := itoa(hist.Items[0].Questions[0].ID)
		rec = ae.Post(webtest.ApplicantA, rfi+"/answer", url.Values{})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "Përgjigjuni kësaj pyetjeje") {
			t.Fatalf("empty answer: %d", rec.Code)
		}
		if rec := ae.Post(webtest.ApplicantA, rfi+"/answer", url.Values{"answers[" + qid + "]": {"Është ashensor."}}); rec.Code != 303 {
			t.Fatalf("answer: %d %s", rec.Code, rec.Body)
		}
		var a struct{ Status string }
		_ = json.Unmarshal(ae.Get(webtest.ApplicantA, api).Body.Bytes(), &a)
		_ = json.Unmarshal(ae.Get(webtest.ProgramOfficer, api+"/info-requests").Body.Bytes(), &hist)
		if a.Status != "submitted" || hist.Items[0].Version != 2 {
			t.Errorf("after answers: %s, version %d", a.Status, hist.Items[0].Version)
		}
		var snaps int
		_ = db.Get(t.Context(), d, &snaps, `SELECT COUNT(*) FROM application_snapshots WHERE application_id = ?`, id)
		if snaps != 1 {
			t.Errorf("%d submission snapshots", snaps)
		}

		for _, path := range []string{rfi, api + "/info-requests", "/applications/" + id + "/screening", api + "/screening"} {
			if rec := ae.Get(webtest.ApplicantB, path); rec.Code != 404 {
				t.Errorf("B %s: %d", path, rec.Code)
			}
		}
		for path, want := range map[string]int{"/applications/" + idB + "/info-requests": 404, "/api/v1/applications/" + idB + "/info-requests": 404,
			"/applications/" + idB + "/screening": 404, "/api/v1/applications/" + idB + "/screening": 404, rfi: 200, api + "/info-requests": 200} {
			rec := ae.Get(webtest.ApplicantA, path)
			if strings.Contains(rec.Body.String(), webtest.Canary) {
				t.Errorf("A sees B's canary on %s", path)
			}
			if rec.Code != want {
				t.Errorf("A %s: %d, want %d", path, rec.Code, want)
			}
		}
	})
}
