package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web"
	"github.com/subgrant/portal/internal/web/webtest"
)

// publicFix writes, with SQL, a programme with its call and committee
// sessions, and applications of organisations A and B in every state: what
// the public register may show and what it must not.
type publicFix struct {
	e                  *webtest.Env
	prog, call, lot    int64
	approved, pending  int64
	published, formula string // contract numbers of two published grants
	n                  int
}

var publicT0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func newPublicFix(t *testing.T, e *webtest.Env) *publicFix {
	ctx := context.Background()
	f := &publicFix{e: e}
	ins := func(q string, args ...any) int64 {
		id, err := db.InsertID(ctx, e.DB, q+" RETURNING id", args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	var donor int64
	if err := db.Get(ctx, e.DB, &donor, `SELECT id FROM organisations WHERE kind = 'donor' ORDER BY id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	f.prog = ins(`INSERT INTO programmes (title, donor_org_id, donor_profile, currency, subgrant_budget_minor, third_party_cap_minor,
		starts_on, ends_on, created_at, updated_at) VALUES ('Kujdes ditor', ?, 'eu', 'EUR', 1000000000, 6000000, '2026-01-01', '2029-12-31', ?, ?)`,
		donor, publicT0, publicT0)
	f.call = ins(`INSERT INTO calls (programme_id, reference, title_sq, time_zone, created_at, updated_at)
		VALUES (?, 'PUB-2026', 'Thirrja', 'Europe/Belgrade', ?, ?)`, f.prog, publicT0, publicT0)
	f.lot = ins(`INSERT INTO call_lots (call_id, position, name, budget_minor) VALUES (?, 1, 'Lot', 100000000)`, f.call)
	f.approved = ins(`INSERT INTO committee_sessions (call_id, stage, held_on, status, created_at, approved_at)
		VALUES (?, 'full', '2026-02-20', 'approved', ?, ?)`, f.call, publicT0, publicT0)
	f.pending = ins(`INSERT INTO committee_sessions (call_id, stage, held_on, status, created_at) VALUES (?, 'full', '2026-02-21', 'draft', ?)`,
		f.call, publicT0)
	for _, o := range []struct {
		id   int64
		muni string
	}{{e.OrgA.ID, "XK-PEJE"}, {e.OrgB.ID, "AL-KLOS"}} {
		if _, err := db.Exec(ctx, e.DB, `INSERT INTO organisation_profiles (org_id, municipality, rep_name, iban, verified_at, updated_at)
			VALUES (?, ?, 'Arta Person', 'XK051212012345678906', ?, ?)`, o.id, o.muni, publicT0, publicT0); err != nil {
			t.Fatal(err)
		}
	}
	f.published = f.add(t, e.OrgA.ID, "Qendër ditore", "awarded", "award", f.approved, "signed", 4_500_050)
	f.formula = f.add(t, e.OrgA.ID, "=HYPERLINK(\"http://evil\")", "awarded", "award", f.approved, "active", 1_000_000)
	f.add(t, e.OrgB.ID, "Klos outreach", "awarded", "award", f.approved, "signed", 2_000_000)
	// Never public: each title carries the canary.
	f.add(t, e.OrgB.ID, webtest.Canary+" draft agreement", "awarded", "award", f.approved, "draft", 100)
	f.add(t, e.OrgB.ID, webtest.Canary+" unapproved", "awarded", "award", f.pending, "signed", 100)
	f.add(t, e.OrgB.ID, webtest.Canary+" rejected", "rejected", "reject", f.approved, "", 100)
	f.add(t, e.OrgB.ID, webtest.Canary+" draft application", "draft", "", 0, "", 100)
	return f
}

// add writes an application of org with its decision and agreement ("" for
// none) and returns the contract number.
func (f *publicFix) add(t *testing.T, org int64, title, appStatus, decision string, session int64, grantStatus string, amount int64) string {
	ctx := context.Background()
	f.n++
	var app int64
	app, err := db.InsertID(ctx, f.e.DB, `INSERT INTO applications (call_id, lot_id, org_id, stage, status, reference, title, currency,
		requested_minor, created_at, updated_at) VALUES (?, ?, ?, 'full', ?, ?, ?, 'EUR', ?, ?, ?) RETURNING id`,
		f.call, f.lot, org, appStatus, fmt.Sprintf("PUB-2026-%03d", f.n), title, amount, publicT0, publicT0)
	if err != nil {
		t.Fatal(err)
	}
	if decision != "" {
		if _, err := db.Exec(ctx, f.e.DB, `INSERT INTO award_decisions (session_id, application_id, lot_id, org_id, rank, final_x100,
			fundable, decision, currency, requested_minor, amount_minor) VALUES (?, ?, ?, ?, 1, 8000, TRUE, ?, 'EUR', ?, ?)`,
			session, app, f.lot, org, decision, amount, amount); err != nil {
			t.Fatal(err)
		}
	}
	if grantStatus == "" {
		return ""
	}
	contract := fmt.Sprintf("PUB-G-%03d", f.n)
	var signed any
	if grantStatus != "draft" {
		signed = publicT0
	}
	if _, err := db.Exec(ctx, f.e.DB, `INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number, currency,
		amount_minor, donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, signed_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'EUR', ?, 9000, '2026-04-01', '2027-03-31', 'prefinancing_balance', ?, 'sq', ?, ?, ?)`,
		app, f.prog, f.call, org, contract, amount, grantStatus, signed, publicT0, publicT0); err != nil {
		t.Fatal(err)
	}
	return contract
}

// Everyone, signed in or not, reads the register, its downloads and the
// map; none of them shows a draft, an unapproved or a rejected item.
func TestPublicRegisterMatrixAndCanary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		newPublicFix(t, e)
		paths := []string{"/awards", "/awards.csv", "/awards.xlsx", "/map", "/map?measure=amount", "/map?measure=services&country=AL&m=AL-KLOS",
			"/map?m=AL-KLOS&country=AL", "/awards?municipality=AL-KLOS"}
		var cases []webtest.Case
		for _, p := range paths {
			cases = append(cases, webtest.Case{Name: p, Req: webtest.Request{Path: p}, Default: http.StatusOK})
		}
		e.CheckMatrix(t, cases)
		for _, p := range webtest.Principals {
			for _, path := range paths {
				body := e.Get(p, path).Body.Bytes()
				if strings.HasSuffix(path, ".xlsx") {
					body = []byte(strings.Join(xlsxRows(t, body), "\n"))
				}
				if bytes.Contains(body, []byte(webtest.Canary)) && !bytes.Contains(body, []byte("Organisation B "+webtest.Canary)) {
					t.Errorf("%s as %s shows an unpublished item", path, p)
				}
				if bytes.Contains(body, []byte(webtest.Canary+" ")) {
					t.Errorf("%s as %s shows an unpublished title", path, p)
				}
			}
		}
	})
}

// xlsxRows reads the first sheet's rows, cells joined by tabs.
func xlsxRows(t *testing.T, b []byte) []string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("open workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = strings.Join(r, "\t")
	}
	return out
}

// The register lists the published awards with their totals, filters
// them, refuses a filter value it does not offer with a message next to
// the field, and downloads the filtered list in the reader's language with
// formulas neutralised.
func TestPublicRegisterPageAndDownloads(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		f := newPublicFix(t, e)
		body := e.Get(webtest.Anon, "/awards").Body.String()
		for _, want := range []string{f.published, f.formula, "Qendër ditore", "Organisation A", "Pejë", "3 nën-grante të dhëna",
			"75.000,50", `href="/awards.csv"`, `href="/awards.xlsx"`, `aria-sort`} {
			if !strings.Contains(body, want) {
				t.Errorf("register lacks %q", want)
			}
		}
		if strings.Contains(body, "Arta Person") || strings.Contains(body, "XK051212012345678906") {
			t.Error("the register shows personal or bank data")
		}
		// The reader's language: English and Serbian (Latin) readers.
		if _, err := db.Exec(context.Background(), d, `UPDATE users SET lang = 'sr' WHERE id = ?`, e.Users[webtest.ApplicantB].ID); err != nil {
			t.Fatal(err)
		}
		for p, want := range map[webtest.Principal][]string{
			webtest.DonorOfficer: {"3 awarded sub-grants", "Register of awarded sub-grants", "Peja", "€75,000.50"},
			webtest.ApplicantB:   {"3 dodeljena podgranta", "Registar dodeljenih podgrantova", "Peć"},
		} {
			page := e.Get(p, "/awards").Body.String()
			for _, w := range want {
				if !strings.Contains(page, w) {
					t.Errorf("/awards as %s lacks %q", p, w)
				}
			}
		}
		klos := e.Get(webtest.Anon, "/awards?municipality=AL-KLOS").Body.String()
		if !strings.Contains(klos, "Klos outreach") || strings.Contains(klos, "Qendër ditore") || !strings.Contains(klos, "1 nën-grant i dhënë") {
			t.Error("the municipality filter does not narrow the register")
		}
		bad := e.Get(webtest.Anon, "/awards?programme=999999&year=abc")
		if bad.Code != http.StatusUnprocessableEntity || !strings.Contains(bad.Body.String(), "Zgjidhni një program nga lista.") ||
			!strings.Contains(bad.Body.String(), `id="f-year-error"`) {
			t.Errorf("bad filter: status %d", bad.Code)
		}
		if got := e.Get(webtest.Anon, "/awards.csv?programme=x").Code; got != http.StatusUnprocessableEntity {
			t.Errorf("download with a bad filter: %d", got)
		}
		// English headings for a signed-in English reader; the formula cell neutralised.
		res := e.Get(webtest.DonorOfficer, "/awards.csv?sort=amount&dir=desc")
		if ct := res.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || res.Header().Get("Content-Disposition") == "" {
			t.Errorf("csv headers %q", ct)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body.String(), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 4 || recs[0][1] != "Organisation" || recs[1][7] != "45000.50" || recs[1][2] != "Peja" {
			t.Fatalf("csv = %q", recs)
		}
		found := false
		for _, r := range recs {
			if r[3] == `'=HYPERLINK("http://evil")` {
				found = true
			}
			if strings.HasPrefix(r[3], "=") {
				t.Errorf("a formula reaches the CSV: %q", r[3])
			}
		}
		if !found {
			t.Error("the neutralised title is missing from the CSV")
		}
		rows := xlsxRows(t, e.Get(webtest.Anon, "/awards.xlsx?municipality=XK-PEJE").Body.Bytes())
		if len(rows) != 3 || !strings.HasPrefix(rows[0], "Kontrata\tOrganizata") {
			t.Fatalf("xlsx rows = %q", rows)
		}
		if !strings.Contains(strings.Join(rows, "\n"), "\t'=HYPERLINK") || strings.Contains(strings.Join(rows, "\n"), "\t=HYPERLINK") {
			t.Errorf("xlsx formula not neutralised: %q", rows)
		}
	})
}

