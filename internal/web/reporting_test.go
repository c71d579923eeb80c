package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/reporting"
	"github.com/subgrant/portal/internal/web/webtest"
)

// reportGrant makes a signed 12-month grant of 10,000.00 EUR (80 % donor
// share, 8,000.00 paid as pre-financing, 2,000.00 balance planned) for
// organisation orgID, funded by the donor officer's organisation when
// donorSees, and its reporting calendar; it returns the grant and its
// final report.
func reportGrant(t *testing.T, e *webtest.Env, orgID int64, ref string, donorSees bool) (int64, int64) {
	t.Helper()
	ctx := context.Background()
	d := e.DB
	f := apptest.Call(t, d, apptest.Spec{Reference: ref})
	if donorSees {
		ids, err := e.Store.OrgIDsOf(ctx, e.Users[webtest.DonorOfficer].ID)
		if err != nil || len(ids) == 0 {
			t.Fatalf("donor org: %v", err)
		}
		e.Exec(`UPDATE programmes SET donor_org_id = ? WHERE id = ?`, ids[0], f.Call.ProgrammeID)
	}
	now := db.Now()
	app, err := db.InsertID(ctx, d, `INSERT INTO applications (call_id, lot_id, org_id, stage, status, title, currency,
		logframe, created_at, updated_at) VALUES (?, ?, ?, 'full', 'awarded', 'T', 'EUR', ?, ?, ?) RETURNING id`,
		f.Call.ID, f.Lots[0].ID, orgID, `{"objectives":["O"],"indicators":[{"result":"R1","indicator":"Families","target":"40"}]}`, now, now)
	if err != nil {
		t.Fatal(err)
	}
	e.Exec(`INSERT INTO application_target_groups (application_id, target_group, beneficiaries) VALUES (?, 'elderly', 40)`, app)
	e.Exec(`INSERT INTO application_budget_lines (application_id, position, heading, description, unit, units_x100,
		unit_rate_minor, total_minor, requested_minor, cofinancing_minor) VALUES (?, 1, '1', 'Staff', 'm', 100, 1000000, 1000000, 1000000, 0)`, app)
	gid, err := db.InsertID(ctx, d, `INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number,
		currency, amount_minor, paid_minor, donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'EUR', 1000000, 800000, 8000, '2026-01-01', '2026-12-31', 'prefinancing_balance', 'signed', 'sq', ?, ?)
		RETURNING id`, app, f.Call.ProgrammeID, f.Call.ID, orgID, "G-"+ref, now, now)
	if err != nil {
		t.Fatal(err)
	}
	e.Exec(`INSERT INTO grant_tranches (grant_id, position, kind, amount_minor, due_on, requires, status)
		VALUES (?, 1, 'prefinancing', 800000, '2026-01-01', 'signature', 'paid')`, gid)
	e.Exec(`INSERT INTO grant_tranches (grant_id, position, kind, amount_minor, due_on, requires, status)
		VALUES (?, 2, 'balance', 200000, '2027-03-31', 'final_report', 'planned')`, gid)
	profiles, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	st := reporting.NewStore(d, profiles)
	if err := d.Tx(ctx, func(tx *sqlx.Tx) error { return st.CreateCalendar(ctx, tx, gid) }); err != nil {
		t.Fatal(err)
	}
	var rid int64
	if err := db.Get(ctx, d, &rid, `SELECT id FROM grantee_reports WHERE grant_id = ? AND kind = 'final'`, gid); err != nil {
		t.Fatal(err)
	}
	return gid, rid
}

func TestGranteeReportRouteMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		gid, rid := reportGrant(t, e, e.OrgA.ID, "RPT-A", true)
		_, ridB := reportGrant(t, e, e.OrgB.ID, "RPT-B", false)
		r, g, rb := "/grantee-reports/"+itoa(rid), itoa(gid), "/grantee-reports/"+itoa(ridB)
		readers := map[webtest.Principal]int{webtest.Anon: 303, webtest.Evaluator1: 403, webtest.Evaluator2: 403}
		apiReaders := map[webtest.Principal]int{webtest.Anon: 401, webtest.Evaluator1: 403, webtest.Evaluator2: 403}
		grantee := map[webtest.Principal]int{webtest.Anon: 401, webtest.ApplicantA: 303, webtest.ApplicantB: 404}
		decide := map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 409, webtest.ProgramOfficer: 409}
		cases := []webtest.Case{
			{Name: "list", Req: webtest.Request{Path: "/grantee-reports"}, Default: 200, Want: readers},
			{Name: "list overdue", Req: webtest.Request{Path: "/grantee-reports?state=overdue"}, Default: 200, Want: readers},
			{Name: "report", Req: webtest.Request{Path: r}, Default: 200, Want: with(readers, webtest.ApplicantB, 404)},
			{Name: "B's report", Req: webtest.Request{Path: rb}, Default: 200,
				Want: with(with(readers, webtest.ApplicantA, 404), webtest.DonorOfficer, 404)},
			{Name: "api grant reports", Req: webtest.Request{Path: "/api/v1/grants/" + g + "/reports"}, Default: 200,
				Want: with(apiReaders, webtest.ApplicantB, 404)},
			{Name: "api report", Req: webtest.Request{Path: "/api/v1/grantee-reports/" + itoa(rid)}, Default: 200,
				Want: with(apiReaders, webtest.ApplicantB, 404)},
			{Name: "api unknown grant", Req: webtest.Request{Path: "/api/v1/grants/999999/reports"}, Default: 404, Want: apiReaders},
			{Name: "narrative", Req: webtest.Request{Method: "POST", Path: r + "/narrative", Form: url.Values{"difficulties": {"x"}}},
				Default: 403, Want: grantee},
			{Name: "add cost (invalid)", Req: webtest.Request{Method: "POST", Path: r + "/expenditures", Form: url.Values{"amount": {"x"}}},
				Default: 403, Want: with(grantee, webtest.ApplicantA, 422)},
			{Name: "remove unknown cost", Req: webtest.Request{Method: "POST", Path: r + "/expenditures/999999/remove", Form: url.Values{}},
				Default: 403, Want: with(grantee, webtest.ApplicantA, 404)},
			{Name: "approve unsubmitted", Req: webtest.Request{Method: "POST", Path: r + "/approve", Form: url.Values{}},
				Default: 403, Want: decide},
			{Name: "request changes unsubmitted", Req: webtest.Request{Method: "POST", Path: r + "/request-changes", Form: url.Values{"reason": {"x"}}},
				Default: 403, Want: decide},
			{Name: "eligibility unsubmitted", Req: webtest.Request{Method: "POST", Path: r + "/expenditures/1/eligibility", Form: url.Values{"eligible": {"1"}}},
				Default: 403, Want: decide},
			{Name: "api narrative", Req: webtest.Request{Method: "PUT", Path: "/api/v1/grantee-reports/" + itoa(rid) + "/narrative", JSON: `{"difficulties":"x"}`},
				Default: 403, Want: with(with(grantee, webtest.ApplicantA, 200), webtest.Anon, 401)},
			{Name: "api add cost (invalid)", Req: webtest.Request{Method: "POST", Path: "/api/v1/grantee-reports/" + itoa(rid) + "/expenditures", JSON: `{"currency":"EUR"}`},
				Default: 403, Want: with(grantee, webtest.ApplicantA, 422)},
			{Name: "api remove unknown cost", Req: webtest.Request{Method: "DELETE", Path: "/api/v1/grantee-reports/" + itoa(rid) + "/expenditures/999999"},
				Default: 403, Want: with(grantee, webtest.ApplicantA, 404)},
			{Name: "api eligibility unsubmitted", Req: webtest.Request{Method: "POST", Path: "/api/v1/grantee-reports/" + itoa(rid) + "/expenditures/1/eligibility", JSON: `{"eligible":true}`},
				Default: 403, Want: decide},
			{Name: "api approve unsubmitted", Req: webtest.Request{Method: "POST", Path: "/api/v1/grantee-reports/" + itoa(rid) + "/approve"},
				Default: 403, Want: decide},
			{Name: "api request changes (invalid)", Req: webtest.Request{Method: "POST", Path: "/api/v1/grantee-reports/" + itoa(rid) + "/request-changes", JSON: `{"reason":""}`},
				Default: 403, Want: with(with(decide, webtest.Admin, 422), webtest.ProgramOfficer, 422)},
		}
		e.CheckMatrix(t, cases)
		// Applicant A's list and pages never show organisation B's report.
		for _, path := range []string{"/grantee-reports?state=all", r, "/api/v1/grants/" + g + "/reports"} {
			if body := e.Get(webtest.ApplicantA, path).Body.String(); strings.Contains(body, webtest.Canary) || strings.Contains(body, "G-RPT-B") {
				t.Errorf("%s shows organisation B's report to A", path)
			}
		}
		if body := e.Get(webtest.ApplicantB, rb).Body.String(); !strings.Contains(body, "G-RPT-B") {
			t.Error("B does not see its own report")
		}
	})
}

