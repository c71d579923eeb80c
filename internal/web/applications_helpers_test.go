package web_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/web"
	"github.com/subgrant/portal/internal/web/webtest"
)

// appEnv is a portal with an open call and a movable server clock.
type appEnv struct {
	*webtest.Env
	fx  apptest.Fixture
	now time.Time
}

func newAppEnv(t *testing.T, d *db.DB, sp apptest.Spec) *appEnv {
	t.Helper()
	ae := &appEnv{now: db.Now()}
	ae.Env = webtest.New(t, d, webtest.Options{Deps: func(deps *web.Deps) {
		deps.Now = func() time.Time { return ae.now }
	}})
	ae.fx = apptest.Call(t, d, sp)
	return ae
}

// validBody is apptest.ValidForm in the API's request shape: amounts as
// {amount_minor, currency}, quantities as decimal strings with a dot.
func validBody(t *testing.T) map[string]any {
	t.Helper()
	b, _ := json.Marshal(apptest.ValidForm())
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	amount := func(typed string) map[string]any {
		v, err := money.Parse("sq", typed)
		if err != nil {
			t.Fatalf("amount %q: %v", typed, err)
		}
		return map[string]any{"amount_minor": v, "currency": "EUR"}
	}
	for _, l := range m["budget"].([]any) {
		line := l.(map[string]any)
		units, err := money.Parse("sq", line["units"].(string))
		if err != nil {
			t.Fatal(err)
		}
		line["units"] = fmt.Sprintf("%d.%02d", units/100, units%100)
		for _, k := range []string{"unit_rate", "requested", "cofinancing"} {
			if typed := line[k].(string); typed != "" {
				line[k] = amount(typed)
			} else {
				line[k] = nil
			}
		}
	}
	return m
}

// eur is an amount of the fixture's currency for a request body.
func eur(minor int64) map[string]any { return map[string]any{"amount_minor": minor, "currency": "EUR"} }

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (ae *appEnv) api(p webtest.Principal, method, path string, body any) *httptest.ResponseRecorder {
	ae.T.Helper()
	r := webtest.Request{Method: method, Path: path}
	if body != nil {
		r.JSON = jsonOf(ae.T.(*testing.T), body)
	}
	return ae.Do(p, r)
}

// draftFor creates a draft for p's organisation through the API and, when
// body is not nil, saves it; it returns the id.
func (ae *appEnv) draftFor(t *testing.T, p webtest.Principal, body map[string]any) int64 {
	t.Helper()
	rec := ae.api(p, "POST", "/api/v1/applications", map[string]any{"call_id": ae.fx.Call.ID, "lot_id": ae.fx.Lots[0].ID})
	if rec.Code != 201 {
		t.Fatalf("create as %s: %d %s", p, rec.Code, rec.Body)
	}
	var out struct{ ID int64 }
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	if body != nil {
		if r := ae.api(p, "PUT", "/api/v1/applications/"+itoa(out.ID), body); r.Code != 200 {
			t.Fatalf("save as %s: %d %s", p, r.Code, r.Body)
		}
	}
	return out.ID
}

// useSQ makes p type amounts in Albanian.
func (ae *appEnv) useSQ(t *testing.T, p webtest.Principal) {
	t.Helper()
	if err := ae.Store.SetLang(t.Context(), ae.Users[p].ID, "sq"); err != nil {
		t.Fatal(err)
	}
}