var publicTileRe = regexp.MustCompile(`<g class="tile tile-(\d)[^"]*" data-code="([A-Z-]+)" data-value="(\d+)">`)
var publicRowRe = regexp.MustCompile(`<tr data-code="([A-Z-]+)"><th scope="row">(?:<a [^>]*>)?([^<]+)(?:</a>)?</th><td class="num">([^<]+)</td>`)

// The map has one square per municipality (38 in Kosovo, 61 in Albania),
// each square's value is the table's, and linking squares are named links.
func TestPublicMapTilesMatchTable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		newPublicFix(t, e)
		ctx := context.Background()
		for _, s := range []struct {
			org       int64
			typ, muni string
		}{{e.OrgB.ID, "community_outreach", "AL-KLOS"}, {e.OrgB.ID, "family_support", "AL-KLOS"}, {e.OrgA.ID, "day_care_elderly", "AL-MAT"}} {
			if _, err := db.Exec(ctx, d, `INSERT INTO organisation_services (org_id, service_type, municipality, capacity, beneficiaries_per_year)
				VALUES (?, ?, ?, 20, 80)`, s.org, s.typ, s.muni); err != nil {
				t.Fatal(err)
			}
		}
		for path, want := range map[string]struct {
			tiles  int
			values map[string]string
		}{
			"/map":                             {38, map[string]string{"XK-PEJE": "2"}},
			"/map?country=AL":                  {61, map[string]string{"AL-KLOS": "1"}},
			"/map?country=XK&measure=amount":   {38, map[string]string{"XK-PEJE": "55.000,50 €"}},
			"/map?country=AL&measure=services": {61, map[string]string{"AL-KLOS": "2", "AL-MAT": "1"}},
			"/map?country=AL&measure=services&type=family_support": {61, map[string]string{"AL-KLOS": "1"}},
			"/awards": {38, map[string]string{"XK-PEJE": "2"}},
		} {
			body := e.Get(webtest.Anon, path).Body.String()
			tiles := publicTileRe.FindAllStringSubmatch(body, -1)
			if len(tiles) != want.tiles {
				t.Errorf("%s: %d squares, want %d", path, len(tiles), want.tiles)
			}
			rows := map[string]string{}
			for _, r := range publicRowRe.FindAllStringSubmatch(body, -1) {
				rows[r[1]] = r[3]
			}
			if len(rows) != len(want.values) {
				t.Errorf("%s: table %v, want %v", path, rows, want.values)
			}
			for code, v := range want.values {
				if rows[code] != v {
					t.Errorf("%s: table %s = %q, want %q", path, code, rows[code], v)
				}
				if !strings.Contains(body, ": "+v+`</title>`) {
					t.Errorf("%s: no square titled with %q", path, v)
				}
			}
			for _, tl := range tiles {
				if (tl[3] != "0") != (rows[tl[2]] != "") || (tl[3] == "0") != (tl[1] == "0") {
					t.Errorf("%s: square %s value %s level %s, table %q", path, tl[2], tl[3], tl[1], rows[tl[2]])
				}
			}
			if !strings.Contains(body, `<a href="/`) || !strings.Contains(body, `aria-label="`) {
				t.Errorf("%s: squares do not link", path)
			}
		}
		// A chosen municipality lists its services, the filters applied.
		body := e.Get(webtest.Anon, "/map?country=AL&measure=services&m=AL-KLOS").Body.String()
		if !strings.Contains(body, "Klos (bashki)") || !strings.Contains(body, "Organisation B") || strings.Count(body, "<td>Organisation B") != 2 {
			t.Error("Klos's services are not listed")
		}
		body = e.Get(webtest.Anon, "/map?country=AL&measure=services&m=AL-KLOS&type=community_outreach").Body.String()
		if strings.Count(body, "<td>Organisation B") != 1 {
			t.Error("the service type does not filter the list")
		}
		bad := e.Get(webtest.Anon, "/map?country=FR&measure=x&type=y&group=z&m=Q")
		if bad.Code != http.StatusUnprocessableEntity || strings.Count(bad.Body.String(), `class="field-error"`) != 4 {
			t.Errorf("bad map filters: status %d", bad.Code)
		}
	})
}

