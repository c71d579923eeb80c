package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// postPage posts a page form and wants a redirect; it returns the target.
func (ae *appEnv) postPage(t *testing.T, p webtest.Principal, path string, form url.Values) string {
	t.Helper()
	rec := ae.Post(p, path, form)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("POST %s as %s: %d, want 303\n%s", path, p, rec.Code, rec.Body)
	}
	return rec.Header().Get("Location")
}

// applyByPage creates a draft through the call page's form; it returns the
// application's path (/applications/N).
func (ae *appEnv) applyByPage(t *testing.T, p webtest.Principal) string {
	t.Helper()
	loc := ae.postPage(t, p, "/calls/"+itoa(ae.fx.Call.ID)+"/apply", url.Values{"lot_id": {itoa(ae.fx.Lots[0].ID)}})
	base, ok := strings.CutSuffix(loc, "/edit/summary")
	if !ok || !strings.HasPrefix(base, "/applications/") {
		t.Fatalf("apply redirected to %q", loc)
	}
	return base
}

// budgetForm is a two-line budget typed in English: 12,000.00 of direct
// costs and indirect costs of the given amount, 90 % requested.
func budgetForm(indirect, indirectReq, indirectCof string) url.Values {
	return url.Values{"budget_rows": {"2"},
		"budget_0_heading": {"1"}, "budget_0_description": {"Koordinatore e qendrës"}, "budget_0_unit": {"month"},
		"budget_0_units": {"12"}, "budget_0_unit_rate": {"1000"}, "budget_0_requested": {"10800"}, "budget_0_cofinancing": {"1200"},
		"budget_1_heading": {"10"}, "budget_1_description": {"Indirect costs"}, "budget_1_unit": {"lump sum"},
		"budget_1_units": {"1"}, "budget_1_unit_rate": {indirect}, "budget_1_requested": {indirectReq}, "budget_1_cofinancing": {indirectCof}}
}

// fillByPages fills every section of a draft through the editor pages.
func (ae *appEnv) fillByPages(t *testing.T, p webtest.Principal, app, title string) {
	t.Helper()
	sections := []struct {
		name string
		form url.Values
	}{
		{"summary", url.Values{"title": {title}, "summary": {"Shërbime ditore për 40 të moshuar në Prishtinë."},
			"duration_months": {"12"}, "start_month": {"2026-09"}}},
		{"target_groups", url.Values{"tg_elderly": {"1"}, "tg_elderly_n": {"40"}}},
		{"municipalities", url.Values{"municipalities": {"XK-PRISHTINE", "XK-FERIZAJ"}}},
		{"logframe", url.Values{"objectives_rows": {"1"}, "logframe_objectives_0": {"Përmirësimi i kujdesit ditor"},
			"indicators_rows": {"1"}, "logframe_indicators_0_result": {"R1"}, "logframe_indicators_0_indicator": {"Persona të shërbyer"},
			"logframe_indicators_0_baseline": {"0"}, "logframe_indicators_0_target": {"40"}, "logframe_indicators_0_source": {"Regjistri"}}},
		{"workplan", url.Values{"activities_rows": {"1"}, "activities_0_title": {"Hapja e qendrës"}, "activities_0_months": {"1", "2", "3"}}},
		{"partners", url.Values{"partners_rows": {"1"}}},
		{"declaration", url.Values{"declaration_accepted": {"1"}}},
	}
	for _, s := range sections {
		path := app + "/edit/" + s.name
		if loc := ae.postPage(t, p, path, s.form); loc != path {
			t.Fatalf("%s saved to %q", s.name, loc)
		}
	}
}