// A grantee completes the final report through the pages, the officer
// approves it, and the settlement produces a recovery order.
func TestGranteeReportFlowThroughPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, _ := orgEnv(t, d)
		gid, rid := reportGrant(t, e, e.OrgA.ID, "FLOW", true)
		r := "/grantee-reports/" + itoa(rid)
		a := webtest.ApplicantA

		// The grantee's list shows the report due with its date.
		list := e.Get(a, "/grantee-reports").Body.String()
		if !strings.Contains(list, "2027-03-31") || !strings.Contains(list, "G-FLOW") {
			t.Fatalf("list lacks the report due: %s", list)
		}
		// A cost dated outside the period is refused next to the field, typed values kept.
		bad := e.Post(a, r+"/expenditures", url.Values{"line": {"1"}, "spent_on": {"2025-12-31"}, "supplier": {"Kept Supplier"},
			"description": {"Rent"}, "amount": {"12,345"}, "document_ref": {"INV-9"}})
		if bad.Code != http.StatusUnprocessableEntity || !strings.Contains(bad.Body.String(), "Kept Supplier") ||
			!strings.Contains(bad.Body.String(), "within the report") {
			t.Fatalf("bad cost: %d %s", bad.Code, bad.Body.String())
		}
		// One cost with its PDF, one without a file: 5,000.00 in all.
		up := orgUpload(t, e, a, r+"/expenditures", map[string]string{"line": "1", "spent_on": "2026-03-01",
			"supplier": "Landlord", "description": "Rent", "amount": "3000", "document_ref": "INV-1"}, "invoice.pdf",
			[]byte("%PDF-1.4\n%test\n"), false)
		if up.Code != http.StatusSeeOther {
			t.Fatalf("upload cost: %d %s", up.Code, up.Body.String())
		}
		if res := e.Post(a, r+"/expenditures", url.Values{"line": {"1"}, "spent_on": {"2026-06-01"}, "supplier": {"Shop"},
			"description": {"Supplies"}, "amount": {"2000,00"}, "document_ref": {"INV-2"}}); res.Code != http.StatusSeeOther {
			t.Fatalf("add cost: %d %s", res.Code, res.Body.String())
		}
		// Half the budget spent: the variance needs an explanation before submitting.
		sub := e.Post(a, r+"/submit", url.Values{})
		if sub.Code != http.StatusUnprocessableEntity || !strings.Contains(sub.Body.String(), `id="f-explain-1"`) ||
			!strings.Contains(sub.Body.String(), "Explain this budget line") {
			t.Fatalf("submit unexplained: %d", sub.Code)
		}
		save := e.Post(a, r+"/narrative", url.Values{"achieved_1": {"38"}, "benef_elderly_f_65+_0": {"20"},
			"difficulties": {"Late start"}, "explain_1": {"The centre opened in March."}})
		if save.Code != http.StatusSeeOther {
			t.Fatalf("save narrative: %d %s", save.Code, save.Body.String())
		}
		// Submitted and decided reports land on the list, where the next
		// report due or to check waits (README, Navigation).
		if res := e.Post(a, r+"/submit", url.Values{}); res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/grantee-reports" {
			t.Fatalf("submit: %d to %q %s", res.Code, res.Header().Get("Location"), res.Body.String())
		}
		// The officer sees it waiting, marks nothing ineligible, approves.
		po := webtest.ProgramOfficer
		if body := e.Get(po, "/grantee-reports?state=submitted").Body.String(); !strings.Contains(body, "G-FLOW") {
			t.Fatal("officer's list lacks the submitted report")
		}
		page := e.Get(po, r).Body.String()
		if !strings.Contains(page, "/approve") || !strings.Contains(page, "invoice.pdf") {
			t.Fatal("review page lacks the decision or the document")
		}
		if res := e.Post(po, r+"/approve", url.Values{}); res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/grantee-reports" {
			t.Fatalf("approve: %d to %q %s", res.Code, res.Header().Get("Location"), res.Body.String())
		}
		// 5,000.00 × 80 % = 4,000.00 against 8,000.00 paid: 4,000.00 to recover.
		if n := e.Count(`SELECT COUNT(*) FROM recovery_orders WHERE grant_id = ? AND amount_minor = 400000`, gid); n != 1 {
			t.Errorf("%d recovery orders of 4,000.00", n)
		}
		res := e.Get(a, "/api/v1/grantee-reports/"+itoa(rid))
		var got struct {
			Status     string `json:"status"`
			Settlement struct {
				Balance int64 `json:"balance_minor"`
			} `json:"settlement"`
			Recovery struct {
				Amount   int64  `json:"amount_minor"`
				Currency string `json:"currency"`
			} `json:"recovery_order"`
		}
		if err := json.Unmarshal(res.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if got.Status != "approved" || got.Settlement.Balance != -400000 || got.Recovery.Amount != 400000 || got.Recovery.Currency != "EUR" {
			t.Errorf("api report = %s", res.Body.String())
		}
		if body := e.Get(a, r).Body.String(); !strings.Contains(body, "Recovery order") {
			t.Error("the grantee's page lacks the recovery order")
		}
		for _, action := range []string{"expenditure.add", "grantee_report.save", "grantee_report.submit", "grantee_report.approve",
			"grant.settle", "recovery_order.create"} {
			if e.Count(`SELECT COUNT(*) FROM audit_log WHERE action = ?`, action) == 0 {
				t.Errorf("no audit row %s", action)
			}
		}
		// The supporting document downloads for the officer, not for B.
		var eid int64
		if err := db.Get(context.Background(), d, &eid, `SELECT id FROM expenditures WHERE report_id = ? AND stored_name IS NOT NULL`, rid); err != nil {
			t.Fatal(err)
		}
		doc := r + "/expenditures/" + itoa(eid) + "/document"
		if res := e.Get(po, doc); res.Code != 200 || !strings.HasPrefix(res.Body.String(), "%PDF") {
			t.Errorf("document as officer: %d", res.Code)
		}
		if res := e.Get(webtest.ApplicantB, doc); res.Code != 404 {
			t.Errorf("document as B: %d", res.Code)
		}
	})
}

