package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/dashboard/dashtest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// dashEnv is a portal with the dashboards' fixture: organisations A and B
// apply, evaluator_1 is assigned two of A's applications, the donor
// officer's organisation funds the call's programme.
func dashEnv(t *testing.T, d *db.DB) (*webtest.Env, dashtest.Fixture) {
	t.Helper()
	e := webtest.New(t, d)
	var donorOrg int64
	if err := db.Get(context.Background(), d, &donorOrg, `SELECT org_id FROM memberships WHERE user_id = ?`,
		e.Users[webtest.DonorOfficer].ID); err != nil {
		t.Fatal(err)
	}
	fx := dashtest.Seed(t, d, dashtest.Who{OrgA: e.OrgA.ID, OrgB: e.OrgB.ID, Evaluator: e.Users[webtest.Evaluator1].ID,
		DonorOrg: donorOrg, Canary: webtest.Canary}, time.Now().UTC())
	return e, fx
}

var (
	svgRe   = regexp.MustCompile(`(?s)<svg class="dash-svg" role="img" aria-label="([^"]+)"[^>]*>\s*<title>([^<]+)</title>`)
	tableRe = regexp.MustCompile(`(?s)<table class="dash-table" id="([^"]+)-table">(.*?)</table>`)
	rowRe   = regexp.MustCompile(`(?s)<th scope="row">(?:<a href="[^"]*">)?([^<]*)(?:</a>)?</th><td data-value="(\d+)">([^<]*)</td>`)
)

// chartRows is each chart's table of a page: chart id -> row label ->
// the figure (data-value) and its text. It fails the test when a chart
// has no text alternative, its <title> differs from it, or a row's figure
// is missing from it.
func chartRows(t *testing.T, page string, body string) map[string]map[string]int64 {
	t.Helper()
	svgs, tables := svgRe.FindAllStringSubmatch(body, -1), tableRe.FindAllStringSubmatch(body, -1)
	// The donor's municipality maps are groups of named links, not images
	// (TestDonorDashboardMap checks them against their own tables).
	charts := strings.Count(body, "<svg") - strings.Count(body, `<svg class="tilemap-svg"`)
	if charts != len(svgs) || len(svgs) != len(tables) {
		t.Errorf("%s: %d svg, %d with role=img, aria-label and title, %d tables", page, charts, len(svgs), len(tables))
		return nil
	}
	out := map[string]map[string]int64{}
	for i, tb := range tables {
		label, title := html.UnescapeString(svgs[i][1]), html.UnescapeString(svgs[i][2])
		if label != title {
			t.Errorf("%s %s: aria-label %q, title %q", page, tb[1], label, title)
		}
		rows := map[string]int64{}
		for _, r := range rowRe.FindAllStringSubmatch(tb[2], -1) {
			name, text := html.UnescapeString(r[1]), html.UnescapeString(r[3])
			n, _ := strconv.ParseInt(r[2], 10, 64)
			rows[name] = n
			if !strings.Contains(label, name+": "+text) {
				t.Errorf("%s %s: the text alternative %q lacks the table's row %q: %q", page, tb[1], label, name, text)
			}
		}
		out[tb[1]] = rows
	}
	return out
}

func setAccountLang(t *testing.T, d *db.DB, userID int64, l i18n.Lang) {
	t.Helper()
	if _, err := db.Exec(context.Background(), d, `UPDATE users SET lang = ? WHERE id = ?`, string(l), userID); err != nil {
		t.Fatal(err)
	}
}

