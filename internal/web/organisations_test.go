package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/web/webtest"
)

func orgPath(id int64, rest string) string {
	return "/organisations/" + strconv.FormatInt(id, 10) + rest
}

// goodProfile is a complete profile form for organisation A.
func goodProfile() url.Values {
	return url.Values{
		"legal_name": {"Organisation A"}, "acronym": {"OA"}, "registration_number": {"5112345-6"}, "registry": {"DRNOJQ"},
		"fiscal_number": {"811234567"}, "registration_date": {"2014-06-01"}, "address": {"Rr. Agim Ramadani 5"},
		"municipality": {"XK-PRISHTINE"}, "email": {"info@a.example"}, "phone": {"+383 44 111 222"},
		"rep_name": {"Arta Krasniqi"}, "rep_position": {"Director"}, "iban": {"xk05 1212 0123 4567 8906"},
		"staff_count": {"8"}, "volunteer_count": {"20"}, "turnover_currency": {"EUR"},
		"target_groups":   {"elderly", "persons_with_disabilities"},
		"services.0.type": {"day_care_elderly"}, "services.0.municipality": {"XK-PRISHTINE"},
		"services.0.capacity": {"30"}, "services.0.beneficiaries_per_year": {"90"},
		"action": {"save"},
	}
}

// seedOrgB gives organisation B a full profile, a service, a document and
// an invitation, every text carrying the canary.
func seedOrgB(t *testing.T, e *webtest.Env) int64 {
	t.Helper()
	s := org.NewStore(e.DB)
	in := org.Input{LegalName: "Organisation B " + webtest.Canary, Acronym: "B", Address: "Street " + webtest.Canary,
		Municipality: "XK-FERIZAJ", RepName: "Rep " + webtest.Canary, Registry: webtest.Canary,
		Services: []org.Service{{Type: "shelter", Municipality: "XK-PRISHTINE", Capacity: 12, BeneficiariesPerYear: 40}}}
	if _, err := s.Update(t.Context(), access.Everything(), e.OrgB.ID, in); err != nil {
		t.Fatal(err)
	}
	d, err := s.AddDocument(t.Context(), access.Everything(), org.Document{OrgID: e.OrgB.ID, Type: "statute",
		FileName: "statute " + webtest.Canary + ".pdf", StoredName: "0123456789abcdef0123456789abcdef",
		ContentType: "application/pdf", Size: 10, SHA256: strings.Repeat("b", 64)})
	if err != nil {
		t.Fatal(err)
	}
	return d.ID
}

// Applicant A never sees anything of organisation B: no page or JSON
// shows the canary, and every id of B answers 404.
func TestOrganisationTenantIsolation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, _ := orgEnv(t, d)
		docB := seedOrgB(t, e)
		if rec := e.Post(webtest.ApplicantA, orgPath(e.OrgA.ID, ""), goodProfile()); rec.Code != 303 {
			t.Fatalf("A saves its profile: %d %s", rec.Code, rec.Body.String())
		}
		for _, path := range []string{"/organisations", "/organisations/mine", orgPath(e.OrgA.ID, ""), orgPath(e.OrgA.ID, "/edit"),
			orgPath(e.OrgA.ID, "/members"), orgPath(e.OrgA.ID, "/documents"), "/organisations/services",
			"/organisations/services?municipality=XK-PRISHTINE", "/organisations/services?municipality=XK-FERIZAJ",
			"/api/v1/organisations", "/api/v1/organisations?municipality=XK-FERIZAJ", "/api/v1/organisations/" + itoa(e.OrgA.ID), "/home"} {
			rec := e.Get(webtest.ApplicantA, path)
			if rec.Code >= 400 {
				t.Errorf("A GET %s: %d", path, rec.Code)
			}
			if strings.Contains(rec.Body.String(), webtest.Canary) {
				t.Errorf("A GET %s shows organisation B's canary", path)
			}
		}
		b := e.OrgB.ID
		for _, path := range []string{orgPath(b, ""), orgPath(b, "/edit"), orgPath(b, "/members"), orgPath(b, "/documents"),
			orgPath(b, "/documents/"+itoa(docB)), orgPath(e.OrgA.ID, "/documents/"+itoa(docB)), "/api/v1/organisations/" + itoa(b)} {
			if got := e.Get(webtest.ApplicantA, path).Code; got != 404 {
				t.Errorf("A GET %s: %d, want 404", path, got)
			}
		}
		for _, path := range []string{orgPath(b, ""), orgPath(b, "/invitations"), orgPath(b, "/documents/"+itoa(docB)+"/delete")} {
			if got := e.Post(webtest.ApplicantA, path, goodProfile()).Code; got != 404 {
				t.Errorf("A POST %s: %d, want 404", path, got)
			}
		}
		if got := e.Do(webtest.ApplicantA, webtest.Request{Method: "PUT", Path: "/api/v1/organisations/" + itoa(b), JSON: `{"legal_name":"x"}`}).Code; got != 404 {
			t.Errorf("A PUT B: %d, want 404", got)
		}
		var list struct{ Items []struct{ ID int64 } }
		_ = json.Unmarshal(e.Get(webtest.ApplicantA, "/api/v1/organisations").Body.Bytes(), &list)
		if len(list.Items) != 1 || list.Items[0].ID != e.OrgA.ID {
			t.Errorf("A's API list: %+v", list.Items)
		}
		// The officer sees B's profile, canary included (the test can fail).
		if body := e.Get(webtest.ProgramOfficer, orgPath(b, "")).Body.String(); !strings.Contains(body, webtest.Canary) {
			t.Error("the officer does not see B's profile")
		}
	})
}

