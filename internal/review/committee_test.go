package review_test

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/review"
)

// The committee: staff chair and secretary, evaluators as voting members
// with the languages they read; one chair; no removal with active work.
func TestCommitteeMembers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newCmtFix(t, d)
		ev, applicant := f.user(t, "evaluator", "sq"), f.user(t, "applicant", "sq")
		other := f.user(t, "program_officer", "sq")
		field := func(err error, name string) string { return apperr.As(err).Fields[name] }
		cases := []struct {
			in          review.MemberInput
			field, want string
		}{
			{review.MemberInput{UserID: ev, Role: review.Chair}, "user_id", "committee.error.staff_only"},
			{review.MemberInput{UserID: f.officer, Role: review.Voting, Languages: []string{"sq"}}, "user_id", "committee.error.evaluator_only"},
			{review.MemberInput{UserID: applicant, Role: review.Secretary}, "user_id", "committee.error.staff_only"},
			{review.MemberInput{UserID: ev, Role: "boss"}, "role", "committee.error.role"},
			{review.MemberInput{UserID: ev, Role: review.Voting}, "languages", "committee.error.languages_required"},
			{review.MemberInput{UserID: ev, Role: review.Voting, Languages: []string{"fr"}}, "languages", "committee.error.languages"},
			{review.MemberInput{UserID: 999999, Role: review.Voting, Languages: []string{"sq"}}, "user_id", "committee.error.user"},
		}
		for _, c := range cases {
			if _, err := f.st.AddMember(ctx, f.callID, c.in, f.officer); field(err, c.field) != c.want {
				t.Errorf("%+v: %v, want %s on %s", c.in, err, c.want, c.field)
			}
		}
		if m, err := f.st.AddMember(ctx, f.callID, review.MemberInput{UserID: f.officer, Role: review.Chair}, f.officer); err != nil || m.Role != review.Chair {
			t.Fatalf("chair: %+v %v", m, err)
		}
		if _, err := f.st.AddMember(ctx, f.callID, review.MemberInput{UserID: other, Role: review.Chair}, f.officer); field(err, "role") != "committee.error.chair_taken" {
			t.Errorf("second chair: %v", err)
		}
		m, err := f.st.AddMember(ctx, f.callID, review.MemberInput{UserID: ev, Role: review.Voting, Languages: []string{"sr", "sq"}}, f.officer)
		if err != nil || m.Languages != "sq,sr" {
			t.Fatalf("voting member: %+v %v", m, err)
		}
		if _, err := f.st.AddMember(ctx, f.callID, review.MemberInput{UserID: ev, Role: review.Voting, Languages: []string{"sq"}}, f.officer); field(err, "user_id") != "committee.error.already_member" {
			t.Errorf("twice: %v", err)
		}
		ms, err := f.st.Members(ctx, f.callID)
		if err != nil || len(ms) != 2 || ms[0].Role != review.Chair || ms[1].UserID != ev {
			t.Errorf("members %+v %v", ms, err)
		}
		if ok, _ := f.st.IsCommitteeChair(ctx, f.callID, f.officer); !ok {
			t.Error("the chair is not the chair")
		}
		app := f.app(t, f.org(t, "O"), "eligible", "sq")
		a, err := f.st.AddAssignment(ctx, app, ev, f.officer)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.st.RemoveMember(ctx, f.callID, ev); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("remove with active work: %v", err)
		}
		if _, err := f.st.RemoveAssignment(ctx, a.ID, "done", f.officer); err != nil {
			t.Fatal(err)
		}
		if err := f.st.RemoveMember(ctx, f.callID, ev); err != nil {
			t.Errorf("remove: %v", err)
		}
		if err := f.st.RemoveMember(ctx, f.callID, ev); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("remove twice: %v", err)
		}
	})
}
