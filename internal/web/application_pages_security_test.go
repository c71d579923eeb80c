package web_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// submitAPI submits a draft through the API.
func (ae *appEnv) submitAPI(t *testing.T, p webtest.Principal, id string) {
	t.Helper()
	if rec := ae.api(p, "POST", "/api/v1/applications/"+id+"/submit", nil); rec.Code != 200 {
		t.Fatalf("submit %s as %s: %d %s", id, p, rec.Code, rec.Body)
	}
}

// The role x route matrix of the application pages.
func TestApplicationPagesMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		ae.useSQ(t, webtest.ApplicantA)
		idA := itoa(ae.draftFor(t, webtest.ApplicantA, validBody(t)))
		idS := itoa(ae.draftFor(t, webtest.ApplicantA, validBody(t)))
		ae.submitAPI(t, webtest.ApplicantA, idS)
		callID := itoa(ae.fx.Call.ID)
		viewers := map[webtest.Principal]int{webtest.Anon: 303, webtest.Admin: 200, webtest.ProgramOfficer: 200,
			webtest.FinanceOfficer: 200, webtest.ApplicantA: 200, webtest.ApplicantB: 404, webtest.Evaluator1: 404,
			webtest.Evaluator2: 404, webtest.DonorOfficer: 404}
		// A draft is its organisation's alone: staff and the donor officer
		// reach it once it is submitted (idS), not before (idA).
		draftViewers := map[webtest.Principal]int{webtest.Anon: 303, webtest.ApplicantA: 200, webtest.ApplicantB: 404,
			webtest.Evaluator1: 404, webtest.Evaluator2: 404}
		onlyA := func(anon, a int) map[webtest.Principal]int {
			return map[webtest.Principal]int{webtest.Anon: anon, webtest.ApplicantA: a, webtest.ApplicantB: 404}
		}
		staff := map[webtest.Principal]int{webtest.Anon: 303, webtest.Admin: 200, webtest.ProgramOfficer: 200,
			webtest.FinanceOfficer: 200, webtest.DonorOfficer: 200} // a published call: the donor officer sees it, its rows are scoped
		post := func(path string, f url.Values) webtest.Request {
			return webtest.Request{Method: "POST", Path: path, Form: f}
		}
		ae.CheckMatrix(t, []webtest.Case{
			{Name: "mine", Req: webtest.Request{Path: "/applications"}, Default: 200, Want: map[webtest.Principal]int{webtest.Anon: 303}},
			{Name: "view draft", Req: webtest.Request{Path: "/applications/" + idA}, Default: 404, Want: draftViewers},
			{Name: "view", Req: webtest.Request{Path: "/applications/" + idS}, Want: viewers},
			{Name: "edit", Req: webtest.Request{Path: "/applications/" + idA + "/edit/budget"}, Default: 403, Want: onlyA(303, 200)},
			{Name: "save", Req: post("/applications/"+idA+"/edit/summary", url.Values{"title": {"T"}, "duration_months": {"12"},
				"start_month": {"2026-09"}, "summary": {"S"}}), Default: 403, Want: onlyA(401, 303)},
			{Name: "budget.xlsx draft", Req: webtest.Request{Path: "/applications/" + idA + "/budget.xlsx"}, Default: 404, Want: draftViewers},
			{Name: "budget.xlsx", Req: webtest.Request{Path: "/applications/" + idS + "/budget.xlsx"}, Want: viewers},
			{Name: "budget upload", Req: post("/applications/"+idA+"/budget.xlsx", url.Values{}), Default: 403, Want: onlyA(401, 422)},
			{Name: "check draft", Req: webtest.Request{Path: "/applications/" + idA + "/check"}, Default: 404, Want: draftViewers},
			{Name: "check", Req: webtest.Request{Path: "/applications/" + idS + "/check"}, Want: viewers},
			{Name: "receipt", Req: webtest.Request{Path: "/applications/" + idS + "/receipt"}, Want: viewers},
			{Name: "receipt.pdf", Req: webtest.Request{Path: "/applications/" + idS + "/receipt.pdf"}, Want: viewers},
			{Name: "withdraw form", Req: webtest.Request{Path: "/applications/" + idS + "/withdraw"}, Default: 403, Want: onlyA(303, 200)},
			{Name: "by call", Req: webtest.Request{Path: "/calls/" + callID + "/applications"}, Default: 403, Want: staff},
			{Name: "csv", Req: webtest.Request{Path: "/calls/" + callID + "/applications.csv"}, Default: 403, Want: staff},
			{Name: "apply", Req: post("/calls/"+callID+"/apply", url.Values{"lot_id": {itoa(ae.fx.Lots[1].ID)}}), Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.ApplicantA: 303, webtest.ApplicantB: 303}},
			{Name: "submit", Req: post("/applications/"+idA+"/submit", url.Values{}), Default: 403, Want: onlyA(401, 303)},
			{Name: "withdraw", Req: post("/applications/"+idS+"/withdraw", url.Values{"reason": {"x"}}), Default: 403, Want: onlyA(401, 303)},
		})
	})
}