// Extra fields change nothing: verified, org_id, verified_by, id.
func TestOrganisationMassAssignment(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, _ := orgEnv(t, d)
		seedOrgB(t, e)
		form := goodProfile()
		form.Set("verified", "1")
		form.Set("verified_at", "2020-01-01")
		form.Set("verified_by", itoa(e.Users[webtest.ApplicantA].ID))
		form.Set("org_id", itoa(e.OrgB.ID))
		form.Set("id", itoa(e.OrgB.ID))
		form.Set("kind", "intermediary")
		if rec := e.Post(webtest.ApplicantA, orgPath(e.OrgA.ID, ""), form); rec.Code != 303 {
			t.Fatalf("post: %d", rec.Code)
		}
		s := org.NewStore(d)
		a, _ := s.Get(t.Context(), access.Everything(), e.OrgA.ID)
		b, _ := s.Get(t.Context(), access.Everything(), e.OrgB.ID)
		if a.Verified() || a.Kind != "ngo" || a.LegalName != "Organisation A" {
			t.Errorf("A after extra fields: verified %v kind %s name %s", a.Verified(), a.Kind, a.LegalName)
		}
		if b.LegalName != "Organisation B "+webtest.Canary || b.Verified() {
			t.Errorf("B changed: %s %v", b.LegalName, b.Verified())
		}
		for _, body := range []string{`{"legal_name":"A2","verified":true}`, `{"legal_name":"A2","id":` + itoa(e.OrgB.ID) + `}`} {
			rec := e.Do(webtest.ApplicantA, webtest.Request{Method: "PUT", Path: "/api/v1/organisations/" + itoa(e.OrgA.ID), JSON: body})
			if rec.Code != 400 {
				t.Errorf("PUT %s: %d, want 400", body, rec.Code)
			}
		}
		if a, _ = s.Get(t.Context(), access.Everything(), e.OrgA.ID); a.Verified() || a.LegalName != "Organisation A" {
			t.Errorf("A after refused PUTs: %v %s", a.Verified(), a.LegalName)
		}
	})
}

func TestProfileEditVerifyAndIdentityChange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, _ := orgEnv(t, d)
		a := e.OrgA.ID
		if rec := e.Post(webtest.ApplicantA, orgPath(a, ""), goodProfile()); rec.Code != 303 {
			t.Fatalf("save: %d", rec.Code)
		}
		show := e.Get(webtest.ApplicantA, orgPath(a, "")).Body.String()
		for _, want := range []string{"XK05 1212 0123 4567 8906", "Not yet verified", "Day care centre for the elderly", "Pristina"} {
			if !strings.Contains(show, want) {
				t.Errorf("profile page lacks %q", want)
			}
		}
		if got := e.Post(webtest.ApplicantA, orgPath(a, "/verify"), nil).Code; got != 403 {
			t.Errorf("applicant verifies: %d", got)
		}
		if got := e.Post(webtest.ProgramOfficer, orgPath(a, "/verify"), nil).Code; got != 303 {
			t.Fatalf("officer verifies: %d", got)
		}
		if show = e.Get(webtest.ApplicantA, orgPath(a, "")).Body.String(); !strings.Contains(show, "by program_officer") {
			t.Error("profile does not say who verified it")
		}
		if edit := e.Get(webtest.ApplicantA, orgPath(a, "/edit")).Body.String(); !strings.Contains(edit, "withdraws the verification") {
			t.Error("the edit page of a verified organisation does not warn about identity changes")
		}
		form := goodProfile()
		form.Set("phone", "+383 49 999 888")
		e.Post(webtest.ApplicantA, orgPath(a, ""), form)
		if p, _ := org.NewStore(d).Get(t.Context(), access.Everything(), a); !p.Verified() || p.Phone != "+383 49 999 888" {
			t.Errorf("after a phone change: verified %v phone %q", p.Verified(), p.Phone)
		}
		form.Set("iban", "AL47 2121 1009 0000 0002 3569 8741")
		rec := e.Post(webtest.ApplicantA, orgPath(a, ""), form)
		if p, _ := org.NewStore(d).Get(t.Context(), access.Everything(), a); p.Verified() || p.IBAN != "AL47212110090000000235698741" {
			t.Errorf("after an IBAN change: verified %v iban %q", p.Verified(), p.IBAN)
		}
		if !strings.Contains(e.Do(webtest.ApplicantA, webtest.Request{Path: orgPath(a, ""), Header: map[string]string{"Cookie": flashCookie(rec)}}).Body.String(), "no longer verified") {
			t.Error("no message that the verification was withdrawn")
		}
	})
}

