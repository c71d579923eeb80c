package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

func TestCallRoutesMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		p := seedProgramme(t, e, orgID(t, e, "Donor"), "Programme")
		open := seedCall(t, e, p.ID, "EU-OPEN-01", "Open call", true)
		draft := seedCall(t, e, p.ID, "EU-DRAFT-01", "Draft call", false)
		officers := map[webtest.Principal]int{webtest.Admin: 200, webtest.ProgramOfficer: 200, webtest.Anon: 303}
		posted := map[webtest.Principal]int{webtest.Admin: 422, webtest.ProgramOfficer: 422, webtest.Anon: 401}
		draftSeers := map[webtest.Principal]int{webtest.Admin: 200, webtest.ProgramOfficer: 200, webtest.FinanceOfficer: 200, webtest.DonorOfficer: 200}
		o, dr := itoa(open.ID), itoa(draft.ID)
		e.CheckMatrix(t, []webtest.Case{
			{Name: "open calls", Req: webtest.Request{Path: "/calls"}, Default: 200},
			{Name: "open call", Req: webtest.Request{Path: "/calls/" + o}, Default: 200},
			{Name: "draft call", Req: webtest.Request{Path: "/calls/" + dr}, Default: 404, Want: draftSeers},
			{Name: "api calls", Req: webtest.Request{Path: "/api/v1/calls"}, Default: 200},
			{Name: "api open call", Req: webtest.Request{Path: "/api/v1/calls/" + o}, Default: 200},
			{Name: "api draft call", Req: webtest.Request{Path: "/api/v1/calls/" + dr}, Default: 404, Want: draftSeers},
			{Name: "ask (empty)", Req: webtest.Request{Method: "POST", Path: "/calls/" + o + "/questions", Form: url.Values{"question": {""}}},
				Default: 403, Want: map[webtest.Principal]int{webtest.ApplicantA: 422, webtest.ApplicantB: 422, webtest.Anon: 401}},
			{Name: "manage calls", Req: webtest.Request{Path: "/manage/calls"}, Default: 403, Want: officers},
			{Name: "new call", Req: webtest.Request{Path: "/manage/calls/new"}, Default: 403, Want: officers},
			{Name: "manage call", Req: webtest.Request{Path: "/manage/calls/" + dr}, Default: 403, Want: officers},
			{Name: "edit call", Req: webtest.Request{Path: "/manage/calls/" + dr + "/edit"}, Default: 403, Want: officers},
			{Name: "create call (invalid)", Req: webtest.Request{Method: "POST", Path: "/manage/calls", Form: url.Values{"reference": {"x"}}}, Default: 403, Want: posted},
			{Name: "update call (invalid)", Req: webtest.Request{Method: "POST", Path: "/manage/calls/" + dr, Form: url.Values{"reference": {"x"}}}, Default: 403, Want: posted},
			{Name: "publish open call", Req: webtest.Request{Method: "POST", Path: "/manage/calls/" + o + "/publish", Form: url.Values{}}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Admin: 409, webtest.ProgramOfficer: 409, webtest.Anon: 401}},
			{Name: "close draft", Req: webtest.Request{Method: "POST", Path: "/manage/calls/" + dr + "/close", Form: url.Values{}}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Admin: 409, webtest.ProgramOfficer: 409, webtest.Anon: 401}},
			{Name: "answer unknown", Req: webtest.Request{Method: "POST", Path: "/manage/questions/999999/answer", Form: url.Values{}}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Admin: 404, webtest.ProgramOfficer: 404, webtest.Anon: 401}},
		})
	})
}

