package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// grantFix writes the award a grant is made from directly with SQL: a
// programme of the test donor, a call, an approved committee session and
// an awarded application of orgID with a small budget.
func grantFix(t *testing.T, e *webtest.Env, orgID int64, ref string) int64 {
	t.Helper()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	ins := func(q string, args ...any) int64 {
		var id int64
		if err := e.DB.QueryRowxContext(t.Context(), e.DB.Rebind(q+" RETURNING id"), args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	var donorOrg int64
	if err := db.Get(t.Context(), e.DB, &donorOrg, `SELECT org_id FROM memberships WHERE user_id = ?`, e.Users[webtest.DonorOfficer].ID); err != nil {
		t.Fatal(err)
	}
	prog := ins(`INSERT INTO programmes (title, donor_org_id, donor_profile, currency, subgrant_budget_minor, third_party_cap_minor,
		starts_on, ends_on, created_at, updated_at) VALUES ('Kujdes ditor', ?, 'eu', 'EUR', 100000000, 6000000, '2026-01-01', '2028-12-31', ?, ?)`, donorOrg, now, now)
	call := ins(`INSERT INTO calls (programme_id, reference, title_sq, time_zone, created_at, updated_at) VALUES (?, ?, 'Thirrja', 'Europe/Belgrade', ?, ?)`, prog, ref, now, now)
	lot := ins(`INSERT INTO call_lots (call_id, position, name, budget_minor) VALUES (?, 1, 'Lot', 10000000)`, call)
	app := ins(`INSERT INTO applications (call_id, lot_id, org_id, stage, status, reference, title, duration_months, start_month, currency,
		total_minor, requested_minor, cofinancing_minor, created_at, updated_at) VALUES (?, ?, ?, 'full', 'awarded', ?, 'Qendër ditore', 12, '2026-04', 'EUR',
		2000000, 1800000, 200000, ?, ?)`, call, lot, orgID, ref+"-001", now, now)
	for i, l := range [][3]any{{"1", 1500000, 1350000}, {"3", 500000, 450000}} {
		e.Exec(`INSERT INTO application_budget_lines (application_id, position, heading, description, unit, units_x100, unit_rate_minor,
			total_minor, requested_minor, cofinancing_minor) VALUES (?, ?, ?, 'Rreshti', 'copë', 100, ?, ?, ?, ?)`,
			app, i+1, l[0], l[1], l[1], l[2], l[1].(int)-l[2].(int))
	}
	sess := ins(`INSERT INTO committee_sessions (call_id, stage, held_on, status, created_at, approved_at) VALUES (?, 'full', '2026-02-20', 'approved', ?, ?)`, call, now, now)
	e.Exec(`INSERT INTO award_decisions (session_id, application_id, lot_id, org_id, rank, final_x100, fundable, decision, currency,
		requested_minor, amount_minor) VALUES (?, ?, ?, ?, 1, 8000, TRUE, 'award', 'EUR', 1800000, 1800000)`, sess, app, lot, orgID)
	e.Exec(`INSERT INTO organisation_profiles (org_id, iban, verified_at, updated_at) VALUES (?, 'XK051212012345678906', ?, ?)
		ON CONFLICT (org_id) DO UPDATE SET iban = 'XK051212012345678906', verified_at = ?`, orgID, now, now, now)
	return app
}

func grantIDOf(t *testing.T, e *webtest.Env, appID int64) int64 {
	t.Helper()
	var id int64
	if err := db.Get(t.Context(), e.DB, &id, `SELECT id FROM grants WHERE application_id = ?`, appID); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestGrantLifecycleThroughPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		app := grantFix(t, e, e.OrgA.ID, "KD-2026")
		path := fmt.Sprintf("/applications/%d/grant", app)
		if rec := e.Post(webtest.ApplicantA, path, nil); rec.Code != http.StatusForbidden {
			t.Errorf("grantee creates its own grant: %d", rec.Code)
		}
		if b := e.Get(webtest.ProgramOfficer, "/grants").Body.String(); !strings.Contains(b, `action="/calls/`) || !strings.Contains(b, "KD-2026: 1") {
			t.Errorf("the officer's list does not offer the call's agreements")
		}
		appPage := fmt.Sprintf("/applications/%d", app)
		if b := e.Get(webtest.ProgramOfficer, appPage).Body.String(); !strings.Contains(b, `action="`+path+`"`) {
			t.Errorf("the awarded application offers no agreement: %s", b)
		}
		rec := e.Post(webtest.ProgramOfficer, path, nil)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("create: %d %s", rec.Code, rec.Body)
		}
		if b := e.Get(webtest.ApplicantA, appPage).Body.String(); !strings.Contains(b, "KD-2026-G-001") {
			t.Errorf("the application page does not link its grant")
		}
		id := grantIDOf(t, e, app)
		gp := fmt.Sprintf("/grants/%d", id)
		if loc := rec.Header().Get("Location"); loc != gp {
			t.Errorf("redirect to %s", loc)
		}
		if rec := e.Post(webtest.ProgramOfficer, path, nil); rec.Code != http.StatusConflict {
			t.Errorf("second creation: %d", rec.Code)
		}
		page := e.Get(webtest.ProgramOfficer, gp)
		if page.Code != 200 || !strings.Contains(page.Body.String(), "KD-2026-G-001") || !strings.Contains(page.Body.String(), `action="/grants/`+fmt.Sprint(id)+`/signing"`) {
			t.Fatalf("officer's page: %d", page.Code)
		}
		// signing without the scan: the errors beside their fields
		rec = e.Post(webtest.ProgramOfficer, gp+"/transition", url.Values{"action": {"sign"}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="f-scan-error"`) {
			t.Errorf("sign without scan: %d", rec.Code)
		}
		// a PNG renamed .pdf is refused by its content; a PDF with two dates is kept
		if rec := orgUpload(t, e, webtest.ProgramOfficer, gp+"/signing", map[string]string{"grantee_signed_on": "2026-02-25"}, "scan.pdf", pngDoc, false); rec.Code != http.StatusUnsupportedMediaType {
			t.Errorf("png as pdf: %d", rec.Code)
		}
		rec = orgUpload(t, e, webtest.ProgramOfficer, gp+"/signing", map[string]string{"grantee_signed_on": "2026-13-40", "org_signed_on": "2026-02-26"}, "scan.pdf", pdfDoc, false)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "2026-13-40") {
			t.Errorf("bad date: %d (the typed value kept?)", rec.Code)
		}
		rec = orgUpload(t, e, webtest.ProgramOfficer, gp+"/signing", map[string]string{"grantee_signed_on": "2026-02-25", "org_signed_on": "2026-02-26"}, "kontrata.pdf", pdfDoc, false)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("signing: %d %s", rec.Code, rec.Body)
		}
		if rec := e.Post(webtest.FinanceOfficer, gp+"/transition", url.Values{"action": {"sign"}}); rec.Code != http.StatusForbidden {
			t.Errorf("finance signs: %d", rec.Code)
		}
		if rec := e.Post(webtest.ProgramOfficer, gp+"/transition", url.Values{"action": {"sign"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("sign: %d %s", rec.Code, rec.Body)
		}
		if n := e.Count(`SELECT COUNT(*) FROM grant_tranches WHERE grant_id = ? AND status = 'due'`, id); n != 1 {
			t.Errorf("%d tranches due after signing", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_log WHERE object = 'grant' AND object_id = ? AND action = 'grant.sign'`, id); n != 1 {
			t.Errorf("%d sign audit rows", n)
		}
		// the server wires the reporting calendar into the signing transaction
		if n := e.Count(`SELECT COUNT(*) FROM grantee_reports WHERE grant_id = ? AND kind = 'final'`, id); n != 1 {
			t.Errorf("%d final reports due after signing, want the calendar's 1", n)
		}
		// the grantee's page offers the tranche that is due and lists the reports
		mine := e.Get(webtest.ApplicantA, gp).Body.String()
		if !strings.Contains(mine, `href="`+gp+`/payment-requests/new"`) || !strings.Contains(mine, `href="/grantee-reports/`) {
			t.Errorf("grantee's grant page offers no payment request or lists no report: %s", mine)
		}
		if staffPage := e.Get(webtest.ProgramOfficer, gp).Body.String(); strings.Contains(staffPage, "/payment-requests/new") {
			t.Errorf("staff are offered the grantee's payment request")
		}
		// the grantee's list and page
		list := e.Get(webtest.ApplicantA, "/grants").Body.String()
		if !strings.Contains(list, "KD-2026-G-001") || !strings.Contains(list, "Request the tranche that is due") {
			t.Errorf("grantee list: %s", list)
		}
		if rec := e.Get(webtest.ApplicantA, gp+"/signed.pdf"); rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), "%PDF") {
			t.Errorf("signed scan: %d", rec.Code)
		}
		// bank change by the grantee: an IBAN failing mod-97 is refused beside the field, the typed value kept
		rec = e.Post(webtest.ApplicantA, gp+"/amendments", url.Values{"kind": {"bank_account"}, "iban": {"AL47212110090000000235698742"}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="f-iban-error"`) || !strings.Contains(rec.Body.String(), "AL47212110090000000235698742") {
			t.Errorf("bad IBAN: %d", rec.Code)
		}
		if rec := e.Post(webtest.ApplicantA, gp+"/amendments", url.Values{"kind": {"bank_account"}, "iban": {"AL47 2121 1009 0000 0002 3569 8741"}, "bank_name": {"Banka"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("bank request: %d %s", rec.Code, rec.Body)
		}
		var amID int64
		_ = db.Get(t.Context(), d, &amID, `SELECT id FROM grant_amendments WHERE grant_id = ?`, id)
		decide := fmt.Sprintf("/grant-amendments/%d/decide", amID)
		if rec := e.Post(webtest.ApplicantA, decide, url.Values{"decision": {"approve"}}); rec.Code != http.StatusForbidden {
			t.Errorf("grantee approves: %d", rec.Code)
		}
		if rec := e.Post(webtest.ProgramOfficer, decide, url.Values{"decision": {"approve"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("approve: %d %s", rec.Code, rec.Body)
		}
		// suspending needs a reason, shown beside the suspend form only
		rec = e.Post(webtest.ProgramOfficer, gp+"/transition", url.Values{"action": {"suspend"}, "reason": {" "}})
		if rec.Code != http.StatusUnprocessableEntity || strings.Count(rec.Body.String(), `id="f-reason"`) != 1 {
			t.Errorf("suspend without reason: %d, %d error paragraphs", rec.Code, strings.Count(rec.Body.String(), `id="f-reason"`))
		}
		// the officer's list filtered by call after "create for the call"
		if b := e.Get(webtest.ProgramOfficer, fmt.Sprintf("/grants?call=%d", e.Count(`SELECT call_id FROM grants WHERE id = ?`, id))).Body.String(); !strings.Contains(b, "KD-2026-G-001") {
			t.Errorf("list by call lacks the grant")
		}
		// the API shows the new account and the schedule
		var g struct {
			AmountMinor int64  `json:"amount_minor"`
			PaidMinor   int64  `json:"paid_minor"`
			Currency    string `json:"currency"`
			Status      string `json:"status"`
			IBAN        string `json:"iban"`
			Version     int    `json:"version"`
			Schedule    []struct {
				AmountMinor int64  `json:"amount_minor"`
				DueOn       string `json:"due_on"`
				Status      string `json:"status"`
				Missing     string `json:"missing"`
			} `json:"schedule"`
		}
		rec = e.Get(webtest.ApplicantA, fmt.Sprintf("/api/v1/grants/%d", id))
		if err := json.Unmarshal(rec.Body.Bytes(), &g); err != nil {
			t.Fatal(rec.Code, rec.Body.String())
		}
		if g.AmountMinor != 1800000 || g.Currency != "EUR" || g.Status != "signed" || g.IBAN != "AL47212110090000000235698741" || g.Version != 2 ||
			len(g.Schedule) != 2 || g.Schedule[0].Status != "due" || g.Schedule[0].AmountMinor != 1440000 || g.Schedule[1].Missing != "final_report" {
			t.Errorf("api grant %+v", g)
		}
		// the agreement PDF in the grantee's language (the submitter's, else the first member's: en here)
		if rec := e.Get(webtest.DonorOfficer, gp+"/agreement.pdf"); rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), "%PDF") {
			t.Errorf("donor's pdf: %d", rec.Code)
		}
	})
}

// Applicant B never reaches A's grant: not its page, PDF, scan, JSON, nor lists.
func TestGrantCanary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		appB := grantFix(t, e, e.OrgB.ID, "KB-2026")
		if rec := e.Post(webtest.ProgramOfficer, fmt.Sprintf("/applications/%d/grant", appB), nil); rec.Code != http.StatusSeeOther {
			t.Fatal(rec.Code)
		}
		id := grantIDOf(t, e, appB)
		for _, p := range []string{"/grants/%d", "/grants/%d/agreement.pdf", "/grants/%d/signed.pdf", "/api/v1/grants/%d", "/api/v1/grants/%d/amendments"} {
			if rec := e.Get(webtest.ApplicantA, fmt.Sprintf(p, id)); rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), webtest.Canary) {
				t.Errorf("A reads %s: %d", fmt.Sprintf(p, id), rec.Code)
			}
		}
		for _, p := range []string{"/grants", "/api/v1/grants"} {
			rec := e.Get(webtest.ApplicantA, p)
			if rec.Code != 200 || strings.Contains(rec.Body.String(), webtest.Canary) || strings.Contains(rec.Body.String(), "KB-2026") {
				t.Errorf("A's %s shows B's grant: %d", p, rec.Code)
			}
		}
		if rec := e.Post(webtest.ApplicantA, fmt.Sprintf("/grants/%d/amendments", id), url.Values{"kind": {"bank_account"}, "iban": {"XK051212012345678906"}}); rec.Code != http.StatusNotFound {
			t.Errorf("A amends B's grant: %d", rec.Code)
		}
		if rec := e.Get(webtest.ApplicantB, fmt.Sprintf("/grants/%d", id)); rec.Code != 200 {
			t.Errorf("B's own grant: %d", rec.Code)
		}
	})
}

func TestGrantRouteMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		app := grantFix(t, e, e.OrgA.ID, "KM-2026")
		if rec := e.Post(webtest.ProgramOfficer, fmt.Sprintf("/applications/%d/grant", app), nil); rec.Code != http.StatusSeeOther {
			t.Fatal(rec.Code)
		}
		id := grantIDOf(t, e, app)
		gp := fmt.Sprintf("/grants/%d", id)
		var call int64
		_ = db.Get(t.Context(), d, &call, `SELECT call_id FROM grants WHERE id = ?`, id)
		anon := map[webtest.Principal]int{webtest.Anon: 303}
		with := func(m map[webtest.Principal]int, anonCode int) map[webtest.Principal]int {
			m[webtest.Anon] = anonCode
			return m
		}
		viewers := func(code int) map[webtest.Principal]int {
			return map[webtest.Principal]int{webtest.Anon: 303, webtest.Admin: code, webtest.ProgramOfficer: code, webtest.FinanceOfficer: code,
				webtest.DonorOfficer: code, webtest.ApplicantA: code, webtest.ApplicantB: 404}
		}
		_ = anon
		cases := []webtest.Case{
			{Name: "grants list", Req: webtest.Request{Path: "/grants"}, Default: 403, Want: with(map[webtest.Principal]int{webtest.Admin: 200, webtest.ProgramOfficer: 200,
				webtest.FinanceOfficer: 200, webtest.DonorOfficer: 200, webtest.ApplicantA: 200, webtest.ApplicantB: 200}, 303)},
			{Name: "grant page", Req: webtest.Request{Path: gp}, Default: 403, Want: viewers(200)},
			{Name: "agreement pdf", Req: webtest.Request{Path: gp + "/agreement.pdf"}, Default: 403, Want: viewers(200)},
			{Name: "signed scan (none yet)", Req: webtest.Request{Path: gp + "/signed.pdf"}, Default: 403, Want: viewers(404)},
			{Name: "create (exists)", Req: webtest.Request{Method: "POST", Path: fmt.Sprintf("/applications/%d/grant", app), Form: url.Values{}}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 409, webtest.ProgramOfficer: 409}},
			{Name: "create for call", Req: webtest.Request{Method: "POST", Path: fmt.Sprintf("/calls/%d/grants", call), Form: url.Values{}}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 303, webtest.ProgramOfficer: 303}},
			{Name: "draft (invalid)", Req: webtest.Request{Method: "POST", Path: gp + "/draft", Form: url.Values{"line_rows": {"1"}, "line_total_0": {"abc"}}}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 422, webtest.ProgramOfficer: 422}},
			{Name: "transition (not allowed)", Req: webtest.Request{Method: "POST", Path: gp + "/transition", Form: url.Values{"action": {"resume"}}}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 409, webtest.ProgramOfficer: 409}},
			{Name: "amend a draft", Req: webtest.Request{Method: "POST", Path: gp + "/amendments", Form: url.Values{"kind": {"bank_account"}, "iban": {"XK051212012345678906"}}}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 409, webtest.ProgramOfficer: 409, webtest.ApplicantA: 409, webtest.ApplicantB: 404}},
			{Name: "decide unknown", Req: webtest.Request{Method: "POST", Path: "/grant-amendments/999999/decide", Form: url.Values{"decision": {"approve"}}}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 404, webtest.ProgramOfficer: 404}},
			{Name: "api grants", Req: webtest.Request{Path: "/api/v1/grants"}, Default: 403, Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 200, webtest.ProgramOfficer: 200,
				webtest.FinanceOfficer: 200, webtest.DonorOfficer: 200, webtest.ApplicantA: 200, webtest.ApplicantB: 200}},
			{Name: "api grant", Req: webtest.Request{Path: "/api/v1" + gp}, Default: 403, Want: with(viewers(200), 401)},
			{Name: "api amendments", Req: webtest.Request{Path: "/api/v1" + gp + "/amendments"}, Default: 403, Want: with(viewers(200), 401)},
			{Name: "api amend a draft", Req: webtest.Request{Method: "POST", Path: "/api/v1" + gp + "/amendments", JSON: `{"kind":"bank_account","iban":"XK051212012345678906"}`}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 409, webtest.ProgramOfficer: 409, webtest.ApplicantA: 409, webtest.ApplicantB: 404}},
			{Name: "api approve unknown", Req: webtest.Request{Method: "POST", Path: "/api/v1/grant-amendments/999999/approve", JSON: `{}`}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 404, webtest.ProgramOfficer: 404}},
			{Name: "api reject unknown", Req: webtest.Request{Method: "POST", Path: "/api/v1/grant-amendments/999999/reject", JSON: `{"note":"x"}`}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 404, webtest.ProgramOfficer: 404}},
		}
		e.CheckMatrix(t, cases)
	})
}

// The API refuses bad input with problem+json naming the field, and
// filters by status.
func TestGrantAPIBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		app := grantFix(t, e, e.OrgA.ID, "KA-2026")
		if rec := e.Post(webtest.ProgramOfficer, fmt.Sprintf("/applications/%d/grant", app), nil); rec.Code != http.StatusSeeOther {
			t.Fatal(rec.Code)
		}
		id := grantIDOf(t, e, app)
		e.Exec(`UPDATE grants SET status = 'signed', iban = 'XK051212012345678906' WHERE id = ?`, id)
		post := func(p webtest.Principal, body string) (int, string) {
			rec := e.Do(p, webtest.Request{Method: "POST", Path: fmt.Sprintf("/api/v1/grants/%d/amendments", id), JSON: body})
			return rec.Code, rec.Body.String()
		}
		if code, body := post(webtest.ApplicantA, `{"kind":"bank_account","iban":"XK061212012345678906"}`); code != 422 || !strings.Contains(body, `"field":"iban"`) || !strings.Contains(body, "org.error.iban_checksum") {
			t.Errorf("mod-97: %d %s", code, body)
		}
		if code, _ := post(webtest.ApplicantA, `{"kind":"period","ends_on":"2027-06-30"}`); code != 403 {
			t.Errorf("grantee period: %d", code)
		}
		if code, body := post(webtest.ProgramOfficer, `{"kind":"reallocation","from_line":1,"to_line":2,"amount_minor":-5}`); code != 422 || !strings.Contains(body, `"field":"amount"`) {
			t.Errorf("negative move: %d %s", code, body)
		}
		if code, body := post(webtest.ProgramOfficer, `{"kind":"reallocation","from_line":1,"to_line":2,"amount_minor":"12,5"}`); code != 422 && code != 400 {
			t.Errorf("letters in amount_minor: %d %s", code, body)
		}
		if code, body := post(webtest.ProgramOfficer, `{"kind":"reallocation","from_line":1,"to_line":2,"amount_minor":100,"currency":"ALL"}`); code != 422 || !strings.Contains(body, `"field":"currency"`) {
			t.Errorf("other currency: %d %s", code, body)
		}
		code, body := post(webtest.ProgramOfficer, `{"kind":"bank_account","iban":"AL47 2121 1009 0000 0002 3569 8741","bank_name":"Banka"}`)
		if code != 201 || !strings.Contains(body, `"status":"requested"`) {
			t.Fatalf("officer's bank request: %d %s", code, body)
		}
		var m struct {
			ID int64 `json:"id"`
		}
		_ = json.Unmarshal([]byte(body), &m)
		if rec := e.Do(webtest.ProgramOfficer, webtest.Request{Method: "POST", Path: fmt.Sprintf("/api/v1/grant-amendments/%d/approve", m.ID), JSON: `{}`}); rec.Code != 403 {
			t.Errorf("the requester approves: %d", rec.Code)
		}
		if rec := e.Do(webtest.Admin, webtest.Request{Method: "POST", Path: fmt.Sprintf("/api/v1/grant-amendments/%d/reject", m.ID), JSON: `{}`}); rec.Code != 422 {
			t.Errorf("reject without a note: %d", rec.Code)
		}
		if rec := e.Do(webtest.Admin, webtest.Request{Method: "POST", Path: fmt.Sprintf("/api/v1/grant-amendments/%d/approve", m.ID), JSON: `{}`}); rec.Code != 200 {
			t.Errorf("a second user approves: %d %s", rec.Code, rec.Body)
		}
		for q, want := range map[string]int{"?status=signed": 1, "?status=draft": 0, "?status=bogus": -1} {
			rec := e.Get(webtest.ProgramOfficer, "/api/v1/grants"+q)
			if want < 0 {
				if rec.Code != 400 {
					t.Errorf("%s: %d", q, rec.Code)
				}
				continue
			}
			var pg struct {
				Total int `json:"total"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &pg); err != nil || pg.Total != want {
				t.Errorf("%s: %d grants (%v)", q, pg.Total, err)
			}
		}
	})
}
