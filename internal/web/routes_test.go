package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/authz"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web"
	"github.com/subgrant/portal/internal/web/webtest"
)

// publicRoutes is the short list of routes anyone may reach.
var publicRoutes = map[string]bool{
	"GET /": true, "GET /healthz": true, "GET /static/*filepath": true, "POST /language": true,
	"GET /login": true, "POST /login": true, "GET /login/code": true, "POST /login/code": true,
	"GET /password/forgot": true, "POST /password/forgot": true,
	"GET /password/reset": true, "POST /password/reset": true,
	"GET /api/v1/openapi.json": true,
	// Organisations register themselves; invitees accept by a one-time link.
	"GET /register": true, "POST /register": true, "GET /invitations/accept": true, "POST /invitations/accept": true,
	// Calls for proposals are published to everyone: the open calls, a
	// published call's page (drafts answer 404) and their JSON twins.
	"GET /calls": true, "GET /calls/:id": true, "GET /api/v1/calls": true, "GET /api/v1/calls/:id": true,
	// The public register of awarded sub-grants, its downloads and the
	// municipality map (issue 12): published rows only.
	"GET /awards": true, "GET /awards.csv": true, "GET /awards.xlsx": true, "GET /map": true,
}

// Default deny: every route the router knows has a permission in the table,
// and public routes are exactly the short list above.
func TestEveryRouteHasAPermission(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	table := map[string]string{}
	for _, r := range e.Server.RouteTable() {
		table[r.Method+" "+r.Path] = r.Permission
	}
	routes := e.Server.Engine().Routes()
	if len(routes) < 20 {
		t.Fatalf("router has only %d routes", len(routes))
	}
	for _, r := range routes {
		key := r.Method + " " + r.Path
		p, ok := table[key]
		switch {
		case !ok:
			t.Errorf("%s is served but not in the route table", key)
		case p == "":
			t.Errorf("%s has no permission", key)
		case p == "public" && !publicRoutes[key]:
			t.Errorf("%s is public but not on the public list", key)
		}
	}
	for key := range publicRoutes {
		if table[key] != "public" {
			t.Errorf("%s is on the public list but the table says %q", key, table[key])
		}
	}
}

var (
	signedInOK = map[webtest.Principal]int{webtest.Anon: http.StatusSeeOther}
	adminOnly  = map[webtest.Principal]int{webtest.Admin: http.StatusOK, webtest.Anon: http.StatusSeeOther}
)

func everyone(status int) map[webtest.Principal]int {
	m := map[webtest.Principal]int{}
	for _, p := range webtest.Principals {
		m[p] = status
	}
	return m
}

func with(m map[webtest.Principal]int, p webtest.Principal, status int) map[webtest.Principal]int {
	out := map[webtest.Principal]int{}
	for k, v := range m {
		out[k] = v
	}
	out[p] = status
	return out
}