// Each role's dashboard, in each language, shows the database's figures in
// charts whose text alternative and table carry the same numbers, and
// links each task to the page where it is done.
func TestDashboardsShowTheDatabaseFigures(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, fx := dashEnv(t, d)
		count := func(q string, args ...any) int64 { return int64(e.Count(q, args...)) }
		for _, l := range i18n.Langs {
			for _, p := range webtest.Principals[1:] {
				setAccountLang(t, d, e.Users[p].ID, l)
				rec := e.Get(p, "/home")
				page := fmt.Sprintf("/home as %s in %s", p, l)
				if rec.Code != http.StatusOK {
					t.Fatalf("%s: %d", page, rec.Code)
				}
				body := rec.Body.String()
				charts := chartRows(t, page, body)
				if !strings.Contains(body, html.EscapeString(cat.T(l, "dash.help."+string(e.Users[p].Role)))) {
					t.Errorf("%s: no help text", page)
				}
				switch p {
				case webtest.ApplicantA:
					if strings.Contains(body, webtest.Canary) {
						t.Errorf("%s shows organisation B's rows", page)
					}
					for _, s := range []string{"draft", "submitted", "info_requested", "eligible", "awarded"} {
						want := count(`SELECT COUNT(*) FROM applications WHERE org_id = ? AND status = ?`, e.OrgA.ID, s)
						if got := charts["chart-status"][cat.T(l, "applications.status."+s)]; got != want || want == 0 {
							t.Errorf("%s: %d %s in the chart, database %d", page, got, s, want)
						}
					}
					for _, link := range []string{fmt.Sprintf("/applications/%d/info-requests", fx.InfoApp),
						fmt.Sprintf("/grantee-reports/%d", fx.ReportA), fmt.Sprintf("/calls/%d", fx.CallID), fmt.Sprintf("/grants/%d", fx.GrantA)} {
						if !strings.Contains(body, `href="`+link+`"`) {
							t.Errorf("%s: no link to %s", page, link)
						}
					}
					if got := charts["chart-grants"]["GA-DASH-A"]; got != 25 {
						t.Errorf("%s: grant paid %d %%, want 25", page, got)
					}
				case webtest.Evaluator1:
					for _, link := range []string{fmt.Sprintf("/assignments/%d/review", fx.LateAssignment),
						fmt.Sprintf("/assignments/%d/declare", fx.NewAssignm)} {
						if !strings.Contains(body, `href="`+link+`"`) {
							t.Errorf("%s: no link to %s", page, link)
						}
					}
					if got := charts["chart-progress"]["DASH-1"]; got != 0 || len(charts["chart-progress"]) != 1 {
						t.Errorf("%s: progress %v", page, charts["chart-progress"])
					}
				case webtest.ProgramOfficer:
					pl := charts[fmt.Sprintf("chart-pipeline-%d", fx.CallID)]
					for key, q := range map[string]string{
						"dash.step.received":  `SELECT COUNT(*) FROM applications WHERE call_id = ? AND status <> 'draft'`,
						"dash.step.to_screen": `SELECT COUNT(*) FROM applications WHERE call_id = ? AND status IN ('submitted', 'info_requested')`,
						"dash.step.awarded":   `SELECT COUNT(*) FROM applications WHERE call_id = ? AND status = 'awarded'`,
					} {
						if want := count(q, fx.CallID); pl[cat.T(l, key)] != want || want == 0 {
							t.Errorf("%s: %s = %d, database %d", page, key, pl[cat.T(l, key)], want)
						}
					}
					if !strings.Contains(body, fmt.Sprintf(`href="/calls/%d/applications"`, fx.CallID)) {
						t.Errorf("%s: the pipeline does not link the call's applications", page)
					}
				case webtest.FinanceOfficer:
					w := charts["chart-waiting"]
					if w[cat.T(l, "dash.age.week")] != 1 || w[cat.T(l, "dash.age.older")] != 1 {
						t.Errorf("%s: waiting by age %v, want 1 under a week and 1 older", page, w)
					}
				case webtest.DonorOfficer:
					r := charts["chart-reach"][cat.T(l, "applications.target.elderly")]
					if r != 25 {
						t.Errorf("%s: elderly reached %d %%, want 25 (25 of 100)", page, r)
					}
				case webtest.Admin:
					users := count(`SELECT COUNT(*) FROM users`)
					var sum int64
					for _, n := range charts["chart-users"] {
						sum += n
					}
					if sum != users || !strings.Contains(body, `href="/admin/status"`) {
						t.Errorf("%s: %d users in the chart, database %d", page, sum, users)
					}
				}
			}
		}
	})
}

// The status page answers the administrator only and states the database
// engine and the migrations applied, as the database holds them.
func TestStatusPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		e.CheckMatrix(t, []webtest.Case{{Name: "status", Req: webtest.Request{Path: "/admin/status"}, Default: http.StatusForbidden,
			Want: map[webtest.Principal]int{webtest.Admin: http.StatusOK, webtest.Anon: http.StatusSeeOther}}})
		setAccountLang(t, d, e.Users[webtest.Admin].ID, i18n.EN)
		body := e.Get(webtest.Admin, "/admin/status").Body.String()
		want := map[db.Driver]string{db.SQLite: "SQLite (a single file)", db.Postgres: "PostgreSQL"}[d.Driver]
		n := e.Count(`SELECT COUNT(*) FROM schema_migrations`)
		if !strings.Contains(body, want) || !strings.Contains(body, fmt.Sprintf(`<dd id="migrations-applied">%d</dd>`, n)) {
			t.Errorf("status page lacks %q or %d migrations:\n%s", want, n, body)
		}
		if got := strings.Count(body, "<tr><td>"); got != n {
			t.Errorf("status page lists %d migrations, database %d", got, n)
		}
	})
}

// An application's breadcrumbs lead back along the role's own path: the
// applicant to its list, the evaluator to its work list, staff and the
// donor to the call's applications; and it links the screening only to
// those who may open it.
func TestApplicationPageLeadsBackAlongTheRole(t *testing.T) {
	d := dbtest.SQLite(t)
	e, fx := dashEnv(t, d)
	var appID int64
	if err := db.Get(context.Background(), d, &appID, `SELECT application_id FROM review_assignments WHERE id = ?`, fx.LateAssignment); err != nil {
		t.Fatal(err)
	}
	e.Exec(`INSERT INTO application_snapshots (application_id, content, sha256, created_at) VALUES (?, '{}', 'x', ?)`, appID, time.Now().UTC())
	page := fmt.Sprintf("/applications/%d", appID)
	callApps := fmt.Sprintf("/calls/%d/applications", fx.CallID)
	for p, want := range map[webtest.Principal]string{webtest.ApplicantA: "/applications", webtest.Evaluator1: "/reviews",
		webtest.ProgramOfficer: callApps, webtest.DonorOfficer: callApps, webtest.FinanceOfficer: callApps} {
		body := e.Get(p, page).Body.String()
		if hrefs, _, _ := crumbsOf(body); len(hrefs) < 2 || hrefs[len(hrefs)-2] != want || hrefs[len(hrefs)-1] != page {
			t.Errorf("%s on %s: breadcrumbs %v, want the way back through %s", p, page, hrefs, want)
		}
		screening := strings.Contains(body, `href="`+page+`/screening"`)
		if wantScreening := p == webtest.ApplicantA || p == webtest.ProgramOfficer || p == webtest.FinanceOfficer; screening != wantScreening {
			t.Errorf("%s on %s: links the screening %v, want %v", p, page, screening, wantScreening)
		}
	}
}
