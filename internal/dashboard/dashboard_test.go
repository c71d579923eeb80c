package dashboard_test

import (
	"context"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/dashboard"
	"github.com/subgrant/portal/internal/dashboard/dashtest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/review/scoretest"
)

func count(t *testing.T, d *db.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Get(context.Background(), d, &n, q, args...); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	return n
}

// Each role's figures equal what the database holds for the rows its
// scope reaches, and no figure counts another organisation's rows.
func TestFiguresEqualDatabaseCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Second)
		orgA, orgB := scoretest.Org(t, d, "A"), scoretest.Org(t, d, "B")
		ev, other := scoretest.User(t, d, "Eva", "evaluator"), scoretest.User(t, d, "Other", "evaluator")
		donor := count(t, d, `INSERT INTO organisations (name, kind, created_at) VALUES ('Donor D', 'donor', ?) RETURNING id`, now)
		fx := dashtest.Seed(t, d, dashtest.Who{OrgA: orgA, OrgB: orgB, Evaluator: ev, DonorOrg: donor, Canary: "CANARY"}, now)
		st := dashboard.New(d)

		// Applicant A.
		a, err := st.Applicant(ctx, dashboard.Scopes{Applications: access.Orgs(orgA),
			Calls: access.For(access.Principal{OrgIDs: []int64{orgA}}, access.Any), Grants: access.Orgs(orgA)}, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range a.ByStatus {
			if want := count(t, d, `SELECT COUNT(*) FROM applications WHERE org_id = ? AND status = ?`, orgA, c.Key); c.N != want {
				t.Errorf("applicant: %d %s, database %d", c.N, c.Key, want)
			}
		}
		var total int64
		for _, c := range a.ByStatus {
			total += c.N
		}
		if want := count(t, d, `SELECT COUNT(*) FROM applications WHERE org_id = ?`, orgA); total != want || want != 6 {
			t.Errorf("applicant: %d applications by status, database %d (want 6)", total, want)
		}
		if len(a.InfoRequests) != 1 || a.InfoRequests[0].ApplicationID != fx.InfoApp {
			t.Errorf("applicant info requests = %+v, want the one on %d", a.InfoRequests, fx.InfoApp)
		}
		if len(a.Reports) != 1 || a.Reports[0].ID != fx.ReportA {
			t.Errorf("applicant reports = %+v, want report %d", a.Reports, fx.ReportA)
		}
		if len(a.Grants) != 1 || a.Grants[0].ID != fx.GrantA || a.Grants[0].Paid != 250000 || a.Grants[0].Due != 550000 {
			t.Errorf("applicant grants = %+v, want grant %d paid 250000, due 550000", a.Grants, fx.GrantA)
		}
		if len(a.Deadlines) != 1 || a.Deadlines[0].CallID != fx.CallID || a.Deadlines[0].Drafts != 1 {
			t.Errorf("applicant deadlines = %+v, want call %d with 1 draft", a.Deadlines, fx.CallID)
		}

		// The evaluator.
		e, err := st.Evaluator(ctx, dashboard.Scopes{Assignments: access.Evaluator(ev)})
		if err != nil {
			t.Fatal(err)
		}
		wantAssigned := count(t, d, `SELECT COUNT(*) FROM review_assignments WHERE user_id = ? AND status = 'active'`, ev)
		wantDeclared := count(t, d, `SELECT COUNT(*) FROM coi_declarations WHERE user_id = ?`, ev)
		if e.Assigned != wantAssigned || e.Declared != wantDeclared || e.Scored != 0 || len(e.Pending) != 2 || wantAssigned != 2 {
			t.Errorf("evaluator = %+v, database %d assigned, %d declared", e, wantAssigned, wantDeclared)
		}
		if len(e.Pending) == 2 && (e.Pending[0].AssignmentID != fx.LateAssignment || !e.Pending[0].Declared || e.Pending[1].Declared) {
			t.Errorf("evaluator pending = %+v, want the late declared one first", e.Pending)
		}
		if len(e.PerCall) != 1 || e.PerCall[0].Assigned != 2 || e.PerCall[0].Scored != 0 {
			t.Errorf("evaluator per call = %+v", e.PerCall)
		}
		if o, _ := st.Evaluator(ctx, dashboard.Scopes{Assignments: access.Evaluator(other)}); o.Assigned != 0 || len(o.Pending) != 0 {
			t.Errorf("another evaluator sees %+v", o)
		}

		// The programme officer: every row.
		all := dashboard.Scopes{Applications: access.Everything(), Calls: access.Everything(), Grants: access.Everything(), Assignments: access.Everything()}
		o, err := st.Officer(ctx, all, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(o.Pipeline) != 1 {
			t.Fatalf("pipeline = %+v, want one call", o.Pipeline)
		}
		pl := o.Pipeline[0]
		for name, c := range map[string]struct {
			got int64
			q   string
		}{
			"received":  {pl.Received, `SELECT COUNT(*) FROM applications WHERE call_id = ? AND status <> 'draft'`},
			"to screen": {pl.ToScreen, `SELECT COUNT(*) FROM applications WHERE call_id = ? AND status IN ('submitted', 'info_requested')`},
			"eligible": {pl.Eligible, `SELECT COUNT(*) FROM applications a WHERE call_id = ? AND status = 'eligible'
				AND NOT EXISTS (SELECT 1 FROM review_assignments r WHERE r.application_id = a.id AND r.status = 'active')`},
			"evaluating": {pl.Evaluating, `SELECT COUNT(DISTINCT a.id) FROM applications a JOIN review_assignments r ON r.application_id = a.id
				WHERE call_id = ? AND a.status = 'eligible' AND r.status = 'active'`},
			"awarded": {pl.Awarded, `SELECT COUNT(*) FROM applications WHERE call_id = ? AND status = 'awarded'`},
		} {
			if want := count(t, d, c.q, fx.CallID); c.got != want || want == 0 {
				t.Errorf("pipeline %s = %d, database %d", name, c.got, want)
			}
		}
		if len(o.LateReview) != 1 || len(o.Workload) != 1 || o.Workload[0].Assigned != 2 {
			t.Errorf("late reviews %+v, workload %+v", o.LateReview, o.Workload)
		}
		if len(o.Overdue) != 1 || o.Overdue[0].ID != fx.ReportA || len(o.Amendments) != 1 || o.Amendments[0].GrantID != fx.GrantA {
			t.Errorf("overdue %+v, amendments %+v", o.Overdue, o.Amendments)
		}

		// Finance.
		f, err := st.Finance(ctx, all, now)
		if err != nil {
			t.Fatal(err)
		}
		bands := map[string]int64{}
		var waiting int64
		for _, b := range f.Waiting {
			bands[b.Status+"/"+b.Band] = b.N
			waiting += b.N
		}
		if want := count(t, d, `SELECT COUNT(*) FROM payment_requests WHERE status IN ('requested', 'verified', 'approved')`); waiting != want ||
			bands["requested/week"] != 1 || bands["verified/older"] != 1 {
			t.Errorf("waiting = %+v, database %d", f.Waiting, want)
		}
		if len(f.Programmes) != 1 || f.Programmes[0].Committed != count(t, d, `SELECT SUM(amount_minor) FROM grants`) ||
			f.Programmes[0].Paid != count(t, d, `SELECT SUM(paid_minor) FROM grants`) {
			t.Errorf("programmes = %+v", f.Programmes)
		}
		if want := count(t, d, `SELECT COUNT(*) FROM grant_tranches WHERE status IN ('planned', 'due', 'requested')`); int64(len(f.Tranches)) != want {
			t.Errorf("%d upcoming tranches, database %d", len(f.Tranches), want)
		}

		// The donor: its programme only; another donor sees nothing.
		dn, err := st.Donor(ctx, dashboard.Scopes{Applications: access.Donor(donor), Grants: access.Donor(donor), Rankings: access.Donor(donor)})
		if err != nil {
			t.Fatal(err)
		}
		if len(dn.Programmes) != 1 || dn.Programmes[0].Committed != 2000000 || dn.Programmes[0].Paid != 500000 || dn.Programmes[0].Verified != 120000 {
			t.Errorf("donor programmes = %+v", dn.Programmes)
		}
		if len(dn.Results) != 1 || dn.Results[0].CallID != fx.CallID || dn.Results[0].Stage != "full" {
			t.Errorf("donor results = %+v, want the call's approved full stage", dn.Results)
		}
		muni := map[string]int64{}
		for _, c := range dn.ByMunicipality {
			muni[c.Key] = c.N
		}
		if muni["XK-PRISHTINE"] != 1 || muni["XK-PEJE"] != 1 || len(dn.ByTargetGroup) != 1 || dn.ByTargetGroup[0].N != 2 {
			t.Errorf("donor by municipality %+v, by target group %+v", dn.ByMunicipality, dn.ByTargetGroup)
		}
		if len(dn.Beneficiaries) != 1 || dn.Beneficiaries[0].Target != 100 || dn.Beneficiaries[0].Reached != 25 {
			t.Errorf("donor beneficiaries = %+v, want 25 of 100 elderly", dn.Beneficiaries)
		}
		otherDonor := count(t, d, `INSERT INTO organisations (name, kind, created_at) VALUES ('Donor E', 'donor', ?) RETURNING id`, now)
		if x, _ := st.Donor(ctx, dashboard.Scopes{Applications: access.Donor(otherDonor), Grants: access.Donor(otherDonor),
			Rankings: access.Donor(otherDonor)}); len(x.Programmes)+len(x.ByMunicipality)+len(x.Beneficiaries)+len(x.Results) != 0 {
			t.Errorf("another donor sees %+v", x)
		}

		// The administrator and the status page.
		ad, err := st.Admin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var users int64
		for _, c := range ad.UsersByRole {
			users += c.N
		}
		if users != count(t, d, `SELECT COUNT(*) FROM users`) || ad.Outbox.Failed != 1 || ad.Outbox.Sent != 1 {
			t.Errorf("admin = %+v", ad)
		}
		s, err := st.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Driver != d.Driver || int64(len(s.Migrations)) != count(t, d, `SELECT COUNT(*) FROM schema_migrations`) || len(s.Migrations) < 10 {
			t.Errorf("status = %s with %d migrations", s.Driver, len(s.Migrations))
		}
	})
}
