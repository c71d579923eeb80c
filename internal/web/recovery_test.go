package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// recoveryOf gives grant g an approved final report and an open recovery
// order of 1,500.00 EUR, and returns the order's id.
func (pe *payEnv) recoveryOf(g int64) int64 {
	pe.T.Helper()
	now := db.Now()
	r := pe.insert(`INSERT INTO grantee_reports (grant_id, kind, position, period_start, period_end, due_on, status, created_at, updated_at)
		VALUES (?, 'final', 1, '2026-01-01', '2026-12-31', '2027-03-31', 'approved', ?, ?) RETURNING id`, g, now, now)
	return pe.insert(`INSERT INTO recovery_orders (grant_id, report_id, currency, amount_minor, reason, status, created_at)
		VALUES (?, ?, 'EUR', 150000, 'final_settlement', 'open', ?) RETURNING id`, g, r, now)
}

// Recovery orders through the pages: every role's status on every route,
// another organisation's order answering 404 without its canary, the
// repayment's bad input beside its field with what was typed, the waiver
// by two users, each closing its grant with audit rows a donor officer of
// the programme may read.
func TestRecoveryOrderPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		pe := newPayEnv(t, d)
		ra, rb := pe.recoveryOf(pe.grantA), pe.recoveryOf(pe.grantB)
		pa, pb := fmt.Sprintf("/recovery-orders/%d", ra), fmt.Sprintf("/recovery-orders/%d", rb)
		viewers := func(code int) map[webtest.Principal]int {
			return map[webtest.Principal]int{webtest.Anon: 303, webtest.Admin: code, webtest.ProgramOfficer: code,
				webtest.FinanceOfficer: code, webtest.DonorOfficer: 404, webtest.ApplicantA: code, webtest.ApplicantB: 404}
		}
		list := viewers(200)
		list[webtest.DonorOfficer], list[webtest.ApplicantB] = 200, 200
		apiList := map[webtest.Principal]int{}
		for k, v := range list {
			apiList[k] = v
		}
		apiList[webtest.Anon] = 401
		apiOne := viewers(200)
		apiOne[webtest.Anon] = 401
		noop := url.Values{"recovered_on": {"x"}}
		pe.CheckMatrix(t, []webtest.Case{
			{Name: "recovery list", Req: webtest.Request{Path: "/recovery-orders"}, Default: 403, Want: list},
			{Name: "recovery page", Req: webtest.Request{Path: pa}, Default: 403, Want: viewers(200)},
			{Name: "api recovery list", Req: webtest.Request{Path: "/api/v1/recovery-orders"}, Default: 403, Want: apiList},
			{Name: "api recovery", Req: webtest.Request{Path: "/api/v1/recovery-orders/" + itoa(ra)}, Default: 403, Want: apiOne},
			{Name: "recover (bad date)", Req: webtest.Request{Method: "POST", Path: pa + "/recover", Form: noop}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 422, webtest.FinanceOfficer: 422}},
			{Name: "propose waiver (no reason)", Req: webtest.Request{Method: "POST", Path: pa + "/waiver", Form: url.Values{}}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 422, webtest.ProgramOfficer: 422, webtest.FinanceOfficer: 422}},
			{Name: "approve waiver (none proposed)", Req: webtest.Request{Method: "POST", Path: pa + "/waiver/approve", Form: url.Values{}}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 409, webtest.ProgramOfficer: 409, webtest.FinanceOfficer: 409}},
			{Name: "api recover (bad date)", Req: webtest.Request{Method: "POST", Path: "/api/v1/recovery-orders/" + itoa(ra) + "/recover",
				JSON: `{"recovered_on":"x","bank_reference":"R","amount_minor":150000}`}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 422, webtest.FinanceOfficer: 422}},
			{Name: "decline waiver (no reason)", Req: webtest.Request{Method: "POST", Path: pa + "/waiver/decline", Form: url.Values{}}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 422, webtest.ProgramOfficer: 422, webtest.FinanceOfficer: 422}},
			{Name: "api decline waiver (none proposed)", Req: webtest.Request{Method: "POST", Path: "/api/v1/recovery-orders/" + itoa(ra) + "/waiver/decline",
				JSON: `{"reason":"no"}`}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 409, webtest.ProgramOfficer: 409, webtest.FinanceOfficer: 409}},
			{Name: "api approve waiver (none proposed)", Req: webtest.Request{Method: "POST", Path: "/api/v1/recovery-orders/" + itoa(ra) + "/waiver/approve"},
				Default: 403, Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 409, webtest.ProgramOfficer: 409, webtest.FinanceOfficer: 409}},
		})
		// finance's home leads to the orders; a grantee reaches its own from its final report
		if !strings.Contains(pe.Get(webtest.FinanceOfficer, "/home").Body.String(), `href="/recovery-orders"`) ||
			strings.Contains(pe.Get(webtest.ApplicantA, "/home").Body.String(), `href="/recovery-orders"`) {
			t.Error("the home pages' recovery order card")
		}
		// the canary: A never sees B's order
		for _, p := range []string{pb, "/api/v1/recovery-orders/" + itoa(rb)} {
			if rec := pe.Get(webtest.ApplicantA, p); rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), webtest.Canary) {
				t.Errorf("A reads %s: %d", p, rec.Code)
			}
		}
		for _, p := range []string{"/recovery-orders", "/api/v1/recovery-orders"} {
			if b := pe.Get(webtest.ApplicantA, p).Body.String(); strings.Contains(b, webtest.Canary) || !strings.Contains(b, "GA-A-1") {
				t.Errorf("A's %s shows B's order or not its own", p)
			}
		}
		// the repayment: a partial amount refused beside its field, the typed values kept
		rec := pe.Post(webtest.FinanceOfficer, pa+"/recover", url.Values{"recovered_on": {"2026-03-02"}, "bank_reference": {"RET-77"}, "amount": {"1000.00"}})
		if b := rec.Body.String(); rec.Code != 422 || !strings.Contains(b, `id="f-amount-error"`) || !strings.Contains(b, "RET-77") ||
			!strings.Contains(b, "whole amount") {
			t.Errorf("partial repayment: %d", rec.Code)
		}
		if rec := pe.Post(webtest.FinanceOfficer, pa+"/recover", url.Values{"recovered_on": {"2026-03-02"}, "bank_reference": {"RET-77"},
			"amount": {"1500.00"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("repayment: %d %s", rec.Code, rec.Body)
		}
		b := pe.Get(webtest.FinanceOfficer, pa).Body.String()
		if !strings.Contains(b, "Recovered") || !strings.Contains(b, "RET-77") || strings.Contains(b, `action="`+pa+`/recover"`) {
			t.Errorf("the recovered order's page")
		}
		if n := pe.Count(`SELECT COUNT(*) FROM grants WHERE id = ? AND status = 'closed' AND status_reason = 'settled_recovered'`, pe.grantA); n != 1 {
			t.Error("the repayment did not close grant A")
		}
		if b := pe.Get(webtest.ApplicantA, fmt.Sprintf("/grants/%d", pe.grantA)).Body.String(); !strings.Contains(b, "the recovery order is repaid") {
			t.Error("the grant page does not word its closure")
		}
		// the waiver of B's order, by two users; the API answers the four eyes with 403
		api := "/api/v1/recovery-orders/" + itoa(rb)
		if rec := pe.Do(webtest.ProgramOfficer, webtest.Request{Method: "POST", Path: api + "/waiver", JSON: `{"reason":"The NGO has dissolved."}`}); rec.Code != 200 {
			t.Fatalf("propose: %d %s", rec.Code, rec.Body)
		}
		if b := pe.Get(webtest.ProgramOfficer, pb).Body.String(); strings.Contains(b, `action="`+pb+`/waiver/approve"`) || !strings.Contains(b, "another user approves it") ||
			!strings.Contains(b, "Withdraw the proposal") {
			t.Error("the proposer is offered the approval, or not the withdrawal")
		}
		if b := pe.Get(webtest.FinanceOfficer, pb).Body.String(); !strings.Contains(b, `action="`+pb+`/waiver/approve"`) || !strings.Contains(b, "Refuse the waiver") {
			t.Error("the second user is not offered the approval and the refusal")
		}
		if rec := pe.Do(webtest.ProgramOfficer, webtest.Request{Method: "POST", Path: api + "/waiver/approve"}); rec.Code != http.StatusForbidden {
			t.Errorf("the proposer approves: %d", rec.Code)
		}
		if rec := pe.Post(webtest.FinanceOfficer, pb+"/waiver/approve", url.Values{}); rec.Code != http.StatusSeeOther {
			t.Fatalf("approve: %d %s", rec.Code, rec.Body)
		}
		var got struct {
			Status      string `json:"status"`
			GrantStatus string `json:"grant_status"`
			Reason      string `json:"waiver_reason"`
		}
		if err := json.Unmarshal(pe.Get(webtest.ApplicantB, api).Body.Bytes(), &got); err != nil || got.Status != "waived" ||
			got.GrantStatus != "closed" || got.Reason != "The NGO has dissolved." {
			t.Errorf("B's order after the waiver: %+v %v", got, err)
		}
		// the audit trail: officers, and the donor officer of the programme only
		path := "/audit/recovery_order/" + itoa(rb)
		page := pe.Get(webtest.Admin, path).Body.String()
		if hrefs, _, _ := crumbsOf(page); !strings.Contains(page, "Waiver proposed") || !strings.Contains(page, "Recovery waived") ||
			len(hrefs) < 2 || hrefs[len(hrefs)-2] != pb {
			t.Errorf("the order's audit page lacks the waiver's steps or the way back to the order (breadcrumbs %v)", hrefs)
		}
		if rec := pe.Get(webtest.DonorOfficer, path); rec.Code != http.StatusNotFound {
			t.Errorf("another donor reads the audit: %d", rec.Code)
		}
		var donorOrg int64
		if err := db.Get(t.Context(), d, &donorOrg, `SELECT donor_org_id FROM programmes WHERE id = ?`, pe.fx.Call.ProgrammeID); err != nil {
			t.Fatal(err)
		}
		if err := pe.Store.AddMember(t.Context(), pe.Users[webtest.DonorOfficer].ID, donorOrg); err != nil {
			t.Fatal(err)
		}
		if rec := pe.Get(webtest.DonorOfficer, path); rec.Code != 200 {
			t.Errorf("the programme's donor reads the audit: %d", rec.Code)
		}
	})
}

