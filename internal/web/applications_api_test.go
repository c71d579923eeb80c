package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The role x route matrix of the applications API.
func TestApplicationAPIMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		ae.useSQ(t, webtest.ApplicantA)
		idA := itoa(ae.draftFor(t, webtest.ApplicantA, validBody(t)))
		idS := ae.draftFor(t, webtest.ApplicantA, validBody(t))
		markSubmitted(t, d, idS)
		viewers := map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 200, webtest.ProgramOfficer: 200,
			webtest.FinanceOfficer: 200, webtest.ApplicantA: 200, webtest.ApplicantB: 404, webtest.Evaluator1: 404,
			webtest.Evaluator2: 404, webtest.DonorOfficer: 404}
		// A draft (idA) is its organisation's alone; staff read idS, submitted.
		draftViewers := map[webtest.Principal]int{webtest.Anon: 401, webtest.ApplicantA: 200, webtest.ApplicantB: 404}
		onlyA := func(status int) map[webtest.Principal]int {
			return map[webtest.Principal]int{webtest.Anon: 401, webtest.ApplicantA: status, webtest.ApplicantB: 404}
		}
		body := jsonOf(t, validBody(t))
		newBody := jsonOf(t, map[string]any{"call_id": ae.fx.Call.ID, "lot_id": ae.fx.Lots[1].ID})
		e := ae.Env
		e.CheckMatrix(t, []webtest.Case{
			{Name: "list", Req: webtest.Request{Path: "/api/v1/applications?call=" + itoa(ae.fx.Call.ID)}, Default: 200,
				Want: map[webtest.Principal]int{webtest.Anon: 401}},
			{Name: "get draft", Req: webtest.Request{Path: "/api/v1/applications/" + idA}, Default: 404, Want: draftViewers},
			{Name: "check draft", Req: webtest.Request{Path: "/api/v1/applications/" + idA + "/check"}, Default: 404, Want: draftViewers},
			{Name: "get", Req: webtest.Request{Path: "/api/v1/applications/" + itoa(idS)}, Want: viewers},
			{Name: "check", Req: webtest.Request{Path: "/api/v1/applications/" + itoa(idS) + "/check"}, Want: viewers},
			{Name: "update", Req: webtest.Request{Method: "PUT", Path: "/api/v1/applications/" + idA, JSON: body}, Default: 403, Want: onlyA(200)},
			{Name: "create", Req: webtest.Request{Method: "POST", Path: "/api/v1/applications", JSON: newBody}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.ApplicantA: 201, webtest.ApplicantB: 201}},
			{Name: "submit", Req: webtest.Request{Method: "POST", Path: "/api/v1/applications/" + idA + "/submit"}, Default: 403, Want: onlyA(200)},
			{Name: "withdraw", Req: webtest.Request{Method: "POST", Path: "/api/v1/applications/" + idA + "/withdraw", JSON: `{"reason":"x"}`},
				Default: 403, Want: onlyA(200)},
		})
	})
}

// Applicant A gets 404 for every route on B's application, never sees B's
// rows in a list, and no response to A carries B's canary.
func TestApplicationTenantIsolation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		ae.useSQ(t, webtest.ApplicantB)
		ae.useSQ(t, webtest.ApplicantA)
		b := validBody(t)
		b["title"], b["summary"] = "Projekt "+webtest.Canary, webtest.Canary
		idB := itoa(ae.draftFor(t, webtest.ApplicantB, b))
		ae.draftFor(t, webtest.ApplicantA, validBody(t))
		var bodies []string
		for _, r := range []webtest.Request{
			{Path: "/api/v1/applications/" + idB},
			{Path: "/api/v1/applications/" + idB + "/check"},
			{Method: "PUT", Path: "/api/v1/applications/" + idB, JSON: jsonOf(t, validBody(t))},
			{Method: "POST", Path: "/api/v1/applications/" + idB + "/submit"},
			{Method: "POST", Path: "/api/v1/applications/" + idB + "/withdraw"},
		} {
			rec := ae.Do(webtest.ApplicantA, r)
			if rec.Code != http.StatusNotFound {
				t.Errorf("A: %s %s = %d, want 404", r.Method, r.Path, rec.Code)
			}
			bodies = append(bodies, rec.Body.String())
		}
		for _, q := range []string{"", "?q=canary", "?q=" + webtest.Canary, "?status=draft", "?call=" + itoa(ae.fx.Call.ID)} {
			rec := ae.Get(webtest.ApplicantA, "/api/v1/applications"+q)
			var p struct{ Total int }
			_ = json.Unmarshal(rec.Body.Bytes(), &p)
			if rec.Code != 200 || p.Total > 1 {
				t.Errorf("A's list%s: %d total %d", q, rec.Code, p.Total)
			}
			bodies = append(bodies, rec.Body.String())
		}
		for _, body := range bodies {
			if strings.Contains(body, webtest.Canary) {
				t.Fatalf("the canary reached applicant A: %s", body)
			}
		}
		if got := ae.Get(webtest.ApplicantB, "/api/v1/applications/"+idB).Body.String(); !strings.Contains(got, webtest.Canary) {
			t.Error("B does not see its own application: the test proves nothing")
		}
		if got := ae.Get(webtest.ProgramOfficer, "/api/v1/applications").Body.String(); strings.Contains(got, webtest.Canary) {
			t.Error("the officer's list shows B's draft")
		}
		markSubmitted(t, d, mustID(t, idB))
		if got := ae.Get(webtest.ProgramOfficer, "/api/v1/applications").Body.String(); !strings.Contains(got, webtest.Canary) {
			t.Error("the officer's list lacks B's application")
		}
	})
}

