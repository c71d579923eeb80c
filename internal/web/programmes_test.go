package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/programme"
	"github.com/subgrant/portal/internal/web/webtest"
)

// orgID finds a test organisation by name.
func orgID(t *testing.T, e *webtest.Env, name string) int64 {
	t.Helper()
	orgs, err := e.Store.ListOrgs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.Name == name {
			return o.ID
		}
	}
	t.Fatalf("no organisation %q", name)
	return 0
}

// seedProgramme stores a programme of a donor with a budget of 400,000.00.
func seedProgramme(t *testing.T, e *webtest.Env, donorID int64, title string) programme.Programme {
	t.Helper()
	p, err := programme.NewStore(e.DB).Create(context.Background(), programme.Input{Title: title, DonorOrgID: donorID,
		DonorProfile: "eu", Currency: "EUR", SubgrantBudgetMinor: 40_000_000, ThirdPartyCapMinor: 6_000_000,
		StartsOn: "2026-01-01", EndsOn: "2027-12-31",
		Sources: []programme.FundingSource{{Name: "EU", AmountMinor: 38_000_000}, {Name: "Ministry", AmountMinor: 2_000_000}}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// seedCall stores a complete call of a programme, published when open.
func seedCall(t *testing.T, e *webtest.Env, progID int64, ref, title string, open bool) call.Call {
	t.Helper()
	ctx := context.Background()
	opens, closes := time.Now().UTC().Add(-24*time.Hour), time.Now().UTC().Add(30*24*time.Hour)
	st := call.NewStore(e.DB)
	c, err := st.Create(ctx, call.Input{ProgrammeID: progID, Reference: ref, TitleSQ: title, TitleEN: title + " (en)",
		DescriptionSQ: "Përshkrim", DescriptionEN: "Description", MaxGrantMinor: 5_000_000, MaxDonorShareBP: 9000,
		MaxDurationMonths: 12, TimeZone: "Europe/Belgrade", OpensAt: &opens, ClosesAt: &closes, OrgKinds: []string{"ngo"},
		Lots:      []call.Lot{{Name: "Lot one", BudgetMinor: 10_000_000, Theme: "Elderly"}},
		Documents: []call.Document{{Code: "statute", LabelSQ: "Statuti", LabelEN: "Statute"}}})
	if err != nil {
		t.Fatal(err)
	}
	if open {
		if err := st.Publish(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func programmeForm(title string) url.Values {
	return url.Values{"title": {title}, "donor_org_id": {"0"}, "donor_profile": {"eu"}, "currency": {"EUR"},
		"subgrant_budget": {"400000"}, "third_party_cap": {""}, "starts_on": {"2026-01-01"}, "ends_on": {"2027-12-31"},
		"source_rows": {"2"}, "source_name_0": {"EU"}, "source_amount_0": {"380.000,00"},
		"source_name_1": {"Ministria"}, "source_amount_1": {"20.000,00"}, "indicator_rows": {"1"}}
}

func TestProgrammeRoutesMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		p := seedProgramme(t, e, orgID(t, e, "Donor"), "Programme of the donor")
		id := itoa(p.ID)
		viewers := map[webtest.Principal]int{webtest.Admin: 200, webtest.ProgramOfficer: 200, webtest.FinanceOfficer: 200,
			webtest.DonorOfficer: 200, webtest.Anon: 303}
		editors := map[webtest.Principal]int{webtest.Admin: 200, webtest.ProgramOfficer: 200, webtest.Anon: 303}
		bad := url.Values{"title": {""}}
		e.CheckMatrix(t, []webtest.Case{
			{Name: "programmes", Req: webtest.Request{Path: "/programmes"}, Default: 403, Want: viewers},
			{Name: "programme", Req: webtest.Request{Path: "/programmes/" + id}, Default: 403, Want: viewers},
			{Name: "new programme", Req: webtest.Request{Path: "/programmes/new"}, Default: 403, Want: editors},
			{Name: "edit programme", Req: webtest.Request{Path: "/programmes/" + id + "/edit"}, Default: 403, Want: editors},
			{Name: "create programme (invalid)", Req: webtest.Request{Method: "POST", Path: "/programmes", Form: bad}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Admin: 422, webtest.ProgramOfficer: 422, webtest.Anon: 401}},
			{Name: "update programme (invalid)", Req: webtest.Request{Method: "POST", Path: "/programmes/" + id, Form: bad}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Admin: 422, webtest.ProgramOfficer: 422, webtest.Anon: 401}},
			{Name: "api programmes", Req: webtest.Request{Path: "/api/v1/programmes"}, Default: 403,
				Want: with(with(viewers, webtest.Anon, 401), webtest.DonorOfficer, 200)},
			{Name: "api programme", Req: webtest.Request{Path: "/api/v1/programmes/" + id}, Default: 403, Want: with(viewers, webtest.Anon, 401)},
			{Name: "unknown programme", Req: webtest.Request{Path: "/programmes/999999"}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Admin: 404, webtest.ProgramOfficer: 404, webtest.FinanceOfficer: 404, webtest.DonorOfficer: 404, webtest.Anon: 303}},
		})
	})
}

