package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/web/webtest"
)

// payEnv is a portal with one signed grant for organisation A and one for
// B (its contract number carries the canary), each with a due tranche.
type payEnv struct {
	*webtest.Env
	fx             apptest.Fixture
	grantA, grantB int64
	trA, trB       int64
}

func newPayEnv(t *testing.T, d *db.DB) *payEnv {
	t.Helper()
	pe := &payEnv{Env: webtest.New(t, d)}
	pe.fx = apptest.Call(t, d, apptest.Spec{})
	pe.grantA, pe.trA = pe.grant(pe.OrgA.ID, "GA-A-1")
	pe.grantB, pe.trB = pe.grant(pe.OrgB.ID, "GA-B-"+webtest.Canary)
	return pe
}

func (pe *payEnv) insert(q string, args ...any) int64 {
	pe.T.Helper()
	id, err := db.InsertID(context.Background(), pe.DB, q, args...)
	if err != nil {
		pe.T.Fatalf("%s: %v", q, err)
	}
	return id
}

// grant is a signed 10,000.00 EUR grant of org with a 8,000.00 due
// pre-financing and a planned balance needing the final report.
func (pe *payEnv) grant(org int64, contract string) (int64, int64) {
	pe.T.Helper()
	now := db.Now()
	app := pe.insert(`INSERT INTO applications (call_id, lot_id, org_id, stage, status, currency, created_at, updated_at)
		VALUES (?, ?, ?, 'full', 'awarded', 'EUR', ?, ?) RETURNING id`, pe.fx.Call.ID, pe.fx.Lots[0].ID, org, now, now)
	g := pe.insert(`INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number, currency, amount_minor,
		donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, iban, bank_name, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'EUR', 1000000, 9000, '2026-01-01', '2026-12-31', 'prefinancing_balance', 'signed', 'en',
		'XK051212012345678906', 'Banka', ?, ?) RETURNING id`, app, pe.fx.Call.ProgrammeID, pe.fx.Call.ID, org, contract, now, now)
	tr := pe.insert(`INSERT INTO grant_tranches (grant_id, position, kind, amount_minor, due_on, requires, status)
		VALUES (?, 1, 'prefinancing', 800000, '2026-02-01', 'signature', 'due') RETURNING id`, g)
	pe.insert(`INSERT INTO grant_tranches (grant_id, position, kind, amount_minor, due_on, requires, status)
		VALUES (?, 2, 'balance', 200000, '2027-03-31', 'final_report', 'planned') RETURNING id`, g)
	return g, tr
}

// request sends applicant p's API request for the grant's due tranche.
func (pe *payEnv) request(p webtest.Principal, grant int64, amount int64, key string) (int, int64) {
	pe.T.Helper()
	rec := pe.Do(p, webtest.Request{Method: "POST", Path: fmt.Sprintf("/api/v1/grants/%d/payment-requests", grant),
		JSON: fmt.Sprintf(`{"amount_minor": %d, "currency": "EUR"}`, amount), Header: map[string]string{"Idempotency-Key": key}})
	var out struct {
		ID int64 `json:"id"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out.ID
}

func (pe *payEnv) post(p webtest.Principal, path, body string) (int, string) {
	pe.T.Helper()
	rec := pe.Do(p, webtest.Request{Method: "POST", Path: path, JSON: body})
	return rec.Code, rec.Body.String()
}
