package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// A body in a media type the route does not read is refused with 415 and
// saves nothing: before, an editor section read it as "no fields" and
// erased the title and summary.
func TestWrongContentTypeSavesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		id := itoa(ae.draftFor(t, webtest.ApplicantA, validBody(t)))
		api := "/api/v1/applications/" + id
		stored := func() string { return ae.Get(webtest.ApplicantA, api).Body.String() }
		before := stored()
		if !strings.Contains(before, apptest.ValidForm().Title) {
			t.Fatalf("draft has no title: %s", before)
		}
		section := "/applications/" + id + "/edit/summary"
		full := jsonOf(t, validBody(t))
		cases := []struct {
			name, method, path, contentType, body string
		}{
			{"section, JSON", "POST", section, "application/json", `{"title":"","summary":""}`},
			{"section, text/plain", "POST", section, "text/plain", "title=&summary="},
			{"section, multipart without boundary", "POST", section, "multipart/form-data", "title=&summary="},
			{"section, no content type", "POST", section, "", "title=&summary="},
			{"section, no content type and no body", "POST", section, "", ""},
			{"section, malformed content type", "POST", section, "application/x-www-form-urlencoded; =", "title=&summary="},
			{"API, text/plain", "PUT", api, "text/plain", full},
			{"API, urlencoded", "PUT", api, "application/x-www-form-urlencoded", "title=&summary="},
			{"API, multipart without boundary", "PUT", api, "multipart/form-data", full},
			{"API, no content type", "PUT", api, "", full},
			{"API action, text/plain", "POST", api + "/withdraw", "text/plain", `{"reason":"x"}`},
		}
		for _, tc := range cases {
			rec := ae.Do(webtest.ApplicantA, webtest.Request{Method: tc.method, Path: tc.path, JSON: tc.body,
				Header: map[string]string{"Content-Type": tc.contentType}})
			if rec.Code != http.StatusUnsupportedMediaType {
				t.Errorf("%s: %d, want 415", tc.name, rec.Code)
				continue
			}
			if strings.HasPrefix(tc.path, "/api/") {
				p := decodeProblem(t, rec.Body.Bytes(), rec.Header().Get("Content-Type"))
				if p.Status != 415 || !strings.Contains(p.Detail, "application/json") {
					t.Errorf("%s: problem %+v", tc.name, p)
				}
			} else if body := rec.Body.String(); !strings.Contains(body, "Format not supported") || !strings.Contains(body, "nothing was saved") {
				t.Errorf("%s: no translated page:\n%.400s", tc.name, body)
			}
		}
		if after := stored(); after != before {
			t.Errorf("refused bodies changed the draft:\nbefore %s\nafter  %s", before, after)
		}
		// The types the routes read still work: JSON with a charset, a
		// bodyless API action, a page's urlencoded form.
		rec := ae.Do(webtest.ApplicantA, webtest.Request{Method: "PUT", Path: api, JSON: full,
			Header: map[string]string{"Content-Type": "application/json; charset=utf-8"}})
		if rec.Code != http.StatusOK {
			t.Errorf("JSON with charset: %d %s", rec.Code, rec.Body)
		}
		if rec := ae.Do(webtest.ApplicantA, webtest.Request{Method: "POST", Path: api + "/submit"}); rec.Code != http.StatusOK {
			t.Errorf("bodyless submit without a content type: %d %s", rec.Code, rec.Body)
		}
	})
}

