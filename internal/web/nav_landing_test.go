package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// landing is one POST action and where the user should land after it.
type landing struct {
	name string
	as   webtest.Principal
	path string
	form url.Values
	want string
}

// land posts each action in order and checks its 303 and Location: after
// each action the user lands where the next step is (README, Navigation).
func land(t *testing.T, e *webtest.Env, cases []landing) {
	t.Helper()
	for _, c := range cases {
		rec := e.Post(c.as, c.path, c.form)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != c.want {
			t.Errorf("%s: POST %s as %s: %d to %q, want 303 to %q (%s)", c.name, c.path, c.as, rec.Code,
				rec.Header().Get("Location"), c.want, firstLine(rec.Body.String()))
		}
	}
}

func firstLine(s string) string {
	if len(s) > 200 {
		return s[:200]
	}
	return s
}

var pointResult = regexp.MustCompile(`name="(points\[[^\]]+\]\.result)"`)

var amountValue = regexp.MustCompile(`name="amount"[^>]*value="([^"]*)"`)

func TestActionsLandWhereTheNextStepIs(t *testing.T) {
	t.Run("applications", func(t *testing.T) {
		dbtest.Each(t, func(t *testing.T, d *db.DB) {
			ae := newAppEnv(t, d, apptest.Spec{})
			draft := itoa(ae.draftFor(t, webtest.ApplicantA, validBody(t)))
			first := ae.submittedFor(t, webtest.ApplicantA, validBody(t))
			second := ae.submittedFor(t, webtest.ApplicantB, validBody(t))
			eligible := url.Values{"action": {"eligible"}}
			for _, m := range pointResult.FindAllStringSubmatch(ae.Get(webtest.ProgramOfficer, "/applications/"+first+"/screening").Body.String(), -1) {
				eligible.Set(m[1], "passed")
			}
			calls := "/calls/" + itoa(ae.fx.Call.ID) + "/applications"
			land(t, ae.Env, []landing{
				{"submit application", webtest.ApplicantA, "/applications/" + draft + "/submit", url.Values{}, "/applications/" + draft + "/receipt"},
			})
			// The longest waiting is screened next: first, second, then draft.
			for i, id := range []string{first, second, draft} {
				ae.Exec(`UPDATE applications SET submitted_at = ? WHERE id = ?`, fmt.Sprintf("2026-01-0%d 10:00:00", i+1), id)
			}
			land(t, ae.Env, []landing{
				{"screening saved, not decided", webtest.ProgramOfficer, "/applications/" + first + "/screening",
					url.Values{"points[documents].result": {"passed"}}, "/applications/" + first + "/screening"},
				{"screening decision, more to screen", webtest.ProgramOfficer, "/applications/" + first + "/screening", eligible,
					"/applications/" + second + "/screening"},
				{"screening decision", webtest.ProgramOfficer, "/applications/" + second + "/screening", eligible,
					"/applications/" + draft + "/screening"},
				{"screening decision, the last one", webtest.ProgramOfficer, "/applications/" + draft + "/screening", eligible, calls},
			})
		})
	})
	t.Run("scores", func(t *testing.T) {
		dbtest.Each(t, func(t *testing.T, d *db.DB) {
			se := newScoreEnv(t, d)
			path := "/assignments/" + itoa(se.asg) + "/review"
			land(t, se.Env, []landing{
				{"score draft", webtest.Evaluator1, path, url.Values(scoreForm("draft", "4", "", "", "")), path},
				{"score submit", webtest.Evaluator1, path, url.Values(scoreForm("submit", "4", "5", "3", "3")), "/reviews"},
			})
		})
	})
	t.Run("payments", func(t *testing.T) {
		dbtest.Each(t, func(t *testing.T, d *db.DB) {
			pe := newPayEnv(t, d)
			id := pe.insert(`INSERT INTO payment_requests (grant_id, tranche_id, amount_minor, currency, status, idempotency_key,
				requested_by, requested_at) VALUES (?, ?, 800000, 'EUR', 'requested', 'landing', ?, ?) RETURNING id`,
				pe.grantA, pe.trA, pe.Users[webtest.ApplicantA].ID, db.Now())
			req := fmt.Sprintf("/payments/%d", id)
			land(t, pe.Env, []landing{
				{"verify", webtest.FinanceOfficer, req + "/verify", url.Values{}, "/payments"},
				{"approve", webtest.ProgramOfficer, req + "/approve", url.Values{}, "/payments"},
			})
			m := amountValue.FindStringSubmatch(pe.Get(webtest.FinanceOfficer, req).Body.String())
			if m == nil {
				t.Fatal("the approved request shows no amount to pay")
			}
			land(t, pe.Env, []landing{
				{"pay", webtest.FinanceOfficer, req + "/pay", url.Values{"paid_on": {"2026-02-02"}, "bank_reference": {"BR-1"},
					"amount": {m[1]}}, "/payments"},
			})
		})
	})
}
