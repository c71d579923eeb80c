package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

const (
	script        = `<script>alert(1)</script>`
	scriptEscaped = `&lt;script&gt;alert(1)&lt;/script&gt;`
)

// A user and a token named <script>...</script> are shown escaped on every
// page that shows them, and so is anything typed into a refused form.
func TestNamesAreEscaped(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	ctx := context.Background()
	u, err := e.Store.CreateUser(ctx, auth.NewUser{Email: "xss@test.example", Name: script, Role: auth.Applicant, Lang: "en", Password: webtest.Password})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Store.AddMember(ctx, u.ID, e.OrgA.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.Store.CreateToken(ctx, u.ID, script); err != nil {
		t.Fatal(err)
	}
	session, err := e.Store.CreateSession(ctx, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	as := func(r webtest.Request) func() (int, string) {
		return func() (int, string) {
			rec := withSession(e, session, r)
			return rec.Code, rec.Body.String()
		}
	}
	asAdmin := func(r webtest.Request) func() (int, string) {
		return func() (int, string) {
			rec := e.Do(webtest.Admin, r)
			return rec.Code, rec.Body.String()
		}
	}
	bad := url.Values{"email": {"not-an-email"}, "name": {script}, "role": {"applicant"}, "password": {"long-enough-pw"}}
	pages := []struct {
		name   string
		do     func() (int, string)
		status int
	}{
		{"/admin/users", asAdmin(webtest.Request{Path: "/admin/users"}), http.StatusOK},
		{"/account", as(webtest.Request{Path: "/account"}), http.StatusOK},
		{"/account/tokens", as(webtest.Request{Path: "/account/tokens"}), http.StatusOK},
		{"/home", as(webtest.Request{Path: "/home"}), http.StatusOK},
		{"new token", as(webtest.Request{Method: http.MethodPost, Path: "/account/tokens", Form: url.Values{"name": {script}}}), http.StatusCreated},
		{"refused token name", as(webtest.Request{Method: http.MethodPost, Path: "/account/tokens",
			Form: url.Values{"name": {script + strings.Repeat("x", 100)}}}), http.StatusUnprocessableEntity},
		{"refused new user", asAdmin(webtest.Request{Method: http.MethodPost, Path: "/admin/users", Form: bad}), http.StatusUnprocessableEntity},
		{"refused login", func() (int, string) {
			rec := e.Do(webtest.Anon, webtest.Request{Method: http.MethodPost, Path: "/login", Form: url.Values{"email": {script}, "password": {"x"}, "next": {"/" + script}}})
			return rec.Code, rec.Body.String()
		}, http.StatusUnprocessableEntity},
		{"login next", func() (int, string) {
			rec := e.Get(webtest.Anon, "/login?next="+url.QueryEscape("/"+script))
			return rec.Code, rec.Body.String()
		}, http.StatusOK},
		{"404 path", func() (int, string) {
			rec := e.Get(webtest.Anon, "/"+url.PathEscape(script))
			return rec.Code, rec.Body.String()
		}, http.StatusNotFound},
	}
	for _, p := range pages {
		status, body := p.do()
		if status != p.status {
			t.Errorf("%s: %d, want %d", p.name, status, p.status)
		}
		if strings.Contains(body, script) {
			t.Errorf("%s contains the raw %s", p.name, script)
		}
		if !strings.Contains(body, scriptEscaped) {
			t.Errorf("%s does not show the name escaped", p.name)
		}
	}
	if code, body := as(webtest.Request{Path: "/api/v1/me"})(); code != http.StatusOK || strings.Contains(body, script) {
		t.Errorf("/api/v1/me: %d, raw script in the JSON: %v", code, strings.Contains(body, script))
	}
}
