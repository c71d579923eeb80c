package bulk_test

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/bulk"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
)

// env is a published call with an applicant organisation, an officer and
// the bulk store with the screening action.
type env struct {
	d       *db.DB
	apps    *application.Store
	bulk    *bulk.Store
	fx      apptest.Fixture
	org     auth.Org
	user    auth.User // the applicant
	officer auth.User
}

func setup(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	profiles, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{d: d, fx: apptest.Call(t, d, apptest.Spec{}), apps: application.NewStore(d, profiles, cat)}
	e.bulk = bulk.NewStore(d, map[string]bulk.Action{bulk.KindScreening: bulk.ScreeningAction(e.apps)})
	as := auth.NewStore(d)
	if e.org, err = as.CreateOrg(ctx, "Shoqata Jeta", "ngo"); err != nil {
		t.Fatal(err)
	}
	if e.user, err = as.CreateUser(ctx, auth.NewUser{Email: "a@test.example", Name: "Arta", Role: auth.Applicant, Lang: "en",
		Password: "correct horse battery staple"}); err != nil {
		t.Fatal(err)
	}
	if err := as.AddMember(ctx, e.user.ID, e.org.ID); err != nil {
		t.Fatal(err)
	}
	if e.officer, err = as.CreateUser(ctx, auth.NewUser{Email: "po@test.example", Name: "Officer", Role: auth.ProgramOfficer,
		Lang: "en", Password: "correct horse battery staple"}); err != nil {
		t.Fatal(err)
	}
	return e
}

// officerScope is the program officer's scope (every row).
func (e *env) officerScope() access.Scope {
	return access.For(access.Principal{UserID: e.officer.ID, Role: string(auth.ProgramOfficer)}, access.Any)
}

// submitted creates n valid applications of the organisation to the
// call and submits them.
func (e *env) submitted(t *testing.T, n int) []application.Application {
	t.Helper()
	ctx := context.Background()
	in, err := apptest.ValidForm().Parse("sq", e.apps.Profiles["eu"])
	if err != nil {
		t.Fatal(err)
	}
	var out []application.Application
	for range n {
		a, err := e.apps.Create(ctx, access.Orgs(e.org.ID),
			application.NewDraft{CallID: e.fx.Call.ID, LotID: e.fx.Lots[0].ID, OrgID: e.org.ID, UserID: e.user.ID})
		if err != nil {
			t.Fatalf("create: %v", err)
		}
		if _, err := e.apps.Update(ctx, a.ID, access.Orgs(e.org.ID), e.user.ID, in); err != nil {
			t.Fatalf("update: %v", err)
		}
		if _, err := e.apps.Submit(ctx, a.ID, access.Orgs(e.org.ID),
			application.Submitter{UserID: e.user.ID, Name: e.user.Name, Email: e.user.Email, Lang: "en"}); err != nil {
			t.Fatalf("submit: %v", err)
		}
		if a, err = e.apps.Get(ctx, a.ID, access.Everything()); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func ids(as []application.Application) []int64 {
	out := make([]int64, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}

func (e *env) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Get(context.Background(), e.d, &n, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
