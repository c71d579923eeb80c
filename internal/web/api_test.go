package web_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The OpenAPI document lists exactly the /api/v1 routes of the router.
func TestOpenAPIMatchesRouter(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	rec := e.Get(webtest.Anon, "/api/v1/openapi.json")
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	param := regexp.MustCompile(`\{([a-z_]+)\}`)
	var documented, routed []string
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			documented = append(documented, strings.ToUpper(method)+" "+param.ReplaceAllString(path, ":$1"))
		}
	}
	for _, r := range e.Server.Engine().Routes() {
		if strings.HasPrefix(r.Path, "/api/") {
			routed = append(routed, r.Method+" "+r.Path)
		}
	}
	sort.Strings(documented)
	sort.Strings(routed)
	if strings.Join(documented, "\n") != strings.Join(routed, "\n") {
		t.Errorf("documented:\n%s\nrouted:\n%s", strings.Join(documented, "\n"), strings.Join(routed, "\n"))
	}
}

type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	RequestID string `json:"request_id"`
	Errors    []struct {
		Field, Code, Message string
	} `json:"errors"`
}

func decodeProblem(t *testing.T, body []byte, contentType string) problem {
	t.Helper()
	if contentType != "application/problem+json" {
		t.Errorf("content type %q, want application/problem+json", contentType)
	}
	var p problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("problem body: %v: %s", err, body)
	}
	return p
}

// API tokens act exactly as their user, are shown once, and die when revoked.
func TestAPITokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		rec := e.Post(webtest.ApplicantA, "/account/tokens", map[string][]string{"name": {"reporting"}})
		if rec.Code != http.StatusCreated {
			t.Fatalf("create token: %d", rec.Code)
		}
		tok := regexp.MustCompile(`sgp_[A-Za-z0-9_\-]{20,}`).FindString(rec.Body.String())
		if tok == "" {
			t.Fatal("new token not shown")
		}
		if strings.Contains(e.Get(webtest.ApplicantA, "/account/tokens").Body.String(), tok) {
			t.Error("token shown a second time")
		}
		bearer := map[string]string{"Authorization": "Bearer " + tok}
		me := e.Do(webtest.Anon, webtest.Request{Path: "/api/v1/me", Header: bearer})
		if me.Code != 200 || !strings.Contains(me.Body.String(), `"email":"applicant_A@test.example"`) || !strings.Contains(me.Body.String(), "Organisation A") {
			t.Fatalf("/api/v1/me with the token: %d %s", me.Code, me.Body)
		}
		if got := e.Do(webtest.Anon, webtest.Request{Path: "/api/v1/users", Header: bearer}).Code; got != http.StatusForbidden {
			t.Errorf("applicant token on /api/v1/users: %d, want 403 like the applicant", got)
		}
		var stored int
		if err := d.GetContext(t.Context(), &stored, d.Rebind(`SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?`), tok); err != nil || stored != 0 {
			t.Errorf("the plain token is stored (%d rows, %v)", stored, err)
		}
		list, _ := e.Store.ListTokens(t.Context(), e.Users[webtest.ApplicantA].ID)
		if len(list) != 1 {
			t.Fatalf("tokens = %d", len(list))
		}
		if got := e.Post(webtest.ApplicantB, "/account/tokens/"+itoa(list[0].ID)+"/revoke", nil).Code; got != http.StatusNotFound {
			t.Errorf("B revoking A's token: %d, want 404", got)
		}
		if got := e.Post(webtest.ApplicantA, "/account/tokens/"+itoa(list[0].ID)+"/revoke", nil).Code; got != http.StatusSeeOther {
			t.Fatalf("revoke: %d", got)
		}
		r := e.Do(webtest.Anon, webtest.Request{Path: "/api/v1/me", Header: bearer})
		if r.Code != http.StatusUnauthorized {
			t.Errorf("revoked token: %d, want 401", r.Code)
		}
		decodeProblem(t, r.Body.Bytes(), r.Header().Get("Content-Type"))
		for _, bad := range []string{"Bearer sgp_nonsense", "Basic YWJjOmRlZg==", "Bearer ", "Bearer " + strings.Repeat("x", 5000)} {
			if got := e.Do(webtest.Anon, webtest.Request{Path: "/api/v1/me", Header: map[string]string{"Authorization": bad}}).Code; got != http.StatusUnauthorized {
				t.Errorf("Authorization %.20q: %d, want 401", bad, got)
			}
		}
	})
}

