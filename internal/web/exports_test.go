package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// exportEnv is a portal with the donor officer's programme (a signed grant
// of organisation A, paid in part, and one of B carrying the canary) and
// another donor's programme whose title carries the canary.
type exportEnv struct {
	*webtest.Env
	mine, theirs int64
}

func newExportEnv(t *testing.T, d *db.DB) *exportEnv {
	t.Helper()
	e := &exportEnv{Env: webtest.New(t, d)}
	ctx := context.Background()
	mine := seedProgramme(t, e.Env, orgID(t, e.Env, "Donor"), "Programme of the donor")
	other, err := e.Store.CreateOrg(ctx, "Other donor", "donor")
	if err != nil {
		t.Fatal(err)
	}
	theirs := seedProgramme(t, e.Env, other.ID, "Their programme "+webtest.Canary)
	e.mine, e.theirs = mine.ID, theirs.ID
	c := seedCall(t, e.Env, mine.ID, "EXP-2026-01", "Thirrje", true)
	lots, err := call.NewStore(d).Lots(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	now := db.Now()
	insert := func(q string, args ...any) int64 {
		t.Helper()
		id, err := db.InsertID(ctx, d, q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	for i, o := range []struct {
		org      int64
		contract string
	}{{e.OrgA.ID, "EXP-2026-01-G-001"}, {e.OrgB.ID, "EXP-2026-01-G-002-" + webtest.Canary}} {
		app := insert(`INSERT INTO applications (call_id, lot_id, org_id, stage, status, title, currency, created_at, updated_at)
			VALUES (?, ?, ?, 'full', 'awarded', ?, 'EUR', ?, ?) RETURNING id`, c.ID, lots[0].ID, o.org, "Qendër ditore", now, now)
		g := insert(`INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number, currency, amount_minor,
			donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 'EUR', 1000000, 9000, '2026-01-01', '2026-12-31', 'prefinancing_balance', 'signed', 'sq', ?, ?)
			RETURNING id`, app, mine.ID, c.ID, o.org, o.contract, now, now)
		if i == 0 {
			req := insert(`INSERT INTO payment_requests (grant_id, amount_minor, currency, status, idempotency_key, requested_at)
				VALUES (?, 800000, 'EUR', 'paid', 'k1', ?) RETURNING id`, g, now)
			insert(`INSERT INTO payments (request_id, grant_id, amount_minor, currency, paid_on, bank_reference, iban, rate_from,
				rate_to, rate_micros, rate_currency, report_minor, recorded_at) VALUES (?, ?, 800000, 'EUR', '2026-02-02', 'R', 'XK05',
				'EUR', 'EUR', 1000000, 'EUR', 800000, ?) RETURNING id`, req, g, now)
		}
	}
	return e
}

// Officers, finance and the programme's donor officer download both files
// from the page and the API; another donor's programme answers 404 to the
// donor officer (and never shows its canary); other roles are refused.
func TestExportRoutesMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newExportEnv(t, d)
		mine, theirs := itoa(e.mine), itoa(e.theirs)
		ok := map[webtest.Principal]int{webtest.Admin: 200, webtest.ProgramOfficer: 200, webtest.FinanceOfficer: 200,
			webtest.DonorOfficer: 200, webtest.Anon: 303}
		okAPI := with(ok, webtest.Anon, 401)
		canary := with(ok, webtest.DonorOfficer, 404)
		missing := map[webtest.Principal]int{webtest.Admin: 404, webtest.ProgramOfficer: 404, webtest.FinanceOfficer: 404,
			webtest.DonorOfficer: 404, webtest.Anon: 401}
		invalid := map[webtest.Principal]int{webtest.Admin: 422, webtest.ProgramOfficer: 422, webtest.FinanceOfficer: 422,
			webtest.DonorOfficer: 422, webtest.Anon: 401}
		e.CheckMatrix(t, []webtest.Case{
			{Name: "iati", Req: webtest.Request{Path: "/programmes/" + mine + "/iati.xml"}, Default: 403, Want: ok},
			{Name: "360giving", Req: webtest.Request{Path: "/programmes/" + mine + "/360giving.json"}, Default: 403, Want: ok},
			{Name: "api iati", Req: webtest.Request{Path: "/api/v1/exports/iati?programme=" + mine}, Default: 403, Want: okAPI},
			{Name: "api 360giving", Req: webtest.Request{Path: "/api/v1/exports/360giving?programme=" + mine}, Default: 403, Want: okAPI},
			{Name: "their iati", Req: webtest.Request{Path: "/programmes/" + theirs + "/iati.xml"}, Default: 403, Want: canary},
			{Name: "their api iati", Req: webtest.Request{Path: "/api/v1/exports/iati?programme=" + theirs}, Default: 403,
				Want: with(canary, webtest.Anon, 401)},
			{Name: "unknown programme", Req: webtest.Request{Path: "/programmes/999999/iati.xml"}, Default: 403,
				Want: with(missing, webtest.Anon, 303)},
			{Name: "api unknown programme", Req: webtest.Request{Path: "/api/v1/exports/iati?programme=999999"}, Default: 403, Want: missing},
			{Name: "api unknown format", Req: webtest.Request{Path: "/api/v1/exports/csv?programme=" + mine}, Default: 403, Want: missing},
			{Name: "api no programme", Req: webtest.Request{Path: "/api/v1/exports/iati"}, Default: 403, Want: invalid},
			{Name: "api bad programme", Req: webtest.Request{Path: "/api/v1/exports/iati?programme=abc"}, Default: 403, Want: invalid},
			// 360Giving needs a grant: the other programme has none.
			{Name: "360giving without grants", Req: webtest.Request{Path: "/programmes/" + theirs + "/360giving.json"}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Admin: 409, webtest.ProgramOfficer: 409, webtest.FinanceOfficer: 409,
					webtest.DonorOfficer: 404, webtest.Anon: 303}},
		})
		for _, path := range []string{"/programmes/" + theirs + "/iati.xml", "/api/v1/exports/iati?programme=" + theirs} {
			if body := e.Get(webtest.DonorOfficer, path).Body.String(); strings.Contains(body, webtest.Canary) {
				t.Errorf("%s shows another donor's canary to the donor officer", path)
			}
		}
	})
}