// Applicant A gets 404 for every page, the PDF and every form of B's
// application, and nothing A sees carries B's canary.
func TestApplicationPagesTenantIsolation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		ae.useSQ(t, webtest.ApplicantA)
		ae.useSQ(t, webtest.ApplicantB)
		b := validBody(t)
		b["title"], b["summary"] = "Projekt "+webtest.Canary, webtest.Canary
		idB := itoa(ae.draftFor(t, webtest.ApplicantB, b))
		ae.submitAPI(t, webtest.ApplicantB, idB)
		idA := itoa(ae.draftFor(t, webtest.ApplicantA, validBody(t)))
		var bodies []string
		for _, r := range []webtest.Request{
			{Path: "/applications/" + idB}, {Path: "/applications/" + idB + "/edit/summary"}, {Path: "/applications/" + idB + "/check"},
			{Path: "/applications/" + idB + "/receipt"}, {Path: "/applications/" + idB + "/receipt.pdf"},
			{Path: "/applications/" + idB + "/withdraw"}, {Path: "/applications/" + idB + "/budget.xlsx"},
			{Method: "POST", Path: "/applications/" + idB + "/budget.xlsx", Form: url.Values{}},
			{Method: "POST", Path: "/applications/" + idB + "/edit/summary", Form: url.Values{"title": {"x"}}},
			{Method: "POST", Path: "/applications/" + idB + "/submit", Form: url.Values{}},
			{Method: "POST", Path: "/applications/" + idB + "/withdraw", Form: url.Values{}},
		} {
			rec := ae.Do(webtest.ApplicantA, r)
			if rec.Code != http.StatusNotFound {
				t.Errorf("A: %s %s = %d, want 404", r.Method, r.Path, rec.Code)
			}
			bodies = append(bodies, rec.Body.String())
		}
		for _, path := range []string{"/applications", "/applications?q=" + webtest.Canary, "/applications/" + idA,
			"/applications/" + idA + "/check", "/applications/" + idA + "/edit/partners", "/home",
			"/calls/" + itoa(ae.fx.Call.ID) + "/applications", "/calls/" + itoa(ae.fx.Call.ID) + "/applications.csv"} {
			bodies = append(bodies, ae.Get(webtest.ApplicantA, path).Body.String())
		}
		ae.submitAPI(t, webtest.ApplicantA, idA)
		bodies = append(bodies, ae.Get(webtest.ApplicantA, "/applications/"+idA+"/receipt").Body.String())
		pdf := ae.Get(webtest.ApplicantA, "/applications/"+idA+"/receipt.pdf")
		bodies = append(bodies, pdf.Body.String(), pdfText(t, pdf.Body.Bytes()))
		for i, body := range bodies {
			if strings.Contains(body, webtest.Canary) {
				t.Errorf("response %d to A carries B's canary", i)
			}
		}
		if body := ae.Get(webtest.ProgramOfficer, "/calls/"+itoa(ae.fx.Call.ID)+"/applications").Body.String(); !strings.Contains(body, webtest.Canary) {
			t.Error("the officer's list should show B's application (the canary test would prove nothing)")
		}
	})
}

