package demo

import (
	"context"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/dashboard"
	"github.com/subgrant/portal/internal/db"
)

// checkDashboards computes the demo roles' dashboards (issue 11) and
// compares each headline figure with the database: applicant 2's open
// request for information, evaluator 1's declarations waiting, the
// officer's applications to screen, finance's requests waiting, the
// donor's committed amounts.
func checkDashboards(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	st := dashboard.New(d)
	count := func(q string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := db.Get(ctx, d, &n, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	user := func(email string) (int64, []int64) {
		t.Helper()
		id := count(`SELECT id FROM users WHERE email = ?`, email)
		var orgs []int64
		if err := db.Select(ctx, d, &orgs, `SELECT org_id FROM memberships WHERE user_id = ? ORDER BY org_id`, id); err != nil {
			t.Fatal(err)
		}
		return id, orgs
	}

	_, orgs := user("applicant2@demo.example")
	sc := dashboard.Scopes{Applications: access.Orgs(orgs...), Grants: access.Orgs(orgs...),
		Calls: access.For(access.Principal{OrgIDs: orgs}, access.Any)}
	a, err := st.Applicant(ctx, sc, now)
	if err != nil {
		t.Fatal(err)
	}
	cond, args := access.Orgs(orgs...).Applications("a")
	if want := count(`SELECT COUNT(*) FROM info_requests ir JOIN applications a ON a.id = ir.application_id
		WHERE ir.answered_at IS NULL AND a.status = 'info_requested' AND `+cond, args...); int64(len(a.InfoRequests)) != want || want == 0 {
		t.Errorf("applicant 2's dashboard: %d requests for information, database %d (want at least 1)", len(a.InfoRequests), want)
	}

	ev, _ := user("evaluator1@demo.example")
	e, err := st.Evaluator(ctx, dashboard.Scopes{Assignments: access.Evaluator(ev)})
	if err != nil {
		t.Fatal(err)
	}
	undeclared := 0
	for _, p := range e.Pending {
		if !p.Declared {
			undeclared++
		}
	}
	if want := count(`SELECT COUNT(*) FROM review_assignments ra WHERE ra.user_id = ? AND ra.status = 'active' AND NOT EXISTS
		(SELECT 1 FROM coi_declarations x WHERE x.application_id = ra.application_id AND x.user_id = ra.user_id)`, ev); int64(undeclared) != want || want == 0 ||
		e.Assigned != count(`SELECT COUNT(*) FROM review_assignments WHERE user_id = ? AND status = 'active'`, ev) {
		t.Errorf("evaluator 1's dashboard: %d declarations waiting of %d assigned, database %d waiting", undeclared, e.Assigned, want)
	}

	all := dashboard.Scopes{Applications: access.Everything(), Calls: access.Everything(), Grants: access.Everything(),
		Assignments: access.Everything(), Rankings: access.Everything()}
	o, err := st.Officer(ctx, all, now)
	if err != nil {
		t.Fatal(err)
	}
	var toScreen int64
	for _, c := range o.Pipeline {
		toScreen += c.ToScreen
	}
	if want := count(`SELECT COUNT(*) FROM applications WHERE status IN ('submitted', 'info_requested')`); toScreen != want || want == 0 {
		t.Errorf("the officer's dashboard: %d applications to screen, database %d", toScreen, want)
	}

	f, err := st.Finance(ctx, all, now)
	if err != nil {
		t.Fatal(err)
	}
	var waiting int64
	for _, w := range f.Waiting {
		waiting += w.N
	}
	if want := count(`SELECT COUNT(*) FROM payment_requests WHERE status IN ('requested', 'verified', 'approved')`); waiting != want {
		t.Errorf("finance's dashboard: %d requests waiting, database %d", waiting, want)
	}

	_, donorOrgs := user("donor@demo.example")
	dn, err := st.Donor(ctx, dashboard.Scopes{Applications: access.Donor(donorOrgs...), Grants: access.Donor(donorOrgs...),
		Rankings: access.Donor(donorOrgs...)})
	if err != nil {
		t.Fatal(err)
	}
	gc, gargs := access.Donor(donorOrgs...).Grants("g")
	var committed int64
	for _, p := range dn.Programmes {
		committed += p.Committed
	}
	if want := count(`SELECT COALESCE(SUM(CASE WHEN g.status = 'terminated' THEN g.paid_minor ELSE g.amount_minor END), 0)
		FROM grants g WHERE g.status <> 'draft' AND `+gc, gargs...); committed != want || want == 0 || len(dn.Results) == 0 {
		t.Errorf("the donor's dashboard: %d committed (database %d), %d calls with results", committed, want, len(dn.Results))
	}
}
