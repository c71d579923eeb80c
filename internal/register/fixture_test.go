package register

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db"
)

// The fixture writes the rows of the earlier stages directly with SQL: a
// programme with a call, organisations with profiles, applications, award
// decisions of committee sessions and agreements in every state.

var seq atomic.Int64

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func insert(t testing.TB, d *db.DB, q string, args ...any) int64 {
	t.Helper()
	id, err := db.InsertID(context.Background(), d, q+" RETURNING id", args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return id
}

func exec(t testing.TB, d *db.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(context.Background(), d, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

type fix struct {
	d        *db.DB
	donor    int64
	prog     int64
	call     int64
	lot      int64
	approved int64 // a committee session whose decisions are approved
	pending  int64 // a session still in draft
}

// newFix adds a programme of donor (a new donor organisation when 0) in
// currency with its call and two committee sessions.
func newFix(t testing.TB, d *db.DB, donor int64, title, currency string) *fix {
	f := &fix{d: d, donor: donor}
	if f.donor == 0 {
		f.donor = insert(t, d, `INSERT INTO organisations (name, kind, created_at) VALUES (?, 'donor', ?)`, "Donor "+title, t0)
	}
	f.prog = insert(t, d, `INSERT INTO programmes (title, donor_org_id, donor_profile, currency, subgrant_budget_minor,
		third_party_cap_minor, starts_on, ends_on, created_at, updated_at) VALUES (?, ?, 'eu', ?, 1000000000, 6000000,
		'2026-01-01', '2029-12-31', ?, ?)`, title, f.donor, currency, t0, t0)
	f.call = insert(t, d, `INSERT INTO calls (programme_id, reference, title_sq, time_zone, created_at, updated_at)
		VALUES (?, ?, 'Thirrja', 'Europe/Belgrade', ?, ?)`, f.prog, fmt.Sprintf("R%d", seq.Add(1)), t0, t0)
	f.lot = insert(t, d, `INSERT INTO call_lots (call_id, position, name, budget_minor) VALUES (?, 1, 'Lot', 100000000)`, f.call)
	f.approved = insert(t, d, `INSERT INTO committee_sessions (call_id, stage, held_on, status, created_at, approved_at)
		VALUES (?, 'full', '2026-02-20', 'approved', ?, ?)`, f.call, t0, t0)
	f.pending = insert(t, d, `INSERT INTO committee_sessions (call_id, stage, held_on, status, created_at)
		VALUES (?, 'full', '2026-02-21', 'draft', ?)`, f.call, t0)
	return f
}

// org adds an NGO seated in municipality, verified or not.
func org(t testing.TB, d *db.DB, name, municipality string, verified bool) int64 {
	id := insert(t, d, `INSERT INTO organisations (name, kind, created_at) VALUES (?, 'ngo', ?)`, name, t0)
	var at any
	if verified {
		at = t0
	}
	exec(t, d, `INSERT INTO organisation_profiles (org_id, municipality, rep_name, iban, verified_at, updated_at)
		VALUES (?, ?, 'Arta Person', 'XK051212012345678906', ?, ?)`, id, municipality, at, t0)
	return id
}

// grantSpec is one application and what became of it.
type grantSpec struct {
	org         int64
	title       string
	appStatus   string // the application's status
	decision    string // the award decision ("" for none)
	session     int64  // the decision's session (0: the approved one)
	grantStatus string // the agreement's status ("" for no agreement)
	amount      int64
	signedAt    time.Time
}

// add writes s and returns the agreement's contract number ("" without one).
func (f *fix) add(t testing.TB, s grantSpec) string {
	n := seq.Add(1)
	app := insert(t, f.d, `INSERT INTO applications (call_id, lot_id, org_id, stage, status, reference, title, currency,
		requested_minor, created_at, updated_at) VALUES (?, ?, ?, 'full', ?, ?, ?, 'EUR', ?, ?, ?)`,
		f.call, f.lot, s.org, s.appStatus, fmt.Sprintf("A%d", n), s.title, s.amount, t0, t0)
	if s.session == 0 {
		s.session = f.approved
	}
	if s.decision != "" {
		exec(t, f.d, `INSERT INTO award_decisions (session_id, application_id, lot_id, org_id, rank, final_x100, fundable, decision,
			currency, requested_minor, amount_minor) VALUES (?, ?, ?, ?, 1, 8000, TRUE, ?, 'EUR', ?, ?)`,
			s.session, app, f.lot, s.org, s.decision, s.amount, s.amount)
	}
	if s.grantStatus == "" {
		return ""
	}
	contract := fmt.Sprintf("G-%04d", n)
	var signed any
	if s.grantStatus != "draft" {
		signed = s.signedAt
		if s.signedAt.IsZero() {
			signed = t0
		}
	}
	var currency string
	if err := db.Get(context.Background(), f.d, &currency, `SELECT currency FROM programmes WHERE id = ?`, f.prog); err != nil {
		t.Fatal(err)
	}
	exec(t, f.d, `INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number, currency, amount_minor,
		donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, signed_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 9000, '2026-04-01', '2027-03-31', 'prefinancing_balance', ?, 'sq', ?, ?, ?)`,
		app, f.prog, f.call, s.org, contract, currency, s.amount, s.grantStatus, signed, t0, t0)
	return contract
}

// published adds an awarded application with its signed agreement.
func (f *fix) published(t testing.TB, orgID int64, title string, amount int64, signedAt time.Time) string {
	return f.add(t, grantSpec{org: orgID, title: title, appStatus: "awarded", decision: "award",
		grantStatus: "signed", amount: amount, signedAt: signedAt})
}
