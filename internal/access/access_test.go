package access_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/authz"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/review/scoretest"
)

// fixture holds the rows of the table test, each by a short name:
//
//	D1 funds P1 (calls C1, open, and C3, a draft); D2 funds P2 (C2, open);
//	D3 funds P3 (C4, a draft).
//	a1: A in C1 (with an unregistered partner); a2: B in C1 with A as a
//	partner; a3: B in C2; a4: A in C2; a5: A's draft in C1 (not submitted); a6: B's draft in
//	C1, withdrawn unsubmitted.
//	ev1 is assigned a1 (declared no conflict), a3 (not declared) and a4
//	(removed after declaring); ev2 is assigned a2 and declared a conflict;
//	ev3 has nothing.
//	q1 (asked by A) and q2 (by B) are unpublished, q3 (by B) published.
type fixture struct {
	ids   map[string]int64 // row name -> id
	users map[string]auth.User
	orgs  map[string][]int64 // user name -> memberships
}

// name is the name of row id among names (the rows of one table).
func (f fixture) name(names string, id int64) string {
	for _, n := range strings.Fields(names) {
		if f.ids[n] == id {
			return n
		}
	}
	return fmt.Sprint(id)
}

func seed(t *testing.T, d *db.DB) fixture {
	t.Helper()
	ctx := context.Background()
	f := fixture{ids: map[string]int64{}, users: map[string]auth.User{}, orgs: map[string][]int64{}}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(ctx, d, q, args...); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	c1 := apptest.Call(t, d, apptest.Spec{Reference: "C1"})
	c2 := apptest.Call(t, d, apptest.Spec{Reference: "C2"})
	c3 := apptest.Call(t, d, apptest.Spec{Reference: "C3"})
	c4 := apptest.Call(t, d, apptest.Spec{Reference: "C4"})
	f.ids["C1"], f.ids["C2"], f.ids["C3"], f.ids["C4"] = c1.Call.ID, c2.Call.ID, c3.Call.ID, c4.Call.ID
	f.ids["P1"], f.ids["P2"], f.ids["P3"] = c1.Call.ProgrammeID, c2.Call.ProgrammeID, c4.Call.ProgrammeID
	f.ids["D1"], f.ids["D2"], f.ids["D3"] = c1.Call.DonorOrgID, c2.Call.DonorOrgID, c4.Call.DonorOrgID
	// C3 joins P1 as a draft; its own programme and donor go.
	exec(`UPDATE calls SET programme_id = ?, state = 'draft', published_at = NULL WHERE id = ?`, f.ids["P1"], f.ids["C3"])
	exec(`DELETE FROM programmes WHERE id = ?`, c3.Call.ProgrammeID)
	exec(`DELETE FROM organisations WHERE id = ?`, c3.Call.DonorOrgID)
	exec(`UPDATE calls SET state = 'draft', published_at = NULL WHERE id = ?`, f.ids["C4"])

	f.ids["A"], f.ids["B"] = scoretest.Org(t, d, "A"), scoretest.Org(t, d, "B")
	app := func(name string, c apptest.Fixture, org string) {
		f.ids[name] = scoretest.App(t, d, c.Call.ID, c.Lots[0].ID, f.ids[org], "full", "eligible", name)
	}
	app("a1", c1, "A")
	app("a2", c1, "B")
	app("a3", c2, "B")
	app("a4", c2, "A")
	// a5: A's draft in C1, never submitted: A's alone.
	app("a5", c1, "A")
	exec(`UPDATE applications SET status = 'draft', submitted_at = NULL WHERE id = ?`, f.ids["a5"])
	// a6: B's draft in C1, withdrawn before it was ever submitted: B's alone.
	app("a6", c1, "B")
	exec(`UPDATE applications SET status = 'withdrawn', submitted_at = NULL, withdrawn_at = ? WHERE id = ?`, db.Now(), f.ids["a6"])
	exec(`INSERT INTO application_partners (application_id, position, org_id, name, role, share_minor)
		VALUES (?, 1, NULL, 'Unregistered', 'affiliated', 0)`, f.ids["a1"])
	exec(`INSERT INTO application_partners (application_id, position, org_id, name, role, share_minor)
		VALUES (?, 1, ?, 'A', 'co_applicant', 0)`, f.ids["a2"], f.ids["A"])

	for _, u := range []struct {
		name string
		role auth.Role
		orgs []string
	}{
		{"admin", auth.Admin, nil}, {"officer", auth.ProgramOfficer, nil}, {"finance", auth.FinanceOfficer, nil},
		{"donor", auth.DonorOfficer, []string{"D1"}}, {"applicantA", auth.Applicant, []string{"A"}},
		{"applicantB", auth.Applicant, []string{"B"}}, {"ev1", auth.Evaluator, nil}, {"ev2", auth.Evaluator, nil},
		{"ev3", auth.Evaluator, nil},
	} {
		id := scoretest.User(t, d, u.name, string(u.role))
		f.users[u.name] = auth.User{ID: id, Role: u.role}
		for _, o := range u.orgs {
			exec(`INSERT INTO memberships (user_id, org_id, created_at) VALUES (?, ?, ?)`, id, f.ids[o], db.Now())
			f.orgs[u.name] = append(f.orgs[u.name], f.ids[o])
		}
	}
	ev1, ev2 := f.users["ev1"].ID, f.users["ev2"].ID
	f.ids["ra1"] = scoretest.Assign(t, d, f.ids["a1"], ev1, false, true)
	f.ids["ra3"] = scoretest.Assign(t, d, f.ids["a3"], ev1, false, false)
	f.ids["ra4"] = scoretest.Assign(t, d, f.ids["a4"], ev1, false, true)
	exec(`UPDATE review_assignments SET status = 'removed' WHERE id = ?`, f.ids["ra4"])
	f.ids["ra2"] = scoretest.Assign(t, d, f.ids["a2"], ev2, false, false)
	exec(`INSERT INTO coi_declarations (application_id, user_id, conflict, lang, statement, declared_at)
		VALUES (?, ?, ?, 'en', 'I have a conflict.', ?)`, f.ids["a2"], ev2, true, db.Now())

	question := func(name, org string, published bool) {
		id, err := db.InsertID(ctx, d, `INSERT INTO call_questions (call_id, org_id, asked_by, question, published, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, f.ids["C1"], f.ids[org], f.users["admin"].ID, name, published, db.Now())
		if err != nil {
			t.Fatal(err)
		}
		f.ids[name] = id
	}
	question("q1", "A", false)
	question("q2", "B", false)
	question("q3", "B", true)
	return f
}

// object is one kind of row: the policy object whose view relation builds
// the scope, and the query listing the ids a condition reaches.
type object struct {
	policy string // "" for the public pages' scope
	rows   string // the names of the fixture's rows of the table
	query  func(access.Scope) (string, []any)
}

var objects = map[string]object{
	"applications": {"application", "a1 a2 a3 a4 a5 a6", func(s access.Scope) (string, []any) {
		c, args := s.Applications("a")
		return `SELECT a.id FROM applications a WHERE ` + c, args
	}},
	"organisations": {"organisation", "A B D1 D2 D3", func(s access.Scope) (string, []any) {
		c, args := s.Organisations("o.id")
		return `SELECT o.id FROM organisations o WHERE ` + c, args
	}},
	"found organisations": {"organisation", "A B D1 D2 D3", func(s access.Scope) (string, []any) {
		c, args := s.FoundOrganisations("o.id")
		return `SELECT o.id FROM organisations o WHERE ` + c, args
	}},
	"programmes": {"programme", "P1 P2 P3", func(s access.Scope) (string, []any) {
		c, args := s.Programmes("p")
		return `SELECT p.id FROM programmes p WHERE ` + c, args
	}},
	"calls": {"call", "C1 C2 C3 C4", func(s access.Scope) (string, []any) {
		c, args := s.Calls("c")
		return `SELECT c.id FROM calls c WHERE ` + c, args
	}},
	"public calls": {"", "C1 C2 C3 C4", func(s access.Scope) (string, []any) {
		c, args := s.Calls("c")
		return `SELECT c.id FROM calls c WHERE ` + c, args
	}},
	"public call drafts": {"", "C1 C2 C3 C4", func(s access.Scope) (string, []any) {
		c, args := s.CallDrafts("c")
		return `SELECT c.id FROM calls c WHERE ` + c, args
	}},
	"questions": {"", "q1 q2 q3", func(s access.Scope) (string, []any) {
		c, args := s.Questions("q")
		return `SELECT q.id FROM call_questions q WHERE ` + c, args
	}},
	"rankings": {"ranking", "C1 C2 C3 C4", func(s access.Scope) (string, []any) {
		c, args := s.Rankings("c")
		return `SELECT c.id FROM calls c WHERE ` + c, args
	}},
	"letters": {"award", "a1 a2 a3 a4 a5 a6", func(s access.Scope) (string, []any) {
		c, args := s.Letters("a")
		return `SELECT a.id FROM applications a WHERE ` + c, args
	}},
	"application audits": {"audit", "a1 a2 a3 a4 a5 a6", func(s access.Scope) (string, []any) {
		c, args := s.AuditObject("application", "a.id")
		return `SELECT a.id FROM applications a WHERE ` + c, args
	}},
	"organisation audits": {"audit", "A B D1 D2 D3", func(s access.Scope) (string, []any) {
		c, args := s.AuditObject("organisation", "o.id")
		return `SELECT o.id FROM organisations o WHERE ` + c, args
	}},
	"reviews": {"review", "ra1 ra2 ra3 ra4", func(s access.Scope) (string, []any) {
		c, args := s.Reviews("ra")
		return `SELECT ra.id FROM review_assignments ra WHERE ` + c, args
	}},
}

// reach is the table: for each principal and object, the relation the
// policy grants (view) and the rows the scope reaches. "-" is denied.
var reach = []struct {
	who, object string
	rel         access.Relation
	want        string
}{
	{"admin", "applications", access.Any, "a1 a2 a3 a4"},
	{"officer", "applications", access.Any, "a1 a2 a3 a4"},
	{"finance", "applications", access.Any, "a1 a2 a3 a4"},
	{"donor", "applications", access.OwnOrg, "a1 a2"},
	{"applicantA", "applications", access.OwnOrg, "a1 a2 a4 a5"},
	{"applicantB", "applications", access.OwnOrg, "a2 a3 a6"},
	{"ev1", "applications", access.Assigned, "a1"},
	{"ev2", "applications", access.Assigned, ""},
	{"ev3", "applications", access.Assigned, ""},
	{"visitor", "applications", "-", ""},

	{"admin", "organisations", access.Any, "A B D1 D2 D3"},
	{"donor", "organisations", access.Any, "A B D1 D2 D3"},
	{"applicantA", "organisations", access.OwnOrg, "A"},
	{"applicantB", "organisations", access.OwnOrg, "B"},
	{"ev1", "organisations", access.Assigned, "A"},
	{"ev2", "organisations", access.Assigned, ""},
	{"ev3", "organisations", access.Assigned, ""},

	// What the search box lists (internal/search): a donor officer, who
	// opens every profile, finds its own and its programmes' applicants.
	{"admin", "found organisations", access.Any, "A B D1 D2 D3"},
	{"finance", "found organisations", access.Any, "A B D1 D2 D3"},
	{"donor", "found organisations", access.Any, "A B D1"},
	{"applicantA", "found organisations", access.OwnOrg, "A"},
	{"ev1", "found organisations", access.Assigned, "A"},
	{"ev3", "found organisations", access.Assigned, ""},

	{"officer", "programmes", access.Any, "P1 P2 P3"},
	{"finance", "programmes", access.Any, "P1 P2 P3"},
	{"donor", "programmes", access.OwnOrg, "P1"},
	{"applicantA", "programmes", "-", ""},
	{"ev1", "programmes", "-", ""},

	{"admin", "calls", access.Any, "C1 C2 C3 C4"},
	{"finance", "calls", access.Any, "C1 C2 C3 C4"},
	{"donor", "calls", access.OwnOrg, "C1 C3"},
	{"applicantA", "calls", access.Any, "C1 C2"},
	{"ev1", "calls", access.Assigned, "C1"},
	{"ev2", "calls", access.Assigned, ""},

	{"visitor", "public calls", access.Any, "C1 C2"},
	{"applicantA", "public calls", access.Any, "C1 C2"},
	{"ev1", "public calls", access.Any, "C1 C2"},
	{"donor", "public calls", access.Any, "C1 C2 C3"},
	{"officer", "public calls", access.Any, "C1 C2 C3 C4"},
	{"visitor", "public call drafts", access.Any, ""},
	{"donor", "public call drafts", access.Any, "C1 C3"},
	{"finance", "public call drafts", access.Any, "C1 C2 C3 C4"},

	{"admin", "questions", access.Any, "q1 q2 q3"},
	{"officer", "questions", access.Any, "q1 q2 q3"},
	{"finance", "questions", access.Any, "q3"},
	{"applicantA", "questions", access.Any, "q1 q3"},
	{"applicantB", "questions", access.Any, "q2 q3"},
	{"donor", "questions", access.Any, "q3"},
	{"visitor", "questions", access.Any, "q3"},

	{"officer", "rankings", access.Any, "C1 C2 C3 C4"},
	{"donor", "rankings", access.OwnOrg, "C1 C3"},
	{"applicantA", "rankings", "-", ""},
	{"ev1", "rankings", "-", ""},

	{"finance", "letters", access.Any, "a1 a2 a3 a4"},
	{"donor", "letters", access.OwnOrg, "a1 a2"},
	{"applicantA", "letters", access.OwnOrg, "a1 a4 a5"},
	{"applicantB", "letters", access.OwnOrg, "a2 a3 a6"},
	{"ev1", "letters", "-", ""},

	{"officer", "reviews", access.Any, "ra1 ra2 ra3 ra4"},
	{"finance", "reviews", "-", ""},
	{"ev1", "reviews", access.Assigned, "ra1"},
	{"ev2", "reviews", access.Assigned, ""},
	{"ev3", "reviews", access.Assigned, ""},
	{"donor", "reviews", "-", ""},
	// The audit of an object: staff every one; a donor only its
	// programmes' applications (and grants); applicants and evaluators none.
	{"admin", "application audits", access.Any, "a1 a2 a3 a4 a5 a6"},
	{"officer", "application audits", access.Any, "a1 a2 a3 a4 a5 a6"},
	{"finance", "application audits", access.Any, "a1 a2 a3 a4 a5 a6"},
	{"donor", "application audits", access.OwnOrg, "a1 a2"},
	{"applicantA", "application audits", "-", ""},
	{"ev1", "application audits", "-", ""},
	{"officer", "organisation audits", access.Any, "A B D1 D2 D3"},
	{"donor", "organisation audits", access.OwnOrg, ""},
}

func TestReach(t *testing.T) {
	enf, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := seed(t, d)
		ids := func(o object, sc access.Scope) string {
			t.Helper()
			q, args := o.query(sc)
			var got []int64
			if err := db.Select(context.Background(), d, &got, q, args...); err != nil {
				t.Fatalf("%v\n%s", err, q)
			}
			names := []string{}
			for _, id := range got {
				names = append(names, f.name(o.rows, id))
			}
			sort.Strings(names)
			return strings.Join(names, " ")
		}
		for _, tc := range reach {
			o := objects[tc.object]
			p := access.Principal{}
			if u, ok := f.users[tc.who]; ok {
				p = access.NewPrincipal(u.ID, string(u.Role), f.orgs[tc.who], func(obj, act string) (access.Relation, bool) {
					rel, err := enf.Scope(string(u.Role), obj, act)
					return access.Relation(rel), err == nil
				})
			}
			var sc access.Scope
			rel := access.Relation("-")
			switch {
			case o.policy == "":
				sc, rel = access.Public(p), access.Any
			case p.UserID != 0:
				if r, err := enf.Scope(p.Role, o.policy, "view"); err == nil {
					rel = access.Relation(r)
				}
				sc = access.For(p, rel)
			}
			if rel != tc.rel {
				t.Errorf("%s on %s: the policy grants %q, the table says %q", tc.who, tc.object, rel, tc.rel)
			}
			if got := ids(o, sc); got != tc.want {
				t.Errorf("%s reaches %s {%s}, want {%s}", tc.who, tc.object, got, tc.want)
			}
		}

		// A relation the policy did not grant reaches nothing, whoever asks.
		for who, u := range f.users {
			p := access.NewPrincipal(u.ID, string(u.Role), f.orgs[who], func(obj, act string) (access.Relation, bool) {
				rel, err := enf.Scope(string(u.Role), obj, act)
				return access.Relation(rel), err == nil
			})
			for name, o := range objects {
				if got := ids(o, access.For(p, "")); got != "" {
					t.Errorf("%s reaches %s {%s} with no relation granted", who, name, got)
				}
			}
		}

		// Un-assigning takes effect at the next query: nothing is cached.
		ev1 := access.NewPrincipal(f.users["ev1"].ID, string(auth.Evaluator), nil, func(string, string) (access.Relation, bool) { return "", false })
		if _, err := db.Exec(context.Background(), d, `UPDATE review_assignments SET status = 'removed' WHERE id = ?`, f.ids["ra1"]); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"applications", "organisations", "calls", "reviews"} {
			if got := ids(objects[name], access.For(ev1, access.Assigned)); got != "" {
				t.Errorf("after un-assigning, ev1 still reaches %s {%s}", name, got)
			}
		}
	})
}

// TestRelationsMatchAuthz keeps access's relation names those of the policy.
func TestRelationsMatchAuthz(t *testing.T) {
	got := []access.Relation{access.Any, access.OwnOrg, access.Assigned}
	for i, r := range authz.Relations {
		if string(r) != string(got[i]) {
			t.Errorf("relation %d: access %q, authz %q", i, got[i], r)
		}
	}
	if !slices.Contains(auth.Roles, auth.Role(access.DonorOfficer)) {
		t.Errorf("access.DonorOfficer %q is not a role", access.DonorOfficer)
	}
}

// TestCanWriteFor: only an applicant's own organisations, or staff, act.
func TestCanWriteFor(t *testing.T) {
	for _, tc := range []struct {
		name string
		sc   access.Scope
		org  int64
		want bool
	}{
		{"staff", access.Everything(), 7, true},
		{"own organisation", access.Orgs(7), 7, true},
		{"another organisation", access.Orgs(7), 8, false},
		{"donor officer", access.Donor(7), 7, false},
		{"evaluator", access.Evaluator(1), 7, false},
		{"public pages", access.Public(access.Principal{OrgIDs: []int64{7}}), 7, false},
		{"nothing", access.Scope{}, 7, false},
	} {
		if got := tc.sc.CanWriteFor(tc.org); got != tc.want {
			t.Errorf("%s: CanWriteFor(%d) = %v, want %v", tc.name, tc.org, got, tc.want)
		}
	}
}

// TestDraftsAreCountsOnly: staff and donor officers list no draft, yet
// count the drafts they would reach once submitted; an applicant lists
// and counts its own drafts only; Everything lists them all.
func TestDraftsAreCountsOnly(t *testing.T) {
	enf, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := seed(t, d)
		scope := func(who string) access.Scope {
			u := f.users[who]
			p := access.NewPrincipal(u.ID, string(u.Role), f.orgs[who], func(obj, act string) (access.Relation, bool) {
				rel, err := enf.Scope(string(u.Role), obj, act)
				return access.Relation(rel), err == nil
			})
			rel, err := enf.Scope(p.Role, "application", "view")
			if err != nil {
				t.Fatal(err)
			}
			return access.For(p, access.Relation(rel))
		}
		count := func(c string, args []any) int {
			t.Helper()
			var n int
			if err := db.Get(context.Background(), d, &n, `SELECT COUNT(*) FROM applications a WHERE `+c, args...); err != nil {
				t.Fatalf("%v\n%s", err, c)
			}
			return n
		}
		listedApp := func(sc access.Scope, name string) bool {
			c, args := sc.Applications("a")
			return count(c+" AND a.id = ?", append(args, f.ids[name])) == 1
		}
		listed := func(sc access.Scope) bool { return listedApp(sc, "a5") }
		for _, tc := range []struct {
			who    string
			listed bool
			drafts int
		}{
			{"admin", false, 1}, {"officer", false, 1}, {"finance", false, 1}, {"donor", false, 1},
			{"applicantA", true, 1}, {"applicantB", false, 0}, {"ev1", false, 0},
		} {
			sc := scope(tc.who)
			if got := listed(sc); got != tc.listed {
				t.Errorf("%s lists the draft a5: %v, want %v", tc.who, got, tc.listed)
			}
			if got, want := listedApp(sc, "a6"), tc.who == "applicantB"; got != want {
				t.Errorf("%s lists a6, withdrawn unsubmitted: %v, want %v", tc.who, got, want)
			}
			if got := count(sc.DraftCount("a")); got != tc.drafts {
				t.Errorf("%s counts %d drafts, want %d", tc.who, got, tc.drafts)
			}
		}
		// D2's donor officer funds C2 only: no draft to count there.
		if got := count(access.Donor(f.ids["D2"]).DraftCount("a")); got != 0 {
			t.Errorf("D2's donor counts %d drafts, want 0", got)
		}
		if !listed(access.Everything()) {
			t.Error("Everything does not list the draft a5")
		}
		// Once submitted, the officer reads it.
		if _, err := db.Exec(context.Background(), d, `UPDATE applications SET status = 'submitted', submitted_at = ? WHERE id = ?`,
			db.Now(), f.ids["a5"]); err != nil {
			t.Fatal(err)
		}
		if !listed(scope("officer")) || !listed(scope("donor")) {
			t.Error("a submitted a5 is not listed to the officer and the donor")
		}
	})
}
