package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The admin's new-user form and the account forms on both databases.
func TestForms(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		t.Run("new user field errors", func(t *testing.T) { e.T = t; testNewUserErrors(t, e) })
		t.Run("no mass assignment", func(t *testing.T) { e.T = t; testNoMassAssignment(t, e) })
	})
}

// fieldIDs maps the new-user form's fields to their element ids.
var fieldIDs = map[string]string{"email": "f-email", "name": "f-name", "role": "f-role", "lang": "f-lang",
	"org_id": "f-org-id", "password": "f-password"}

// Each invalid field re-renders the form with 422, the error summary
// linking to the field, the error beside it, and what was typed (but the
// password) kept.
func testNewUserErrors(t *testing.T, e *webtest.Env) {
	ctx := context.Background()
	orgA := fmt.Sprint(e.OrgA.ID)
	valid := url.Values{"email": {"nova.person@test.example"}, "name": {"Nova Përson"}, "role": {"evaluator"},
		"lang": {"sr"}, "org_id": {orgA}, "password": {"typed-password-1234"}}
	cases := []struct{ field, value, key string }{
		{"email", "not-an-email", "auth.error.email_invalid"},
		{"email", "", "auth.error.email_required"},
		{"email", "ADMIN@test.example", "auth.error.email_taken"},
		{"name", "", "auth.error.name_required"},
		{"name", strings.Repeat("n", 201), "auth.error.name_too_long"},
		{"role", "king", "auth.error.role_invalid"},
		{"role", "", "auth.error.role_invalid"},
		{"lang", "de", "auth.error.lang_invalid"},
		{"org_id", "abc", "users.error.org"},
		{"org_id", "999999", "users.error.org"},
		{"org_id", "-1", "users.error.org"},
		{"password", "short", "auth.error.password_short"},
		{"password", strings.Repeat("p", 1025), "auth.error.password_long"},
	}
	before, _ := e.Store.ListUsers(ctx)
	for _, c := range cases {
		form := url.Values{}
		for k, v := range valid {
			form[k] = v
		}
		form.Set(c.field, c.value)
		rec := e.Post(webtest.Admin, "/admin/users", form)
		body := rec.Body.String()
		what := fmt.Sprintf("%s=%.20q", c.field, c.value)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", what, rec.Code)
			continue
		}
		id := fieldIDs[c.field]
		msg := enMessage(t, c.key)
		if !hasErrorSummary(body, id) || !strings.Contains(body, `<a href="#`+id+`">`+msg+`</a>`) {
			t.Errorf("%s: no error summary linking to #%s with %q", what, id, msg)
		}
		if n := strings.Count(body, `<li><a href="#f-`); n != 1 {
			t.Errorf("%s: %d errors in the summary, want 1", what, n)
		}
		if !regexp.MustCompile(`id="` + id + `-error"[^>]*>.*` + regexp.QuoteMeta(msg)).MatchString(body) {
			t.Errorf("%s: no error %q next to the field", what, msg)
		}
		if !fieldInvalid(body, id) || strings.Count(body, `aria-invalid="true"`) != 1 {
			t.Errorf("%s: want aria-invalid on #%s only", what, id)
		}
		kept := map[string]string{
			"email":  `id="f-email" name="email" type="email" value="` + htmlText(form.Get("email")) + `"`,
			"name":   `id="f-name" name="name" type="text" value="` + htmlText(form.Get("name")) + `"`,
			"role":   `<option value="evaluator" selected>`,
			"lang":   `<option value="sr" selected>`,
			"org_id": `<option value="` + orgA + `" selected>`,
		}
		for field, want := range kept {
			if field == c.field && (field == "role" || field == "lang" || field == "org_id") {
				continue // an invalid choice has no option to select
			}
			if !strings.Contains(body, want) {
				t.Errorf("%s: the typed %s is not kept (want %s)", what, field, want)
			}
		}
		if strings.Contains(body, "typed-password-1234") || strings.Contains(body, `value="`+c.value+`"`) && c.field == "password" {
			t.Errorf("%s: the password is shown again", what)
		}
	}
	after, _ := e.Store.ListUsers(ctx)
	if len(after) != len(before) {
		t.Fatalf("refused forms created %d users", len(after)-len(before))
	}

	// The same form with nothing wrong, and fields the form does not have.
	form := url.Values{}
	for k, v := range valid {
		form[k] = v
	}
	form.Set("disabled", "1")
	form.Set("id", "1")
	form.Set("password_hash", "$argon2id$forged")
	rec := e.Post(webtest.Admin, "/admin/users", form)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/users" {
		t.Fatalf("valid new user: %d\n%s", rec.Code, rec.Body)
	}
	u, err := e.Store.UserByEmail(ctx, "nova.person@test.example")
	if err != nil {
		t.Fatal(err)
	}
	if u.Disabled || u.ID == 1 || u.Role != auth.Evaluator || u.Lang != "sr" || u.Name != "Nova Përson" || u.PasswordHash == "$argon2id$forged" {
		t.Errorf("created user = %+v", u)
	}
	if ids, _ := e.Store.OrgIDsOf(ctx, u.ID); len(ids) != 1 || ids[0] != e.OrgA.ID {
		t.Errorf("created user's organisations = %v, want [%d]", ids, e.OrgA.ID)
	}
}

