package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/web"
	"github.com/subgrant/portal/internal/web/webtest"
)

func sessionFrom(t *testing.T, e *webtest.Env, rec *http.Response) string {
	t.Helper()
	for _, c := range rec.Cookies() {
		if c.Name == e.Server.SessionCookieName() && c.Value != "" {
			return c.Name + "=" + c.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

func TestRegisterEndToEnd(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, _ := orgEnv(t, d)
		if rec := e.Get(webtest.Anon, "/register"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Graçanicë") {
			t.Fatalf("register form: %d", rec.Code)
		}
		form := url.Values{"legal_name": {"OJQ Ura e Re"}, "acronym": {"URA"}, "municipality": {"XK-GRACANICE"},
			"name": {"Vesa Berisha"}, "email": {"vesa@ura.example"}, "lang": {"sq"}, "password": {"një fjalëkalim i gjatë"},
			"role": {"admin"}, "kind": {"intermediary"}}
		rec := e.Post(webtest.Anon, "/register", form)
		if rec.Code != 303 || rec.Header().Get("Location") != "/organisations/mine" {
			t.Fatalf("register: %d %s", rec.Code, rec.Body.String())
		}
		cookie := sessionFrom(t, e, rec.Result())
		mine := e.Do(webtest.Anon, webtest.Request{Path: "/organisations/mine", Header: map[string]string{"Cookie": cookie}})
		loc := mine.Header().Get("Location")
		if mine.Code != 303 || !strings.HasPrefix(loc, "/organisations/") {
			t.Fatalf("mine: %d %s", mine.Code, loc)
		}
		page := e.Do(webtest.Anon, webtest.Request{Path: loc, Header: map[string]string{"Cookie": cookie}})
		if page.Code != 200 || !strings.Contains(page.Body.String(), "OJQ Ura e Re") || !strings.Contains(page.Body.String(), "Graçanicë") {
			t.Errorf("profile after registering: %d", page.Code)
		}
		u, err := e.Store.UserByEmail(t.Context(), "vesa@ura.example")
		if err != nil || u.Role != auth.Applicant || u.Lang != "sq" {
			t.Fatalf("user %+v %v", u, err)
		}
		orgs, _ := e.Store.OrgsOf(t.Context(), u.ID)
		if len(orgs) != 1 || orgs[0].Kind != "ngo" {
			t.Errorf("organisations %+v", orgs)
		}
		form.Set("legal_name", "Another")
		if rec := e.Post(webtest.Anon, "/register", form); rec.Code != 422 || !strings.Contains(rec.Body.String(), "f-email-error") {
			t.Errorf("same email again: %d", rec.Code)
		}
		bad := url.Values{"legal_name": {""}, "municipality": {"XK-ATLANTIS"}, "name": {"x"}, "email": {"nope"}, "password": {"short"}}
		rec = e.Post(webtest.Anon, "/register", bad)
		for _, id := range []string{"f-legal-name-error", "f-municipality-error", "f-email-error", "f-password-error"} {
			if rec.Code != 422 || !strings.Contains(rec.Body.String(), id) {
				t.Errorf("bad registration: %d, %s missing", rec.Code, id)
			}
		}
		var n int
		_ = db.Get(t.Context(), d, &n, `SELECT COUNT(*) FROM organisations WHERE name = 'Another' OR name = ''`)
		if n != 0 {
			t.Errorf("refused registrations left %d organisations", n)
		}
	})
}

// Registrations from one address are throttled like sign-ins.
func TestRegisterThrottled(t *testing.T) {
	e, _ := orgEnv(t, dbtest.SQLite(t))
	var last *http.Response
	for i := 0; i < 21; i++ {
		last = e.Post(webtest.Anon, "/register", url.Values{"email": {"x"}}).Result()
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Errorf("21st registration: %d, Retry-After %q", last.StatusCode, last.Header.Get("Retry-After"))
	}
}

var linkRE = regexp.MustCompile(`/invitations/accept\?token=([A-Za-z0-9_%-]+)`)

func TestInvitationEndToEnd(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		var mu sync.Mutex
		now := time.Now().UTC()
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		e, _ := orgEnv(t, d, webtest.Options{Deps: func(dp *web.Deps) { dp.Now = clock }})
		a := e.OrgA.ID
		if got := e.Post(webtest.ApplicantB, orgPath(a, "/invitations"), url.Values{"email": {"x@b.example"}, "lang": {"en"}}).Code; got != 404 {
			t.Errorf("B invites to A: %d", got)
		}
		if rec := e.Post(webtest.ApplicantA, orgPath(a, "/invitations"), url.Values{"email": {"not mail"}, "lang": {"en"}}); rec.Code != 422 {
			t.Errorf("bad email: %d", rec.Code)
		}
		rec := e.Post(webtest.ApplicantA, orgPath(a, "/invitations"), url.Values{"email": {"mira@a.example"}, "lang": {"sr"}, "org_id": {itoa(e.OrgB.ID)}})
		if rec.Code != 303 {
			t.Fatalf("invite: %d %s", rec.Code, rec.Body.String())
		}
		msgs, _ := notify.Pending(t.Context(), d, "mira@a.example")
		if len(msgs) != 1 || !strings.Contains(msgs[0].Subject, "Poziv") || !strings.Contains(msgs[0].Body, "Organisation A") {
			t.Fatalf("invitation mail: %+v", msgs)
		}
		m := linkRE.FindStringSubmatch(msgs[0].Body)
		if m == nil {
			t.Fatal("no link in the mail")
		}
		token, _ := url.QueryUnescape(m[1])
		if page := e.Get(webtest.ApplicantA, orgPath(a, "/members")).Body.String(); !strings.Contains(page, "mira@a.example") {
			t.Error("the pending invitation is not listed")
		}
		if got := e.Get(webtest.Anon, "/invitations/accept?token="+url.QueryEscape(token)).Code; got != 200 {
			t.Errorf("accept form: %d", got)
		}
		if rec := e.Post(webtest.Anon, "/invitations/accept", url.Values{"token": {token}, "name": {"Mira"}, "password": {"short"}}); rec.Code != 422 {
			t.Errorf("short password: %d", rec.Code)
		}
		rec = e.Post(webtest.Anon, "/invitations/accept", url.Values{"token": {token}, "name": {"Mira Petrović"}, "password": {"dovoljno duga lozinka"}})
		if rec.Code != 303 {
			t.Fatalf("accept: %d %s", rec.Code, rec.Body.String())
		}
		sessionFrom(t, e, rec.Result())
		u, err := e.Store.UserByEmail(t.Context(), "mira@a.example")
		if err != nil || u.Role != auth.Applicant || u.Lang != "sr" {
			t.Fatalf("invitee %+v %v", u, err)
		}
		if ids, _ := e.Store.OrgIDsOf(t.Context(), u.ID); len(ids) != 1 || ids[0] != a {
			t.Errorf("invitee's organisations %v", ids)
		}
		if got := e.Post(webtest.Anon, "/invitations/accept", url.Values{"token": {token}, "name": {"Again"}, "password": {"dovoljno duga lozinka"}}).Code; got != 404 {
			t.Errorf("second use: %d", got)
		}
		// An invitation older than 7 days is refused.
		e.Post(webtest.ApplicantA, orgPath(a, "/invitations"), url.Values{"email": {"late@a.example"}, "lang": {"sq"}})
		msgs, _ = notify.Pending(t.Context(), d, "late@a.example")
		late, _ := url.QueryUnescape(linkRE.FindStringSubmatch(msgs[0].Body)[1])
		mu.Lock()
		now = now.Add(org.InvitationTTL + time.Minute)
		mu.Unlock()
		if got := e.Get(webtest.Anon, "/invitations/accept?token="+url.QueryEscape(late)).Code; got != 404 {
			t.Errorf("expired link form: %d", got)
		}
		if got := e.Post(webtest.Anon, "/invitations/accept", url.Values{"token": {late}, "name": {"Late"}, "password": {"dovoljno duga lozinka"}}).Code; got != 404 {
			t.Errorf("expired link: %d", got)
		}
	})
}