// A client that downloads too often is told to wait (429, Retry-After),
// and may download again in the next minute.
func TestPublicDownloadsAreRateLimited(t *testing.T) {
	var mu sync.Mutex
	now := publicT0
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := webtest.New(t, dbtest.SQLite(t), webtest.Options{Deps: func(d *web.Deps) { d.Now = clock }})
	for i := range 20 {
		if got := e.Get(webtest.Anon, "/awards.csv").Code; got != http.StatusOK {
			t.Fatalf("download %d: %d", i+1, got)
		}
	}
	res := e.Get(webtest.Anon, "/awards.csv")
	if res.Code != http.StatusTooManyRequests || res.Header().Get("Retry-After") == "" {
		t.Errorf("21st download: %d, Retry-After %q", res.Code, res.Header().Get("Retry-After"))
	}
	if got := e.Get(webtest.Anon, "/awards").Code; got != http.StatusOK {
		t.Errorf("the register page shares the download cap: %d", got)
	}
	if got := e.Get(webtest.DonorOfficer, "/awards.csv").Code; got != http.StatusOK {
		t.Errorf("a signed-in user shares the visitor's cap: %d", got)
	}
	mu.Lock()
	now = now.Add(61 * time.Second)
	mu.Unlock()
	if got := e.Get(webtest.Anon, "/awards.csv").Code; got != http.StatusOK {
		t.Errorf("a minute later: %d", got)
	}
}