// Extra fields posted to /language and /account/tokens, in the body or
// the query string, change nothing but what the form is for.
func testNoMassAssignment(t *testing.T, e *webtest.Env) {
	ctx := context.Background()
	a, admin := e.Users[webtest.ApplicantA], e.Users[webtest.Admin]
	adminID := fmt.Sprint(admin.ID)
	extra := url.Values{"id": {adminID}, "user_id": {adminID}, "role": {"admin"}, "disabled": {"1"},
		"email": {"owned@evil.example"}, "name": {"Owned"}, "password_hash": {"x"}, "org_id": {fmt.Sprint(e.OrgB.ID)},
		"revoked_at": {"2020-01-01"}, "prefix": {"AAAAAAAA"}, "token_hash": {"x"}}
	with := func(base url.Values) url.Values {
		out := url.Values{}
		for k, v := range extra {
			out[k] = v
		}
		for k, v := range base {
			out[k] = v
		}
		return out
	}
	orgsBefore, _ := e.Store.OrgIDsOf(ctx, a.ID)

	rec := e.Do(webtest.ApplicantA, webtest.Request{Method: http.MethodPost, Path: "/language?lang=en&role=admin&user_id=" + adminID,
		Form: with(url.Values{"lang": {"sr"}, "next": {"/home"}})})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("language with extra fields: %d", rec.Code)
	}
	got, _ := e.Store.UserByID(ctx, a.ID)
	if got.Lang != "sr" {
		t.Errorf("language = %q, want sr (the body, not the query string)", got.Lang)
	}
	if got.Role != a.Role || got.Email != a.Email || got.Name != a.Name || got.Disabled || got.PasswordHash != a.PasswordHash {
		t.Errorf("applicant after /language with extra fields = %+v, was %+v", got, a)
	}
	if orgs, _ := e.Store.OrgIDsOf(ctx, a.ID); fmt.Sprint(orgs) != fmt.Sprint(orgsBefore) {
		t.Errorf("organisations %v, were %v", orgs, orgsBefore)
	}
	if adm, _ := e.Store.UserByID(ctx, admin.ID); adm.Lang != admin.Lang || adm.Disabled || adm.Role != auth.Admin {
		t.Errorf("admin after applicant's /language = %+v", adm)
	}

	rec = e.Do(webtest.ApplicantA, webtest.Request{Method: http.MethodPost, Path: "/account/tokens?user_id=" + adminID + "&name=from-query",
		Form: with(url.Values{"name": {"mine"}})})
	if rec.Code != http.StatusCreated {
		t.Fatalf("token with extra fields: %d", rec.Code)
	}
	mine, _ := e.Store.ListTokens(ctx, a.ID)
	if len(mine) != 1 || mine[0].Name != "mine" || mine[0].RevokedAt != nil || mine[0].Prefix == "AAAAAAAA" {
		t.Errorf("applicant's tokens = %+v, want one active token named mine", mine)
	}
	if theirs, _ := e.Store.ListTokens(ctx, admin.ID); len(theirs) != 0 {
		t.Errorf("the admin got %d tokens from the applicant's form", len(theirs))
	}
	if got, _ := e.Store.UserByID(ctx, a.ID); got.Role != auth.Applicant || got.Disabled {
		t.Errorf("applicant after /account/tokens with extra fields = %+v", got)
	}
}