// A donor officer reads the audit pages of its programmes' payment
// requests and grantee reports (internal/access), not those of another
// donor's programme; a grantee reads none.
func TestDonorAuditOfPaymentsAndReports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		pe := newPayEnv(t, d)
		code, req := pe.request(webtest.ApplicantA, pe.grantA, 800000, "audit-key-1")
		if code != http.StatusCreated && code != http.StatusOK {
			t.Fatalf("request: %d", code)
		}
		now := db.Now()
		report := pe.insert(`INSERT INTO grantee_reports (grant_id, kind, position, period_start, period_end, due_on, status, created_at, updated_at)
			VALUES (?, 'final', 1, '2026-01-01', '2026-12-31', '2027-03-31', 'due', ?, ?) RETURNING id`, pe.grantA, now, now)
		paths := []string{"/audit/payment_request/" + itoa(req), "/audit/grantee_report/" + itoa(report)}
		for _, p := range paths {
			if rec := pe.Get(webtest.DonorOfficer, p); rec.Code != http.StatusNotFound {
				t.Errorf("another donor's officer reads %s: %d", p, rec.Code)
			}
			if rec := pe.Get(webtest.ApplicantA, p); rec.Code != http.StatusForbidden {
				t.Errorf("the grantee reads %s: %d", p, rec.Code)
			}
		}
		var donorOrg int64
		if err := db.Get(t.Context(), d, &donorOrg, `SELECT donor_org_id FROM programmes WHERE id = ?`, pe.fx.Call.ProgrammeID); err != nil {
			t.Fatal(err)
		}
		if err := pe.Store.AddMember(t.Context(), pe.Users[webtest.DonorOfficer].ID, donorOrg); err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			if rec := pe.Get(webtest.DonorOfficer, p); rec.Code != 200 {
				t.Errorf("the programme's donor officer reads %s: %d", p, rec.Code)
			}
		}
		if b := pe.Get(webtest.DonorOfficer, paths[0]).Body.String(); !strings.Contains(b, "Payment requested") {
			t.Errorf("the request's audit page shows no request row")
		}
	})
}