// Visitors list open calls in their language with the deadline in the
// call's zone; drafts and closed calls are not listed.
func TestPublicCallsList(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	p := seedProgramme(t, e, orgID(t, e, "Donor"), "Programme")
	seedCall(t, e, p.ID, "EU-OPEN-01", "Thirrja e hapur", true)
	seedCall(t, e, p.ID, "EU-DRAFT-01", "Thirrja draft", false)
	body := e.Get(webtest.Anon, "/calls").Body.String()
	if !strings.Contains(body, "Thirrja e hapur") || strings.Contains(body, "Thirrja draft") || !strings.Contains(body, "ora e Kosovës (CE") ||
		strings.Contains(body, "Europe/Belgrade") ||
		!strings.Contains(body, "100.000,00 €") || !strings.Contains(body, "edhe 29 ditë") {
		t.Errorf("public list in Albanian lacks the open call, its budget, deadline zone or time left, or shows the draft")
	}
	var pg struct {
		Items []struct {
			Status string `json:"status"`
			Title  string `json:"title"`
			Budget struct {
				Minor    int64  `json:"amount_minor"`
				Currency string `json:"currency"`
			} `json:"budget"`
		} `json:"items"`
	}
	if err := json.Unmarshal(e.Get(webtest.ApplicantA, "/api/v1/calls?status=draft").Body.Bytes(), &pg); err != nil || len(pg.Items) != 0 {
		t.Errorf("an applicant lists drafts: %+v %v", pg, err)
	}
	if err := json.Unmarshal(e.Get(webtest.Admin, "/api/v1/calls?status=draft").Body.Bytes(), &pg); err != nil || len(pg.Items) != 1 || pg.Items[0].Status != "draft" {
		t.Errorf("admin draft filter: %+v %v", pg, err)
	}
	if err := json.Unmarshal(e.Get(webtest.ApplicantA, "/api/v1/calls").Body.Bytes(), &pg); err != nil || len(pg.Items) != 1 ||
		pg.Items[0].Budget.Minor != 10_000_000 || pg.Items[0].Budget.Currency != "EUR" || pg.Items[0].Title != "Thirrja e hapur (en)" {
		t.Errorf("open calls in JSON (English user): %+v %v", pg, err)
	}
	if got := e.Get(webtest.Anon, "/api/v1/calls?status=bogus").Code; got != 400 {
		t.Errorf("unknown status: %d, want 400", got)
	}
}

// An unpublished question reaches only officers and the asking
// organisation; once answered and published, everyone.
func TestClarificationsCanary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		p := seedProgramme(t, e, orgID(t, e, "Donor"), "Programme")
		c := seedCall(t, e, p.ID, "EU-OPEN-01", "Open call", true)
		path := "/calls/" + itoa(c.ID)
		rec := e.Post(webtest.ApplicantB, path+"/questions", url.Values{"question": {"Question " + webtest.Canary}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("ask: %d", rec.Code)
		}
		for _, who := range []webtest.Principal{webtest.Anon, webtest.ApplicantA, webtest.Evaluator1} {
			if strings.Contains(e.Get(who, path).Body.String(), webtest.Canary) {
				t.Errorf("%s sees organisation B's unpublished question", who)
			}
		}
		for _, who := range []webtest.Principal{webtest.ApplicantB, webtest.ProgramOfficer} {
			if !strings.Contains(e.Get(who, path).Body.String(), webtest.Canary) {
				t.Errorf("%s does not see the unpublished question", who)
			}
		}
		qs, err := call.NewStore(d).Questions(t.Context(), c.ID, access.Everything())
		if err != nil || len(qs) != 1 {
			t.Fatalf("questions: %v %v", qs, err)
		}
		field := "answer_" + itoa(qs[0].ID)
		if got := e.Post(webtest.ProgramOfficer, "/manage/questions/"+itoa(qs[0].ID)+"/answer", url.Values{"publish": {"1"}}).Code; got != 422 {
			t.Errorf("publish with no answer: %d, want 422", got)
		}
		if got := e.Post(webtest.ProgramOfficer, "/manage/questions/"+itoa(qs[0].ID)+"/answer", url.Values{field: {"Answer <b>x</b>"}, "publish": {"1"}}).Code; got != 303 {
			t.Fatalf("answer: %d", got)
		}
		body := e.Get(webtest.Anon, path).Body.String()
		if !strings.Contains(body, "Answer &lt;b&gt;x&lt;/b&gt;") {
			t.Error("the published answer is not shown (escaped) to visitors")
		}
	})
}

func callForm(progID int64, ref string) url.Values {
	return url.Values{"programme_id": {itoa(progID)}, "reference": {ref}, "title_sq": {"<script>alert(1)</script>"},
		"title_en": {"Call"}, "description_sq": {"P"}, "description_en": {"D"}, "max_grant": {"50,000.00"},
		"max_donor_share": {"90"}, "max_duration": {"12"}, "time_zone": {"Europe/Tirane"},
		"opens_at": {"2026-01-10T09:00"}, "closes_at": {"2099-03-10T16:00"}, "org_kinds": {"ngo"},
		"lot_rows": {"2"}, "lot_name_0": {"Lot A"}, "lot_budget_0": {"100,000.00"}, "doc_rows": {"0"}}
}