// The API path: the grantee submits (refused while a variance is
// unexplained), the officer requests changes, then approves.
func TestGranteeReportAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		gid, rid := reportGrant(t, e, e.OrgA.ID, "API", false)
		base := "/api/v1/grantee-reports/" + itoa(rid)
		a := webtest.ApplicantA
		post := func(p webtest.Principal, path, body string) (int, string) {
			res := e.Do(p, webtest.Request{Method: "POST", Path: path, JSON: body})
			return res.Code, res.Body.String()
		}
		// Bad costs: the amount, the currency and the date are refused by name.
		code, body := post(a, base+"/expenditures", `{"line_position":1,"spent_on":"2027-05-01","supplier":"S","description":"D","amount_minor":-5,"currency":"EUR","document_ref":"R"}`)
		if code != 422 || !strings.Contains(body, `"field":"amount_minor"`) || !strings.Contains(body, `"field":"spent_on"`) {
			t.Fatalf("bad cost: %d %s", code, body)
		}
		if code, body := post(a, base+"/expenditures", `{"line_position":1,"spent_on":"2026-05-01","supplier":"S","description":"D","amount_minor":100,"currency":"ALL","document_ref":"R"}`); code != 422 ||
			!strings.Contains(body, `"field":"currency"`) {
			t.Fatalf("wrong currency: %d %s", code, body)
		}
		if code, body := post(a, base+"/expenditures", `{"line_position":1,"spent_on":"2026-05-01","supplier":"S","description":"D","amount_minor":1250000,"currency":"EUR","document_ref":"R"}`); code != 201 ||
			!strings.Contains(body, `"variance_minor":250000`) {
			t.Fatalf("add cost: %d %s", code, body)
		}
		code, body = post(a, base+"/expenditures", `{"line_position":1,"spent_on":"2026-05-02","supplier":"S","description":"Twice","amount_minor":1,"currency":"EUR","document_ref":"R"}`)
		var withExtra struct {
			Expenditures []struct {
				ID          int64  `json:"id"`
				Description string `json:"description"`
			} `json:"expenditures"`
		}
		if err := json.Unmarshal([]byte(body), &withExtra); err != nil || code != 201 || len(withExtra.Expenditures) != 2 {
			t.Fatalf("second cost: %d %s", code, body)
		}
		for _, x := range withExtra.Expenditures {
			if x.Description == "Twice" {
				if res := e.Do(a, webtest.Request{Method: "DELETE", Path: base + "/expenditures/" + itoa(x.ID)}); res.Code != 204 {
					t.Fatalf("remove: %d", res.Code)
				}
			}
		}
		if code, body := post(a, base+"/submit", ""); code != 422 || !strings.Contains(body, `"field":"explain_1"`) {
			t.Fatalf("submit unexplained: %d %s", code, body)
		}
		res := e.Do(a, webtest.Request{Method: "PUT", Path: base + "/narrative", JSON: `{"difficulties":"None","achieved":[{"position":1,"achieved":41}],
			"beneficiaries":[{"target_group":"elderly","gender":"f","age_band":"65+","disability":false,"count":30}],
			"explanations":[{"line_position":1,"explanation":"More staff"}]}`})
		if res.Code != 200 || !strings.Contains(res.Body.String(), `"achieved":41`) || !strings.Contains(res.Body.String(), `"count":30`) {
			t.Fatalf("narrative: %d %s", res.Code, res.Body.String())
		}
		if res := e.Do(webtest.ApplicantA, webtest.Request{Method: "POST", Path: base + "/submit"}); res.Code != 200 {
			t.Fatalf("submit: %d %s", res.Code, res.Body.String())
		}
		if res := e.Do(webtest.ProgramOfficer, webtest.Request{Method: "POST", Path: base + "/request-changes", JSON: `{"reason":"Add the contract"}`}); res.Code != 200 ||
			!strings.Contains(res.Body.String(), `"status":"changes_requested"`) {
			t.Fatalf("request changes: %d %s", res.Code, res.Body.String())
		}
		if res := e.Do(webtest.ApplicantA, webtest.Request{Method: "POST", Path: base + "/submit"}); res.Code != 200 {
			t.Fatalf("resubmit: %d", res.Code)
		}
		res = e.Do(webtest.ProgramOfficer, webtest.Request{Method: "POST", Path: base + "/approve"})
		// (marking a cost happens before the approval; here every cost stays eligible)
		// 12,500.00 × 80 % = 10,000.00, the whole grant: 2,000.00 balance due.
		if res.Code != 200 || !strings.Contains(res.Body.String(), `"balance_minor":200000`) {
			t.Fatalf("approve: %d %s", res.Code, res.Body.String())
		}
		if n := e.Count(`SELECT COUNT(*) FROM grant_tranches WHERE grant_id = ? AND kind = 'balance' AND status = 'due' AND amount_minor = 200000`, gid); n != 1 {
			t.Error("the balance tranche is not due with 2,000.00")
		}
		list := e.Get(webtest.ApplicantA, "/api/v1/grants/"+itoa(gid)+"/reports")
		if list.Code != 200 || !strings.Contains(list.Body.String(), `"status":"approved"`) || !strings.Contains(list.Body.String(), `"due_on":"2027-03-31"`) {
			t.Errorf("grant reports: %d %s", list.Code, list.Body.String())
		}
	})
}