// The role x route matrix of the foundation's routes.
func TestRoleRouteMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		applicantB := e.Users[webtest.ApplicantB].ID
		cases := []webtest.Case{
			{Name: "landing", Req: webtest.Request{Path: "/"}, Default: 200},
			{Name: "healthz", Req: webtest.Request{Path: "/healthz"}, Default: 200},
			{Name: "css", Req: webtest.Request{Path: "/static/portal.css"}, Default: 200},
			{Name: "login form", Req: webtest.Request{Path: "/login"}, Default: 303, Want: map[webtest.Principal]int{webtest.Anon: 200}},
			{Name: "forgot", Req: webtest.Request{Path: "/password/forgot"}, Default: 200},
			{Name: "openapi", Req: webtest.Request{Path: "/api/v1/openapi.json"}, Default: 200},
			{Name: "home", Req: webtest.Request{Path: "/home"}, Default: 200, Want: signedInOK},
			{Name: "account", Req: webtest.Request{Path: "/account"}, Default: 200, Want: signedInOK},
			{Name: "password form", Req: webtest.Request{Path: "/account/password"}, Default: 200, Want: signedInOK},
			{Name: "tokens", Req: webtest.Request{Path: "/account/tokens"}, Default: 200, Want: signedInOK},
			{Name: "users", Req: webtest.Request{Path: "/admin/users"}, Default: 403, Want: adminOnly},
			{Name: "new user form", Req: webtest.Request{Path: "/admin/users/new"}, Default: 403, Want: adminOnly},
			{Name: "create user (invalid)", Req: webtest.Request{Method: "POST", Path: "/admin/users", Form: url.Values{"email": {"x"}}},
				Default: 403, Want: map[webtest.Principal]int{webtest.Admin: 422, webtest.Anon: 401}},
			{Name: "enable user", Req: webtest.Request{Method: "POST", Path: "/admin/users/" + itoa(applicantB) + "/enable", Form: url.Values{}},
				Default: 403, Want: map[webtest.Principal]int{webtest.Admin: 303, webtest.Anon: 401}},
			{Name: "metrics", Req: webtest.Request{Path: "/metrics"}, Default: 403, Want: map[webtest.Principal]int{webtest.Admin: 200, webtest.Anon: 401}},
			{Name: "status page", Req: webtest.Request{Path: "/admin/status"}, Default: 403, Want: adminOnly},
			{Name: "api me", Req: webtest.Request{Path: "/api/v1/me"}, Default: 200, Want: map[webtest.Principal]int{webtest.Anon: 401}},
			{Name: "api users", Req: webtest.Request{Path: "/api/v1/users"}, Default: 403, Want: map[webtest.Principal]int{webtest.Admin: 200, webtest.Anon: 401}},
			{Name: "api create user (invalid)", Req: webtest.Request{Method: "POST", Path: "/api/v1/users", JSON: `{"email":"x"}`},
				Default: 403, Want: map[webtest.Principal]int{webtest.Admin: 422, webtest.Anon: 401}},
			{Name: "unknown page", Req: webtest.Request{Path: "/no/such/page"}, Default: 404},
			// Issue 12: the public register, its downloads and the map.
			{Name: "register", Req: webtest.Request{Path: "/awards"}, Default: 200},
			{Name: "register csv", Req: webtest.Request{Path: "/awards.csv"}, Default: 200},
			{Name: "register xlsx", Req: webtest.Request{Path: "/awards.xlsx"}, Default: 200},
			{Name: "map", Req: webtest.Request{Path: "/map?country=AL&measure=services"}, Default: 200},
			{Name: "register, bad filter", Req: webtest.Request{Path: "/awards?programme=x"}, Default: 422},
			{Name: "language", Req: webtest.Request{Method: "POST", Path: "/language", Form: url.Values{"lang": {"en"}, "next": {"/"}}}, Default: 303},
			{Name: "logout", Req: webtest.Request{Method: "POST", Path: "/logout", Form: url.Values{}}, Default: 303,
				Want: map[webtest.Principal]int{webtest.Anon: 401}, Fresh: true},
		}
		e.CheckMatrix(t, cases)
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Every unsafe route refuses cross-site requests, by Sec-Fetch-Site and by
// a foreign Origin, with the cross-origin page; the same request from the
// same origin reaches the route (whatever the route then answers).
func TestCrossSiteWritesRefused(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	refused := func(body string) bool {
		for _, l := range i18n.Langs {
			if strings.Contains(body, cat.T(l, "error.cross_origin")) {
				return true
			}
		}
		return false
	}
	n := 0
	for _, r := range e.Server.RouteTable() {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			continue
		}
		n++
		path := strings.ReplaceAll(r.Path, ":id", "999999")
		for name, h := range map[string]map[string]string{
			"sec-fetch-site": {"Sec-Fetch-Site": "cross-site"},
			"origin":         {"Origin": "https://attacker.example"},
		} {
			e.SignIn(webtest.Admin)
			rec := e.Do(webtest.Admin, webtest.Request{Method: r.Method, Path: path, Form: url.Values{}, Header: h})
			if rec.Code != http.StatusForbidden || !refused(rec.Body.String()) {
				t.Errorf("%s %s with %s cross-site: %d, want the cross-origin 403", r.Method, path, name, rec.Code)
			}
		}
		e.SignIn(webtest.Admin)
		rec := e.Do(webtest.Admin, webtest.Request{Method: r.Method, Path: path, Form: url.Values{},
			Header: map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://example.com"}})
		if refused(rec.Body.String()) {
			t.Errorf("%s %s same-origin: refused as cross-origin (%d)", r.Method, path, rec.Code)
		}
	}
	if n < 8 {
		t.Fatalf("only %d unsafe routes checked", n)
	}
}

type brokenAuthz struct{}

func (brokenAuthz) Scope(string, string, string) (authz.Relation, error) {
	return "", errors.New("policy store unavailable")
}

// An authoriser error denies: 403, never 200.
func TestAuthoriserErrorMeansForbidden(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t), webtest.Options{Deps: func(d *web.Deps) { d.Authz = brokenAuthz{} }})
	for _, path := range []string{"/home", "/admin/users", "/api/v1/users", "/metrics"} {
		if got := e.Get(webtest.Admin, path).Code; got != http.StatusForbidden {
			t.Errorf("GET %s with a failing authoriser: %d, want 403", path, got)
		}
	}
}

// GET never changes state: row counts of every table are the same after
// every GET route has been visited by the admin.
func TestGetNeverChangesState(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		before := rowCounts(t, d)
		for _, r := range e.Server.RouteTable() {
			if r.Method != http.MethodGet {
				continue
			}
			path := strings.ReplaceAll(strings.ReplaceAll(r.Path, ":id", "1"), "*filepath", "portal.css")
			for _, p := range []webtest.Principal{webtest.Admin, webtest.ApplicantA, webtest.Anon} {
				e.Get(p, path)
			}
		}
		after := rowCounts(t, d)
		for table, n := range before {
			if after[table] != n {
				t.Errorf("table %s: %d rows before the GETs, %d after", table, n, after[table])
			}
		}
	})
}

func rowCounts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	ctx := context.Background()
	var tables []string
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if d.Driver == db.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`
	}
	if err := d.SelectContext(ctx, &tables, q); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, tb := range tables {
		var n int
		if err := d.GetContext(ctx, &n, "SELECT COUNT(*) FROM "+tb); err != nil {
			t.Fatal(err)
		}
		out[tb] = n
	}
	return out
}