// Bad input gets 422 with the field's path and a translated message, and
// the saved draft stays as it was.
func TestApplicationBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		ae.useSQ(t, webtest.ApplicantA)
		id := itoa(ae.draftFor(t, webtest.ApplicantA, validBody(t)))
		saved := ae.Get(webtest.ApplicantA, "/api/v1/applications/"+id).Body.String()
		line := func(i int, kv ...any) func(m map[string]any) {
			return func(m map[string]any) {
				l := m["budget"].([]any)[i].(map[string]any)
				for j := 0; j+1 < len(kv); j += 2 {
					l[kv[j].(string)] = kv[j+1]
				}
			}
		}
		cases := []struct {
			name, field string
			edit        func(m map[string]any)
		}{
			{"letters", "budget[1].unit_rate", line(1, "unit_rate", map[string]any{"amount_minor": "12a", "currency": "EUR"})},
			{"a fraction of a cent", "budget[0].unit_rate", line(0, "unit_rate", map[string]any{"amount_minor": 1234.5, "currency": "EUR"})},
			{"negative", "budget[0].units", line(0, "units", "-12")},
			{"overflow", "budget[0].unit_rate", line(0, "units", "9999999999", "unit_rate", eur(999999999900), "requested", nil, "cofinancing", nil)},
			{"indirect at 8 %", "budget[2].unit_rate", line(2, "unit_rate", eur(149533), "requested", nil, "cofinancing", eur(14953))},
			{"donor share over the maximum", "budget", line(0, "requested", eur(1100000), "cofinancing", eur(100000))},
			{"lot over budget", "budget", line(0, "units", "150", "requested", nil, "cofinancing", eur(1500000))},
			{"unknown municipality", "municipalities[0]", func(m map[string]any) { m["municipalities"] = []string{"XK-NOWHERE"} }},
		}
		for _, tc := range cases {
			m := validBody(t)
			tc.edit(m)
			rec := ae.api(webtest.ApplicantA, "PUT", "/api/v1/applications/"+id, m)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d %s", tc.name, rec.Code, rec.Body)
				continue
			}
			p := decodeProblem(t, rec.Body.Bytes(), rec.Header().Get("Content-Type"))
			found := false
			for _, fe := range p.Errors {
				if fe.Field == tc.field && fe.Message != "" && !strings.HasPrefix(fe.Message, "[") {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: errors %+v, want one on %s", tc.name, p.Errors, tc.field)
			}
		}
		for name, raw := range map[string]string{
			"status field":       `{"title":"x","status":"eligible"}`,
			"organisation field": `{"title":"x","organisation_id":99}`,
			"awarded field":      `{"title":"x","amount_awarded":"1000"}`,
			"not JSON":           `{"title":`,
		} {
			if rec := ae.Do(webtest.ApplicantA, webtest.Request{Method: "PUT", Path: "/api/v1/applications/" + id, JSON: raw}); rec.Code != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", name, rec.Code)
			}
		}
		if now := ae.Get(webtest.ApplicantA, "/api/v1/applications/"+id).Body.String(); now != saved {
			t.Errorf("refused updates changed the draft:\nbefore %s\nafter  %s", saved, now)
		}
	})
}

// After the deadline by the server clock, submission is refused with the
// deadline in the call's time zone; before it, references are gap-free
// under concurrent submissions.
func TestApplicationSubmitDeadlineAndConcurrency(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		closes := time.Now().UTC().Add(10 * time.Minute).Truncate(time.Minute) // within the session idle timeout
		belgrade, _ := time.LoadLocation("Europe/Belgrade")
		local := closes.In(belgrade).Format("15:04")
		ae := newAppEnv(t, d, apptest.Spec{Closes: closes, LotBudgets: []int64{100000000}})
		ae.useSQ(t, webtest.ApplicantA)
		ids := make([]string, 10)
		for i := range ids {
			ids[i] = itoa(ae.draftFor(t, webtest.ApplicantA, validBody(t)))
		}
		ae.now = closes
		rec := ae.api(webtest.ApplicantA, "POST", "/api/v1/applications/"+ids[0]+"/submit", nil)
		p := decodeProblem(t, rec.Body.Bytes(), rec.Header().Get("Content-Type"))
		if rec.Code != http.StatusConflict || !strings.Contains(p.Detail, local) || !strings.Contains(p.Detail, "Afati") {
			t.Fatalf("after the deadline: %d %+v", rec.Code, p)
		}
		ae.now = closes.Add(-time.Minute)
		var wg sync.WaitGroup
		refs := make(chan string, len(ids))
		for _, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := ae.api(webtest.ApplicantA, "POST", "/api/v1/applications/"+id+"/submit", nil)
				var rc struct{ Reference, Status, SHA256 string }
				_ = json.Unmarshal(r.Body.Bytes(), &rc)
				if r.Code != 200 || rc.Status != "submitted" || len(rc.SHA256) != 64 {
					t.Errorf("submit %s: %d %s", id, r.Code, r.Body)
				}
				refs <- rc.Reference
			}()
		}
		wg.Wait()
		close(refs)
		seen := map[string]bool{}
		for r := range refs {
			seen[r] = true
		}
		for i := 1; i <= len(ids); i++ {
			if ref := "CFP-2026-01-00" + map[bool]string{true: "", false: "0"}[i >= 10] + itoa(int64(i)); !seen[ref] {
				t.Errorf("reference %s missing from %v", ref, seen)
			}
		}
		if r := ae.api(webtest.ApplicantA, "PUT", "/api/v1/applications/"+ids[0], validBody(t)); r.Code != http.StatusConflict {
			t.Errorf("edit after submission: %d", r.Code)
		}
	})
}
