package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web"
	"github.com/subgrant/portal/internal/web/webtest"
)

// reportEnv is the payments portal (a grant of A and one of B) whose
// programme the test donor funds, with a paid tranche and an expenditure
// of each grant, B's carrying the canary.
type reportEnv struct {
	*payEnv
	prog, call int64
}

func newReportEnv(t *testing.T, d *db.DB) *reportEnv {
	t.Helper()
	re := &reportEnv{payEnv: newPayEnv(t, d)}
	re.prog, re.call = re.fx.Call.ProgrammeID, re.fx.Call.ID
	ctx := context.Background()
	var donor int64
	if err := db.Get(ctx, d, &donor, `SELECT org_id FROM memberships WHERE user_id = ?`, re.Users[webtest.DonorOfficer].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, d, `UPDATE programmes SET donor_org_id = ? WHERE id = ?`, donor, re.prog); err != nil {
		t.Fatal(err)
	}
	now := db.Now()
	for i, g := range []int64{re.grantA, re.grantB} {
		mark := ""
		if i == 1 {
			mark = " " + webtest.Canary
		}
		rep := re.insert(`INSERT INTO grantee_reports (grant_id, kind, position, period_start, period_end, due_on, status, created_at, updated_at)
			VALUES (?, 'interim', 1, '2026-01-01', '2026-06-30', '2026-08-29', 'submitted', ?, ?) RETURNING id`, g, now, now)
		re.insert(`INSERT INTO expenditures (report_id, line_position, heading, spent_on, supplier, description, amount_minor,
			document_ref, created_at) VALUES (?, 1, '1', '2026-03-01', ?, ?, 12345, 'F-1', ?) RETURNING id`, rep, "=cmd|' /C calc'!A0"+mark,
			"Staff"+mark, now)
		req := re.insert(`INSERT INTO payment_requests (grant_id, amount_minor, currency, status, idempotency_key, requested_at)
			VALUES (?, 800000, 'EUR', 'paid', 'k', ?) RETURNING id`, g, now)
		re.insert(`INSERT INTO payments (request_id, grant_id, amount_minor, currency, paid_on, bank_reference, iban, rate_from, rate_to,
			rate_micros, rate_currency, report_minor, recorded_at) VALUES (?, ?, 800000, 'EUR', '2026-02-10', ?, 'XK05', 'EUR', 'EUR',
			1000000, 'EUR', 800000, ?) RETURNING id`, req, g, "TRX"+mark, now)
	}
	return re
}

func (re *reportEnv) q(path string, kv ...any) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(fmt.Sprint(kv[i]), fmt.Sprint(kv[i+1]))
	}
	return path + "?" + v.Encode()
}

// The role x route matrix of the report routes: the reports page and jobs
// for every role but evaluators; programme reports for staff and the
// programme's donor; a grant's expenditure list for its grantee too; B's
// grant answers A 404; bad input a translated 422 or 404.
func TestReportRoutesMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		re := newReportEnv(t, d)
		anon := map[webtest.Principal]int{webtest.Anon: http.StatusSeeOther}
		listers := func(status int, extra ...any) map[webtest.Principal]int {
			m := map[webtest.Principal]int{webtest.Anon: http.StatusSeeOther, webtest.Admin: status, webtest.ProgramOfficer: status,
				webtest.FinanceOfficer: status, webtest.DonorOfficer: status, webtest.ApplicantA: status, webtest.ApplicantB: status}
			for i := 0; i+1 < len(extra); i += 2 {
				m[extra[i].(webtest.Principal)] = extra[i+1].(int)
			}
			return m
		}
		staff := func(status int) map[webtest.Principal]int {
			return listers(status, webtest.ApplicantA, 403, webtest.ApplicantB, 403)
		}
		_ = anon
		cases := []webtest.Case{
			{Name: "reports page", Req: webtest.Request{Path: "/reports"}, Default: 403, Want: listers(200)},
			{Name: "ledger", Req: webtest.Request{Path: re.q("/reports/disbursement-ledger", "programme", re.prog)}, Default: 403, Want: staff(200)},
			{Name: "financial", Req: webtest.Request{Path: re.q("/reports/programme-financial", "programme", re.prog, "lang", "sr")}, Default: 403, Want: staff(200)},
			{Name: "third parties", Req: webtest.Request{Path: re.q("/reports/third-parties", "programme", re.prog)}, Default: 403, Want: staff(200)},
			{Name: "ranking", Req: webtest.Request{Path: re.q("/reports/ranking", "call", re.call)}, Default: 403, Want: staff(200)},
			{Name: "evaluation report", Req: webtest.Request{Path: re.q("/reports/evaluation-report", "call", re.call, "format", "pdf")}, Default: 403, Want: staff(200)},
			{Name: "A's expenditure", Req: webtest.Request{Path: re.q("/reports/expenditure-list", "grant", re.grantA)}, Default: 403,
				Want: listers(200, webtest.ApplicantB, 404)},
			{Name: "B's expenditure", Req: webtest.Request{Path: re.q("/reports/expenditure-list", "grant", re.grantB)}, Default: 403,
				Want: listers(200, webtest.ApplicantA, 404)},
			{Name: "unknown report", Req: webtest.Request{Path: "/reports/no-such"}, Default: 403, Want: listers(404)},
			{Name: "format not offered", Req: webtest.Request{Path: re.q("/reports/disbursement-ledger", "programme", re.prog, "format", "pdf")},
				Default: 403, Want: staff(422)},
			{Name: "language", Req: webtest.Request{Path: re.q("/reports/disbursement-ledger", "programme", re.prog, "lang", "de")},
				Default: 403, Want: staff(422)},
			{Name: "bad programme id", Req: webtest.Request{Path: re.q("/reports/disbursement-ledger", "programme", "x")}, Default: 403, Want: staff(422)},
			{Name: "programme not visible", Req: webtest.Request{Path: re.q("/reports/disbursement-ledger", "programme", 999999)}, Default: 403, Want: staff(404)},
			{Name: "api third parties", Req: webtest.Request{Path: re.q("/api/v1/reports/third-parties", "programme", re.prog)}, Default: 403,
				Want: with(with(staff(200), webtest.Anon, 401), webtest.DonorOfficer, 200)},
			{Name: "api bad format", Req: webtest.Request{Path: re.q("/api/v1/reports/third-parties", "programme", re.prog, "format", "pdf")},
				Default: 403, Want: with(staff(422), webtest.Anon, 401)},
			{Name: "api unknown", Req: webtest.Request{Path: "/api/v1/reports/nope"}, Default: 403, Want: with(listers(404), webtest.Anon, 401)},
			{Name: "queue A's list", Req: webtest.Request{Method: "POST", Path: "/reports/expenditure-list/jobs",
				Form: url.Values{"grant": {fmt.Sprint(re.grantA)}}}, Default: 403,
				Want: with(listers(303, webtest.ApplicantB, 404), webtest.Anon, 401)},
			{Name: "job unknown", Req: webtest.Request{Path: "/report-jobs/999999"}, Default: 403, Want: listers(404)},
		}
		re.CheckMatrix(t, cases)
	})
}

