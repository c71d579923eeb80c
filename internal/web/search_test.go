package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/review/scoretest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// searchWorld: a call of the test donor's programme with A's application
// SRCH-0002 (assigned to evaluator_1), B's SRCH-00020 with its grant
// GA-SRCH-0002 and a payment request, and B's draft; B's rows carry the
// canary.
type searchWorld struct {
	e                  *webtest.Env
	appA, appB, draftB int64
	grantB, requestB   int64
}

func newSearchWorld(t *testing.T, d *db.DB) searchWorld {
	t.Helper()
	e := webtest.New(t, d)
	w := searchWorld{e: e}
	c := apptest.Call(t, d, apptest.Spec{Reference: "SRCH"})
	var donor int64
	if err := db.Get(context.Background(), d, &donor, `SELECT org_id FROM memberships WHERE user_id = ?`, e.Users[webtest.DonorOfficer].ID); err != nil {
		t.Fatal(err)
	}
	e.Exec(`UPDATE programmes SET donor_org_id = ? WHERE id = ?`, donor, c.Call.ProgrammeID)
	app := func(org int64, status, title, ref string) int64 {
		id := scoretest.App(t, d, c.Call.ID, c.Lots[0].ID, org, "full", status, title)
		if ref != "" {
			e.Exec(`UPDATE applications SET reference = ? WHERE id = ?`, ref, id)
		}
		return id
	}
	w.appA = app(e.OrgA.ID, "eligible", "Qendër ditore në Pejë", "SRCH-0002")
	w.appB = app(e.OrgB.ID, "awarded", "Strehë "+webtest.Canary, "SRCH-00020")
	w.draftB = app(e.OrgB.ID, "draft", "Draft "+webtest.Canary, "")
	e.Exec(`UPDATE applications SET submitted_at = NULL WHERE id = ?`, w.draftB)
	now := db.Now()
	var err error
	w.grantB, err = db.InsertID(context.Background(), d, `INSERT INTO grants (application_id, programme_id, call_id, org_id,
		contract_number, currency, amount_minor, donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, iban,
		bank_name, created_at, updated_at) VALUES (?, ?, ?, ?, 'GA-SRCH-0002', 'EUR', 1000000, 9000, '2026-01-01',
		'2026-12-31', 'prefinancing_balance', 'signed', 'en', 'XK051212012345678906', 'Bank', ?, ?) RETURNING id`,
		w.appB, c.Call.ProgrammeID, c.Call.ID, e.OrgB.ID, now, now)
	if err != nil {
		t.Fatal(err)
	}
	w.requestB, err = db.InsertID(context.Background(), d, `INSERT INTO payment_requests (grant_id, amount_minor, currency,
		status, idempotency_key, requested_at) VALUES (?, 800000, 'EUR', 'requested', 'k1', ?) RETURNING id`, w.grantB, now)
	if err != nil {
		t.Fatal(err)
	}
	e.AssignEvaluator(w.appA, webtest.Evaluator1)
	return w
}

// apiFound is what p finds through the API: kind -> total.
func (w searchWorld) apiFound(t *testing.T, p webtest.Principal, q string) map[string]int {
	t.Helper()
	rec := w.e.Get(p, "/api/v1/search?q="+url.QueryEscape(q))
	if rec.Code != http.StatusOK {
		t.Fatalf("%s searches %q: %d %s", p, q, rec.Code, rec.Body)
	}
	var out struct {
		Groups []struct {
			Kind  string
			Total int
			Items []struct{ URL string }
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, g := range out.Groups {
		if g.Total > 0 {
			got[g.Kind] = g.Total
		}
	}
	return got
}

// The role x route matrix of the search routes, and the number of items of
// each kind every principal finds: its own scope, nothing more.
func TestSearchRoutes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSearchWorld(t, d)
		w.e.CheckMatrix(t, []webtest.Case{
			{Name: "search page", Req: webtest.Request{Path: "/search?q=SRCH"}, Default: 200, Want: signedInOK},
			{Name: "search form", Req: webtest.Request{Path: "/search"}, Default: 200, Want: signedInOK},
			{Name: "search one kind", Req: webtest.Request{Path: "/search?q=SRCH&kind=application&page=2"}, Default: 200, Want: signedInOK},
			{Name: "search api", Req: webtest.Request{Path: "/api/v1/search?q=SRCH"}, Default: 200,
				Want: map[webtest.Principal]int{webtest.Anon: 401}},
		})
		// Staff also find the call's donor organisation ("Donor of SRCH"); the
		// donor officer, of another organisation, does not.
		staff := map[string]int{"application": 2, "grant": 1, "payment_request": 1, "organisation": 1}
		donor := map[string]int{"application": 2, "grant": 1, "payment_request": 1}
		for p, want := range map[webtest.Principal]map[string]int{
			webtest.Admin: staff, webtest.ProgramOfficer: staff, webtest.FinanceOfficer: staff, webtest.DonorOfficer: donor,
			webtest.ApplicantA: {"application": 1},
			webtest.ApplicantB: {"application": 1, "grant": 1, "payment_request": 1},
			webtest.Evaluator1: {"application": 1},
			webtest.Evaluator2: {},
		} {
			got := w.apiFound(t, p, "srch")
			if !sameCounts(got, want) {
				t.Errorf("%s finds %v, want %v", p, got, want)
			}
		}
		// The draft is B's alone; staff and donors never find it.
		for p, want := range map[webtest.Principal]int{webtest.Admin: 0, webtest.DonorOfficer: 0, webtest.ApplicantA: 0, webtest.ApplicantB: 1} {
			if got := w.apiFound(t, p, "draft")["application"]; got != want {
				t.Errorf("%s finds %d drafts, want %d", p, got, want)
			}
		}
	})
}

func sameCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// Applicant A never meets organisation B's canary through the search
// box, whatever it asks: B's name, reference, contract, IBAN, the canary.
func TestSearchCanary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSearchWorld(t, d)
		// The canary itself as the query is echoed back ("results for ..."):
		// applicant A finds nothing for it.
		if got := w.apiFound(t, webtest.ApplicantA, webtest.Canary); len(got) != 0 {
			t.Errorf("applicant A finds %v for the canary", got)
		}
		for _, q := range []string{"canary", "orgb", "organisation b", "SRCH-00020", "GA-SRCH-0002", "XK051212012345678906",
			"srch", "draft", "strehe"} {
			for _, path := range []string{"/search?q=", "/api/v1/search?q=", "/search?kind=application&q=", "/search?kind=grant&q="} {
				rec := w.e.Get(webtest.ApplicantA, path+url.QueryEscape(q))
				if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), webtest.Canary) {
					t.Errorf("applicant A GET %s%s: %d, canary %v", path, q, rec.Code, strings.Contains(rec.Body.String(), webtest.Canary))
				}
			}
		}
		// The same searches do reach B's rows for B and staff: the test can fail.
		if body := w.e.Get(webtest.ApplicantB, "/search?q=canary").Body.String(); !strings.Contains(body, webtest.Canary) {
			t.Error("applicant B does not find its own canary: the canary check proves nothing")
		}
	})
}

// The page: the exact reference first and marked, links to each item's
// page, counts per kind, the box in the header; any input answers 200.
func TestSearchPage(t *testing.T) {
	w := newSearchWorld(t, dbtest.SQLite(t))
	body := w.e.Get(webtest.Admin, "/search?q=SRCH-0002").Body.String()
	for _, want := range []string{`href="/applications/` + itoa(w.appA) + `"`, `href="/applications/` + itoa(w.appB) + `"`, `href="/grants/` + itoa(w.grantB) + `"`,
		`href="/payments/` + itoa(w.requestB) + `"`, `exact reference`, `id="header-q"`, `value="SRCH-0002"`} {
		if !strings.Contains(body, want) {
			t.Errorf("results page lacks %s", want)
		}
	}
	if i, j := strings.Index(body, "SRCH-0002</span>"), strings.Index(body, "SRCH-00020</span>"); i < 0 || j < 0 || i > j {
		t.Errorf("the exact reference is not first (at %d, the other at %d)", i, j)
	}
	if body := w.e.Get(webtest.ApplicantA, "/search?q=Peje").Body.String(); !strings.Contains(body, `href="/applications/`+itoa(w.appA)+`"`) {
		t.Error(`"Peje" does not find "Pejë" through the page`)
	}
	if body := w.e.Get(webtest.Anon, "/login").Body.String(); strings.Contains(body, `id="header-q"`) {
		t.Error("the header search box is shown to a visitor")
	}
	for _, q := range []string{"", " ", "*", `"`, "a OR", "NEAR(", "'; --", "%", strings.Repeat("Ж", 5000), "\xff"} {
		rec := w.e.Get(webtest.ProgramOfficer, "/search?q="+url.QueryEscape(q)+"&page=-3&kind=nonsense")
		if rec.Code != http.StatusOK {
			t.Errorf("q=%.20q: %d", q, rec.Code)
		}
		if rec := w.e.Get(webtest.ProgramOfficer, "/api/v1/search?q="+url.QueryEscape(q)); rec.Code != http.StatusOK {
			t.Errorf("api q=%.20q: %d", q, rec.Code)
		}
	}
}
