package web_test

import (
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

// A tranche through the API: requested twice under one key (one request),
// verified, refused to its verifier's approval, approved by someone else,
// paid; the ceilings and conditions answer 409 naming them.
func TestPaymentFlowThroughAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		pe := newPayEnv(t, d)
		code, id := pe.request(webtest.ApplicantA, pe.grantA, 800000, "k-1")
		if code != http.StatusCreated || id == 0 {
			t.Fatalf("request: %d", code)
		}
		if code, again := pe.request(webtest.ApplicantA, pe.grantA, 800000, "k-1"); code != http.StatusOK || again != id {
			t.Errorf("retry: %d request %d, want 200 and %d", code, again, id)
		}
		if code, _ := pe.request(webtest.ApplicantA, pe.grantA, 800000, "k-2"); code != http.StatusConflict {
			t.Errorf("second request of the tranche: %d, want 409", code)
		}
		if code, _ := pe.request(webtest.ApplicantA, pe.grantB, 800000, "k-3"); code != http.StatusNotFound {
			t.Errorf("another organisation's grant: %d, want 404", code)
		}
		rec := pe.Do(webtest.ApplicantA, webtest.Request{Method: "POST", Path: fmt.Sprintf("/api/v1/grants/%d/payment-requests", pe.grantA),
			JSON: `{"amount_minor": 1, "currency": "EUR"}`})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "idempotency_key") {
			t.Errorf("no Idempotency-Key: %d %s", rec.Code, rec.Body)
		}
		base := fmt.Sprintf("/api/v1/payment-requests/%d", id)
		if code, _ := pe.post(webtest.FinanceOfficer, base+"/approve", ""); code != http.StatusConflict {
			t.Errorf("approve before verification: %d, want 409", code)
		}
		if code, body := pe.post(webtest.FinanceOfficer, base+"/verify", ""); code != http.StatusOK || !strings.Contains(body, `"verified"`) {
			t.Fatalf("verify: %d %s", code, body)
		}
		if code, body := pe.post(webtest.FinanceOfficer, base+"/approve", ""); code != http.StatusForbidden || !strings.Contains(body, "payments.error.four_eyes") {
			t.Errorf("the verifier approves: %d %s, want 403 four eyes", code, body)
		}
		if code, _ := pe.post(webtest.ProgramOfficer, base+"/approve", ""); code != http.StatusOK {
			t.Fatalf("approve by the program officer: %d", code)
		}
		today := time.Now().UTC().Format("2006-01-02")
		if code, body := pe.post(webtest.FinanceOfficer, base+"/pay", fmt.Sprintf(`{"paid_on":"%s","bank_reference":"TRX 1","amount_minor":1}`, today)); code != http.StatusUnprocessableEntity {
			t.Errorf("pay another amount: %d %s", code, body)
		}
		code, body := pe.post(webtest.FinanceOfficer, base+"/pay", fmt.Sprintf(`{"paid_on":"%s","bank_reference":"TRX 1","amount_minor":800000}`, today))
		if code != http.StatusOK || !strings.Contains(body, `"paid"`) || !strings.Contains(body, `"bank_reference":"TRX 1"`) {
			t.Fatalf("pay: %d %s", code, body)
		}
		if n := pe.Count(`SELECT paid_minor FROM grants WHERE id = ?`, pe.grantA); n != 800000 {
			t.Errorf("grant paid %d", n)
		}
		rec = pe.Get(webtest.ApplicantA, "/api/v1/payment-requests?status=paid")
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"total":1`) || strings.Contains(rec.Body.String(), webtest.Canary) {
			t.Errorf("grantee's list: %d %s", rec.Code, rec.Body)
		}
		if rec := pe.Get(webtest.ApplicantA, "/api/v1/payment-requests?status=bogus"); rec.Code != http.StatusBadRequest {
			t.Errorf("bad filter: %d", rec.Code)
		}
		// The balance waits for its final report: the 409 names it.
		rec = pe.Do(webtest.ApplicantA, webtest.Request{Method: "POST", Path: fmt.Sprintf("/api/v1/grants/%d/payment-requests", pe.grantA),
			JSON: `{"amount_minor": 200000, "currency": "EUR"}`, Header: map[string]string{"Idempotency-Key": "k-4"}})
		if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "payments.error.requires.final_report") {
			t.Errorf("balance before the final report: %d %s", rec.Code, rec.Body)
		}
		// A draft agreement cannot be paid.
		pe.Exec(`UPDATE grants SET status = 'draft' WHERE id = ?`, pe.grantB)
		if code, _ := pe.request(webtest.ApplicantB, pe.grantB, 800000, "b-1"); code != http.StatusConflict {
			t.Errorf("request before signature: %d, want 409", code)
		}
	})
}

// The grantee's form: bad amounts come back next to the field with what
// was typed, a double submission of one rendered form makes one request.
func TestPaymentRequestForm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		pe := newPayEnv(t, d)
		path := fmt.Sprintf("/grants/%d/payment-requests", pe.grantA)
		rec := pe.Get(webtest.ApplicantA, path+"/new")
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), `name="idempotency_key"`) {
			t.Fatalf("form: %d", rec.Code)
		}
		for typed, msg := range map[string]string{"12abc": "digits only", "1.000,555": "two decimals", "-5": "negative",
			"9.000,00": "above the tranche"} {
			rec := pe.Post(webtest.ApplicantA, path, url.Values{"tranche_id": {itoa(pe.trA)}, "amount": {typed}, "idempotency_key": {"f-" + typed}})
			body := rec.Body.String()
			if (rec.Code != 422 && rec.Code != 409) || !strings.Contains(body, msg) || !strings.Contains(body, `value="`+typed+`"`) {
				t.Errorf("amount %q: %d, want the message %q and the typed value", typed, rec.Code, msg)
			}
		}
		form := url.Values{"tranche_id": {itoa(pe.trA)}, "amount": {"8000.00"}, "idempotency_key": {"same-page"}}
		for range 2 {
			if rec := pe.Do(webtest.ApplicantA, webtest.Request{Method: "POST", Path: path, Form: form, Header: map[string]string{"Accept-Language": "en"}}); rec.Code != http.StatusSeeOther {
				t.Fatalf("submit: %d %s", rec.Code, rec.Body)
			}
		}
		if n := pe.Count(`SELECT COUNT(*) FROM payment_requests`); n != 1 {
			t.Errorf("%d requests after a double submission, want 1", n)
		}
		if rec := pe.Get(webtest.ApplicantA, fmt.Sprintf("/grants/%d/payment-requests/new", pe.grantB)); rec.Code != http.StatusNotFound {
			t.Errorf("B's grant form as A: %d", rec.Code)
		}
	})
}

// The finance pages: the queue oldest first with counts and totals, the
// request page with the whole IBAN for staff and the actions that apply;
// no canary of B reaches A.
func TestPaymentPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		pe := newPayEnv(t, d)
		_, a := pe.request(webtest.ApplicantA, pe.grantA, 800000, "a")
		_, b := pe.request(webtest.ApplicantB, pe.grantB, 800000, "b")
		rec := pe.Get(webtest.FinanceOfficer, "/payments")
		body := rec.Body.String()
		if rec.Code != 200 || !strings.Contains(body, fmt.Sprintf(`href="/payments/%d"`, a)) || !strings.Contains(body, fmt.Sprintf(`href="/payments/%d"`, b)) {
			t.Fatalf("finance queue: %d", rec.Code)
		}
		if strings.Index(body, fmt.Sprintf(`href="/payments/%d"`, a)) > strings.Index(body, fmt.Sprintf(`href="/payments/%d"`, b)) {
			t.Error("queue not oldest first")
		}
		rec = pe.Get(webtest.ApplicantA, "/payments")
		if rec.Code != 200 || strings.Contains(rec.Body.String(), webtest.Canary) {
			t.Errorf("grantee's queue: %d, canary leaked: %v", rec.Code, strings.Contains(rec.Body.String(), webtest.Canary))
		}
		show := fmt.Sprintf("/payments/%d", a)
		if body := pe.Get(webtest.FinanceOfficer, show).Body.String(); !strings.Contains(body, "XK051212012345678906") || !strings.Contains(body, show+"/verify") {
			t.Error("finance's request page lacks the whole IBAN or the verify action")
		}
		if body := pe.Get(webtest.ApplicantA, show).Body.String(); strings.Contains(body, "XK051212012345678906") || !strings.Contains(body, "8906") || strings.Contains(body, "/verify") {
			t.Error("grantee's request page shows the whole IBAN or an action")
		}
		if rec := pe.Get(webtest.ApplicantA, fmt.Sprintf("/payments/%d", b)); rec.Code != http.StatusNotFound {
			t.Errorf("B's request as A: %d", rec.Code)
		}
		// Page actions: verify, the verifier's approval refused on the page, refusal needs a reason.
		if rec := pe.Post(webtest.FinanceOfficer, show+"/verify", nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("verify: %d", rec.Code)
		}
		if rec := pe.Post(webtest.FinanceOfficer, show+"/approve", nil); rec.Code != http.StatusForbidden {
			t.Errorf("approve by the verifier: %d, want 403", rec.Code)
		}
		if rec := pe.Post(webtest.ProgramOfficer, show+"/reject", url.Values{"decision": {"reject"}, "reason": {" "}}); rec.Code != 422 {
			t.Errorf("reject without a reason: %d", rec.Code)
		}
		if rec := pe.Post(webtest.ProgramOfficer, show+"/approve", nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("approve: %d", rec.Code)
		}
		today := time.Now().UTC().Format("2006-01-02")
		if rec := pe.Post(webtest.FinanceOfficer, show+"/pay", url.Values{"paid_on": {today}, "bank_reference": {"TRX"}, "amount": {"8.000,00"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("pay: %d %s", rec.Code, rec.Body)
		}
		rec = pe.Get(webtest.FinanceOfficer, "/payments")
		if !strings.Contains(rec.Body.String(), "Programme CFP-2026-01") {
			t.Error("the totals per programme are missing")
		}
		// Exchange rates: zero refused next to the field, a good rate listed.
		if rec := pe.Post(webtest.FinanceOfficer, "/finance/rates", url.Values{"from_currency": {"EUR"}, "to_currency": {"ALL"}, "month": {"2026-03"}, "rate": {"0"}}); rec.Code != 422 || !strings.Contains(rec.Body.String(), `id="f-rate-error"`) {
			t.Errorf("zero rate: %d", rec.Code)
		}
		if rec := pe.Post(webtest.FinanceOfficer, "/finance/rates", url.Values{"from_currency": {"EUR"}, "to_currency": {"ALL"}, "month": {"2026-03"}, "rate": {"98.35"}, "source": {"InforEuro"}}); rec.Code != http.StatusSeeOther {
			t.Errorf("rate: %d", rec.Code)
		}
		if body := pe.Get(webtest.DonorOfficer, "/finance/rates").Body.String(); !strings.Contains(body, "98.350000") {
			t.Error("the rate is not listed")
		}
	})
}

// Role × route for every payment route.
func TestPaymentRouteMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		pe := newPayEnv(t, d)
		_, a := pe.request(webtest.ApplicantA, pe.grantA, 800000, "a")
		show := fmt.Sprintf("/payments/%d", a)
		api := fmt.Sprintf("/api/v1/payment-requests/%d", a)
		viewers := map[webtest.Principal]int{webtest.Anon: 303, webtest.Evaluator1: 403, webtest.Evaluator2: 403, webtest.ApplicantB: 404, webtest.DonorOfficer: 404}
		apiViewers := with(with(viewers, webtest.Anon, 401), webtest.ApplicantB, 404)
		staffOnly := func(ok int, who ...webtest.Principal) map[webtest.Principal]int {
			m := map[webtest.Principal]int{webtest.Anon: 401}
			for _, p := range who {
				m[p] = ok
			}
			return m
		}
		cases := []webtest.Case{
			{Name: "queue", Req: webtest.Request{Path: "/payments"}, Default: 200, Want: map[webtest.Principal]int{webtest.Anon: 303, webtest.Evaluator1: 403, webtest.Evaluator2: 403}},
			{Name: "request page", Req: webtest.Request{Path: show}, Default: 200, Want: viewers},
			{Name: "api list", Req: webtest.Request{Path: "/api/v1/payment-requests"}, Default: 200, Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Evaluator1: 403, webtest.Evaluator2: 403}},
			{Name: "api get", Req: webtest.Request{Path: api}, Default: 200, Want: apiViewers},
			{Name: "new request form", Req: webtest.Request{Path: fmt.Sprintf("/grants/%d/payment-requests/new", pe.grantA)}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 303, webtest.ApplicantA: 200, webtest.ApplicantB: 404}},
			{Name: "rates", Req: webtest.Request{Path: "/finance/rates"}, Default: 200,
				Want: map[webtest.Principal]int{webtest.Anon: 303, webtest.Evaluator1: 403, webtest.Evaluator2: 403, webtest.ApplicantA: 403, webtest.ApplicantB: 403}},
			{Name: "api rates", Req: webtest.Request{Path: "/api/v1/exchange-rates"}, Default: 200,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Evaluator1: 403, webtest.Evaluator2: 403, webtest.ApplicantA: 403, webtest.ApplicantB: 403}},
			{Name: "api set rate (invalid)", Req: webtest.Request{Method: "POST", Path: "/api/v1/exchange-rates", JSON: `{"from_currency":"EUR","to_currency":"ALL","month":"2026-03","rate":"0"}`},
				Default: 403, Want: staffOnly(422, webtest.Admin, webtest.FinanceOfficer)},
			{Name: "set rate (invalid)", Req: webtest.Request{Method: "POST", Path: "/finance/rates", Form: url.Values{"rate": {"x"}}},
				Default: 403, Want: staffOnly(422, webtest.Admin, webtest.FinanceOfficer)},
			{Name: "api reject (no reason)", Req: webtest.Request{Method: "POST", Path: api + "/reject", JSON: `{"reason":""}`},
				Default: 403, Want: staffOnly(422, webtest.Admin, webtest.FinanceOfficer, webtest.ProgramOfficer)},
			{Name: "api pay (not approved)", Req: webtest.Request{Method: "POST", Path: api + "/pay", JSON: `{"paid_on":"2026-01-02","bank_reference":"R","amount_minor":800000}`},
				Default: 403, Want: staffOnly(409, webtest.Admin, webtest.FinanceOfficer)},
			{Name: "api approve (not verified)", Req: webtest.Request{Method: "POST", Path: api + "/approve", JSON: `{}`},
				Default: 403, Want: staffOnly(409, webtest.Admin, webtest.FinanceOfficer, webtest.ProgramOfficer)},
			{Name: "pay page (not approved)", Req: webtest.Request{Method: "POST", Path: show + "/pay", Form: url.Values{"paid_on": {"2026-01-02"}, "bank_reference": {"R"}, "amount": {"8000,00"}}},
				Default: 403, Want: staffOnly(409, webtest.Admin, webtest.FinanceOfficer)},
			{Name: "api create (B's grant)", Req: webtest.Request{Method: "POST", Path: fmt.Sprintf("/api/v1/grants/%d/payment-requests", pe.grantB), JSON: `{"amount_minor":1,"currency":"EUR"}`, Header: map[string]string{"Idempotency-Key": "m"}},
				Default: 403, Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.ApplicantA: 404, webtest.ApplicantB: 201}},
		}
		pe.CheckMatrix(t, cases)
		// Verification last (it changes the request): finance and admin only.
		pe.CheckMatrix(t, []webtest.Case{{Name: "api verify", Req: webtest.Request{Method: "POST", Path: api + "/verify", JSON: `{}`},
			Default: 403, Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 200, webtest.FinanceOfficer: 409}}})
	})
}

// The CSV import keeps what was pasted and names the bad line.
func TestRatesImportPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		rec := e.Post(webtest.FinanceOfficer, "/finance/rates/import", url.Values{"csv": {"2026-01,EUR,ALL,98.35\n2026-02,EUR,ALL,abc"}})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "Line 2") || !strings.Contains(rec.Body.String(), "2026-02,EUR,ALL,abc") {
			t.Errorf("bad import: %d", rec.Code)
		}
		if rec := e.Post(webtest.FinanceOfficer, "/finance/rates/import", url.Values{"csv": {"2026-01,EUR,ALL,98.35"}}); rec.Code != 303 {
			t.Errorf("import: %d", rec.Code)
		}
		if rec := e.Post(webtest.ApplicantA, "/finance/rates/import", url.Values{"csv": {"2026-01,EUR,ALL,1"}}); rec.Code != 403 {
			t.Errorf("import by an applicant: %d", rec.Code)
		}
		if n := e.Count(`SELECT COUNT(*) FROM exchange_rates`); n != 1 {
			t.Errorf("%d rates", n)
		}
	})
}

// A request sent back offers its grantee to request the tranche again.
func TestPaymentRequestAgain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		pe := newPayEnv(t, d)
		_, id := pe.request(webtest.ApplicantA, pe.grantA, 800000, "a")
		if code, _ := pe.post(webtest.FinanceOfficer, fmt.Sprintf("/api/v1/payment-requests/%d/request-changes", id), `{"reason":"Attach the bank letter <b>"}`); code != 200 {
			t.Fatalf("request changes: %d", code)
		}
		body := pe.Get(webtest.ApplicantA, fmt.Sprintf("/payments/%d", id)).Body.String()
		if !strings.Contains(body, fmt.Sprintf(`href="/grants/%d/payment-requests/new"`, pe.grantA)) || !strings.Contains(body, "Attach the bank letter &lt;b&gt;") {
			t.Error("the grantee's page lacks the escaped reason or the link to request again")
		}
		if code, _ := pe.request(webtest.ApplicantA, pe.grantA, 800000, "b"); code != http.StatusCreated {
			t.Errorf("request again: %d", code)
		}
	})
}
