// Package dashtest seeds a small world for the dashboards' tests: one call
// with applications of two organisations at every step, two assignments of
// one evaluator (one late), grants of both organisations with tranches, a
// payment request, an overdue report, an amendment and e-mails sent and
// failed. Organisation B's rows carry a canary in their text.
package dashtest

import (
	"context"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/review/scoretest"
)

// Who are the existing rows the fixture builds on.
type Who struct {
	OrgA, OrgB int64 // the applicant organisations
	Evaluator  int64 // the evaluator assigned A's eligible applications
	DonorOrg   int64 // made the donor of the call's programme (0: the fixture's own)
	Canary     string
}

// Fixture names the rows the tests follow.
type Fixture struct {
	CallID, ProgrammeID        int64
	GrantA, GrantB             int64
	ReportA                    int64
	InfoApp                    int64 // A's application with an open request for information
	LateAssignment, NewAssignm int64 // declared and past due; not declared, due later
}

// Seed builds the fixture on d at now.
func Seed(t testing.TB, d *db.DB, w Who, now time.Time) Fixture {
	t.Helper()
	ctx := context.Background()
	ins := func(q string, args ...any) int64 {
		t.Helper()
		id, err := db.InsertID(ctx, d, q, args...)
		if err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
		return id
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(ctx, d, q, args...); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	fx := apptest.Call(t, d, apptest.Spec{Reference: "DASH-1"})
	f := Fixture{CallID: fx.Call.ID, ProgrammeID: fx.Call.ProgrammeID}
	if w.DonorOrg != 0 {
		exec(`UPDATE programmes SET donor_org_id = ? WHERE id = ?`, w.DonorOrg, f.ProgrammeID)
	}
	lot := fx.Lots[0].ID
	app := func(org int64, status, title string) int64 {
		return scoretest.App(t, d, f.CallID, lot, org, "full", status, title)
	}
	app(w.OrgA, "draft", "Draft of A")
	app(w.OrgA, "submitted", "Submitted of A")
	f.InfoApp = app(w.OrgA, "info_requested", "Asked of A")
	ins(`INSERT INTO info_requests (application_id, due_at, asked_at) VALUES (?, ?, ?) RETURNING id`,
		f.InfoApp, now.Add(14*24*time.Hour), now)
	late := app(w.OrgA, "eligible", "Eligible late of A")
	fresh := app(w.OrgA, "eligible", "Eligible new of A")
	app(w.OrgB, "eligible", "Eligible of B "+w.Canary)
	app(w.OrgB, "submitted", "Submitted of B "+w.Canary)
	f.LateAssignment = scoretest.Assign(t, d, late, w.Evaluator, false, true)
	f.NewAssignm = scoretest.Assign(t, d, fresh, w.Evaluator, false, false)
	exec(`UPDATE review_assignments SET due_at = ? WHERE id = ?`, now.Add(-48*time.Hour), f.LateAssignment)
	exec(`UPDATE review_assignments SET due_at = ? WHERE id = ?`, now.Add(72*time.Hour), f.NewAssignm)

	// The committee's approved session awards the two granted applications.
	session := ins(`INSERT INTO committee_sessions (call_id, stage, held_on, status, created_at, approved_at)
		VALUES (?, 'full', ?, 'approved', ?, ?) RETURNING id`, f.CallID, now.Format("2006-01-02"), now, now)
	rank := int64(0)
	grant := func(org int64, contract, municipality, group string, beneficiaries int64) int64 {
		a := app(org, "awarded", "Awarded "+contract)
		rank++
		ins(`INSERT INTO award_decisions (session_id, application_id, lot_id, org_id, rank, final_x100, fundable, decision, currency,
			requested_minor, amount_minor) VALUES (?, ?, ?, ?, ?, 8000, ?, 'award', 'EUR', 1000000, 1000000) RETURNING id`,
			session, a, lot, org, rank, true)
		exec(`INSERT INTO application_municipalities (application_id, municipality) VALUES (?, ?)`, a, municipality)
		exec(`INSERT INTO application_target_groups (application_id, target_group, beneficiaries) VALUES (?, ?, ?)`, a, group, beneficiaries)
		g := ins(`INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number, currency, amount_minor, paid_minor,
			donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, iban, bank_name, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 'EUR', 1000000, 250000, 9000, '2026-01-01', '2026-12-31', 'prefinancing_balance', 'active', 'en',
			'XK051212012345678906', 'Banka', ?, ?) RETURNING id`, a, f.ProgrammeID, f.CallID, org, contract, now, now)
		ins(`INSERT INTO grant_tranches (grant_id, position, kind, amount_minor, due_on, requires, status)
			VALUES (?, 1, 'prefinancing', 250000, '2026-02-01', 'signature', 'paid') RETURNING id`, g)
		ins(`INSERT INTO grant_tranches (grant_id, position, kind, amount_minor, due_on, requires, status)
			VALUES (?, 2, 'interim', 550000, ?, 'report', 'due') RETURNING id`, g, now.AddDate(0, 0, 20).Format("2006-01-02"))
		ins(`INSERT INTO grant_tranches (grant_id, position, kind, amount_minor, due_on, requires, status)
			VALUES (?, 3, 'balance', 200000, '2027-03-31', 'final_report', 'planned') RETURNING id`, g)
		return g
	}
	f.GrantA = grant(w.OrgA, "GA-DASH-A", "XK-PRISHTINE", "elderly", 40)
	f.GrantB = grant(w.OrgB, "GA-DASH-B-"+w.Canary, "XK-PEJE", "elderly", 60)
	// A's interim report is overdue; its earlier report, submitted, counts 25 people reached.
	f.ReportA = ins(`INSERT INTO grantee_reports (grant_id, kind, position, period_start, period_end, due_on, status, created_at, updated_at)
		VALUES (?, 'interim', 2, '2026-04-01', '2026-06-30', ?, 'due', ?, ?) RETURNING id`, f.GrantA, now.AddDate(0, 0, -5).Format("2006-01-02"), now, now)
	done := ins(`INSERT INTO grantee_reports (grant_id, kind, position, period_start, period_end, due_on, status, submitted_at, created_at, updated_at)
		VALUES (?, 'interim', 1, '2026-01-01', '2026-03-31', '2026-04-15', 'approved', ?, ?, ?) RETURNING id`, f.GrantA, now, now, now)
	exec(`INSERT INTO report_beneficiaries (report_id, target_group, gender, age_band, disability, count) VALUES (?, 'elderly', 'f', '65+', ?, 25)`, done, false)
	ins(`INSERT INTO expenditures (report_id, line_position, heading, spent_on, supplier, description, amount_minor, document_ref, eligible, created_at)
		VALUES (?, 1, 'Staff', '2026-02-10', 'Supplier', 'Salaries', 120000, 'INV-1', ?, ?) RETURNING id`, done, true, now)
	ins(`INSERT INTO payment_requests (grant_id, amount_minor, currency, status, idempotency_key, requested_at)
		VALUES (?, 550000, 'EUR', 'requested', 'dash-1', ?) RETURNING id`, f.GrantA, now.Add(-24*time.Hour))
	ins(`INSERT INTO payment_requests (grant_id, amount_minor, currency, status, idempotency_key, requested_at)
		VALUES (?, 550000, 'EUR', 'verified', 'dash-2', ?) RETURNING id`, f.GrantB, now.AddDate(0, 0, -40))
	ins(`INSERT INTO grant_amendments (grant_id, kind, status, before_value, after_value, requested_at)
		VALUES (?, 'period', 'requested', '2026-12-31', '2027-03-31', ?) RETURNING id`, f.GrantA, now)
	ins(`INSERT INTO outbox (to_addr, subject, body, created_at, sent_at) VALUES ('a@x.example', 's', 'b', ?, ?) RETURNING id`, now, now)
	ins(`INSERT INTO outbox (to_addr, subject, body, created_at, attempts, last_error) VALUES ('b@x.example', 's', 'b', ?, 10, 'refused') RETURNING id`, now)
	return f
}
