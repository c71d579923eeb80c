package demo

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db/dbtest"
)

const password = "demo-test-password"

// wantRoles is the demo's role per login, written out rather than read from
// Accounts so that a changed table fails here.
var wantRoles = map[string]auth.Role{
	"admin@demo.example":        auth.Admin,
	"officer@demo.example":      auth.ProgramOfficer,
	"finance@demo.example":      auth.FinanceOfficer,
	"donor@demo.example":        auth.DonorOfficer,
	"evaluator1@demo.example":   auth.Evaluator,
	"evaluator2@demo.example":   auth.Evaluator,
	"evaluator3@demo.example":   auth.Evaluator,
	"applicant1@demo.example":   auth.Applicant,
	"applicant2@demo.example":   auth.Applicant,
	"applicant3@demo.example":   auth.Applicant,
	"donor-undp@demo.example":   auth.DonorOfficer,
	"donor-unicef@demo.example": auth.DonorOfficer,
}

// checkDemo compares the database with the demo's organisations, accounts,
// roles and memberships.
func checkDemo(t *testing.T, store *auth.Store) {
	t.Helper()
	ctx := context.Background()
	orgs, err := store.ListOrgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	kindOf := map[string]string{}
	for _, o := range orgs {
		kindOf[o.Name] = o.Kind
	}
	// The seven organisations of the accounts; the demo adds more NGOs
	// and municipalities without members for the directory of services.
	kinds := map[string]int{}
	for _, o := range Organisations {
		if kindOf[o.Name] != o.Kind {
			t.Errorf("organisation %q has kind %q, want %q", o.Name, kindOf[o.Name], o.Kind)
		}
		kinds[o.Kind]++
	}
	if len(Organisations) != 7 || kinds["ngo"] != 3 || kinds["intermediary"] != 1 || kinds["donor"] != 3 {
		t.Errorf("demo organisations = %+v, want 1 intermediary, 3 donors and 3 NGOs", Organisations)
	}
	accountOrgs := map[int64]bool{}
	for _, o := range orgs {
		for _, want := range Organisations {
			if o.Name == want.Name {
				accountOrgs[o.ID] = true
			}
		}
	}
	users, err := store.ListUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != len(wantRoles) {
		t.Errorf("%d users, want %d", len(users), len(wantRoles))
	}
	applicantOrgs := map[int64]string{}
	for _, u := range users {
		want, ok := wantRoles[u.Email]
		if !ok || u.Role != want {
			t.Errorf("%s has role %q, want %q", u.Email, u.Role, want)
		}
		mine, err := store.OrgsOf(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range mine {
			if !accountOrgs[o.ID] {
				t.Errorf("%s belongs to %q, not one of the demo's own organisations", u.Email, o.Name)
			}
		}
		switch u.Role {
		case auth.Applicant:
			if len(mine) != 1 || mine[0].Kind != "ngo" {
				t.Errorf("applicant %s belongs to %+v, want exactly one NGO", u.Email, mine)
				continue
			}
			if other, dup := applicantOrgs[mine[0].ID]; dup {
				t.Errorf("applicants %s and %s share the NGO %q", other, u.Email, mine[0].Name)
			}
			applicantOrgs[mine[0].ID] = u.Email
		case auth.Evaluator:
			if len(mine) != 0 {
				t.Errorf("evaluator %s belongs to %+v, want no organisation", u.Email, mine)
			}
		case auth.DonorOfficer:
			if len(mine) != 1 || mine[0].Kind != "donor" {
				t.Errorf("donor officer %s belongs to %+v, want the donor", u.Email, mine)
			}
		default:
			if len(mine) != 1 || mine[0].Kind != "intermediary" {
				t.Errorf("%s (%s) belongs to %+v, want the intermediary", u.Email, u.Role, mine)
			}
		}
	}
	if len(applicantOrgs) != 3 {
		t.Errorf("applicants are in %d different NGOs, want 3", len(applicantOrgs))
	}
}

// A password the account rules refuse stops the seed with an error.
func TestSeedRefusesShortPassword(t *testing.T) {
	d := dbtest.SQLite(t)
	if _, err := Seed(context.Background(), d, "short", false); err == nil {
		t.Fatal("seed with a 5-character password succeeded")
	}
}

// PrintLogins lists every demo login with its role and the password.
func TestPrintLogins(t *testing.T) {
	var b bytes.Buffer
	PrintLogins(&b, Result{CreatedOrgs: 59, CreatedUsers: 10}, password)
	out := b.String()
	for email, role := range wantRoles {
		if !strings.Contains(out, email) || !strings.Contains(out, string(role)) {
			t.Errorf("logins lack %s (%s):\n%s", email, role, out)
		}
	}
	if !strings.Contains(out, password) || !strings.Contains(out, "10 accounts created") {
		t.Errorf("logins = %q", out)
	}
	b.Reset()
	PrintLogins(&b, Result{Skipped: true}, password)
	if !strings.Contains(b.String(), "not seeded") {
		t.Errorf("skipped seed output = %q", b.String())
	}
}
