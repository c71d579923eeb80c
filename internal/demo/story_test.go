package demo

import (
	"context"
	"slices"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/programme"
)

// storyApps is how many applications the three further programmes' calls
// hold (every one awarded).
var storyApps = len(lnbNGOs) + len(unicefOrgs[:3]) + len(consortiumCSOs)

// storyWant is what a story leaves in the database.
type storyWant struct {
	Call, Programme, Currency, Profile string
	Apps                               int
	Municipalities                     []string
}

// checkStory: the story's programme has its currency and donor profile;
// its call holds one awarded application per organisation, in the
// expected municipalities; every award is a signed agreement in the
// programme's currency with its first tranche paid, its paid amount equal
// to the sum of its ledger rows (and the programme's to the sum of its
// grants'), each payment converted to the ledger's EUR at a rate, and a
// report submitted or approved (indicators reached, beneficiaries
// counted). It returns the programme's id.
func checkStory(t *testing.T, d *db.DB, w storyWant) int64 {
	t.Helper()
	ctx := context.Background()
	get := func(dst any, q string, args ...any) {
		t.Helper()
		if err := db.Get(ctx, d, dst, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var p struct {
		ID       int64  `db:"id"`
		Title    string `db:"title"`
		Currency string `db:"currency"`
		Profile  string `db:"donor_profile"`
		Paid     int64  `db:"paid_minor"`
		CallID   int64  `db:"call_id"`
	}
	get(&p, `SELECT p.id, p.title, p.currency, p.donor_profile, p.paid_minor, c.id AS call_id
		FROM calls c JOIN programmes p ON p.id = c.programme_id WHERE c.reference = ?`, w.Call)
	if p.Title != w.Programme || p.Currency != w.Currency || p.Profile != w.Profile {
		t.Errorf("%s belongs to %q in %s (%s), want %q in %s (%s)", w.Call, p.Title, p.Currency, p.Profile, w.Programme, w.Currency, w.Profile)
	}
	var statuses, munis []string
	if err := db.Select(ctx, d, &statuses, `SELECT status FROM applications WHERE call_id = ?`, p.CallID); err != nil {
		t.Fatal(err)
	}
	if err := db.Select(ctx, d, &munis, `SELECT DISTINCT m.municipality FROM application_municipalities m
		JOIN applications a ON a.id = m.application_id WHERE a.call_id = ? ORDER BY m.municipality`, p.CallID); err != nil {
		t.Fatal(err)
	}
	if len(statuses) != w.Apps || slices.ContainsFunc(statuses, func(s string) bool { return s != "awarded" }) {
		t.Errorf("%s applications %v, want %d all awarded", w.Call, statuses, w.Apps)
	}
	want := slices.Sorted(slices.Values(w.Municipalities))
	if !slices.Equal(munis, want) {
		t.Errorf("%s applications are in %v, want %v", w.Call, munis, want)
	}
	var grants []struct {
		ID       int64  `db:"id"`
		Status   string `db:"status"`
		Currency string `db:"currency"`
		Paid     int64  `db:"paid_minor"`
		Ledger   int64  `db:"ledger"`
		Rows     int    `db:"rows"`
		Unrated  int    `db:"unrated"`
		Reports  int    `db:"reports"`
		Reached  int    `db:"reached"`
		Counted  int    `db:"counted"`
	}
	if err := db.Select(ctx, d, &grants, `SELECT g.id, g.status, g.currency, g.paid_minor,
		(SELECT COALESCE(SUM(x.amount_minor), 0) FROM payments x WHERE x.grant_id = g.id) AS ledger,
		(SELECT COUNT(*) FROM payments x WHERE x.grant_id = g.id AND x.currency = g.currency) AS rows,
		(SELECT COUNT(*) FROM payments x WHERE x.grant_id = g.id AND (x.report_minor <= 0
			OR (x.currency <> 'EUR' AND x.rate_micros <= 0))) AS unrated,
		(SELECT COUNT(*) FROM grantee_reports r WHERE r.grant_id = g.id AND r.status IN ('submitted', 'approved')) AS reports,
		(SELECT COUNT(*) FROM report_indicators i JOIN grantee_reports r ON r.id = i.report_id
			WHERE r.grant_id = g.id AND i.achieved > 0) AS reached,
		(SELECT COUNT(*) FROM report_beneficiaries b JOIN grantee_reports r ON r.id = b.report_id
			WHERE r.grant_id = g.id AND b.count > 0) AS counted
		FROM grants g WHERE g.call_id = ? ORDER BY g.id`, p.CallID); err != nil {
		t.Fatal(err)
	}
	if len(grants) != w.Apps {
		t.Errorf("%s: %d agreements for %d awards", w.Call, len(grants), w.Apps)
	}
	var paid int64
	for _, g := range grants {
		if g.Status != "signed" || g.Currency != w.Currency || g.Rows < 1 || g.Unrated > 0 || g.Reports < 1 || g.Paid <= 0 || g.Paid != g.Ledger ||
			g.Reached < 2 || g.Counted < 3 {
			t.Errorf("%s grant %d: %+v; want signed in %s, paid = ledger > 0, rated payments, a submitted report with indicators reached and beneficiaries counted",
				w.Call, g.ID, g, w.Currency)
		}
		paid += g.Paid
	}
	if p.Paid != paid {
		t.Errorf("programme %q has paid %d, its grants %d", p.Title, p.Paid, paid)
	}
	return p.ID
}

// donorSees lists the titles of the programmes the donor officer's
// organisation sees.
func donorSees(t *testing.T, d *db.DB, email string) []string {
	t.Helper()
	ctx := context.Background()
	var orgs []int64
	if err := db.Select(ctx, d, &orgs, `SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ?`,
		email); err != nil || len(orgs) != 1 {
		t.Fatalf("%s belongs to %v (%v)", email, orgs, err)
	}
	ps, err := programme.NewStore(d).List(ctx, access.Donor(orgs...))
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, p := range ps {
		titles = append(titles, p.Title)
	}
	return titles
}
