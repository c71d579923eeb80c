package browser

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The payment pages pass axe, show their refusals next to the fields and
// do not scroll sideways at 390 px: finance's queue, a request, the rates;
// the grantee's request form.
func TestAccessibilityPayments(t *testing.T) {
	h := newAxeHarness(t)
	d, ctx := h.env.DB, context.Background()
	fx := apptest.Call(t, d, apptest.Spec{})
	ins := func(q string, args ...any) int64 {
		id, err := db.InsertID(ctx, d, q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	now := db.Now()
	app := ins(`INSERT INTO applications (call_id, lot_id, org_id, stage, status, currency, created_at, updated_at)
		VALUES (?, ?, ?, 'full', 'awarded', 'EUR', ?, ?) RETURNING id`, fx.Call.ID, fx.Lots[0].ID, h.env.OrgA.ID, now, now)
	g := ins(`INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number, currency, amount_minor,
		donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, iban, bank_name, created_at, updated_at)
		VALUES (?, ?, ?, ?, 'GA-2026-0001-LONG-CONTRACT-NUMBER', 'EUR', 1000000, 9000, '2026-01-01', '2026-12-31',
		'prefinancing_balance', 'signed', 'sq', 'XK051212012345678906', 'Banka Ekonomike', ?, ?) RETURNING id`,
		app, fx.Call.ProgrammeID, fx.Call.ID, h.env.OrgA.ID, now, now)
	tr := ins(`INSERT INTO grant_tranches (grant_id, position, kind, amount_minor, due_on, requires, status)
		VALUES (?, 1, 'prefinancing', 800000, '2026-02-01', 'signature', 'requested') RETURNING id`, g)
	ins(`INSERT INTO grant_tranches (grant_id, position, kind, amount_minor, due_on, requires, status)
		VALUES (?, 2, 'balance', 200000, '2027-03-31', 'final_report', 'due') RETURNING id`, g)
	req := ins(`INSERT INTO payment_requests (grant_id, tranche_id, amount_minor, currency, status, idempotency_key,
		requested_by, requested_at) VALUES (?, ?, 800000, 'EUR', 'approved', 'k', ?, ?) RETURNING id`,
		g, tr, h.env.Users[webtest.ApplicantA].ID, now)
	show := "/payments/" + itoa(req)
	form := "/grants/" + itoa(g) + "/payment-requests/new"

	t.Run("finance", func(t *testing.T) {
		t.Parallel()
		b := h.tab(t)
		b.signIn(webtest.FinanceOfficer, i18n.SQ)
		b.checkPages(i18n.SQ, "/payments", show, "/finance/rates")
		for _, p := range []string{"/payments", show, "/finance/rates"} {
			b.checkNarrow(p)
		}
		b.refuse(i18n.SQ, show, `form[action$="/pay"] button`, map[string]string{"bank_reference": "", "amount": "12abc"}, "f-amount")
		b.refuse(i18n.SQ, "/finance/rates", submitButton, map[string]string{"rate": "0"}, "f-rate")
	})
	t.Run("grantee", func(t *testing.T) {
		t.Parallel()
		b := h.tab(t)
		b.signIn(webtest.ApplicantA, i18n.SQ)
		b.checkPages(i18n.SQ, form, show, "/payments")
		b.checkNarrow(form)
		b.checkNarrow(show)
		b.refuse(i18n.SQ, "/grants/"+itoa(g)+"/payment-requests/new", submitButton, map[string]string{"amount": "1.000,555"}, "f-amount")
	})
}