// The role x route matrix of every organisation route.
func TestOrganisationRouteMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, _ := orgEnv(t, d)
		seedOrgB(t, e)
		a := e.OrgA.ID
		e.Post(webtest.ApplicantA, orgPath(a, ""), goodProfile())
		if rec := orgUpload(t, e, webtest.ApplicantA, docsPath(a), map[string]string{"doc_type": "statute"}, "s.pdf", pdfDoc, false); rec.Code != 303 {
			t.Fatalf("upload: %d", rec.Code)
		}
		docs, _ := org.NewStore(d).Documents(t.Context(), access.Everything(), a)
		doc := orgPath(a, "/documents/"+itoa(docs[0].ID))
		const A, B, anon = webtest.ApplicantA, webtest.ApplicantB, webtest.Anon
		view := map[webtest.Principal]int{anon: 303, B: 404, webtest.Evaluator1: 404, webtest.Evaluator2: 404}
		edit := map[webtest.Principal]int{anon: 303, webtest.Admin: 200, webtest.ProgramOfficer: 200, A: 200, B: 404}
		post := func(ok int) map[webtest.Principal]int {
			return map[webtest.Principal]int{anon: 401, webtest.Admin: ok, webtest.ProgramOfficer: ok, A: ok, B: 404}
		}
		apiView := with(view, anon, 401)
		cases := []webtest.Case{
			{Name: "register form", Req: webtest.Request{Path: "/register"}, Default: 303, Want: map[webtest.Principal]int{anon: 200}},
			{Name: "register (invalid)", Req: webtest.Request{Method: "POST", Path: "/register", Form: url.Values{"email": {"x"}}}, Default: 422},
			{Name: "accept form (bad token)", Req: webtest.Request{Path: "/invitations/accept?token=nope"}, Default: 404},
			{Name: "accept (bad token)", Req: webtest.Request{Method: "POST", Path: "/invitations/accept", Form: url.Values{"token": {"nope"}}}, Default: 404},
			{Name: "list", Req: webtest.Request{Path: "/organisations"}, Default: 200, Want: map[webtest.Principal]int{anon: 303}},
			{Name: "mine", Req: webtest.Request{Path: "/organisations/mine"}, Default: 404, Want: map[webtest.Principal]int{anon: 303, A: 303, B: 303}},
			{Name: "services", Req: webtest.Request{Path: "/organisations/services?municipality=XK-PRISHTINE"}, Default: 200, Want: map[webtest.Principal]int{anon: 303}},
			{Name: "profile", Req: webtest.Request{Path: orgPath(a, "")}, Default: 200, Want: view},
			{Name: "edit form", Req: webtest.Request{Path: orgPath(a, "/edit")}, Default: 403, Want: edit},
			{Name: "save (invalid)", Req: webtest.Request{Method: "POST", Path: orgPath(a, ""), Form: url.Values{"legal_name": {""}}}, Default: 403, Want: post(422)},
			{Name: "members", Req: webtest.Request{Path: orgPath(a, "/members")}, Default: 200, Want: view},
			{Name: "invite (invalid)", Req: webtest.Request{Method: "POST", Path: orgPath(a, "/invitations"), Form: url.Values{"email": {"x"}}}, Default: 403, Want: post(422)},
			{Name: "documents", Req: webtest.Request{Path: orgPath(a, "/documents")}, Default: 200, Want: view},
			{Name: "upload (no file)", Req: webtest.Request{Method: "POST", Path: orgPath(a, "/documents"), Form: url.Values{}}, Default: 403, Want: post(422)},
			{Name: "download", Req: webtest.Request{Path: doc}, Default: 200, Want: view},
			{Name: "delete (unknown)", Req: webtest.Request{Method: "POST", Path: orgPath(a, "/documents/999999/delete"), Form: url.Values{}}, Default: 403, Want: post(404)},
			{Name: "api list", Req: webtest.Request{Path: "/api/v1/organisations"}, Default: 200, Want: map[webtest.Principal]int{anon: 401}},
			{Name: "api get", Req: webtest.Request{Path: "/api/v1/organisations/" + itoa(a)}, Default: 200, Want: apiView},
			{Name: "api put (invalid)", Req: webtest.Request{Method: "PUT", Path: "/api/v1/organisations/" + itoa(a), JSON: `{"legal_name":""}`}, Default: 403, Want: post(422)},
			{Name: "verify", Req: webtest.Request{Method: "POST", Path: orgPath(a, "/verify"), Form: url.Values{}}, Default: 403,
				Want: map[webtest.Principal]int{anon: 401, webtest.Admin: 303, webtest.ProgramOfficer: 303}},
		}
		e.CheckMatrix(t, cases)
	})
}
