package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// financeOfficer2 is a second finance officer: the four eyes between the
// verification and the approval.
const financeOfficer2 webtest.Principal = "finance_officer_2"

// e2e drives the portal as its users do: pages posted as a browser posts
// them (same-origin fetch metadata and Origin, so the cross-origin
// protection lets them through) and the JSON API.
type e2e struct {
	*webtest.Env
	t *testing.T
}

func (x e2e) browse(p webtest.Principal, path string) string {
	x.t.Helper()
	rec := x.Do(p, webtest.Request{Path: path, Header: map[string]string{"Sec-Fetch-Site": "none"}})
	if rec.Code != http.StatusOK {
		x.t.Fatalf("%s GET %s: %d %s", p, path, rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// submit posts form as p and wants a redirect; it returns the location.
func (x e2e) submit(p webtest.Principal, path string, form url.Values) string {
	x.t.Helper()
	rec := x.Do(p, webtest.Request{Method: http.MethodPost, Path: path, Form: form,
		Header: map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://example.com"}})
	if rec.Code != http.StatusSeeOther {
		x.t.Fatalf("%s POST %s: %d %s", p, path, rec.Code, rec.Body)
	}
	return rec.Header().Get("Location")
}

// call sends a JSON request as p, wants status want and decodes the
// answer into out (when not nil).
func (x e2e) call(p webtest.Principal, method, path, body string, want int, out any, header ...string) {
	x.t.Helper()
	h := map[string]string{"Sec-Fetch-Site": "same-origin"}
	for i := 0; i+1 < len(header); i += 2 {
		h[header[i]] = header[i+1]
	}
	rec := x.Do(p, webtest.Request{Method: method, Path: path, JSON: body, Header: h})
	if rec.Code != want {
		x.t.Fatalf("%s %s %s: %d, want %d: %s", p, method, path, rec.Code, want, rec.Body)
	}
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			x.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

func (x e2e) count(q string, args ...any) int64 {
	x.t.Helper()
	var n int64
	if err := db.Get(context.Background(), x.DB, &n, q, args...); err != nil {
		x.t.Fatalf("%s: %v", q, err)
	}
	return n
}

func first(t *testing.T, re *regexp.Regexp, body, what string) string {
	t.Helper()
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s on the page", what)
	}
	return m[1]
}

// signThroughPages makes the agreement of award app and signs it as the
// program officer: the draft, the signed scan with both dates, the
// signature. It returns the grant's page.
func (x e2e) signThroughPages(app int64) string {
	x.t.Helper()
	gp := x.submit(webtest.ProgramOfficer, fmt.Sprintf("/applications/%d/grant", app), url.Values{})
	if !strings.HasPrefix(gp, "/grants/") {
		x.t.Fatalf("agreement created at %q", gp)
	}
	if rec := orgUpload(x.t, x.Env, webtest.ProgramOfficer, gp+"/signing", map[string]string{"grantee_signed_on": "2026-03-25",
		"org_signed_on": "2026-03-26"}, "kontrata.pdf", pdfDoc, false); rec.Code != http.StatusSeeOther {
		x.t.Fatalf("signing: %d %s", rec.Code, rec.Body)
	}
	x.submit(webtest.ProgramOfficer, gp+"/transition", url.Values{"action": {"sign"}})
	return gp
}

var (
	keyField     = regexp.MustCompile(`name="idempotency_key" value="([^"]+)"`)
	trancheField = regexp.MustCompile(`name="tranche_id"[^>]*>\s*(?:<option[^>]*>[^<]*</option>\s*)*?<option value="(\d+)"[^>]*selected`)
	trancheOpt   = regexp.MustCompile(`name="tranche_id"[^>]*>\s*<option value="(\d+)"`)
	reportLink   = regexp.MustCompile(`href="/grantee-reports/(\d+)"`)
)

// requestThroughPages requests the due tranche of grant page gp for
// amount (typed as in English) as the grantee, as a double click would
// (the same form twice), and returns the request's page.
func (x e2e) requestThroughPages(p webtest.Principal, gp, amount string) string {
	x.t.Helper()
	if !strings.Contains(x.browse(p, gp), `href="`+gp+`/payment-requests/new"`) {
		x.t.Fatalf("the grant page offers %s no request", p)
	}
	form := x.browse(p, gp+"/payment-requests/new")
	tranche := ""
	if m := trancheField.FindStringSubmatch(form); m != nil {
		tranche = m[1]
	} else {
		tranche = first(x.t, trancheOpt, form, "tranche")
	}
	values := url.Values{"idempotency_key": {first(x.t, keyField, form, "idempotency key")}, "tranche_id": {tranche}, "amount": {amount}}
	loc := x.submit(p, gp+"/payment-requests", values)
	if again := x.submit(p, gp+"/payment-requests", values); again != loc {
		x.t.Errorf("the same form sent twice made %s and %s", loc, again)
	}
	return loc
}

// fourEyesThroughPages takes request page rp through verification (finance),
// a refused approval by the same user, approval (the second finance
// officer) and payment (finance) of amount.
func (x e2e) fourEyesThroughPages(rp, amount string) {
	x.t.Helper()
	if !strings.Contains(x.browse(webtest.FinanceOfficer, "/payments"), `href="`+rp+`"`) {
		x.t.Errorf("finance's queue lacks %s", rp)
	}
	x.submit(webtest.FinanceOfficer, rp+"/verify", url.Values{})
	if rec := x.Do(webtest.FinanceOfficer, webtest.Request{Method: http.MethodPost, Path: rp + "/approve", Form: url.Values{},
		Header: map[string]string{"Sec-Fetch-Site": "same-origin"}}); rec.Code != http.StatusForbidden {
		x.t.Errorf("the verifier approves %s: %d", rp, rec.Code)
	}
	x.submit(financeOfficer2, rp+"/approve", url.Values{})
	x.submit(webtest.FinanceOfficer, rp+"/pay", url.Values{"paid_on": {"2026-12-01"}, "bank_reference": {"TRF-" + strings.TrimPrefix(rp, "/payments/")},
		"amount": {amount}})
}

// checkBooks: every grant's and programme's paid total equals its ledger,
// the audit chain verifies, and every action in it has its name in sq, en
// and sr.
func (x e2e) checkBooks() {
	x.t.Helper()
	if n := x.count(`SELECT COUNT(*) FROM grants g WHERE g.paid_minor <> (SELECT COALESCE(SUM(p.amount_minor), 0) FROM payments p WHERE p.grant_id = g.id)`); n != 0 {
		x.t.Errorf("%d grants whose paid total is not their ledger's", n)
	}
	if n := x.count(`SELECT COUNT(*) FROM programmes pr WHERE pr.paid_minor <> (SELECT COALESCE(SUM(p.amount_minor), 0) FROM payments p
		JOIN grants g ON g.id = p.grant_id WHERE g.programme_id = pr.id)`); n != 0 {
		x.t.Errorf("%d programmes whose paid total is not their ledger's", n)
	}
	rep, err := audit.Verify(context.Background(), x.DB)
	if err != nil || !rep.OK() {
		x.t.Errorf("audit chain: %+v %v", rep, err)
	}
	var actions []string
	if err := db.Select(context.Background(), x.DB, &actions, `SELECT DISTINCT action FROM audit_log ORDER BY action`); err != nil {
		x.t.Fatal(err)
	}
	for _, miss := range untranslatedActions(x.t, actions) {
		x.t.Errorf("the audit action %s has no name", miss)
	}
}

// Two grants from award to final settlement, as a new user takes them:
// the first through the pages (the officer signs, the grantee requests its
// pre-financing, finance verifies, a second finance officer approves,
// finance pays; the grantee reports its costs, the officer approves the
// final report, the balance goes through the same four eyes and its
// payment closes the grant); the second through the JSON API (its
// agreement is signed on the pages, which have the only signing form):
// the request with an Idempotency-Key sent twice, verified by finance and
// approved by the program officer, the report and the settlement below
// what was paid, whose recovery order finance records as repaid, closing
// the grant. The ledger, the programme's total and the audit chain hold.
func TestGrantFromAwardToFinalSettlement(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		x := e2e{Env: webtest.New(t, d), t: t}
		x.AddPrincipal(financeOfficer2, auth.FinanceOfficer, 0)

		// 1. Through the pages: 18,000.00 EUR, 90 % donor share, 80 % pre-financing.
		gp := x.signThroughPages(grantFix(t, x.Env, x.OrgA.ID, "E2E-P"))
		gid := strings.TrimPrefix(gp, "/grants/")
		x.fourEyesThroughPages(x.requestThroughPages(webtest.ApplicantA, gp, "14400.00"), "14400.00")
		if n := x.count(`SELECT paid_minor FROM grants WHERE id = ?`, gid); n != 1_440_000 {
			t.Fatalf("paid %d after the pre-financing", n)
		}
		rp := "/grantee-reports/" + first(t, reportLink, x.browse(webtest.ApplicantA, gp), "report link")
		for i, cost := range [][2]string{{"1", "12000.00"}, {"2", "5000.00"}} {
			x.submit(webtest.ApplicantA, rp+"/expenditures", url.Values{"line": {cost[0]}, "spent_on": {"2026-05-04"},
				"supplier": {"Furnizuesi SH.P.K."}, "description": {"Staff and supplies"}, "amount": {cost[1]},
				"document_ref": {fmt.Sprintf("INV-%d", i+1)}})
		}
		x.submit(webtest.ApplicantA, rp+"/narrative", url.Values{"difficulties": {"Late recruitment in the first month."},
			"explain_1": {"Fewer staff months than planned."}, "explain_2": {"Supplies bought as planned."}})
		x.submit(webtest.ApplicantA, rp+"/submit", url.Values{})
		x.submit(webtest.ProgramOfficer, rp+"/approve", url.Values{})
		// 17,000 × 90 % = 15,300 accepted − 14,400 paid: a balance of 900.00
		if b := x.browse(webtest.ApplicantA, rp); !strings.Contains(b, "900.00") {
			t.Errorf("the final report does not show the balance of 900.00")
		}
		x.fourEyesThroughPages(x.requestThroughPages(webtest.ApplicantA, gp, "900.00"), "900.00")
		if b := x.browse(webtest.ProgramOfficer, gp); !strings.Contains(b, "Closed") || !strings.Contains(b, "the balance is paid") {
			t.Errorf("the grant page does not show the grant closed by its settlement")
		}
		if n := x.count(`SELECT COUNT(*) FROM grants WHERE id = ? AND status = 'closed' AND paid_minor = 1530000`, gid); n != 1 {
			t.Errorf("grant 1 is not closed with 15,300.00 paid")
		}

		// 2. Through the API: the grantee is B.
		gp2 := x.signThroughPages(grantFix(t, x.Env, x.OrgB.ID, "E2E-A"))
		g2 := strings.TrimPrefix(gp2, "/grants/")
		var list struct {
			Items []struct {
				ID     int64  `json:"id"`
				Status string `json:"status"`
			} `json:"items"`
		}
		x.call(webtest.ApplicantB, "GET", "/api/v1/grants", "", 200, &list)
		if len(list.Items) != 1 || fmt.Sprint(list.Items[0].ID) != g2 || list.Items[0].Status != "signed" {
			t.Fatalf("B's grants %+v", list.Items)
		}
		var g struct {
			Schedule []struct {
				ID          int64  `json:"id"`
				AmountMinor int64  `json:"amount_minor"`
				Status      string `json:"status"`
			} `json:"schedule"`
		}
		x.call(webtest.ApplicantB, "GET", "/api/v1/grants/"+g2, "", 200, &g)
		if len(g.Schedule) != 2 || g.Schedule[0].Status != "due" || g.Schedule[0].AmountMinor != 1_440_000 {
			t.Fatalf("schedule %+v", g.Schedule)
		}
		var req, again struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		}
		body := `{"amount_minor": 1440000, "currency": "EUR"}`
		x.call(webtest.ApplicantB, "POST", "/api/v1/grants/"+g2+"/payment-requests", body, 201, &req, "Idempotency-Key", "e2e-api-1")
		rec := x.Do(webtest.ApplicantB, webtest.Request{Method: "POST", Path: "/api/v1/grants/" + g2 + "/payment-requests", JSON: body,
			Header: map[string]string{"Idempotency-Key": "e2e-api-1"}})
		_ = json.Unmarshal(rec.Body.Bytes(), &again)
		if rec.Code >= 300 || again.ID != req.ID {
			t.Errorf("the retried request: %d, id %d, want %d", rec.Code, again.ID, req.ID)
		}
		pr := fmt.Sprintf("/api/v1/payment-requests/%d", req.ID)
		x.call(webtest.FinanceOfficer, "POST", pr+"/verify", "", 200, nil)
		x.call(webtest.FinanceOfficer, "POST", pr+"/approve", "", 403, nil)
		x.call(webtest.ProgramOfficer, "POST", pr+"/approve", "", 200, nil)
		x.call(webtest.FinanceOfficer, "POST", pr+"/pay", `{"paid_on": "2026-12-01", "bank_reference": "TRF-API-1", "amount_minor": 1440000}`, 200, &req)
		if req.Status != "paid" {
			t.Fatalf("request after payment: %+v", req)
		}
		var reports struct {
			Items []struct {
				ID   int64  `json:"id"`
				Kind string `json:"kind"`
			} `json:"items"`
		}
		x.call(webtest.ApplicantB, "GET", "/api/v1/grants/"+g2+"/reports", "", 200, &reports)
		if len(reports.Items) != 1 || reports.Items[0].Kind != "final" {
			t.Fatalf("reports %+v", reports.Items)
		}
		rr := fmt.Sprintf("/api/v1/grantee-reports/%d", reports.Items[0].ID)
		x.call(webtest.ApplicantB, "POST", rr+"/expenditures", `{"line_position": 1, "spent_on": "2026-06-10", "supplier": "Supplier",
			"description": "Staff", "amount_minor": 1000000, "currency": "EUR", "document_ref": "INV-API-1"}`, 201, nil)
		x.call(webtest.ApplicantB, "PUT", rr+"/narrative", `{"difficulties": "The centre closed early.", "explanations": [
			{"line_position": 1, "explanation": "Closed early."}, {"line_position": 2, "explanation": "Nothing bought."}]}`, 200, nil)
		x.call(webtest.ApplicantB, "POST", rr+"/submit", "", 200, nil)
		x.call(webtest.ApplicantB, "POST", rr+"/approve", "", 403, nil)
		x.call(webtest.ProgramOfficer, "POST", rr+"/approve", "", 200, nil)
		// 10,000 × 90 % = 9,000 accepted − 14,400 paid: 5,400.00 to recover
		var orders struct {
			Items []struct {
				ID          int64  `json:"id"`
				GrantID     int64  `json:"grant_id"`
				AmountMinor int64  `json:"amount_minor"`
				GrantStatus string `json:"grant_status"`
				Status      string `json:"status"`
			} `json:"items"`
		}
		x.call(webtest.FinanceOfficer, "GET", "/api/v1/recovery-orders?status=open", "", 200, &orders)
		if len(orders.Items) != 1 || fmt.Sprint(orders.Items[0].GrantID) != g2 || orders.Items[0].AmountMinor != 540_000 {
			t.Fatalf("open recovery orders %+v", orders.Items)
		}
		ro := fmt.Sprintf("/api/v1/recovery-orders/%d", orders.Items[0].ID)
		x.call(webtest.FinanceOfficer, "POST", ro+"/recover", `{"recovered_on": "2026-12-02", "bank_reference": "RET-API-1", "amount_minor": 540000}`, 200, nil)
		x.call(webtest.ApplicantB, "GET", "/api/v1/recovery-orders", "", 200, &orders)
		if len(orders.Items) != 1 || orders.Items[0].Status != "recovered" || orders.Items[0].GrantStatus != "closed" {
			t.Errorf("B's recovery order after the repayment %+v", orders.Items)
		}
		var closed struct {
			Status    string `json:"status"`
			PaidMinor int64  `json:"paid_minor"`
		}
		x.call(webtest.ApplicantB, "GET", "/api/v1/grants/"+g2, "", 200, &closed)
		if closed.Status != "closed" || closed.PaidMinor != 1_440_000 {
			t.Errorf("grant 2 through the API: %+v", closed)
		}
		if n := x.count(`SELECT COUNT(*) FROM grants WHERE id = ? AND status = 'closed' AND paid_minor = 1440000`, g2); n != 1 {
			t.Errorf("grant 2 is not closed")
		}
		x.checkBooks()
	})
}