// The donor officer's dashboard maps its own programmes' published
// sub-grants, one map per country; another donor's programmes are not
// on it.
func TestDonorDashboardMap(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		newPublicFix(t, e)
		body := e.Get(webtest.DonorOfficer, "/home").Body.String()
		tiles := publicTileRe.FindAllStringSubmatch(body, -1)
		if len(tiles) != 38+61 {
			t.Fatalf("dashboard: %d squares, want 99", len(tiles))
		}
		rows := map[string]string{}
		for _, r := range publicRowRe.FindAllStringSubmatch(body, -1) {
			rows[r[1]] = r[3]
		}
		if len(rows) != 2 || rows["XK-PEJE"] != "2" || rows["AL-KLOS"] != "1" {
			t.Errorf("dashboard map table %v", rows)
		}
		// Move the programme to another donor: the map empties.
		other, err := db.InsertID(context.Background(), d, `INSERT INTO organisations (name, kind, created_at) VALUES ('Other donor', 'donor', ?) RETURNING id`, publicT0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(context.Background(), d, `UPDATE programmes SET donor_org_id = ?`, other); err != nil {
			t.Fatal(err)
		}
		body = e.Get(webtest.DonorOfficer, "/home").Body.String()
		if n := len(publicTileRe.FindAllString(body, -1)); n != 38 || len(publicRowRe.FindAllString(body, -1)) != 0 {
			t.Errorf("another donor's grants reach the dashboard: %d squares", n)
		}
	})
}

// The download cap is taken atomically: 50 requests released at once get
// exactly publicDownloadLimit (20) downloads and 429 for the rest.
func TestPublicDownloadCapUnderBurst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		newPublicFix(t, e)
		start := make(chan struct{})
		codes := make(chan int, 50)
		var wg sync.WaitGroup
		for range 50 {
			wg.Go(func() {
				<-start
				codes <- e.Get(webtest.Anon, "/awards.csv").Code
			})
		}
		close(start)
		wg.Wait()
		close(codes)
		got := map[int]int{}
		for c := range codes {
			got[c]++
		}
		if got[http.StatusOK] != 20 || got[http.StatusTooManyRequests] != 30 {
			t.Errorf("burst of 50 downloads: %v, want 20 × 200 and 30 × 429", got)
		}
	})
}