// A PUT replaces the whole draft: null, {} or a body missing fields is a
// 422 naming each missing field, and the draft stays as it was.
func TestPutWithoutFieldsKeepsTheDraft(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		id := itoa(ae.draftFor(t, webtest.ApplicantA, validBody(t)))
		api := "/api/v1/applications/" + id
		before := ae.Get(webtest.ApplicantA, api).Body.String()
		all := []string{"activities", "budget", "declaration_accepted", "duration_months", "logframe", "municipalities",
			"partners", "start_month", "summary", "target_groups", "title"}
		noTitle := validBody(t)
		delete(noTitle, "title")
		delete(noTitle, "budget")
		for name, tc := range map[string]struct {
			body    string
			missing []string
		}{
			"null":             {"null", all},
			"empty object":     {"{}", all},
			"title and budget": {jsonOf(t, noTitle), []string{"budget", "title"}},
			"only a title":     {`{"title":"New title"}`, all[:len(all)-1]},
		} {
			rec := ae.Do(webtest.ApplicantA, webtest.Request{Method: "PUT", Path: api, JSON: tc.body})
			if rec.Code != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d, want 422: %s", name, rec.Code, rec.Body)
				continue
			}
			p := decodeProblem(t, rec.Body.Bytes(), rec.Header().Get("Content-Type"))
			var got []string
			for _, fe := range p.Errors {
				if fe.Code != "hardening.error.field_missing" || fe.Message == "" {
					t.Errorf("%s: error %+v", name, fe)
				}
				got = append(got, fe.Field)
			}
			if strings.Join(got, ",") != strings.Join(tc.missing, ",") {
				t.Errorf("%s: missing %v, want %v", name, got, tc.missing)
			}
		}
		if after := ae.Get(webtest.ApplicantA, api).Body.String(); after != before {
			t.Errorf("refused bodies changed the draft:\nbefore %s\nafter  %s", before, after)
		}
	})
}

// tokenPut sends a JSON PUT with an API token of p, not its session.
func tokenPut(ae *appEnv, t *testing.T, p webtest.Principal, path, body string) *http.Response {
	t.Helper()
	plain, _, err := ae.Store.CreateToken(t.Context(), ae.Users[p].ID, "integration")
	if err != nil {
		t.Fatal(err)
	}
	rec := ae.Do(webtest.Anon, webtest.Request{Method: "PUT", Path: path, JSON: body,
		Header: map[string]string{"Authorization": "Bearer " + plain}})
	return rec.Result()
}

// The same body means the same amounts for an Albanian and an English
// token user: money is {amount_minor, currency} and quantities "12.50".
func TestAPIAmountsDoNotDependOnTheUsersLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		ae.useSQ(t, webtest.ApplicantA) // applicant_B keeps English
		body := validBody(t)
		line := body["budget"].([]any)[0].(map[string]any)
		line["units"], line["unit_rate"], line["requested"], line["cofinancing"] = "12.50", eur(100000), nil, eur(125000)
		raw := jsonOf(t, body)
		budgets := map[webtest.Principal]string{}
		for _, p := range []webtest.Principal{webtest.ApplicantA, webtest.ApplicantB} {
			id := itoa(ae.draftFor(t, p, nil))
			if res := tokenPut(ae, t, p, "/api/v1/applications/"+id, raw); res.StatusCode != http.StatusOK {
				t.Fatalf("PUT as %s: %d", p, res.StatusCode)
			}
			var got struct {
				Budget []json.RawMessage `json:"budget"`
			}
			_ = json.Unmarshal(ae.Get(p, "/api/v1/applications/"+id).Body.Bytes(), &got)
			if len(got.Budget) != 3 {
				t.Fatalf("%s: budget %v", p, got.Budget)
			}
			budgets[p] = string(got.Budget[0])
		}
		if budgets[webtest.ApplicantA] != budgets[webtest.ApplicantB] {
			t.Errorf("same body, different budgets:\nsq %s\nen %s", budgets[webtest.ApplicantA], budgets[webtest.ApplicantB])
		}
		var first struct {
			UnitsX100 int64 `json:"units_x100"`
			UnitRate  struct {
				Minor int64 `json:"amount_minor"`
			} `json:"unit_rate"`
			Total, Requested struct {
				Minor    int64  `json:"amount_minor"`
				Currency string `json:"currency"`
			}
		}
		_ = json.Unmarshal([]byte(budgets[webtest.ApplicantA]), &first)
		if first.UnitsX100 != 1250 || first.UnitRate.Minor != 100000 || first.Total.Minor != 1250000 ||
			first.Requested.Minor != 1125000 || first.Requested.Currency != "EUR" {
			t.Errorf("stored line %s, want 12.50 x 1,000.00 = 12,500.00 with 11,250.00 requested", budgets[webtest.ApplicantA])
		}
	})
}