// A donor officer sees only the programmes of its own donor organisation,
// on the list page, the detail page and in JSON.
func TestDonorOfficerSeesOwnProgrammesOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		other, err := e.Store.CreateOrg(context.Background(), "Other donor", "donor")
		if err != nil {
			t.Fatal(err)
		}
		mine := seedProgramme(t, e, orgID(t, e, "Donor"), "Mine-PROG-111")
		theirs := seedProgramme(t, e, other.ID, "Theirs-PROG-222")
		list := e.Get(webtest.DonorOfficer, "/programmes").Body.String()
		if !strings.Contains(list, "Mine-PROG-111") || strings.Contains(list, "Theirs-PROG-222") {
			t.Errorf("donor list page: want only its own programme")
		}
		if got := e.Get(webtest.DonorOfficer, "/programmes/"+itoa(theirs.ID)).Code; got != 404 {
			t.Errorf("another donor's programme page: %d, want 404", got)
		}
		if got := e.Get(webtest.DonorOfficer, "/programmes/"+itoa(mine.ID)).Code; got != 200 {
			t.Errorf("own programme page: %d", got)
		}
		var pg struct {
			Items []struct {
				ID             int64 `json:"id"`
				SubgrantBudget struct {
					Minor    int64  `json:"amount_minor"`
					Currency string `json:"currency"`
				} `json:"subgrant_budget"`
			} `json:"items"`
			Total int `json:"total"`
		}
		if err := json.Unmarshal(e.Get(webtest.DonorOfficer, "/api/v1/programmes").Body.Bytes(), &pg); err != nil {
			t.Fatal(err)
		}
		if pg.Total != 1 || len(pg.Items) != 1 || pg.Items[0].ID != mine.ID || pg.Items[0].SubgrantBudget.Minor != 40_000_000 || pg.Items[0].SubgrantBudget.Currency != "EUR" {
			t.Errorf("donor API list = %+v, want only programme %d with its budget", pg, mine.ID)
		}
		if got := e.Get(webtest.DonorOfficer, "/api/v1/programmes/"+itoa(theirs.ID)).Code; got != 404 {
			t.Errorf("another donor's programme in JSON: %d, want 404", got)
		}
		if err := json.Unmarshal(e.Get(webtest.Admin, "/api/v1/programmes").Body.Bytes(), &pg); err != nil || pg.Total != 2 {
			t.Errorf("admin sees %d programmes, want 2 (%v)", pg.Total, err)
		}
	})
}

// Bad input gives 422 with the field's message and keeps what was typed.
func TestProgrammeBadInput(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	donor := itoa(orgID(t, e, "Donor"))
	cases := []struct {
		name, field, value, kept, message string
	}{
		{"letters", "subgrant_budget", "12abc", "12abc", "may contain only digits"},
		{"three decimals", "subgrant_budget", "1.5555", "1.5555", "at most two decimals"},
		{"negative", "source_amount_0", "-5", "-5", "cannot be negative"},
		{"dates out of order", "ends_on", "2025-01-01", "2025-01-01", "end date must be after"},
		{"budget over funding", "subgrant_budget", "500000", "500000", "cannot exceed the sum"},
	}
	for _, c := range cases {
		f := programmeForm("Kept title")
		f.Set("donor_org_id", donor)
		f.Set(c.field, c.value)
		rec := e.Post(webtest.ProgramOfficer, "/programmes", f)
		body := rec.Body.String()
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", c.name, rec.Code)
			continue
		}
		if !strings.Contains(body, c.message) || !strings.Contains(body, `value="`+c.kept+`"`) || !strings.Contains(body, `value="Kept title"`) {
			t.Errorf("%s: want message %q and the values kept", c.name, c.message)
		}
	}
}

// A valid programme is saved (amounts per the user's language), shown,
// and a <script> title is escaped.
func TestProgrammeCreateAndEscape(t *testing.T) {
	e := webtest.New(t, dbtest.SQLite(t))
	f := programmeForm("<script>alert(1)</script>")
	f.Set("donor_org_id", itoa(orgID(t, e, "Donor")))
	f.Set("source_amount_0", "380,000.00") // applicants' language is English in the tests
	f.Set("source_amount_1", "20,000.00")
	rec := e.Post(webtest.ProgramOfficer, "/programmes", f)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", rec.Code, rec.Body.String())
	}
	loc := rec.Header().Get("Location")
	body := e.Get(webtest.DonorOfficer, loc).Body.String()
	if strings.Contains(body, "<script>alert(1)") || !strings.Contains(body, "&lt;script&gt;") {
		t.Errorf("title not escaped on the programme page")
	}
	if !strings.Contains(body, "€400,000.00") || !strings.Contains(body, "€60,000.00") {
		t.Errorf("programme page lacks the total funding or the EU default ceiling")
	}
	if add := e.Post(webtest.ProgramOfficer, "/programmes", url.Values{"source_rows": {"2"}, "add": {"source"}}); add.Code != 200 || !strings.Contains(add.Body.String(), `name="source_name_2"`) {
		t.Errorf("add a source: %d, want a third row", add.Code)
	}
}
