package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/pdfdoc/pdftext"
	"github.com/subgrant/portal/internal/web/webtest"
)

// findocFix makes, with SQL, an active grant for organisation A and one
// for organisation B in one programme of the test donor (A's application
// names Tiranë and Durrës and the elderly; A has a paid pre-financing),
// and a programme of another donor with B's second grant.
type findocFix struct {
	prog, otherProg, grantA, grantB, grantOther int64
	contractA, contractB                        string
}

func newFindocFix(t *testing.T, e *webtest.Env) findocFix {
	t.Helper()
	now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	var f findocFix
	grantOf := func(app int64, org int64, number string, amount, paid int64) int64 {
		var g struct {
			Prog int64 `db:"programme_id"`
			Call int64 `db:"call_id"`
		}
		if err := db.Get(t.Context(), e.DB, &g, `SELECT c.programme_id, a.call_id FROM applications a JOIN calls c ON c.id = a.call_id WHERE a.id = ?`, app); err != nil {
			t.Fatal(err)
		}
		var id int64
		if err := e.DB.QueryRowxContext(t.Context(), e.DB.Rebind(`INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number,
			currency, amount_minor, paid_minor, donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 'EUR', ?, ?, 9000, '2026-04-01', '2027-03-31', 'prefinancing_balance', 'active', 'sq', ?, ?) RETURNING id`),
			app, g.Prog, g.Call, org, number, amount, paid, now, now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		e.Exec(`INSERT INTO grant_tranches (grant_id, position, kind, amount_minor, due_on, requires, status) VALUES (?, 1, 'prefinancing', ?, '2026-04-01', 'signature', 'paid'),
			(?, 2, 'balance', ?, '2027-06-30', 'final_report', 'planned')`, id, amount*8/10, id, amount-amount*8/10)
		return id
	}
	appA := grantFix(t, e, e.OrgA.ID, "FD-A")
	appB := grantFix(t, e, e.OrgB.ID, "FD-B")
	e.Exec(`UPDATE applications SET call_id = (SELECT call_id FROM applications WHERE id = ?) WHERE id = ?`, appA, appB)
	f.contractA, f.contractB = "FD-A/2026/001", "FD-B/2026/"+webtest.Canary
	f.grantA = grantOf(appA, e.OrgA.ID, f.contractA, 1800000, 1440000)
	f.grantB = grantOf(appB, e.OrgB.ID, f.contractB, 1800000, 0)
	e.Exec(`INSERT INTO application_municipalities (application_id, municipality) VALUES (?, 'AL-TIRANE'), (?, 'AL-DURRES')`, appA, appA)
	e.Exec(`INSERT INTO application_target_groups (application_id, target_group, beneficiaries) VALUES (?, 'elderly', 40)`, appA)
	var req int64
	if err := e.DB.QueryRowxContext(t.Context(), e.DB.Rebind(`INSERT INTO payment_requests (grant_id, amount_minor, currency, status, idempotency_key, requested_at)
		VALUES (?, 1440000, 'EUR', 'paid', 'k1', ?) RETURNING id`), f.grantA, now).Scan(&req); err != nil {
		t.Fatal(err)
	}
	e.Exec(`INSERT INTO payments (request_id, grant_id, amount_minor, currency, paid_on, bank_reference, iban, rate_from, rate_to, rate_micros,
		rate_currency, report_minor, recorded_at) VALUES (?, ?, 1440000, 'EUR', '2026-04-10', 'BANK-REF-0001', 'XK051212012345678906', 'EUR', 'EUR', 1000000, 'EUR', 1440000, ?)`,
		req, f.grantA, now)
	if err := db.Get(t.Context(), e.DB, &f.prog, `SELECT programme_id FROM grants WHERE id = ?`, f.grantA); err != nil {
		t.Fatal(err)
	}
	// another donor's programme, with a second application of B
	var otherDonor int64
	if err := e.DB.QueryRowxContext(t.Context(), e.DB.Rebind(`INSERT INTO organisations (name, kind, created_at) VALUES ('Another donor', 'donor', ?) RETURNING id`), now).Scan(&otherDonor); err != nil {
		t.Fatal(err)
	}
	appOther := grantFix(t, e, e.OrgB.ID, "FD-O")
	if err := db.Get(t.Context(), e.DB, &f.otherProg, `SELECT c.programme_id FROM applications a JOIN calls c ON c.id = a.call_id WHERE a.id = ?`, appOther); err != nil {
		t.Fatal(err)
	}
	e.Exec(`UPDATE programmes SET donor_org_id = ? WHERE id = ?`, otherDonor, f.otherProg)
	f.grantOther = grantOf(appOther, e.OrgB.ID, "FD-O/2026/001", 500000, 0)
	return f
}

// The role x route matrix of the financial documents, with the canaries:
// another organisation's grant and another donor's programme answer 404.
func TestFindocRoleRouteMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		f := newFindocFix(t, e)
		staff := func(code int) map[webtest.Principal]int {
			return map[webtest.Principal]int{webtest.Anon: 303, webtest.Admin: code, webtest.ProgramOfficer: code, webtest.FinanceOfficer: code}
		}
		summary := staff(200)
		summary[webtest.DonorOfficer] = 200
		otherSummary := staff(200)
		otherSummary[webtest.DonorOfficer] = 404
		statementA := staff(200)
		statementA[webtest.DonorOfficer], statementA[webtest.ApplicantA], statementA[webtest.ApplicantB] = 200, 200, 404
		statementB := staff(200)
		statementB[webtest.DonorOfficer], statementB[webtest.ApplicantA], statementB[webtest.ApplicantB] = 200, 404, 200
		statementOther := staff(200)
		statementOther[webtest.DonorOfficer], statementOther[webtest.ApplicantA], statementOther[webtest.ApplicantB] = 404, 404, 200
		unknown := staff(404)
		unknown[webtest.DonorOfficer], unknown[webtest.ApplicantA], unknown[webtest.ApplicantB] = 404, 404, 404
		e.CheckMatrix(t, []webtest.Case{
			{Name: "summary", Req: webtest.Request{Path: fmt.Sprintf("/programmes/%d/financial-summary.pdf", f.prog)}, Default: 403, Want: summary},
			{Name: "other donor's summary", Req: webtest.Request{Path: fmt.Sprintf("/programmes/%d/financial-summary.pdf", f.otherProg)}, Default: 403, Want: otherSummary},
			{Name: "unknown summary", Req: webtest.Request{Path: "/programmes/999999/financial-summary.pdf"}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 303, webtest.Admin: 404, webtest.ProgramOfficer: 404, webtest.FinanceOfficer: 404, webtest.DonorOfficer: 404}},
			{Name: "statement A", Req: webtest.Request{Path: fmt.Sprintf("/grants/%d/statement.pdf", f.grantA)}, Default: 403, Want: statementA},
			{Name: "statement B", Req: webtest.Request{Path: fmt.Sprintf("/grants/%d/statement.pdf", f.grantB)}, Default: 403, Want: statementB},
			{Name: "statement of another donor's grant", Req: webtest.Request{Path: fmt.Sprintf("/grants/%d/statement.pdf", f.grantOther)}, Default: 403, Want: statementOther},
			{Name: "unknown statement", Req: webtest.Request{Path: "/grants/999999/statement.pdf"}, Default: 403, Want: unknown},
			{Name: "bad id", Req: webtest.Request{Path: "/grants/x/statement.pdf"}, Default: 403, Want: unknown},
		})
	})
}