// A body in the old shape (amounts typed as strings in the user's language)
// or with another currency is refused with the field and what to send.
func TestAPIOldAmountShapeIsRefusedNamingTheField(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		ae.useSQ(t, webtest.ApplicantA)
		id := itoa(ae.draftFor(t, webtest.ApplicantA, validBody(t)))
		api := "/api/v1/applications/" + id
		before := ae.Get(webtest.ApplicantA, api).Body.String()
		edit := func(i int, k string, v any) map[string]any {
			b := validBody(t)
			b["budget"].([]any)[i].(map[string]any)[k] = v
			return b
		}
		partner := validBody(t)
		partner["partners"] = []any{map[string]any{"name": "Partner", "role": "co_applicant", "share": "1.000,00"}}
		cases := []struct {
			name, field, code, mention string
			body                       map[string]any
		}{
			{"unit rate typed in Albanian", "budget[0].unit_rate", "hardening.error.money_shape", "amount_minor", edit(0, "unit_rate", "1.234,50")},
			{"requested as a number of major units", "budget[1].requested", "hardening.error.money_shape", "amount_minor", edit(1, "requested", 6022.43)},
			{"amount without amount_minor", "budget[0].cofinancing", "hardening.error.money_shape", "amount_minor", edit(0, "cofinancing", map[string]any{"currency": "EUR"})},
			{"amount_minor with a fraction", "budget[0].unit_rate", "hardening.error.amount_minor", "amount_minor", edit(0, "unit_rate", map[string]any{"amount_minor": 100000.5, "currency": "EUR"})},
			{"another currency", "budget[0].unit_rate.currency", "hardening.error.currency", "currency", edit(0, "unit_rate", map[string]any{"amount_minor": 100000, "currency": "USD"})},
			{"no currency", "budget[0].unit_rate.currency", "hardening.error.currency", "currency", edit(0, "unit_rate", map[string]any{"amount_minor": 100000})},
			{"units typed in Albanian", "budget[0].units", "hardening.error.quantity", "12.50", edit(0, "units", "12,50")},
			{"units with grouping", "budget[0].units", "hardening.error.quantity", "12.50", edit(0, "units", "1,200")},
			{"partner share typed in Albanian", "partners[0].share", "hardening.error.money_shape", "amount_minor", partner},
		}
		for _, tc := range cases {
			rec := ae.api(webtest.ApplicantA, "PUT", api, tc.body)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d, want 422: %s", tc.name, rec.Code, rec.Body)
				continue
			}
			p := decodeProblem(t, rec.Body.Bytes(), rec.Header().Get("Content-Type"))
			found := false
			for _, fe := range p.Errors {
				if fe.Field == tc.field && fe.Code == tc.code && strings.Contains(fe.Message, tc.mention) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: errors %+v, want %s on %s mentioning %q", tc.name, p.Errors, tc.code, tc.field, tc.mention)
			}
		}
		if after := ae.Get(webtest.ApplicantA, api).Body.String(); after != before {
			t.Errorf("refused bodies changed the draft:\nbefore %s\nafter  %s", before, after)
		}
	})
}