// xlsxText is every cell value of a workbook, joined.
func xlsxText(t *testing.T, body []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer f.Close()
	var sb strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for _, r := range rows {
			sb.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return sb.String()
}

// Canary: nothing applicant A reaches on the report routes holds B's data;
// the grantee's formula-like text is neutralised.
func TestReportsCanary(t *testing.T) {
	re := newReportEnv(t, dbtest.SQLite(t))
	for _, path := range []string{"/reports", fmt.Sprintf("/grants/%d", re.grantA)} {
		if rec := re.Get(webtest.ApplicantA, path); rec.Code != 200 || strings.Contains(rec.Body.String(), webtest.Canary) {
			t.Errorf("%s as A: %d, canary %v", path, rec.Code, strings.Contains(rec.Body.String(), webtest.Canary))
		}
	}
	for _, path := range []string{re.q("/reports/expenditure-list", "grant", re.grantA), re.q("/api/v1/reports/expenditure-list", "grant", re.grantA)} {
		rec := re.Get(webtest.ApplicantA, path)
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Disposition"), "attachment") {
			t.Fatalf("%s as A: %d %q", path, rec.Code, rec.Header().Get("Content-Disposition"))
		}
		text := xlsxText(t, rec.Body.Bytes())
		if strings.Contains(text, webtest.Canary) {
			t.Errorf("%s as A holds B's canary", path)
		}
		if !strings.Contains(text, "'=cmd|") {
			t.Errorf("%s: the formula-like supplier is not neutralised:\n%s", path, text)
		}
	}
}

var hrefs = regexp.MustCompile(`href="(/reports/[^"]+)"`)

// The programme, call and grant pages link to the reports each role may
// download, and every such link opens (no link to a refusal); the public
// call page shows an applicant none.
func TestReportLinksOpen(t *testing.T) {
	re := newReportEnv(t, dbtest.SQLite(t))
	pages := []struct {
		p     webtest.Principal
		path  string
		links int
	}{
		{webtest.DonorOfficer, fmt.Sprintf("/programmes/%d", re.prog), 4},
		{webtest.ProgramOfficer, fmt.Sprintf("/programmes/%d", re.prog), 4},
		{webtest.FinanceOfficer, fmt.Sprintf("/calls/%d", re.call), 2},
		{webtest.ProgramOfficer, fmt.Sprintf("/manage/calls/%d", re.call), 2},
		{webtest.DonorOfficer, fmt.Sprintf("/calls/%d", re.call), 2},
		{webtest.ApplicantA, fmt.Sprintf("/calls/%d", re.call), 0},
		{webtest.ApplicantA, fmt.Sprintf("/grants/%d", re.grantA), 2},
		{webtest.DonorOfficer, fmt.Sprintf("/grants/%d", re.grantB), 2},
	}
	for _, pg := range pages {
		rec := re.Get(pg.p, pg.path)
		if rec.Code != 200 {
			t.Fatalf("%s as %s: %d", pg.path, pg.p, rec.Code)
		}
		found := hrefs.FindAllStringSubmatch(rec.Body.String(), -1)
		if len(found) != pg.links {
			t.Errorf("%s as %s: %d report links, want %d", pg.path, pg.p, len(found), pg.links)
		}
		for _, m := range found {
			link := strings.ReplaceAll(m[1], "&amp;", "&")
			if got := re.Get(pg.p, link).Code; got != 200 {
				t.Errorf("%s as %s links %s, which answers %d", pg.path, pg.p, link, got)
			}
		}
	}
}

