package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/upload"
)

// TestSeed seeds the whole demo once per engine (seeding is slow under the
// race detector) and checks all of it on that database: the accounts and
// their organisations, the NGO directory, the applications, programmes,
// evaluation, grants and the day-care story. The demo's open COVID-19 call
// has applications in every state from draft to eligible, applicant 1's
// NGO a draft and a submitted one; every application past the draft has a
// reference, a snapshot and a receipt and passes every rule. Seeding again
// creates nothing and changes no count; --if-empty then skips.
func TestSeed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		files := upload.New(t.TempDir(), 10<<20)
		store := auth.NewStore(d)
		res, err := SeedWith(ctx, d, password, true, files) // --if-empty on an empty database seeds
		if err != nil {
			t.Fatalf("seed: %v", err)
		}
		if res.Skipped || res.CreatedUsers != len(wantRoles) || res.CreatedOrgs < 7 {
			t.Errorf("first seed = %+v, want at least 7 organisations and %d users", res, len(wantRoles))
		}
		checkDemo(t, store)
		for email := range wantRoles {
			if _, err := store.Authenticate(ctx, email, password); err != nil {
				t.Errorf("%s cannot sign in with the demo password: %v", email, err)
			}
		}
		checkOrganisations(t, d)

		st, c, apps := covidApplications(t, d)
		want := map[application.Status]int{application.Draft: 3, application.Submitted: 11, application.Eligible: 4,
			application.Ineligible: 2, application.Withdrawn: 1, application.InfoRequested: 1}
		got := map[application.Status]int{}
		for _, a := range apps {
			got[a.Status]++
		}
		for s, n := range want {
			if got[s] != n {
				t.Errorf("%d applications %s, want %d (all: %v)", got[s], s, n, got)
			}
		}
		checkApplicant1(t, d, apps)
		checkSubmitted(t, st, c, apps)
		checkFiles(t, files, apps)
		checkScreening(t, st, apps)
		checkProgrammes(t, d)
		checkEvaluation(t, d)
		checkGrants(t, d)
		checkDayCare(t, d)
		checkLNB(t, d)
		checkUNICEF(t, d)
		checkConsortium(t, d)
		checkLetterhead(t, d, files)
		checkDayCareYear(t, d)
		checkDashboards(t, d)
		checkNotifications(t, d)
		checkDemoMail(t, d)
		checkNotices(t, d)
		checkSearch(t, d)
		checkPublic(t, d)

		before, rows := counts(t, d), countRows(t, d)
		res, err = Seed(ctx, d, "another-password-1", false)
		if err != nil || res != (Result{}) {
			t.Errorf("second seed = %+v, %v; want nothing created", res, err)
		}
		if after := counts(t, d); after != before {
			t.Errorf("second seed changed the counts: %+v, then %+v", before, after)
		}
		for table, n := range countRows(t, d) {
			if rows[table] != n {
				t.Errorf("second seed changed %s: %d → %d", table, rows[table], n)
			}
		}
		res, err = Seed(ctx, d, password, true)
		if err != nil || !res.Skipped || res.CreatedUsers != 0 {
			t.Errorf("seed --if-empty on a seeded database = %+v, %v; want skipped", res, err)
		}
		checkDemo(t, store)
		if _, err := store.Authenticate(ctx, "admin@demo.example", password); err != nil {
			t.Errorf("the first password no longer works after reseeding: %v", err)
		}
	})
}

// tally counts what seeding applications writes.
type tally struct{ Apps, Open, Snapshots, Mails, Decisions, Requests, Distinct, Grants, Payments, Audit int }

func counts(t *testing.T, d *db.DB) tally {
	t.Helper()
	var n tally
	for _, q := range []struct {
		dst *int
		sql string
	}{
		{&n.Apps, `SELECT COUNT(*) FROM applications`},
		{&n.Open, `SELECT COUNT(*) FROM applications a JOIN calls c ON c.id = a.call_id WHERE c.reference = '` + CovidCall + `'`},
		{&n.Snapshots, `SELECT COUNT(*) FROM application_snapshots`},
		{&n.Mails, `SELECT COUNT(*) FROM outbox`},
		{&n.Decisions, `SELECT COUNT(*) FROM screening_decisions`},
		{&n.Requests, `SELECT COUNT(*) FROM info_requests`},
		{&n.Grants, `SELECT COUNT(*) FROM grants`},
		{&n.Payments, `SELECT COUNT(*) FROM payment_requests`},
		{&n.Audit, `SELECT COUNT(*) FROM audit_log`},
		{&n.Distinct, `SELECT COUNT(DISTINCT a.requested_minor) FROM applications a JOIN calls c ON c.id = a.call_id
			WHERE c.reference = '` + CovidCall + `'`},
	} {
		if err := db.Get(context.Background(), d, q.dst, q.sql); err != nil {
			t.Fatal(err)
		}
	}
	if n.Open != len(demoApps) || n.Distinct != n.Open || n.Apps != len(demoApps)+len(round1Apps())+dayCareApps+storyApps {
		t.Errorf("%d applications (%d in the open call, with %d different requested amounts), want %d + %d + %d + %d, all different",
			n.Apps, n.Open, n.Distinct, len(demoApps), len(round1Apps()), dayCareApps, storyApps)
	}
	return n
}

func covidApplications(t *testing.T, d *db.DB) (*application.Store, call.Call, []application.Application) {
	t.Helper()
	ctx := context.Background()
	profiles, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := i18n.Load()
	st := application.NewStore(d, profiles, cat)
	c, err := call.NewStore(d).ByReference(ctx, CovidCall)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	if err := db.Select(ctx, d, &ids, `SELECT id FROM applications WHERE call_id = ? ORDER BY id`, c.ID); err != nil {
		t.Fatal(err)
	}
	var apps []application.Application
	for _, id := range ids {
		a, err := st.Get(ctx, id, access.Everything())
		if err != nil {
			t.Fatal(err)
		}
		apps = append(apps, a)
	}
	return st, c, apps
}

