package browser

import (
	"context"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/reporting"
	"github.com/subgrant/portal/internal/web/webtest"
)

// seedReport makes a signed 12-month grant of organisation A, funded by
// the donor officer's organisation, with its final report; submitted
// makes that report submitted with one cost, for the officer's review.
func seedReport(t *testing.T, h *harness, ref string, submitted bool) int64 {
	t.Helper()
	ctx := context.Background()
	e := h.env
	d := e.DB
	f := apptest.Call(t, d, apptest.Spec{Reference: ref})
	ids, err := e.Store.OrgIDsOf(ctx, e.Users[webtest.DonorOfficer].ID)
	if err != nil || len(ids) == 0 {
		t.Fatalf("donor org: %v", err)
	}
	e.Exec(`UPDATE programmes SET donor_org_id = ? WHERE id = ?`, ids[0], f.Call.ProgrammeID)
	now := db.Now()
	app, err := db.InsertID(ctx, d, `INSERT INTO applications (call_id, lot_id, org_id, stage, status, title, currency,
		logframe, created_at, updated_at) VALUES (?, ?, ?, 'full', 'awarded', 'T', 'EUR', ?, ?, ?) RETURNING id`,
		f.Call.ID, f.Lots[0].ID, e.OrgA.ID, `{"objectives":["O"],"indicators":[{"result":"R1","indicator":"Families served in the day-care centre","target":"40"}]}`, now, now)
	if err != nil {
		t.Fatal(err)
	}
	e.Exec(`INSERT INTO application_target_groups (application_id, target_group, beneficiaries) VALUES (?, 'elderly', 40)`, app)
	e.Exec(`INSERT INTO application_budget_lines (application_id, position, heading, description, unit, units_x100,
		unit_rate_minor, total_minor, requested_minor, cofinancing_minor) VALUES (?, 1, '1', 'Coordinator of the day-care centre', 'm', 100, 1000000, 1000000, 1000000, 0)`, app)
	gid, err := db.InsertID(ctx, d, `INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number,
		currency, amount_minor, paid_minor, donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'EUR', 1000000, 800000, 8000, '2026-01-01', '2026-12-31', 'prefinancing_balance', 'signed', 'sq', ?, ?)
		RETURNING id`, app, f.Call.ProgrammeID, f.Call.ID, e.OrgA.ID, "G-"+ref, now, now)
	if err != nil {
		t.Fatal(err)
	}
	profiles, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	st := reporting.NewStore(d, profiles)
	if err := d.Tx(ctx, func(tx *sqlx.Tx) error { return st.CreateCalendar(ctx, tx, gid) }); err != nil {
		t.Fatal(err)
	}
	var rid int64
	if err := db.Get(ctx, d, &rid, `SELECT id FROM grantee_reports WHERE grant_id = ?`, gid); err != nil {
		t.Fatal(err)
	}
	if submitted {
		e.Exec(`INSERT INTO expenditures (report_id, line_position, heading, spent_on, supplier, description, amount_minor,
			document_ref, eligible, created_at) VALUES (?, 1, '1', '2026-05-01', 'Supplier of the centre', 'Salary of May', 950000, 'PAY-05', ?, ?)`,
			rid, true, now)
		e.Exec(`UPDATE grantee_reports SET status = 'submitted' WHERE id = ?`, rid)
	}
	return rid
}

// The reports list and the report page pass axe in every language, do not
// scroll sideways at 390 px, and the refused submission (an unexplained
// variance) is announced at the explanation's field.
func TestAccessibilityGranteeReports(t *testing.T) {
	h := newAxeHarness(t)
	draft := "/grantee-reports/" + itoa(seedReport(t, h, "RPT-1", false))
	review := "/grantee-reports/" + itoa(seedReport(t, h, "RPT-2", true))
	for _, c := range []struct {
		p     webtest.Principal
		lang  i18n.Lang
		pages []string
	}{
		{webtest.ApplicantA, i18n.SQ, []string{"/grantee-reports", draft}},
		{webtest.ProgramOfficer, i18n.EN, []string{"/grantee-reports", review}},
		{webtest.DonorOfficer, i18n.SR, []string{"/grantee-reports", review}},
	} {
		t.Run(string(c.p)+"/"+string(c.lang), func(t *testing.T) {
			b := h.tab(t)
			b.signIn(c.p, c.lang)
			b.checkPages(c.lang, c.pages...)
			for _, p := range c.pages {
				b.checkNarrow(p)
			}
			if c.p == webtest.ApplicantA {
				b.refuse(c.lang, draft, `main form[action$="/submit"] button[type="submit"]`, map[string]string{}, "f-explain-1")
				b.refuse(c.lang, draft, `main form[action$="/expenditures"] button[type="submit"]`,
					map[string]string{"amount": "12,345", "supplier": "Kept"}, "f-amount", "f-spent-on")
			}
			if c.p == webtest.ProgramOfficer {
				b.refuse(c.lang, review, `main form[action$="/request-changes"] button[type="submit"]`, map[string]string{}, "f-reason")
			}
		})
	}
}

// The recovery orders' list and page pass axe in every language and do
// not scroll sideways at 390 px; finance's refused repayment (a partial
// amount) is announced at the amount's field.
func TestAccessibilityRecoveryOrders(t *testing.T) {
	h := newAxeHarness(t)
	rid := seedReport(t, h, "RPT-REC", true)
	h.env.Exec(`UPDATE grantee_reports SET status = 'approved' WHERE id = ?`, rid)
	var gid int64
	if err := db.Get(context.Background(), h.env.DB, &gid, `SELECT grant_id FROM grantee_reports WHERE id = ?`, rid); err != nil {
		t.Fatal(err)
	}
	oid, err := db.InsertID(context.Background(), h.env.DB, `INSERT INTO recovery_orders (grant_id, report_id, currency, amount_minor,
		reason, status, created_at) VALUES (?, ?, 'EUR', 40000, 'final_settlement', 'open', ?) RETURNING id`, gid, rid, db.Now())
	if err != nil {
		t.Fatal(err)
	}
	page := "/recovery-orders/" + itoa(oid)
	for _, c := range []struct {
		p    webtest.Principal
		lang i18n.Lang
	}{{webtest.FinanceOfficer, i18n.SQ}, {webtest.ProgramOfficer, i18n.EN}, {webtest.ApplicantA, i18n.SR}} {
		t.Run(string(c.p)+"/"+string(c.lang), func(t *testing.T) {
			b := h.tab(t)
			b.signIn(c.p, c.lang)
			b.checkPages(c.lang, "/recovery-orders", page)
			b.checkNarrow("/recovery-orders")
			b.checkNarrow(page)
			if c.p == webtest.FinanceOfficer {
				b.refuse(c.lang, page, `main form[action$="/recover"] button[type="submit"]`,
					map[string]string{"amount": "100,00", "bank_reference": "RET-1"}, "f-amount")
			}
		})
	}
}