// An applicant goes the whole way through the pages: a draft from the call,
// every section, a budget over the indirect-cost limit refused beside the
// field with everything kept, fixed, checked, submitted, receipt and PDF.
func TestApplicationPagesFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		a := webtest.ApplicantA
		app := ae.applyByPage(t, a)
		ae.fillByPages(t, a, app, "Qendër ditore për të moshuarit")

		rec := ae.Post(a, app+"/edit/budget", budgetForm("1080", "972", "108")) // 9 % of direct costs
		body := rec.Body.String()
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("budget at 9 %%: %d, want 422", rec.Code)
		}
		for _, want := range []string{`id="f-budget-1-unit-rate-error"`, "Indirect costs exceed 7 % of direct costs (at most €840.00)",
			`href="#f-budget-1-unit-rate"`, `value="Koordinatore e qendrës"`, `value="1080"`, `value="972"`} {
			if !strings.Contains(body, want) {
				t.Errorf("422 page lacks %q", want)
			}
		}
		if rec := ae.Get(a, app+"/check"); !strings.Contains(rec.Body.String(), "f-budget") {
			t.Errorf("check before the budget is saved should point at the budget: %s", rec.Body)
		}
		if loc := ae.postPage(t, a, app+"/edit/budget", budgetForm("840", "756", "84")); loc != app+"/edit/budget" {
			t.Fatalf("budget saved to %q", loc)
		}
		page := ae.Get(a, app+"/edit/budget").Body.String()
		for _, want := range []string{"€12,840.00", "7% of direct costs", "90% of the total", `aria-current="page"`, "Kosovo time (CE"} {
			if !strings.Contains(page, want) {
				t.Errorf("budget page lacks %q", want)
			}
		}
		if strings.Contains(page, "Europe/Belgrade") {
			t.Error("budget page names the zone database's city instead of the country's clock")
		}
		check := ae.Get(a, app+"/check")
		if check.Code != 200 || !strings.Contains(check.Body.String(), "There are no problems") {
			t.Fatalf("check: %d\n%s", check.Code, check.Body)
		}
		if loc := ae.postPage(t, a, app+"/submit", url.Values{}); loc != app+"/receipt" {
			t.Fatalf("submit went to %q", loc)
		}
		receipt := ae.Get(a, app+"/receipt").Body.String()
		for _, want := range []string{"CFP-2026-01-0001", "€11,556.00", "Kosovo time (CE"} {
			if !strings.Contains(receipt, want) {
				t.Errorf("receipt lacks %q", want)
			}
		}
		pdf := ae.Get(a, app+"/receipt.pdf")
		if !bytes.HasPrefix(pdf.Body.Bytes(), []byte("%PDF")) {
			t.Fatalf("receipt.pdf is not a PDF: %d %.40q", pdf.Code, pdf.Body.String())
		}
		if cd := pdf.Header().Get("Content-Disposition"); cd != `attachment; filename="CFP-2026-01-0001.pdf"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		if text := pdfText(t, pdf.Body.Bytes()); text != "" && !strings.Contains(text, "CFP-2026-01-0001") {
			t.Errorf("PDF text lacks the reference:\n%s", text)
		}
		if rec := ae.Get(a, app+"/edit/summary"); rec.Code != http.StatusSeeOther {
			t.Errorf("editing a submitted application: %d, want 303 to its view", rec.Code)
		}
	})
}

// pdfText extracts a PDF's text with pdftotext, or "" when it is missing.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return ""
	}
	in := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// After the deadline, by the server clock, submission is refused with the
// translated reason naming the deadline in the call's time zone.
func TestApplicationPagesSubmitAfterDeadline(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		closes := time.Now().UTC().Add(10 * time.Minute).Truncate(time.Minute) // within the session idle timeout
		local := i18n.DateTime(i18n.SQ, closes, belgrade(t))
		ae := newAppEnv(t, d, apptest.Spec{Closes: closes})
		ae.useSQ(t, webtest.ApplicantA)
		id := itoa(ae.draftFor(t, webtest.ApplicantA, validBody(t)))
		ae.now = closes.Add(time.Minute)
		rec := ae.Post(webtest.ApplicantA, "/applications/"+id+"/submit", url.Values{})
		if rec.Code != http.StatusConflict {
			t.Fatalf("submit after the deadline: %d, want 409", rec.Code)
		}
		if body := rec.Body.String(); !strings.Contains(body, "Afati i thirrjes ka kaluar") || !strings.Contains(body, local) {
			t.Errorf("refusal lacks the translated reason with the local deadline:\n%s", body)
		}
		if rec := ae.Get(webtest.ApplicantA, "/applications/"+id+"/receipt"); rec.Code != http.StatusNotFound {
			t.Errorf("a refused submission has a receipt: %d", rec.Code)
		}
	})
}

func belgrade(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Belgrade")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
