package demo

import (
	"context"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/grant"
)

// checkGrants: every award of the first round has its agreement (the
// counts below are the first round's; checkDayCareYear has the day-care
// grants'); those of
// verified organisations are signed, their pre-financing paid except the
// requests left for finance (some to verify, some to approve) and
// applicant3's, due and not requested; applicant2 sees its grant and
// applicant1 does not; one bank amendment waits; the stored totals equal
// the ledger and the audit chain verifies.
//
// TestSeedApplications seeds the database and calls it.
func checkGrants(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := db.Get(ctx, d, &n, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	round1 := `(SELECT id FROM calls WHERE reference = '` + CovidRound1 + `')`
	awards := count(`SELECT COUNT(*) FROM applications WHERE call_id = ` + round1 + ` AND status = 'awarded'`)
	if n := count(`SELECT COUNT(*) FROM grants WHERE call_id = ` + round1); n != awards || n != 47 {
		t.Errorf("%d agreements for %d awards in round 1, want 47", n, awards)
	}
	states := map[string]int{}
	for _, st := range []string{"draft", "signed"} {
		states[st] = count(`SELECT COUNT(*) FROM grants WHERE call_id = `+round1+` AND status = ?`, st)
	}
	if states["signed"] < 35 || states["draft"]+states["signed"] != 47 {
		t.Errorf("grants by state %v: want most of the 47 signed, the rest drafts", states)
	}
	if n := count(`SELECT COUNT(*) FROM grants g JOIN organisation_profiles p ON p.org_id = g.org_id
		WHERE g.status = 'signed' AND (p.verified_at IS NULL OR g.iban <> p.iban)`); n != 0 {
		t.Errorf("%d signed grants without the verified account of their organisation", n)
	}
	reqs := map[string]int{}
	for _, st := range []string{"requested", "verified", "approved", "paid"} {
		reqs[st] = count(`SELECT COUNT(*) FROM payment_requests r JOIN grants g ON g.id = r.grant_id
			WHERE g.call_id = `+round1+` AND r.status = ?`, st)
	}
	if reqs["requested"] != waitingVerification || reqs["verified"] != waitingApproval || reqs["approved"] != 0 ||
		reqs["paid"] != states["signed"]-1-waitingVerification-waitingApproval {
		t.Errorf("payment requests by state %v (%d signed grants)", reqs, states["signed"])
	}
	if n := count(`SELECT COUNT(*) FROM payment_requests r JOIN users f ON f.id = r.verified_by
		JOIN users o ON o.id = r.approved_by JOIN grants g ON g.id = r.grant_id WHERE g.call_id = ` + round1 + `
		AND f.email = 'finance@demo.example' AND o.email = 'officer@demo.example'`); n != reqs["paid"] {
		t.Errorf("%d requests verified by finance and approved by the officer, want %d", n, reqs["paid"])
	}
	if n := count(`SELECT COUNT(*) FROM grants g WHERE g.paid_minor <>
		(SELECT COALESCE(SUM(p.amount_minor), 0) FROM payments p WHERE p.grant_id = g.id)`); n != 0 {
		t.Errorf("%d grants whose paid total differs from the ledger", n)
	}
	if n := count(`SELECT COUNT(*) FROM programmes pr WHERE pr.paid_minor <>
		(SELECT COALESCE(SUM(p.amount_minor), 0) FROM payments p JOIN grants g ON g.id = p.grant_id WHERE g.programme_id = pr.id)`); n != 0 {
		t.Errorf("%d programmes whose paid total differs from the ledger", n)
	}
	if n := count(`SELECT COUNT(*) FROM payments p JOIN grants g ON g.id = p.grant_id WHERE g.call_id = ` + round1); n != reqs["paid"] || n == 0 {
		t.Errorf("%d payments in the ledger, want %d", n, reqs["paid"])
	}

	profiles, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	gs := grant.NewStore(d, profiles)
	as := auth.NewStore(d)
	scopeOf := func(email string) access.Scope {
		t.Helper()
		u, err := as.UserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		orgs, err := as.OrgsOf(ctx, u.ID)
		if err != nil || len(orgs) != 1 {
			t.Fatalf("%s belongs to %v: %v", email, orgs, err)
		}
		return access.Orgs(orgs[0].ID)
	}
	mine := func(email string) []grant.Agreement {
		t.Helper()
		l, err := gs.List(ctx, grant.Filter{}, scopeOf(email))
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	a2, a3, a1 := mine(Accounts[8].Email), mine(Accounts[9].Email), mine(Accounts[7].Email)
	if len(a2) != 1 || len(a3) != 1 {
		t.Fatalf("applicant2 sees %d grants, applicant3 %d; want one each", len(a2), len(a3))
	}
	for _, g := range a1 {
		if g.ID == a2[0].ID || g.ID == a3[0].ID {
			t.Errorf("applicant1 sees the grant %s of another organisation", g.ContractNumber)
		}
	}
	if a3[0].Status != grant.Signed {
		t.Errorf("applicant3's grant is %s, want signed", a3[0].Status)
	}
	ts, err := gs.Tranches(ctx, a3[0].ID, scopeOf(Accounts[9].Email))
	if err != nil || len(ts) == 0 || ts[0].Status != grant.Due || ts[0].Kind != grant.Prefinancing {
		t.Errorf("applicant3's tranches %+v (%v): want the pre-financing due", ts, err)
	}
	if n := count(`SELECT COUNT(*) FROM payment_requests WHERE grant_id = ?`, a3[0].ID); n != 0 {
		t.Errorf("applicant3's grant has %d payment requests, want none", n)
	}
	if n := count(`SELECT COUNT(*) FROM grant_amendments WHERE kind = 'bank_account' AND status = 'requested' AND grant_id = ?`,
		a2[0].ID); n != 1 {
		t.Errorf("%d bank account amendments waiting on applicant2's grant, want 1", n)
	}
	reports := map[string]int{}
	for _, st := range []string{"submitted", "changes_requested", "approved"} {
		reports[st] = count(`SELECT COUNT(*) FROM grantee_reports r JOIN grants g ON g.id = r.grant_id
			WHERE g.call_id = `+round1+` AND r.status = ?`, st)
	}
	if reports["submitted"] != 1 || reports["changes_requested"] != 1 || reports["approved"] != 1 {
		t.Errorf("reports by state %v: want one waiting, one with changes requested, one approved", reports)
	}
	if n := count(`SELECT COUNT(*) FROM recovery_orders r JOIN grants g ON g.id = r.grant_id JOIN grantee_reports p
		ON p.id = r.report_id AND p.kind = 'final' AND p.status = 'approved'
		WHERE r.status = 'open' AND r.amount_minor > 0 AND (g.ends_on < ? OR g.ends_on = ?) AND EXISTS (SELECT 1 FROM grant_amendments m
		WHERE m.grant_id = g.id AND m.kind = 'period' AND m.status = 'approved')`,
		time.Now().UTC().Format("2006-01-02"), time.Now().UTC().Format("2006-01")+"-02"); n != 1 {
		// ended days ago, or (in the first days of a month, when the grants have just started) on the 2nd
		t.Errorf("%d open recovery orders after the final settlement of a grant ended early, want 1", n)
	}
	if n := count(`SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.actor_id WHERE u.email = 'finance@demo.example'
		AND a.action LIKE 'payment%'`); n == 0 {
		t.Error("the audit trail names no payment step of finance@demo.example")
	}
	rep, err := audit.Verify(ctx, d)
	if err != nil || !rep.OK() {
		t.Errorf("audit chain after the demo: %+v, %v", rep, err)
	}
}
