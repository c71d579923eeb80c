package web_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The exhaustive (state × action × role) table through the API: the route
// refuses roles without the action (403), the workflow refuses steps out
// of order (409), four eyes refuses the verifier's approval (403).
func TestPaymentWorkflowStateActionRole(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		pe := newPayEnv(t, d)
		verifier := pe.Users[webtest.FinanceOfficer].ID
		states := []string{"requested", "verified", "approved", "paid", "changes_requested", "rejected"}
		open := map[string]bool{"requested": true, "verified": true, "approved": true}
		today := time.Now().UTC().Format("2006-01-02")
		actions := []struct {
			name, body string
			roles      []webtest.Principal // may take the action at all
			from       func(st string) bool
		}{
			{"verify", `{}`, []webtest.Principal{webtest.Admin, webtest.FinanceOfficer}, func(st string) bool { return st == "requested" }},
			{"approve", `{}`, []webtest.Principal{webtest.Admin, webtest.FinanceOfficer, webtest.ProgramOfficer}, func(st string) bool { return st == "verified" }},
			{"pay", fmt.Sprintf(`{"paid_on":"%s","bank_reference":"R","amount_minor":100}`, today), []webtest.Principal{webtest.Admin, webtest.FinanceOfficer},
				func(st string) bool { return st == "approved" }},
			{"reject", `{"reason":"no"}`, []webtest.Principal{webtest.Admin, webtest.FinanceOfficer, webtest.ProgramOfficer}, func(st string) bool { return open[st] }},
			{"request-changes", `{"reason":"fix"}`, []webtest.Principal{webtest.Admin, webtest.FinanceOfficer, webtest.ProgramOfficer}, func(st string) bool { return open[st] }},
		}
		cells := 0
		for _, st := range states {
			for _, a := range actions {
				for _, p := range webtest.Principals {
					var vb any
					if st != "requested" {
						vb = verifier
					}
					id := pe.insert(`INSERT INTO payment_requests (grant_id, amount_minor, currency, status, idempotency_key,
						requested_by, requested_at, verified_by) VALUES (?, 100, 'EUR', ?, ?, ?, ?, ?) RETURNING id`,
						pe.grantA, st, fmt.Sprintf("%s-%s-%s", st, a.name, p), pe.Users[webtest.ApplicantA].ID, db.Now(), vb)
					want := 403
					switch {
					case p == webtest.Anon:
						want = 401
					case !contains(a.roles, p):
					case !a.from(st):
						want = 409
					case a.name == "approve" && p == webtest.FinanceOfficer:
						want = 403 // four eyes: it verified the request
					default:
						want = 200
					}
					code, body := pe.post(p, fmt.Sprintf("/api/v1/payment-requests/%d/%s", id, a.name), a.body)
					if code != want {
						t.Errorf("%s on %s as %s: %d, want %d (%s)", a.name, st, p, code, want, body)
					}
					cells++
				}
			}
		}
		if cells != len(states)*len(actions)*len(webtest.Principals) {
			t.Fatalf("%d cells", cells)
		}
	})
}

func contains(ps []webtest.Principal, p webtest.Principal) bool {
	for _, x := range ps {
		if x == p {
			return true
		}
	}
	return false
}