// A background job: queued by A, followed on a page with a progress bar
// that reloads itself, built by the server's worker, then downloaded by A
// and by nobody outside A's scope; the page survives a reload.
func TestReportJob(t *testing.T) {
	re := newReportEnv(t, dbtest.SQLite(t))
	rec := re.Post(webtest.ApplicantA, "/reports/expenditure-list/jobs", url.Values{"grant": {fmt.Sprint(re.grantA)}, "lang": {"sq"}})
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/report-jobs/") {
		t.Fatalf("queue: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	page := rec.Header().Get("Location")
	body := re.Get(webtest.ApplicantA, page).Body.String()
	if !strings.Contains(body, "<progress") || !strings.Contains(body, `http-equiv="refresh"`) || !strings.Contains(body, page+"?refresh=off") {
		t.Fatalf("job page has no progress bar, refresh or way to stop it:\n%s", body)
	}
	if stopped := re.Get(webtest.ApplicantA, page+"?refresh=off").Body.String(); strings.Contains(stopped, `http-equiv="refresh"`) {
		t.Error("?refresh=off still reloads the page")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go re.Server.RunReportJobs(ctx)
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(body, page+"/file") {
		if time.Now().After(deadline) {
			t.Fatalf("the job never finished:\n%s", body)
		}
		time.Sleep(50 * time.Millisecond)
		body = re.Get(webtest.ApplicantA, page).Body.String()
	}
	if strings.Contains(body, `http-equiv="refresh"`) {
		t.Error("a finished job's page still reloads itself")
	}
	file := re.Get(webtest.ApplicantA, page+"/file")
	if file.Code != 200 || strings.Contains(xlsxText(t, file.Body.Bytes()), webtest.Canary) {
		t.Errorf("A's file: %d", file.Code)
	}
	for _, p := range []webtest.Principal{webtest.ApplicantB, webtest.DonorOfficer, webtest.ProgramOfficer} {
		if got := re.Get(p, page+"/file").Code; got != 404 {
			t.Errorf("%s fetches A's job file: %d, want 404", p, got)
		}
		if got := re.Get(p, page).Code; got != 404 {
			t.Errorf("%s follows A's job: %d, want 404", p, got)
		}
	}
}

// A report past the background size answers a page offering a job (GET
// changes nothing); its button queues the same request.
func TestLargeReportOffersAJob(t *testing.T) {
	d := dbtest.SQLite(t)
	re := &reportEnv{payEnv: &payEnv{Env: webtest.New(t, d, webtest.Options{Deps: func(d *web.Deps) { d.ReportBackgroundRows = 1 }})}}
	re.fx = apptest.Call(t, d, apptest.Spec{})
	re.grantA, re.trA = re.grant(re.OrgA.ID, "GA-A-1")
	re.prog = re.fx.Call.ProgrammeID
	re.insert(`INSERT INTO payment_requests (grant_id, amount_minor, currency, status, idempotency_key, requested_at)
		VALUES (?, 100, 'EUR', 'paid', 'k', ?) RETURNING id`, re.grantA, db.Now())
	re.insert(`INSERT INTO payments (request_id, grant_id, amount_minor, currency, paid_on, bank_reference, iban, rate_from, rate_to,
		rate_micros, rate_currency, report_minor, recorded_at) SELECT id, grant_id, 100, 'EUR', '2026-02-10', 'T', 'XK', 'EUR', 'EUR',
		1000000, 'EUR', 100, ? FROM payment_requests RETURNING id`, db.Now())
	rec := re.Get(webtest.FinanceOfficer, re.q("/reports/disbursement-ledger", "programme", re.prog, "lang", "sr"))
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, `action="/reports/disbursement-ledger/jobs"`) ||
		!strings.Contains(body, `name="programme" value="`+fmt.Sprint(re.prog)+`"`) || !strings.Contains(body, `name="lang" value="sr"`) {
		t.Fatalf("large report: %d\n%s", rec.Code, body)
	}
	var jobs int
	if err := db.Get(context.Background(), d, &jobs, `SELECT COUNT(*) FROM report_jobs`); err != nil || jobs != 0 {
		t.Fatalf("GET queued %d jobs (%v)", jobs, err)
	}
	rec = re.Post(webtest.FinanceOfficer, "/reports/disbursement-ledger/jobs", url.Values{"programme": {fmt.Sprint(re.prog)}, "lang": {"sr"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("queue: %d", rec.Code)
	}
}
