package application_test

import (
	"context"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// Ask → info_requested; only the named sections may change; answers →
// submitted with a new version, the submission snapshot unchanged.
func TestInfoRequestFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d, apptest.Spec{})
		ctx := context.Background()
		a := e.submitted(t)
		all, own := access.Everything(), access.Orgs(e.org.ID)
		origContent, origSHA, err := e.st.Snapshot(ctx, a.ID, all)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.Ask(ctx, a.ID, all, e.user.ID, []application.Question{{Text: "", Sections: []string{"nope"}}}, nil); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("bad question: %v", err)
		}
		if _, err := e.st.Ask(ctx, a.ID, own, e.user.ID, []application.Question{{Text: "Why?"}}, nil); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("applicant asks: %v", err)
		}
		r, err := e.st.Ask(ctx, a.ID, all, e.user.ID, []application.Question{{Text: "Explain the equipment line", Sections: []string{"budget"}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := e.st.Get(ctx, a.ID, all); got.Status != application.InfoRequested {
			t.Fatalf("status %s", got.Status)
		}
		// A change to the summary is refused; the budget may change.
		f := apptest.ValidForm()
		f.Title = "Another title"
		in, _ := f.Parse("sq", e.st.Profiles["eu"])
		if _, err := e.st.Update(ctx, a.ID, own, e.user.ID, in); apperr.As(err).Fields["summary"] != "screening.error.section_locked" {
			t.Fatalf("summary change: %v", err)
		}
		f = apptest.ValidForm()
		f.Budget[1].Description = "Pajisje të sqaruara"
		in, _ = f.Parse("sq", e.st.Profiles["eu"])
		if _, err := e.st.Update(ctx, a.ID, own, e.user.ID, in); err != nil {
			t.Fatalf("budget change: %v", err)
		}
		if _, err := e.st.SendAnswers(ctx, a.ID, own, e.user.ID, nil); apperr.As(err).Fields[application.AnswerField(r.Questions[0].ID)] != "screening.error.answer_required" {
			t.Fatalf("no answer: %v", err)
		}
		done, err := e.st.SendAnswers(ctx, a.ID, own, e.user.ID, []application.Answer{{QuestionID: r.Questions[0].ID, Text: "It is a wheelchair lift."}})
		if err != nil {
			t.Fatal(err)
		}
		if done.Open() || done.Version != 2 || done.Questions[0].Answer != "It is a wheelchair lift." {
			t.Errorf("answered request %+v", done)
		}
		got, _ := e.st.Get(ctx, a.ID, all)
		if got.Status != application.Submitted || got.Budget[1].Description != "Pajisje të sqaruara" {
			t.Errorf("after answers: %s %q", got.Status, got.Budget[1].Description)
		}
		vs, err := e.st.Versions(ctx, a.ID, all)
		if err != nil || len(vs) != 2 {
			t.Fatalf("versions %d %v", len(vs), err)
		}
		if vs[0].Content != origContent || vs[0].SHA256 != origSHA || vs[1].Content == origContent {
			t.Error("the submission snapshot changed or the new version equals it")
		}
		if _, err := e.st.Update(ctx, a.ID, own, e.user.ID, in); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("edit after answers: %v", err)
		}
		hist, err := e.st.InfoRequests(ctx, a.ID, own)
		if err != nil || len(hist) != 1 || hist[0].AnsweredBy == nil || *hist[0].AnsweredBy != e.user.ID {
			t.Errorf("history %+v %v", hist, err)
		}
		if _, err := e.st.InfoRequests(ctx, a.ID, access.Orgs(e.org.ID+1000)); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("other org: %v", err)
		}
	})
}

// Answers after the request's deadline are refused.
func TestInfoRequestDeadline(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d, apptest.Spec{})
		ctx := context.Background()
		a := e.submitted(t)
		due := e.now.Add(48 * time.Hour)
		r, err := e.st.Ask(ctx, a.ID, access.Everything(), e.user.ID, []application.Question{{Text: "Which staff?"}}, &due)
		if err != nil {
			t.Fatal(err)
		}
		e.now = due
		_, err = e.st.SendAnswers(ctx, a.ID, access.Orgs(e.org.ID), e.user.ID, []application.Answer{{QuestionID: r.Questions[0].ID, Text: "Two nurses"}})
		if apperr.As(err).Key != "screening.error.overdue" {
			t.Errorf("late answer: %v", err)
		}
	})
}