// The files are attachments of the right type holding the programme's
// grants and the ledger's payment; the programme page links both for the
// roles that may download them.
func TestExportDownloads(t *testing.T) {
	e := newExportEnv(t, dbtest.SQLite(t))
	mine := itoa(e.mine)
	rec := e.Get(webtest.DonorOfficer, "/programmes/"+mine+"/iati.xml")
	if ct, cd := rec.Header().Get("Content-Type"), rec.Header().Get("Content-Disposition"); !strings.HasPrefix(ct, "application/xml") ||
		!strings.Contains(cd, "attachment") || !strings.Contains(cd, "iati.xml") {
		t.Errorf("IATI download: Content-Type %q, Content-Disposition %q", ct, cd)
	}
	if h := rec.Header(); h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "no-store" ||
		!strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("IATI download headers: nosniff %q, cache %q, CSP %q", h.Get("X-Content-Type-Options"),
			h.Get("Cache-Control"), h.Get("Content-Security-Policy"))
	}
	body := rec.Body.String()
	for _, want := range []string{`<iati-activities version="2.03"`, "EXP-2026-01-G-001", `<transaction-type code="3">`, ">8000.00<"} {
		if !strings.Contains(body, want) {
			t.Errorf("IATI file lacks %s", want)
		}
	}
	rec = e.Get(webtest.FinanceOfficer, "/api/v1/exports/360giving?programme="+mine)
	var pkg struct {
		Grants []struct {
			ID              string
			AmountDisbursed json.Number
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &pkg); err != nil || len(pkg.Grants) != 2 || pkg.Grants[0].AmountDisbursed != "8000.00" {
		t.Errorf("360Giving from the API: %+v (%v): %s", pkg, err, rec.Body.String())
	}
	for _, p := range []webtest.Principal{webtest.Admin, webtest.ProgramOfficer, webtest.FinanceOfficer, webtest.DonorOfficer} {
		page := e.Get(p, "/programmes/"+mine).Body.String()
		for _, link := range []string{`href="/programmes/` + mine + `/iati.xml"`, `href="/programmes/` + mine + `/360giving.json"`} {
			if !strings.Contains(page, link) {
				t.Errorf("programme page for %s lacks %s", p, link)
			}
		}
	}
	// Without a grant the page offers the IATI file only.
	if page := e.Get(webtest.Admin, "/programmes/"+itoa(e.theirs)).Body.String(); strings.Contains(page, "360giving.json") ||
		!strings.Contains(page, "iati.xml") {
		t.Errorf("programme page without grants: want the IATI link and no 360Giving link")
	}
}

// Refusals are translated: the problem names the field, in the caller's language.
func TestExportBadInputTranslated(t *testing.T) {
	e := newExportEnv(t, dbtest.SQLite(t))
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	rec := e.Get(webtest.DonorOfficer, "/api/v1/exports/iati?programme=x")
	p := decodeProblem(t, rec.Body.Bytes(), rec.Header().Get("Content-Type"))
	if rec.Code != 422 || len(p.Errors) != 1 || p.Errors[0].Field != "programme" || p.Errors[0].Message != cat.T(i18n.EN, "opendata.error.programme") {
		t.Errorf("bad programme: %d %+v", rec.Code, p)
	}
	rec = e.Get(webtest.DonorOfficer, "/api/v1/exports/pdf?programme="+itoa(e.mine))
	p = decodeProblem(t, rec.Body.Bytes(), rec.Header().Get("Content-Type"))
	if rec.Code != 404 || p.Detail != cat.T(i18n.EN, "opendata.error.format") {
		t.Errorf("unknown format: %d %+v", rec.Code, p)
	}
	rec = e.Get(webtest.Admin, "/programmes/"+itoa(e.theirs)+"/360giving.json")
	if want := cat.T(i18n.EN, "opendata.error.no_grants"); rec.Code != 409 || !strings.Contains(rec.Body.String(), want) {
		t.Errorf("360Giving without grants: %d, want 409 saying %q", rec.Code, want)
	}
}
