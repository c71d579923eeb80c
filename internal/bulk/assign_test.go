package bulk_test

import (
	"context"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/bulk"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/review"
)

// eligible makes the applications eligible through the single decision.
func (e *env) eligible(t *testing.T, as []application.Application) {
	t.Helper()
	var all []application.PointInput
	for _, code := range application.DefaultPoints {
		all = append(all, application.PointInput{Code: code, Result: application.Passed})
	}
	for _, a := range as {
		if err := e.apps.RecordPoints(context.Background(), a.ID, e.officerScope(), e.officer.ID, all); err != nil {
			t.Fatal(err)
		}
		if err := e.apps.Decide(context.Background(), a.ID, e.officerScope(), e.officer.ID, true); err != nil {
			t.Fatal(err)
		}
	}
}

// evaluator creates an evaluator on the call's committee, a member of
// orgID when it is not 0.
func (e *env) evaluator(t *testing.T, rs *review.Store, email string, orgID int64) auth.User {
	t.Helper()
	ctx := context.Background()
	as := auth.NewStore(e.d)
	u, err := as.CreateUser(ctx, auth.NewUser{Email: email, Name: "Eval " + email, Role: auth.Evaluator, Lang: "en",
		Password: "correct horse battery staple"})
	if err != nil {
		t.Fatal(err)
	}
	if orgID != 0 {
		if err := as.AddMember(ctx, u.ID, orgID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := rs.AddMember(ctx, e.fx.Call.ID, review.MemberInput{UserID: u.ID, Role: review.Voting, Languages: []string{"sq", "en"}},
		e.officer.ID); err != nil {
		t.Fatal(err)
	}
	return u
}

// One evaluator assigned to many applications in one action: eligible
// ones get the assignment, an application not yet eligible and one
// already assigned fail with the override's own reasons; an evaluator of
// the applicant's organisation is refused on every item (separation of
// duties); someone off the committee is refused before any job exists.
func TestBulkAssign(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		ctx := context.Background()
		profiles, _ := donor.Load()
		rs := review.NewStore(d, profiles)
		e.bulk.Actions[bulk.KindAssign] = bulk.AssignAction(e.apps, rs)
		as := e.submitted(t, 4)
		e.eligible(t, as[:3])
		ev := e.evaluator(t, rs, "ev@test.example", 0)
		if _, err := rs.AddAssignment(ctx, as[2].ID, ev.ID, e.officer.ID); err != nil {
			t.Fatal(err)
		}
		run := func(userID int64) []bulk.Item {
			t.Helper()
			targets, err := bulk.CallTargets(ctx, e.apps, e.officerScope(), e.fx.Call.ID, ids(as))
			if err != nil {
				t.Fatal(err)
			}
			p, err := bulk.CheckAssign(ctx, rs, e.fx.Call.ID, userID)
			if err != nil {
				t.Fatal(err)
			}
			j, err := e.bulk.Prepare(ctx, e.officerScope(), bulk.KindAssign, e.fx.Call.ID, p, targets)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.bulk.Confirm(ctx, j.ID, e.officerScope(), j.Token); err != nil {
				t.Fatal(err)
			}
			if err := e.bulk.Work(ctx, j.ID); err != nil {
				t.Fatal(err)
			}
			items, err := e.bulk.Items(ctx, j.ID)
			if err != nil {
				t.Fatal(err)
			}
			return items
		}
		var got []string
		for _, it := range run(ev.ID) {
			got = append(got, it.Status+":"+it.ErrorKey)
		}
		want := "done:,done:,failed:committee.error.already_assigned,failed:committee.error.not_eligible"
		if strings.Join(got, ",") != want {
			t.Errorf("outcomes %v, want %s", got, want)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM review_assignments WHERE user_id = ? AND status = 'active'`, ev.ID); n != 3 {
			t.Errorf("%d active assignments, want 3", n)
		}
		insider := e.evaluator(t, rs, "insider@test.example", e.org.ID)
		for _, it := range run(insider.ID) {
			if it.Status != bulk.ItemFailed {
				t.Errorf("insider assigned to %s", it.Label)
			}
		}
		if n := e.count(t, `SELECT COUNT(*) FROM review_assignments WHERE user_id = ?`, insider.ID); n != 0 {
			t.Errorf("insider has %d assignments", n)
		}
		if _, err := bulk.CheckAssign(ctx, rs, e.fx.Call.ID, e.user.ID); apperr.As(err).Fields["user_id"] != "bulk.error.evaluator" {
			t.Errorf("applicant as evaluator: %v", err)
		}
	})
}