// Bad API bodies get translated problem documents with field errors.
func TestAPIProblems(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	cases := []struct {
		body   string
		status int
		field  string
	}{
		{`{not json`, 400, ""},
		{`{"email":"a@b.example","unknown":1}`, 400, ""},
		{`{"email":"not-an-email","name":"N","role":"applicant","password":"long-enough-pw"}`, 422, "email"},
		{`{"email":"n@test.example","name":"N","role":"king","password":"long-enough-pw"}`, 422, "role"},
		{`{"email":"n@test.example","name":"N","role":"applicant","password":"short"}`, 422, "password"},
		{`{"email":"admin@TEST.example","name":"N","role":"applicant","password":"long-enough-pw"}`, 422, "email"},
		{`{"email":"n@test.example","name":"N","role":"applicant","password":"long-enough-pw","organisation_id":987654}`, 422, "organisation_id"},
	}
	for _, c := range cases {
		rec := e.Do(webtest.Admin, webtest.Request{Method: "POST", Path: "/api/v1/users", JSON: c.body,
			Header: map[string]string{"Accept-Language": "en"}})
		if rec.Code != c.status {
			t.Errorf("%s: %d, want %d: %s", c.body, rec.Code, c.status, rec.Body)
			continue
		}
		p := decodeProblem(t, rec.Body.Bytes(), rec.Header().Get("Content-Type"))
		if p.Status != c.status || p.Detail == "" || p.RequestID == "" {
			t.Errorf("%s: problem = %+v", c.body, p)
		}
		if c.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != c.field || p.Errors[0].Message == "" || strings.HasPrefix(p.Errors[0].Message, "[")) {
			t.Errorf("%s: field errors = %+v, want one on %s", c.body, p.Errors, c.field)
		}
	}
	ok := e.Do(webtest.Admin, webtest.Request{Method: "POST", Path: "/api/v1/users",
		JSON: `{"email":"new@test.example","name":"New","role":"evaluator","password":"long-enough-pw"}`})
	if ok.Code != http.StatusCreated || !strings.Contains(ok.Body.String(), `"role":"evaluator"`) {
		t.Errorf("valid create: %d %s", ok.Code, ok.Body)
	}
	page := e.Get(webtest.Admin, "/api/v1/users?per_page=2&page=2")
	var got struct {
		Items   []map[string]any `json:"items"`
		Page    int              `json:"page"`
		PerPage int              `json:"per_page"`
		Total   int              `json:"total"`
	}
	if err := json.Unmarshal(page.Body.Bytes(), &got); err != nil || got.Page != 2 || got.PerPage != 2 || len(got.Items) != 2 || got.Total != 9 {
		t.Errorf("page 2 of users: %+v (%v)", got, err)
	}
	if got := e.Get(webtest.Admin, "/api/v1/users?per_page=1000").Code; got != 400 {
		t.Errorf("per_page=1000: %d, want 400", got)
	}
}

// Problem titles are translated like their details.
func TestProblemTitleTranslated(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	if err := e.Store.SetLang(t.Context(), e.Users[webtest.Admin].ID, "sq"); err != nil {
		t.Fatal(err)
	}
	rec := e.Get(webtest.Admin, "/api/v1/no/such")
	p := decodeProblem(t, rec.Body.Bytes(), rec.Header().Get("Content-Type"))
	if p.Status != 404 || p.Title != "Faqja nuk u gjet" {
		t.Errorf("problem = %+v, want the Albanian title", p)
	}
}