// Officers create, publish and close a call through the pages; bad input
// comes back with the field's message and the values kept.
func TestCallFormsAndLifecycle(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	p := seedProgramme(t, e, orgID(t, e, "Donor"), "Programme")
	rec := e.Post(webtest.ProgramOfficer, "/manage/calls", callForm(p.ID, "AL-SOC-2026-01"))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("create call: %d %s", rec.Code, rec.Body.String())
	}
	manage := rec.Header().Get("Location")
	if got := e.Post(webtest.ProgramOfficer, manage+"/publish", url.Values{}).Code; got != 303 {
		t.Fatalf("publish: %d", got)
	}
	id := strings.TrimPrefix(manage, "/manage/calls/")
	body := e.Get(webtest.Anon, "/calls/"+id).Body.String()
	if strings.Contains(body, "<script>alert(1)") || !strings.Contains(body, "&lt;script&gt;") || !strings.Contains(body, "ora e Shqipërisë (CE") ||
		strings.Contains(body, "Europe/Tirane") {
		t.Error("public call page: title not escaped or zone missing")
	}
	if got := e.Post(webtest.ProgramOfficer, manage+"/close", url.Values{}).Code; got != 303 {
		t.Fatalf("close: %d", got)
	}
	if got := e.Get(webtest.Anon, "/calls").Body.String(); strings.Contains(got, "AL-SOC-2026-01") {
		t.Error("a call closed early is still listed as open")
	}
	cases := []struct {
		name, field, value, message string
	}{
		{"letters", "max_grant", "5x", "may contain only digits"},
		{"three decimals", "lot_budget_0", "1.555", "at most two decimals"},
		{"negative", "max_grant", "-1", "cannot be negative"},
		{"dates out of order", "closes_at", "2026-01-01T09:00", "deadline must be after"},
		{"duplicate reference", "reference", "AL-SOC-2026-01", "already uses this reference"},
		{"lots over budget", "lot_budget_0", "400,000.01", "exceed its sub-granting budget"},
		{"percent", "max_donor_share", "90.555", "at most two decimals"},
	}
	for _, c := range cases {
		f := callForm(p.ID, "AL-SOC-2026-02")
		f.Set(c.field, c.value)
		rec := e.Post(webtest.ProgramOfficer, "/manage/calls", f)
		body := rec.Body.String()
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, c.message) || !strings.Contains(body, `value="`+c.value+`"`) ||
			!strings.Contains(body, `value="Lot A"`) {
			t.Errorf("%s: status %d, want 422 with %q and the values kept", c.name, rec.Code, c.message)
		}
	}
	add := e.Post(webtest.ProgramOfficer, "/manage/calls", url.Values{"lot_rows": {"2"}, "add": {"lot"}, "lot_name_1": {"Kept"}})
	if add.Code != 200 || !strings.Contains(add.Body.String(), `name="lot_name_2"`) || !strings.Contains(add.Body.String(), `value="Kept"`) {
		t.Errorf("add a lot: %d, want a third row and the second kept", add.Code)
	}
}

// The programme and call pages show no untranslated key in any language.
func TestCallPagesTranslated(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	p := seedProgramme(t, e, orgID(t, e, "Donor"), "Programme")
	c := seedCall(t, e, p.ID, "EU-OPEN-01", "Open call", true)
	missing := regexp.MustCompile(`\[[a-z_]+\.[a-zA-Z_.]+\]`)
	paths := []string{"/calls", "/calls/" + itoa(c.ID), "/manage/calls", "/manage/calls/new", "/manage/calls/" + itoa(c.ID),
		"/manage/calls/" + itoa(c.ID) + "/edit", "/programmes", "/programmes/new", "/programmes/" + itoa(p.ID),
		"/programmes/" + itoa(p.ID) + "/edit", "/home", "/"}
	for _, lang := range []string{"sq", "en", "sr"} {
		if err := e.Store.SetLang(t.Context(), e.Users[webtest.ProgramOfficer].ID, lang); err != nil {
			t.Fatal(err)
		}
		for _, path := range paths {
			rec := e.Get(webtest.ProgramOfficer, path)
			if rec.Code != 200 || missing.MatchString(rec.Body.String()) {
				t.Errorf("%s %s: %d %s", lang, path, rec.Code, missing.FindString(rec.Body.String()))
			}
		}
	}
}
