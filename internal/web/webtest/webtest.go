// Package webtest drives the real router in tests: it creates the test
// principals of SECURITY.md, signs them in and checks a role x route
// matrix. Later capabilities extend the matrix with their routes.
package webtest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/config"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/web"
)

// Principal names a test user (or anon).
type Principal string

// The principals of SECURITY.md.
const (
	Anon           Principal = "anon"
	Admin          Principal = "admin"
	ProgramOfficer Principal = "program_officer"
	Evaluator1     Principal = "evaluator_1"
	Evaluator2     Principal = "evaluator_2"
	ApplicantA     Principal = "applicant_A"
	ApplicantB     Principal = "applicant_B"
	FinanceOfficer Principal = "finance_officer"
	DonorOfficer   Principal = "donor_officer"
)

// Principals lists every principal, anon first.
var Principals = []Principal{Anon, Admin, ProgramOfficer, Evaluator1, Evaluator2, ApplicantA, ApplicantB, FinanceOfficer, DonorOfficer}

// Canary marks every row of organisation B; it must never reach applicant A.
const Canary = "ORGB-CANARY-7f3a"

// Password is the password of every test principal.
const Password = "correct horse battery staple"

// Env is a running portal on a test database with its principals.
type Env struct {
	T       testing.TB
	DB      *db.DB
	Server  *web.Server
	Handler http.Handler
	Store   *auth.Store
	Users   map[Principal]auth.User
	OrgA    auth.Org
	OrgB    auth.Org
	cookies map[Principal]string
}

// Options tune New.
type Options struct {
	Config config.Config // zero: dev defaults
	Deps   func(*web.Deps)
}

// New starts the portal on d and creates and signs in every principal.
func New(t testing.TB, d *db.DB, opts ...Options) *Env {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.Config.Addr == "" {
		o.Config = config.FromEnv(func(string) string { return "" })
	}
	gin.SetMode(gin.TestMode) // no route listing on every test server
	deps := web.Deps{Config: o.Config, DB: d}
	if o.Deps != nil {
		o.Deps(&deps)
	}
	srv, err := web.New(deps)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	e := &Env{T: t, DB: d, Server: srv, Handler: srv.Handler(), Store: auth.NewStore(d),
		Users: map[Principal]auth.User{}, cookies: map[Principal]string{}}
	ctx := context.Background()
	e.OrgA = e.mustOrg(ctx, "Organisation A", "ngo")
	e.OrgB = e.mustOrg(ctx, "Organisation B "+Canary, "ngo")
	inter := e.mustOrg(ctx, "Intermediary", "intermediary")
	donor := e.mustOrg(ctx, "Donor", "donor")
	specs := []struct {
		p    Principal
		role auth.Role
		org  int64
	}{
		{Admin, auth.Admin, inter.ID}, {ProgramOfficer, auth.ProgramOfficer, inter.ID},
		{Evaluator1, auth.Evaluator, 0}, {Evaluator2, auth.Evaluator, 0},
		{ApplicantA, auth.Applicant, e.OrgA.ID}, {ApplicantB, auth.Applicant, e.OrgB.ID},
		{FinanceOfficer, auth.FinanceOfficer, inter.ID}, {DonorOfficer, auth.DonorOfficer, donor.ID},
	}
	for _, s := range specs {
		name := string(s.p)
		if s.p == ApplicantB {
			name += " " + Canary
		}
		u, err := e.insertUser(ctx, auth.NewUser{Email: string(s.p) + "@test.example", Name: name, Role: s.role, Lang: "en"})
		if err != nil {
			t.Fatalf("create %s: %v", s.p, err)
		}
		if s.org != 0 {
			if err := e.Store.AddMember(ctx, u.ID, s.org); err != nil {
				t.Fatal(err)
			}
		}
		e.Users[s.p] = u
		e.SignIn(s.p)
	}
	return e
}

// passwordHash is the argon2id hash of Password, computed once per test
// binary: every principal of every Env shares it. Hashing eight passwords
// per Env took most of a second under the race detector, for hundreds of
// Envs; signing in through the form still checks the hash for real.
var passwordHash = sync.OnceValues(func() (string, error) { return auth.HashPassword(Password) })