// The documents hold the right rows: A's statement its own schedule,
// payment and balance and nothing of B; the summary the programme's
// agreements, split by municipality and target group; the pages link the
// documents to exactly the roles that may download them.
func TestFindocContentAndLinks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		f := newFindocFix(t, e)
		rec := e.Get(webtest.ApplicantA, fmt.Sprintf("/grants/%d/statement.pdf", f.grantA))
		if ct := rec.Header().Get("Content-Type"); rec.Code != 200 || ct != "application/pdf" {
			t.Fatalf("statement: %d %q", rec.Code, ct)
		}
		if text := pdftext.Text(t, rec.Body.Bytes()); text != "" {
			for _, w := range []string{"Statement of grant " + f.contractA, "Organisation A", "Programme: Kujdes ditor", "Page 1 of",
				"2026-04-10 BANK-REF-0001 €14,400.00 €14,400.00", "€3,600.00", "Intermediary"} {
				if !strings.Contains(text, w) {
					t.Errorf("A's statement lacks %q:\n%s", w, text)
				}
			}
			if strings.Contains(text, webtest.Canary) {
				t.Error("A's statement holds B's canary")
			}
		}
		rec = e.Get(webtest.DonorOfficer, fmt.Sprintf("/programmes/%d/financial-summary.pdf", f.prog))
		if rec.Code != 200 {
			t.Fatalf("summary: %d", rec.Code)
		}
		if text := pdftext.Text(t, rec.Body.Bytes()); text != "" {
			for _, w := range []string{"Programme financial summary", "Programme: Kujdes ditor", f.contractA, "Tirana", "Durres", "The elderly",
				"Not specified", "€36,000.00", "€14,400.00"} {
				if !strings.Contains(text, w) {
					t.Errorf("summary lacks %q:\n%s", w, text)
				}
			}
			if strings.Contains(text, "FD-O/2026/001") {
				t.Error("the summary holds another programme's grant")
			}
		}
		summaryLink := fmt.Sprintf(`href="/reports/financial-summary?format=pdf&amp;lang=en&amp;programme=%d"`, f.prog)
		for _, p := range []webtest.Principal{webtest.Admin, webtest.ProgramOfficer, webtest.FinanceOfficer, webtest.DonorOfficer} {
			if b := e.Get(p, fmt.Sprintf("/programmes/%d", f.prog)).Body.String(); !strings.Contains(b, summaryLink) {
				t.Errorf("%s: the programme page does not link the summary", p)
			}
		}
		statementLink := fmt.Sprintf(`href="/reports/grantee-statement?format=pdf&amp;grant=%d&amp;lang=en"`, f.grantA)
		for _, p := range []webtest.Principal{webtest.Admin, webtest.ProgramOfficer, webtest.FinanceOfficer, webtest.DonorOfficer, webtest.ApplicantA} {
			if b := e.Get(p, fmt.Sprintf("/grants/%d", f.grantA)).Body.String(); !strings.Contains(b, statementLink) {
				t.Errorf("%s: the grant page does not link the statement", p)
			}
		}
		for _, p := range []webtest.Principal{webtest.ApplicantA, webtest.ApplicantB, webtest.Evaluator1} {
			for _, path := range []string{"/home", "/grants", fmt.Sprintf("/grants/%d", f.grantA)} {
				if b := e.Get(p, path).Body.String(); strings.Contains(b, "financial-summary") {
					t.Errorf("%s: %s links the summary it may not download", p, path)
				}
			}
		}
	})
}

// A document that cannot be built answers a translated error page, never
// a partial PDF.
func TestFindocBuildFailure(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	f := newFindocFix(t, e)
	e.Exec(`UPDATE programmes SET currency = '' WHERE id = ?`, f.prog)
	e.Exec(`UPDATE grants SET currency = '' WHERE id = ?`, f.grantA)
	for _, path := range []string{fmt.Sprintf("/programmes/%d/financial-summary.pdf", f.prog), fmt.Sprintf("/grants/%d/statement.pdf", f.grantA)} {
		rec := e.Get(webtest.Admin, path)
		body := rec.Body.String()
		if rec.Code != http.StatusInternalServerError || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") ||
			strings.Contains(body, "%PDF") || !strings.Contains(body, "The document could not be produced, so nothing was sent.") {
			t.Errorf("%s: %d %q\n%s", path, rec.Code, rec.Header().Get("Content-Type"), body)
		}
		if rec.Header().Get("Content-Disposition") != "" {
			t.Errorf("%s: a failed document still sent as an attachment", path)
		}
	}
}

// pdftextOf is the layout text of a PDF (pdftotext).
func pdftextOf(t *testing.T, b []byte) string { return pdftext.Text(t, b) }
