package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// An error on a whole group of fields (here the budget over the call's
// maximum grant) describes its fieldset, so a screen reader entering the
// group hears it.
func TestGroupErrorDescribesFieldset(t *testing.T) {
	ae := newAppEnv(t, dbtest.SQLite(t), apptest.Spec{})
	a := webtest.ApplicantA
	app := ae.applyByPage(t, a)
	rec := ae.Post(a, app+"/edit/budget", budgetForm("7000", "6300", "700")) // budget rows of 12,000 + 7,000 indirect: over 7 %
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("refused budget: %d", rec.Code)
	}
	big := budgetForm("0", "0", "0")
	big.Set("budget_0_units", "100")
	big.Set("budget_0_requested", "90000")
	big.Set("budget_0_cofinancing", "10000")
	rec = ae.Post(a, app+"/edit/budget", big) // 100,000 requested 90,000: over the maximum grant of 60,000
	body := rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("budget over the maximum grant: %d", rec.Code)
	}
	if !strings.Contains(body, `id="f-budget-error"`) || !strings.Contains(body, `aria-describedby="f-budget-error"`) {
		t.Errorf("the budget fieldset is not described by its error:\n%s", body)
	}
}