func flashCookie(rec interface{ Result() *http.Response }) string {
	for _, c := range rec.Result().Cookies() {
		if c.Name == "portal_flash" {
			return c.Name + "=" + c.Value
		}
	}
	return ""
}

// Bad values get translated field errors, a 422 that keeps what was typed,
// and nothing already saved is lost.
func TestProfileBadInput(t *testing.T) {
	e, _ := orgEnv(t, dbtest.SQLite(t))
	a := e.OrgA.ID
	e.Post(webtest.ApplicantA, orgPath(a, ""), goodProfile())
	years := org.TurnoverYears(time.Now())
	bad := map[string]string{
		"iban": "XK05 1212 0123 4567 8907", "registration_date": "31.12.2015", "municipality": "XK-ATLANTIS",
		"staff_count": "ten", "email": "not-an-email", "phone": "call me",
		"turnover." + itoa(int64(years[0])): "-5", "turnover." + itoa(int64(years[1])): "1,234.567",
		"turnover." + itoa(int64(years[2])): "12a", "services.0.type": "spa", "legal_name": "",
	}
	for field, value := range bad {
		form := goodProfile()
		form.Set(field, value)
		rec := e.Post(webtest.ApplicantA, orgPath(a, ""), form)
		body := rec.Body.String()
		id := "f-" + strings.ReplaceAll(field, "_", "-")
		if rec.Code != 422 || !strings.Contains(body, `id="`+id+`-error"`) {
			t.Errorf("%s=%q: %d, error beside the field: %v", field, value, rec.Code, strings.Contains(body, id+"-error"))
		}
		if value != "" && !strings.Contains(body, `value="`+value+`"`) && field != "municipality" && field != "services.0.type" {
			t.Errorf("%s: the typed value is not kept", field)
		}
	}
	if p, _ := org.NewStore(e.DB).Get(t.Context(), access.Everything(), a); p.IBAN != "XK051212012345678906" || p.StaffCount != 8 {
		t.Errorf("refused forms changed the profile: %q %d", p.IBAN, p.StaffCount)
	}
	rec := e.Do(webtest.ApplicantA, webtest.Request{Method: "PUT", Path: "/api/v1/organisations/" + itoa(a),
		JSON: `{"legal_name":"A","iban":"XK0512120123456789","municipality":"XK-NOWHERE"}`})
	p := decodeProblem(t, rec.Body.Bytes(), rec.Header().Get("Content-Type"))
	if rec.Code != 422 || len(p.Errors) != 2 || p.Errors[0].Field != "iban" || p.Errors[0].Code != "org.error.iban_length" {
		t.Errorf("API bad input: %d %+v", rec.Code, p.Errors)
	}
}

// "Add a service" shows one more row and saves nothing; "remove" drops one.
func TestServiceRowsWithoutJavaScript(t *testing.T) {
	e, _ := orgEnv(t, dbtest.SQLite(t))
	a := e.OrgA.ID
	form := goodProfile()
	form.Set("action", "add_service")
	rec := e.Post(webtest.ApplicantA, orgPath(a, ""), form)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `name="services.1.type"`) || !strings.Contains(rec.Body.String(), `value="30"`) {
		t.Errorf("add a service: %d", rec.Code)
	}
	if p, _ := org.NewStore(e.DB).Get(t.Context(), access.Everything(), a); len(p.Services) != 0 {
		t.Error("add a service saved the profile")
	}
	form.Set("action", "remove_service.0")
	if body := e.Post(webtest.ApplicantA, orgPath(a, ""), form).Body.String(); strings.Contains(body, `name="services.0.type"`) {
		t.Error("remove left the row")
	}
	form.Set("action", "save")
	form.Set("services.1.type", "")
	e.Post(webtest.ApplicantA, orgPath(a, ""), form)
	if p, _ := org.NewStore(e.DB).Get(t.Context(), access.Everything(), a); len(p.Services) != 1 {
		t.Errorf("saved %d services, want 1 (the empty row is dropped)", len(p.Services))
	}
}

func TestServicesDirectoryAndAPIFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, _ := orgEnv(t, d)
		seedOrgB(t, e)
		e.Post(webtest.ApplicantA, orgPath(e.OrgA.ID, ""), goodProfile())
		body := e.Get(webtest.ProgramOfficer, "/organisations/services?municipality=XK-PRISHTINE").Body.String()
		if !strings.Contains(body, "Organisation A") || !strings.Contains(body, "Organisation B") || !strings.Contains(body, "Shelter") {
			t.Error("the officer's directory lacks a service")
		}
		if got := e.Get(webtest.ProgramOfficer, "/organisations/services?municipality=XX-NOWHERE").Code; got != 422 {
			t.Errorf("unknown municipality: %d", got)
		}
		e.Post(webtest.ProgramOfficer, orgPath(e.OrgA.ID, "/verify"), nil)
		var page struct {
			Items []struct {
				ID       int64
				Verified bool
			}
			Total int
		}
		for q, want := range map[string]int64{"verified=1": e.OrgA.ID, "verified=0": e.OrgB.ID, "municipality=XK-FERIZAJ": e.OrgB.ID} {
			rec := e.Get(webtest.ProgramOfficer, "/api/v1/organisations?"+q)
			_ = json.Unmarshal(rec.Body.Bytes(), &page)
			if rec.Code != 200 || page.Total != 1 || page.Items[0].ID != want {
				t.Errorf("?%s: %d %+v", q, rec.Code, page)
			}
		}
		if got := e.Get(webtest.ProgramOfficer, "/api/v1/organisations?verified=maybe").Code; got != 400 {
			t.Errorf("bad filter: %d", got)
		}
		rec := e.Do(webtest.ApplicantA, webtest.Request{Method: "PUT", Path: "/api/v1/organisations/" + itoa(e.OrgA.ID),
			JSON: `{"legal_name":"Organisation A","iban":"AL47 2121 1009 0000 0002 3569 8741","turnover":[{"year":` + itoa(int64(org.TurnoverYears(time.Now())[2])) + `,"amount_minor":1250000,"currency":"EUR"}]}`})
		var out struct {
			IBAN     string `json:"iban"`
			Verified bool   `json:"verified"`
			Turnover []struct {
				AmountMinor int64 `json:"amount_minor"`
			} `json:"turnover"`
		}
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
		if rec.Code != 200 || out.IBAN != "AL47212110090000000235698741" || out.Verified || len(out.Turnover) != 1 || out.Turnover[0].AmountMinor != 1250000 {
			t.Errorf("PUT: %d %s", rec.Code, rec.Body.String())
		}
	})
}

// The organisation pages show no untranslated key in any language.
func TestOrganisationPagesTranslated(t *testing.T) {
	e, _ := orgEnv(t, dbtest.SQLite(t))
	e.Post(webtest.ApplicantA, orgPath(e.OrgA.ID, ""), goodProfile())
	missing := regexp.MustCompile(`\[[a-z_]+\.[a-z_.]+\]`)
	for _, lang := range []string{"sq", "en", "sr"} {
		for _, p := range []webtest.Principal{webtest.ApplicantA, webtest.ProgramOfficer} {
			if err := e.Store.SetLang(t.Context(), e.Users[p].ID, lang); err != nil {
				t.Fatal(err)
			}
			for _, path := range []string{"/home", "/organisations", orgPath(e.OrgA.ID, ""), orgPath(e.OrgA.ID, "/edit"),
				orgPath(e.OrgA.ID, "/members"), orgPath(e.OrgA.ID, "/documents"), "/organisations/services?municipality=XK-PRISHTINE"} {
				if m := missing.FindString(e.Get(p, path).Body.String()); m != "" {
					t.Errorf("%s %s as %s shows %s", lang, path, p, m)
				}
			}
		}
		if m := missing.FindString(e.Do(webtest.Anon, webtest.Request{Path: "/register", Header: map[string]string{"Cookie": "portal_lang=" + lang}}).Body.String()); m != "" {
			t.Errorf("%s /register shows %s", lang, m)
		}
	}
}
