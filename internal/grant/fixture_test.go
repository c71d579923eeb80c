package grant

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
)

// The fixtures write the rows of the earlier stages (programme, call,
// organisation, application, approved award) directly with SQL.

var seq atomic.Int64

type fix struct {
	d         *db.DB
	store     *Store
	prog      int64
	call      int64
	lot       int64
	org       int64
	user      int64 // the grantee's member
	officer   int64
	officer2  int64
	session   int64
	reference string
}

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func exec(t testing.TB, d *db.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(context.Background(), d, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func insert(t testing.TB, d *db.DB, q string, args ...any) int64 {
	t.Helper()
	id, err := db.InsertID(context.Background(), d, q+" RETURNING id", args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return id
}

func profiles(t testing.TB) donor.Profiles {
	t.Helper()
	ps, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func user(t testing.TB, d *db.DB, role, lang string) int64 {
	n := seq.Add(1)
	return insert(t, d, `INSERT INTO users (email, email_norm, name, lang, role, password_hash, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'x', ?, ?)`, fmt.Sprintf("u%d@example.org", n), fmt.Sprintf("u%d@example.org", n), "User", lang, role, t0, t0)
}

// org adds an NGO with a verified profile of iban and a member of lang.
func orgWith(t testing.TB, d *db.DB, iban string, verified bool, lang string) (org, member int64) {
	org = insert(t, d, `INSERT INTO organisations (name, kind, created_at) VALUES ('Shoqata Ëndërr', 'ngo', ?)`, t0)
	var at any
	if verified {
		at = t0
	}
	exec(t, d, `INSERT INTO organisation_profiles (org_id, iban, verified_at, updated_at) VALUES (?, ?, ?, ?)`, org, iban, at, t0)
	member = user(t, d, "applicant", lang)
	exec(t, d, `INSERT INTO memberships (user_id, org_id, created_at) VALUES (?, ?, ?)`, member, org, t0)
	return org, member
}

const goodXK = "XK051212012345678906"

func newFix(t testing.TB, d *db.DB, profile string) *fix {
	f := &fix{d: d, store: NewStore(d, profiles(t))}
	f.store.Now = func() time.Time { return t0 }
	donorOrg := insert(t, d, `INSERT INTO organisations (name, kind, created_at) VALUES ('Donor', 'donor', ?)`, t0)
	f.prog = insert(t, d, `INSERT INTO programmes (title, donor_org_id, donor_profile, currency, subgrant_budget_minor,
		third_party_cap_minor, starts_on, ends_on, created_at, updated_at) VALUES ('Kujdes ditor', ?, ?, 'EUR', 1000000000, 6000000,
		'2026-01-01', '2029-12-31', ?, ?)`, donorOrg, profile, t0, t0)
	f.reference = fmt.Sprintf("C%d", seq.Add(1))
	f.call = insert(t, d, `INSERT INTO calls (programme_id, reference, title_sq, time_zone, created_at, updated_at)
		VALUES (?, ?, 'Thirrja', 'Europe/Belgrade', ?, ?)`, f.prog, f.reference, t0, t0)
	f.lot = insert(t, d, `INSERT INTO call_lots (call_id, position, name, budget_minor) VALUES (?, 1, 'Lot', 100000000)`, f.call)
	f.org, f.user = orgWith(t, d, goodXK, true, "sq")
	f.officer = user(t, d, "program_officer", "en")
	f.officer2 = user(t, d, "program_officer", "en")
	f.session = insert(t, d, `INSERT INTO committee_sessions (call_id, stage, held_on, status, created_at, approved_at)
		VALUES (?, 'full', '2026-02-20', 'approved', ?, ?)`, f.call, t0, t0)
	return f
}

// budget line: heading, total, requested
type bl struct {
	heading          string
	total, requested int64
}

var stdLines = []bl{{"1", 3000000, 2700000}, {"3", 1500000, 1350000}, {"5", 500000, 450000}, {"10", 300000, 270000}}

// award adds an application of org (0: the fixture's) with lines, months
// from startMonth, and its approved award of amount (0: as requested).
func (f *fix) award(t testing.TB, org int64, lines []bl, startMonth string, months int, amount int64) int64 {
	if org == 0 {
		org = f.org
	}
	var total, req int64
	for _, l := range lines {
		total += l.total
		req += l.requested
	}
	if amount == 0 {
		amount = req
	}
	n := seq.Add(1)
	app := insert(t, f.d, `INSERT INTO applications (call_id, lot_id, org_id, stage, status, reference, title, duration_months, start_month,
		currency, total_minor, requested_minor, cofinancing_minor, submitted_by, created_at, updated_at)
		VALUES (?, ?, ?, 'full', 'awarded', ?, 'Qendër ditore', ?, ?, 'EUR', ?, ?, ?, (SELECT MIN(user_id) FROM memberships WHERE org_id = ?), ?, ?)`,
		f.call, f.lot, org, fmt.Sprintf("%s-%03d", f.reference, n), months, startMonth, total, req, total-req, org, t0, t0)
	for i, l := range lines {
		exec(t, f.d, `INSERT INTO application_budget_lines (application_id, position, heading, description, unit, units_x100,
			unit_rate_minor, total_minor, requested_minor, cofinancing_minor) VALUES (?, ?, ?, ?, 'copë', 100, ?, ?, ?, ?)`,
			app, i+1, l.heading, fmt.Sprintf("Rreshti %d", i+1), l.total, l.total, l.requested, l.total-l.requested)
	}
	exec(t, f.d, `INSERT INTO award_decisions (session_id, application_id, lot_id, org_id, rank, final_x100, fundable, decision,
		currency, requested_minor, amount_minor) VALUES (?, ?, ?, ?, 1, 8000, TRUE, 'award', 'EUR', ?, ?)`, f.session, app, f.lot, org, req, amount)
	return app
}
