package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// gridBudget is a budget of n lines of 12 months at 100.00 (1,200.00 a
// line), 90 % requested, typed in English.
func gridBudget(n int) url.Values {
	f := url.Values{"budget_rows": {fmt.Sprint(n)}}
	for i := range n {
		p := fmt.Sprintf("budget_%d_", i)
		f.Set(p+"heading", "1")
		f.Set(p+"description", fmt.Sprintf("Line %d item", i+1))
		f.Set(p+"unit", "month")
		f.Set(p+"units", "12")
		f.Set(p+"unit_rate", "100")
		f.Set(p+"requested", "1080")
		f.Set(p+"cofinancing", "120")
	}
	return f
}

// A 40-line budget is entered on one screen: a bad cell gets its error in
// the cell and in the summary, both naming the line, with every typed
// value kept and nothing saved; corrected, it saves and the page shows the
// line, heading and action totals and the caps from the donor's
// percentages. Removing and adding a line work without JavaScript.
func TestBudgetGridFortyLines(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		a := webtest.ApplicantA
		app := ae.applyByPage(t, a)
		id := mustID(t, strings.TrimPrefix(app, "/applications/"))

		bad := gridBudget(40)
		bad.Set("budget_16_units", "twelve")
		rec := ae.Post(a, app+"/edit/budget", bad)
		body := rec.Body.String()
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("a bad cell: %d, want 422", rec.Code)
		}
		for _, want := range []string{`id="f-budget-16-units-error"`, `aria-describedby="f-budget-16-units-error" aria-invalid="true"`,
			"Line 17: ", `href="#f-budget-16-units">Number of units, line 17: `, `value="twelve"`, `value="Line 1 item"`, `value="Line 40 item"`,
			`aria-label="Number of units, line 40"`, `aria-label="Remove line 40"`} {
			if !strings.Contains(body, want) {
				t.Errorf("422 page lacks %q", want)
			}
		}
		if n := strings.Count(body, "data-line>"); n != 40 {
			t.Errorf("422 page shows %d lines, want 40", n)
		}
		var saved int
		if err := db.Get(t.Context(), d, &saved, `SELECT COUNT(*) FROM application_budget_lines WHERE application_id = ?`, id); err != nil || saved != 0 {
			t.Fatalf("a refused budget saved %d lines (%v)", saved, err)
		}

		if loc := ae.postPage(t, a, app+"/edit/budget", gridBudget(40)); loc != app+"/edit/budget" {
			t.Fatalf("corrected budget went to %q", loc)
		}
		page := ae.Get(a, app+"/edit/budget").Body.String()
		if n := strings.Count(page, "data-line>"); n != 40 {
			t.Errorf("saved page shows %d lines, want 40", n)
		}
		for _, want := range []string{"Budget lines: 40", "€1,200.00", "€48,000.00", "€43,200.00", "€4,800.00",
			"Totals per heading", "may be at most 7% of direct costs: €3,360.00", "may be at most 5% of direct costs: €2,400.00"} {
			if !strings.Contains(page, want) {
				t.Errorf("saved page lacks %q", want)
			}
		}
		if err := db.Get(t.Context(), d, &saved, `SELECT COUNT(*) FROM application_budget_lines WHERE application_id = ?`, id); err != nil || saved != 40 {
			t.Errorf("saved %d lines (%v), want 40", saved, err)
		}

		rm := gridBudget(40)
		rm.Set("remove", "5")
		rec = ae.Post(a, app+"/edit/budget", rm)
		body = rec.Body.String()
		if rec.Code != http.StatusOK || strings.Count(body, "data-line>") != 39 {
			t.Fatalf("remove line 6: %d, %d lines, want 200 and 39", rec.Code, strings.Count(body, "data-line>"))
		}
		if strings.Contains(body, `value="Line 6 item"`) || !strings.Contains(body, `id="f-budget-5-description" name="budget_5_description" type="text" value="Line 7 item"`) {
			t.Error("line 6 not removed, or the lines after it not moved up")
		}
		add := gridBudget(40)
		add.Set("add", "budget")
		if body := ae.Post(a, app+"/edit/budget", add).Body.String(); strings.Count(body, "data-line>") != 41 {
			t.Errorf("add a line: %d lines, want 41", strings.Count(body, "data-line>"))
		}
		if err := db.Get(t.Context(), d, &saved, `SELECT COUNT(*) FROM application_budget_lines WHERE application_id = ?`, id); err != nil || saved != 40 {
			t.Errorf("remove and add saved something: %d lines (%v), want 40", saved, err)
		}
	})
}