func checkApplicant1(t *testing.T, d *db.DB, apps []application.Application) {
	t.Helper()
	var orgID int64
	if err := db.Get(context.Background(), d, &orgID, `SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE u.email = ?`, "applicant1@demo.example"); err != nil {
		t.Fatal(err)
	}
	mine := map[application.Status]int{}
	for _, a := range apps {
		if a.OrgID == orgID {
			mine[a.Status]++
		}
	}
	if mine[application.Draft] != 1 || mine[application.Submitted] != 1 {
		t.Errorf("applicant1's NGO has %v, want one draft and one submitted", mine)
	}
	var mails int
	if err := db.Get(context.Background(), d, &mails, `SELECT COUNT(*) FROM outbox WHERE to_addr = ? AND subject LIKE ?`,
		"applicant1@demo.example", "%"+CovidCall+"-%"); err != nil || mails != 1 {
		t.Errorf("%d receipts to applicant1 (%v), want 1", mails, err)
	}
}

// checkSubmitted: every application past the draft has a reference of the
// call, a snapshot, a total within the call's limits and no problem.
func checkSubmitted(t *testing.T, st *application.Store, c call.Call, apps []application.Application) {
	t.Helper()
	ctx := context.Background()
	lots, err := call.NewStore(st.DB).Lots(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	refs := map[string]bool{}
	for _, a := range apps {
		if a.Status == application.Draft {
			if a.Reference != "" || a.Title == "" || len(a.Budget) == 0 {
				t.Errorf("draft %d: reference %q, title %q, %d budget lines", a.ID, a.Reference, a.Title, len(a.Budget))
			}
			continue
		}
		if !strings.HasPrefix(a.Reference, CovidCall+"-00") || refs[a.Reference] {
			t.Errorf("application %d (%s) has reference %q", a.ID, a.Status, a.Reference)
		}
		refs[a.Reference] = true
		if content, sha, err := st.Snapshot(ctx, a.ID, access.Everything()); err != nil || sha == "" || !strings.Contains(content, a.Title) {
			t.Errorf("application %d: snapshot %q (%v)", a.ID, sha, err)
		}
		if ps := application.Check(a, c, lots, st.Profiles["eu"], time.Now()); len(ps) > 0 {
			t.Errorf("application %d (%s) has problems: %+v", a.ID, a.Status, ps)
		}
		if a.RequestedMinor < c.MinGrantMinor || a.RequestedMinor > c.MaxGrantMinor || a.CofinancingMinor*10 < a.TotalMinor {
			t.Errorf("application %d: requested %d, co-financing %d of %d", a.ID, a.RequestedMinor, a.CofinancingMinor, a.TotalMinor)
		}
	}
}

// checkScreening: ineligible applications tell why, the one awaiting
// information has an open question.
func checkScreening(t *testing.T, st *application.Store, apps []application.Application) {
	t.Helper()
	ctx := context.Background()
	for _, a := range apps {
		switch a.Status {
		case application.Ineligible, application.Eligible:
			sc, err := st.Screening(ctx, a.ID, access.Orgs(a.OrgID))
			if err != nil || sc.Decision == nil || sc.Decision.Eligible != (a.Status == application.Eligible) {
				t.Fatalf("application %d (%s): screening %+v, %v", a.ID, a.Status, sc, err)
			}
			if failed := len(sc.Decision.Reasons); (a.Status == application.Ineligible) != (failed > 0 && sc.Decision.Reasons[0].Reason != "") {
				t.Errorf("application %d (%s) has reasons %+v", a.ID, a.Status, sc.Decision.Reasons)
			}
		case application.InfoRequested:
			r, err := st.OpenRequest(ctx, a.ID, access.Orgs(a.OrgID))
			if err != nil || len(r.Questions) != 1 || r.Questions[0].Question != demoQuestion {
				t.Errorf("application %d: open request %+v, %v", a.ID, r, err)
			}
		case application.Withdrawn:
			if a.WithdrawnAt == nil || a.WithdrawalReason == "" {
				t.Errorf("withdrawn application %d: at %v, reason %q", a.ID, a.WithdrawnAt, a.WithdrawalReason)
			}
		}
	}
}

// checkFiles: every application past the draft has the call's three
// required documents, each a stored PDF whose SHA-256 is the recorded one.
func checkFiles(t *testing.T, files *upload.Store, apps []application.Application) {
	t.Helper()
	for _, a := range apps {
		if a.Status == application.Draft {
			continue
		}
		if len(a.Attachments) != 3 || len(a.RequiredDocuments) != 3 {
			t.Errorf("application %d has %d attachments for %d required documents", a.ID, len(a.Attachments), len(a.RequiredDocuments))
		}
		for _, at := range a.Attachments {
			f, err := files.Open(at.StoredName)
			if err != nil {
				t.Errorf("application %d, %s: %v", a.ID, at.DocType, err)
				continue
			}
			b, _ := io.ReadAll(f)
			f.Close()
			sum := sha256.Sum256(b)
			if !strings.HasPrefix(string(b), "%PDF-") || hex.EncodeToString(sum[:]) != at.SHA256 || int64(len(b)) != at.Size {
				t.Errorf("application %d, %s: stored file of %d bytes does not match %+v", a.ID, at.DocType, len(b), at)
			}
		}
	}
}