// insertUser stores nu with Password (through passwordHash) and returns it.
func (e *Env) insertUser(ctx context.Context, nu auth.NewUser) (auth.User, error) {
	hash, err := passwordHash()
	if err != nil {
		return auth.User{}, err
	}
	id, err := auth.InsertUser(ctx, e.DB, nu, hash, db.Now())
	if err != nil {
		return auth.User{}, err
	}
	return e.Store.UserByID(ctx, id)
}

func (e *Env) mustOrg(ctx context.Context, name, kind string) auth.Org {
	o, err := e.Store.CreateOrg(ctx, name, kind)
	if err != nil {
		e.T.Fatalf("create org %s: %v", name, err)
	}
	return o
}

// SignIn gives p a fresh session (without going through the login form).
func (e *Env) SignIn(p Principal) {
	tok, err := e.Store.CreateSession(context.Background(), e.Users[p].ID, "webtest")
	if err != nil {
		e.T.Fatalf("session for %s: %v", p, err)
	}
	e.cookies[p] = tok
}

// Request is one request of a test.
type Request struct {
	Method string
	Path   string
	Form   url.Values        // sent urlencoded when not nil
	JSON   string            // sent as application/json when not empty
	Header map[string]string // extra headers
}

// Do sends r as p through the whole handler and returns the recorded response.
func (e *Env) Do(p Principal, r Request) *httptest.ResponseRecorder {
	e.T.Helper()
	var body io.Reader
	if r.Form != nil {
		body = strings.NewReader(r.Form.Encode())
	} else if r.JSON != "" {
		body = strings.NewReader(r.JSON)
	}
	if r.Method == "" {
		r.Method = http.MethodGet
	}
	req := httptest.NewRequest(r.Method, r.Path, body)
	if r.Form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else if r.JSON != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range r.Header {
		req.Header.Set(k, v)
	}
	if tok, ok := e.cookies[p]; ok && p != Anon {
		req.AddCookie(&http.Cookie{Name: e.Server.SessionCookieName(), Value: tok})
	}
	rec := httptest.NewRecorder()
	e.Handler.ServeHTTP(rec, req)
	return rec
}

// Get is Do with GET.
func (e *Env) Get(p Principal, path string) *httptest.ResponseRecorder {
	return e.Do(p, Request{Method: http.MethodGet, Path: path})
}

// Post is Do with a urlencoded form.
func (e *Env) Post(p Principal, path string, form url.Values) *httptest.ResponseRecorder {
	if form == nil {
		form = url.Values{}
	}
	return e.Do(p, Request{Method: http.MethodPost, Path: path, Form: form})
}

// Case is one row of a role x route matrix: the expected status for each
// principal (principals not listed must get Default).
type Case struct {
	Name    string
	Req     Request
	Want    map[Principal]int
	Default int
	// Fresh re-signs principals before the request (for routes that end sessions).
	Fresh bool
}

// CheckMatrix sends every case as every principal and compares statuses.
func (e *Env) CheckMatrix(t *testing.T, cases []Case) {
	t.Helper()
	for _, c := range cases {
		for _, p := range Principals {
			want, ok := c.Want[p]
			if !ok {
				want = c.Default
			}
			if c.Fresh && p != Anon {
				e.SignIn(p)
			}
			got := e.Do(p, c.Req).Code
			if got != want {
				t.Errorf("%s %s %s as %s: status %d, want %d", c.Name, c.Req.Method, c.Req.Path, p, got, want)
			}
		}
	}
}

// AddPrincipal creates one more signed-in user p with role, a member of
// orgID (none when 0): a second finance officer, say, for the four eyes.
func (e *Env) AddPrincipal(p Principal, role auth.Role, orgID int64) auth.User {
	e.T.Helper()
	ctx := context.Background()
	u, err := e.insertUser(ctx, auth.NewUser{Email: string(p) + "@test.example", Name: string(p), Role: role, Lang: "en"})
	if err != nil {
		e.T.Fatalf("create %s: %v", p, err)
	}
	if orgID != 0 {
		if err := e.Store.AddMember(ctx, u.ID, orgID); err != nil {
			e.T.Fatal(err)
		}
	}
	e.Users[p] = u
	e.SignIn(p)
	return u
}