// The CSV export neutralises formulas, keeps money numeric with a dot and
// the currency apart, starts with a BOM and follows the list's filters.
func TestApplicationPagesCSV(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		ae.useSQ(t, webtest.ApplicantA)
		b := validBody(t)
		b["title"] = `=HYPERLINK("http://evil.example","klik")`
		ae.submitAPI(t, webtest.ApplicantA, itoa(ae.draftFor(t, webtest.ApplicantA, b)))
		b["title"] = "Qendër ditore për të moshuarit në Gjakovë"
		ae.submitAPI(t, webtest.ApplicantA, itoa(ae.draftFor(t, webtest.ApplicantA, b)))
		b["title"] = "Draft " + webtest.Canary // never submitted: neither listed nor exported
		ae.draftFor(t, webtest.ApplicantA, b)
		list := ae.Get(webtest.ProgramOfficer, "/calls/"+itoa(ae.fx.Call.ID)+"/applications").Body.String()
		if strings.Contains(list, webtest.Canary) || !strings.Contains(list, `id="drafts-count"`) {
			t.Errorf("the officer's list shows the draft, or not its count")
		}
		path := "/calls/" + itoa(ae.fx.Call.ID) + "/applications.csv"
		if strings.Contains(ae.Get(webtest.DonorOfficer, path).Body.String(), webtest.Canary) {
			t.Error("the donor's CSV carries the draft")
		}
		rec := ae.Get(webtest.ProgramOfficer, path)
		if strings.Contains(rec.Body.String(), webtest.Canary) {
			t.Error("the officer's CSV carries the draft")
		}
		if rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), "\ufeff") {
			t.Fatalf("csv: %d, BOM %v", rec.Code, strings.HasPrefix(rec.Body.String(), "\ufeff"))
		}
		if cd := rec.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
			t.Errorf("Content-Disposition %q", cd)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff"))).ReadAll()
		if err != nil || len(rows) != 3 {
			t.Fatalf("csv rows %d: %v", len(rows), err)
		}
		titles := map[string][]string{}
		for _, r := range rows[1:] {
			titles[r[1]] = r
		}
		evil, ok := titles[`'=HYPERLINK("http://evil.example","klik")`]
		if !ok {
			t.Fatalf("formula not neutralised: %v", rows)
		}
		if got := evil[6:]; got[0] != "20000.00" || got[1] != "18000.00" || got[2] != "2000.00" || got[3] != "EUR" {
			t.Errorf("money columns %v, want 20000.00 18000.00 2000.00 EUR", got)
		}
		if _, ok := titles["Qendër ditore për të moshuarit në Gjakovë"]; !ok {
			t.Errorf("Albanian letters lost: %v", rows)
		}
		rec = ae.Get(webtest.ProgramOfficer, path+"?q=gjakov")
		if rows, _ := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff"))).ReadAll(); len(rows) != 2 {
			t.Errorf("filtered csv has %d rows, want header + 1", len(rows))
		}
		if rec := ae.Get(webtest.ProgramOfficer, path+"?sort=evil"); rec.Code != http.StatusBadRequest {
			t.Errorf("unknown sort: %d, want 400", rec.Code)
		}
	})
}

// A title with a script renders escaped on every page that shows it.
func TestApplicationPagesXSS(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		ae.useSQ(t, webtest.ApplicantA)
		b := validBody(t)
		xss := `<script>alert("x")</script>`
		b["title"], b["summary"] = xss, xss
		id := itoa(ae.draftFor(t, webtest.ApplicantA, b))
		pages := []struct {
			p    webtest.Principal
			path string
		}{{webtest.ApplicantA, "/applications"}, {webtest.ApplicantA, "/applications/" + id},
			{webtest.ApplicantA, "/applications/" + id + "/edit/summary"}, {webtest.ApplicantA, "/applications/" + id + "/check"},
			{webtest.ApplicantA, "/applications/" + id + "/withdraw"}}
		check := func(p webtest.Principal, path string) {
			body := ae.Get(p, path).Body.String()
			if strings.Contains(body, xss) || !strings.Contains(body, "&lt;script&gt;") {
				t.Errorf("%s: title not escaped", path)
			}
		}
		for _, pg := range pages {
			check(pg.p, pg.path)
		}
		ae.submitAPI(t, webtest.ApplicantA, id)
		check(webtest.ApplicantA, "/applications/"+id+"/receipt")
		check(webtest.ProgramOfficer, "/calls/"+itoa(ae.fx.Call.ID)+"/applications") // listed once submitted
	})
}