// Names, titles and file names with invisible or direction-changing
// characters get a translated field error and nothing is stored.
func TestInvisibleCharactersGetAFieldError(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		id := itoa(ae.draftFor(t, webtest.ApplicantA, validBody(t)))
		api := "/api/v1/applications/" + id
		before := ae.Get(webtest.ApplicantA, api).Body.String()
		wantField := func(name string, rec *httptest.ResponseRecorder, field string) {
			t.Helper()
			if rec.Code != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d, want 422: %.300s", name, rec.Code, rec.Body)
				return
			}
			p := decodeProblem(t, rec.Body.Bytes(), rec.Header().Get("Content-Type"))
			for _, fe := range p.Errors {
				if fe.Field == field && fe.Code == "hardening.error.invisible" && strings.Contains(fe.Message, "invisible") {
					return
				}
			}
			t.Errorf("%s: errors %+v, want hardening.error.invisible on %s", name, p.Errors, field)
		}
		for _, title := range []string{"Qendër\u202E ditore", "Qendër\u2066 ditore", "Qen\u200Bdër", "\uFEFFQendër"} {
			b := validBody(t)
			b["title"] = title
			wantField("title "+title, ae.api(webtest.ApplicantA, "PUT", api, b), "title")
		}
		b := validBody(t)
		b["partners"] = []any{map[string]any{"name": "Partner\u200D", "role": "co_applicant", "share": nil}}
		wantField("partner name", ae.api(webtest.ApplicantA, "PUT", api, b), "partners[0].name")
		if after := ae.Get(webtest.ApplicantA, api).Body.String(); after != before {
			t.Errorf("refused titles changed the draft")
		}
		wantField("organisation name", ae.Do(webtest.ApplicantA, webtest.Request{Method: "PUT", Path: "/api/v1/organisations/" + itoa(ae.OrgA.ID),
			JSON: `{"legal_name":"Organisation\u202e A"}`}), "legal_name")
		wantField("user name", ae.Do(webtest.Admin, webtest.Request{Method: "POST", Path: "/api/v1/users",
			JSON: `{"email":"new@test.example","name":"New\u2069 User","role":"evaluator","lang":"en","password":"a long password"}`}), "name")

		fields := map[string]string{"doc_type": "statute"}
		rec := orgUpload(t, ae.Env, webtest.ApplicantA, docsPath(ae.OrgA.ID), fields, "statute\u202Efdp.exe", []byte("%PDF-1.7\n"), false)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="f-file-error"`) ||
			!strings.Contains(rec.Body.String(), "invisible") {
			t.Errorf("file name with a right-to-left override: %d, want 422 with the message beside the file field", rec.Code)
		}
		var docs int
		_ = db.Get(t.Context(), d, &docs, `SELECT COUNT(*) FROM organisation_documents`)
		if docs != 0 {
			t.Errorf("%d documents stored after a refused file name", docs)
		}
	})
}

// Through the pages: a password reset revokes the account's API tokens
// with its sessions; disabling a user revokes its tokens for good.
func TestResetAndDisableRevokeAPITokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		ctx := t.Context()
		token := func(p webtest.Principal) string {
			plain, _, err := e.Store.CreateToken(ctx, e.Users[p].ID, "integration")
			if err != nil {
				t.Fatal(err)
			}
			return plain
		}
		me := func(plain string) int {
			return e.Do(webtest.Anon, webtest.Request{Path: "/api/v1/me", Header: map[string]string{"Authorization": "Bearer " + plain}}).Code
		}
		a, other := token(webtest.ApplicantA), token(webtest.ApplicantB)
		reset, _, err := e.Store.CreateReset(ctx, e.Users[webtest.ApplicantA].Email)
		if err != nil {
			t.Fatal(err)
		}
		if rec := e.Do(webtest.Anon, webtest.Request{Method: "POST", Path: "/password/reset",
			Form: url.Values{"token": {reset}, "password": {"a brand new passphrase"}}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("reset: %d", rec.Code)
		}
		if got := me(a); got != http.StatusUnauthorized {
			t.Errorf("token from before the reset: %d, want 401", got)
		}
		if got := e.Get(webtest.ApplicantA, "/home").Code; got != http.StatusSeeOther {
			t.Errorf("session from before the reset: %d, want 303", got)
		}
		if got := me(other); got != http.StatusOK {
			t.Errorf("another user's token after the reset: %d, want 200", got)
		}

		officer := token(webtest.ProgramOfficer)
		id := itoa(e.Users[webtest.ProgramOfficer].ID)
		for _, action := range []string{"disable", "enable"} {
			if rec := e.Post(webtest.Admin, "/admin/users/"+id+"/"+action, nil); rec.Code != http.StatusSeeOther {
				t.Fatalf("%s: %d", action, rec.Code)
			}
		}
		if got := me(officer); got != http.StatusUnauthorized {
			t.Errorf("token of a disabled then re-enabled user: %d, want 401", got)
		}
		if got := me(token(webtest.ProgramOfficer)); got != http.StatusOK {
			t.Errorf("a new token after re-enabling: %d, want 200", got)
		}
	})
}
