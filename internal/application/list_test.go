package application_test

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// Applicants list their organisation's applications and those naming it a
// partner (read-only); filters, search and sorting narrow the list.
func TestListScopeAndFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := setup(t, d, apptest.Spec{})
		other, _ := auth.NewStore(d).CreateOrg(ctx, "Gruaja Aktive", "ngo")
		third, _ := auth.NewStore(d).CreateOrg(ctx, "Third", "ngo")
		mine := e.fill(t, e.draft(t, e.org.ID), apptest.ValidForm())
		f := apptest.ValidForm()
		f.Title, f.Municipalities, f.TargetGroups = "Strehim për viktimat", []string{"XK-FERIZAJ"}, []application.TargetGroup{{Code: "domestic_violence_victims", Beneficiaries: 12}}
		f.Partners = []application.PartnerForm{{OrgID: &e.org.ID, Role: "co_applicant", Share: "1.000"}}
		theirs := e.fill(t, e.draft(t, other.ID), f)
		e.draft(t, third.ID)

		list := func(f application.Filter, sc access.Scope) []int64 {
			t.Helper()
			p, err := e.st.List(ctx, f, sc)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, a := range p.Items {
				ids = append(ids, a.ID)
			}
			return ids
		}
		if got := list(application.Filter{Sort: "title"}, access.Orgs(e.org.ID)); len(got) != 2 || got[0] != mine.ID || got[1] != theirs.ID {
			t.Errorf("own scope sorted by title = %v", got)
		}
		if got := list(application.Filter{}, access.Orgs(other.ID)); len(got) != 1 || got[0] != theirs.ID {
			t.Errorf("other's scope = %v", got)
		}
		if got := list(application.Filter{}, access.Everything()); len(got) != 3 {
			t.Errorf("officer sees %v", got)
		}
		for name, fl := range map[string]application.Filter{
			"municipality": {Municipality: "XK-FERIZAJ"}, "target group": {TargetGroup: "domestic_violence_victims"},
			"search title": {Query: "STREHIM"}, "search org": {Query: "gruaja"},
		} {
			if got := list(fl, access.Everything()); len(got) != 1 || got[0] != theirs.ID {
				t.Errorf("%s: %v", name, got)
			}
		}
		if got := list(application.Filter{Query: "%"}, access.Everything()); len(got) != 0 {
			t.Errorf("a %% search matched %v", got)
		}
		p, _ := e.st.List(ctx, application.Filter{PerPage: 2, Page: 2, Sort: "-created"}, access.Everything())
		if p.Total != 3 || len(p.Items) != 1 {
			t.Errorf("page 2 of 2 a page: total %d, %d items", p.Total, len(p.Items))
		}
		if _, err := e.st.Get(ctx, theirs.ID, access.Orgs(e.org.ID)); err != nil {
			t.Errorf("partner cannot read: %v", err)
		}
		in, _ := apptest.ValidForm().Parse("sq", e.st.Profiles["eu"])
		if _, err := e.st.Update(ctx, theirs.ID, access.Orgs(e.org.ID), e.user.ID, in); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("partner edits: %v", err)
		}
		if _, err := e.st.Get(ctx, mine.ID, access.Orgs(third.ID)); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("outsider reads: %v", err)
		}
		if _, err := e.st.Create(ctx, access.Orgs(e.org.ID), application.NewDraft{CallID: e.fx.Call.ID,
			LotID: e.fx.Lots[0].ID, OrgID: third.ID}); apperr.As(err).Fields["organisation_id"] == "" {
			t.Errorf("creating for another organisation: %v", err)
		}
	})
}

// The call's maximum per organisation and the invitation to the full stage.
func TestCreationRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := setup(t, d, apptest.Spec{MaxPerOrg: 1, TwoStage: true})
		sc := access.Orgs(e.org.ID)
		nd := application.NewDraft{CallID: e.fx.Call.ID, LotID: e.fx.Lots[0].ID, OrgID: e.org.ID, UserID: e.user.ID}
		first, err := e.st.Create(ctx, sc, nd)
		if err != nil || first.Stage != application.Concept {
			t.Fatalf("concept note: %+v %v", first.Stage, err)
		}
		if _, err := e.st.Create(ctx, sc, nd); apperr.As(err).Key != "applications.error.max_per_org" {
			t.Errorf("second concept note: %v", err)
		}
		full := nd
		full.Stage = application.Full
		if _, err := e.st.Create(ctx, sc, full); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("full application without invitation: %v", err)
		}
		if err := e.st.Invite(ctx, e.fx.Call.ID, e.org.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.st.Invite(ctx, e.fx.Call.ID, e.org.ID); err != nil {
			t.Fatalf("inviting twice: %v", err)
		}
		if a, err := e.st.Create(ctx, sc, full); err != nil || a.Stage != application.Full {
			t.Errorf("invited full application: %v", err)
		}
		wrongLot := nd
		wrongLot.LotID = 999999
		if _, err := e.st.Create(ctx, sc, wrongLot); apperr.As(err).Fields["lot_id"] == "" {
			t.Errorf("unknown lot: %v", err)
		}
	})
}