// browserTarget is where a browser goes for a Location header: it drops tabs
// and newlines anywhere and control characters and spaces at the ends.
func browserTarget(loc string) string {
	loc = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, loc)
	return strings.TrimFunc(loc, func(r rune) bool { return r <= ' ' })
}

// onThisSite reports whether a browser following loc stays on the portal.
func onThisSite(loc string) bool {
	t := browserTarget(loc)
	return strings.HasPrefix(t, "/") && !strings.HasPrefix(t, "//") && !strings.HasPrefix(t, "/\\")
}

// FuzzLoginForm posts arbitrary e-mail, password and next values to the
// real login route: never a 500, and a redirect never leaves the site.
func FuzzLoginForm(f *testing.F) {
	dbs := []*db.DB{dbtest.SQLite(f)}
	if os.Getenv("TEST_DATABASE_URL") != "" {
		dbs = append(dbs, dbtest.Postgres(f))
	}
	// One account is enough here: each extra principal costs an argon2 hash.
	var handlers []http.Handler
	for _, d := range dbs {
		if _, err := auth.NewStore(d).CreateUser(context.Background(), auth.NewUser{Email: "admin@test.example",
			Name: "Admin", Role: auth.Admin, Password: webtest.Password}); err != nil {
			f.Fatal(err)
		}
		handlers = append(handlers, bareServer(f, d).Handler())
	}
	seeds := [][3]string{
		{"admin@test.example", webtest.Password, "/home"},
		{"admin@test.example", webtest.Password, "//evil.example"},
		{"admin@test.example", webtest.Password, "/\t/evil.example"},
		{"admin@test.example", webtest.Password, "/\\evil.example"},
		{"admin@test.example", webtest.Password, " //evil.example"},
		{"admin@test.example", webtest.Password, "https://evil.example"},
		{"", "", ""},
		{"nobody@test.example", "wrong", "/admin/users?x=1"},
		{"a\x00b@test.example", "pass\x00word", "/\x00"},
		{"\xff\xfe@test.example", "\xc3\x28", "/\xff"},
		{strings.Repeat("a", 300) + "@test.example", strings.Repeat("ж", 600), "/" + strings.Repeat("x", 3000)},
		{"<script>alert(1)</script>", "' OR 1=1 --", "javascript:alert(1)"},
		{"admin@test.example\r\nBcc: x@evil.example", "%00", "/\r\nSet-Cookie: x=1"},
		{"АДМИН@ТЕСТ.example", "pässwörd-long-enough", "/home#frag"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2])
	}
	var n atomic.Uint32
	f.Fuzz(func(t *testing.T, email, password, next string) {
		form := url.Values{"email": {email}, "password": {password}, "next": {next}}.Encode()
		c := n.Add(1)
		for i, h := range handlers {
			req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			// A new client address now and then, so the per-address lock
			// does not turn every later input into a 429.
			req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:4000", byte(c>>19), byte(c>>11), byte(c>>3))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s: email=%q password=%q next=%q: %d\n%s", dbs[i].Driver, email, password, next, rec.Code, rec.Body)
			}
			if email == "admin@test.example" && password == webtest.Password && rec.Code != http.StatusSeeOther && rec.Code != http.StatusTooManyRequests {
				t.Fatalf("%s: the right password with next=%q: %d, want 303", dbs[i].Driver, next, rec.Code)
			}
			if rec.Code == http.StatusSeeOther && !onThisSite(rec.Header().Get("Location")) {
				t.Fatalf("%s: next=%q redirects to %q, another site", dbs[i].Driver, next, rec.Header().Get("Location"))
			}
		}
	})
}
