package review_test

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/review"
)

func wantField(t *testing.T, err error, field, key string) {
	t.Helper()
	e := apperr.As(err)
	if e.Code != apperr.Invalid || e.Fields[field] != key {
		t.Fatalf("err = %v (fields %v), want %s on %s", err, e.Fields, key, field)
	}
}

func wantCode(t *testing.T, err error, code apperr.Code, key string) {
	t.Helper()
	if e := apperr.As(err); e.Code != code || (key != "" && e.Key != key) {
		t.Fatalf("err = %v, want %s %s", err, code, key)
	}
}

func TestDraftKeepsBlanksAndRefusesOffScale(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, ctx := newScoring(t, d), context.Background()
		in := review.ReviewInput{Scores: []review.ScoreInput{{Criterion: "1.1", Score: "4", Justification: "Clear plan"}}}
		if _, err := s.st.SaveReview(ctx, s.asg[0], s.ev[0], in); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []struct{ score, key string }{{"6", "reviews.error.score_range"}, {"0", "reviews.error.score_range"},
			{"abc", "reviews.error.score_number"}, {"3.5", "reviews.error.score_number"}} {
			in := review.ReviewInput{Scores: []review.ScoreInput{{Criterion: "1.1", Score: bad.score}}}
			_, err := s.st.SaveReview(ctx, s.asg[0], s.ev[0], in)
			wantField(t, err, "scores[1.1].score", bad.key)
		}
		_, err := s.st.SaveReview(ctx, s.asg[0], s.ev[0], review.ReviewInput{Scores: []review.ScoreInput{{Criterion: "9.9", Score: "1"}}})
		wantField(t, err, "scores[9.9].score", "reviews.error.unknown_criterion")
		sh, err := s.st.Sheet(ctx, s.asg[0], s.ev[0])
		if err != nil {
			t.Fatal(err)
		}
		if sh.Review.Status != review.DraftReview || len(sh.Review.Scores) != 4 {
			t.Fatalf("review = %+v", sh.Review)
		}
		first := sh.Review.Scores[0]
		if first.Score == nil || *first.Score != 4 || first.Justification != "Clear plan" {
			t.Errorf("saved score lost after refusals: %+v", first)
		}
		if sh.Review.Scores[1].Score != nil {
			t.Errorf("blank score stored as %v", *sh.Review.Scores[1].Score)
		}
		if !sh.Scorable || sh.Grid.ID != s.gridID || len(sh.Grid.Sections) != 2 {
			t.Errorf("sheet = %+v", sh)
		}
	})
}

func TestSubmitNeedsEveryScoreAndJustificationThenLocks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, ctx := newScoring(t, d), context.Background()
		in := full(true, "4", "", "3", "3")
		in.Scores[2].Justification = "short"
		in.Scores[3].Justification = "   "
		_, err := s.st.SaveReview(ctx, s.asg[0], s.ev[0], in)
		wantField(t, err, "scores[1.2].score", "reviews.error.score_required")
		wantField(t, err, "scores[2.1].justification", "reviews.error.justification_short")
		wantField(t, err, "scores[2.2].justification", "reviews.error.justification_required")
		var n int
		if err := db.Get(ctx, d, &n, `SELECT COUNT(*) FROM reviews`); err != nil || n != 0 {
			t.Fatalf("a refused submission saved %d reviews (%v)", n, err)
		}
		r, err := s.st.SaveReview(ctx, s.asg[0], s.ev[0], full(true, "4", "5", "3", "3"))
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != review.SubmittedReview || r.SubmittedAt == nil {
			t.Fatalf("review = %+v", r)
		}
		_, err = s.st.SaveReview(ctx, s.asg[0], s.ev[0], full(false, "1", "1", "1", "1"))
		wantCode(t, err, apperr.Conflict, "reviews.error.locked")
		revs, err := s.st.ApplicationReviews(ctx, s.appID, access.Evaluator(s.ev[0]))
		if err != nil || len(revs) != 1 || revs[0].Total != 4+10+3+3 {
			t.Fatalf("after a refused save: %+v %v", revs, err)
		}
	})
}

func TestScoringRefusals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, ctx := newScoring(t, d), context.Background()
		_, err := s.st.SaveReview(ctx, s.asg[0], s.ev[1], full(false, "1", "1", "1", "1"))
		wantCode(t, err, apperr.NotFound, "")
		if _, err := s.st.Sheet(ctx, s.asg[0], s.ev[1]); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another evaluator's sheet: %v", err)
		}
		undeclared := scoretestAssign(t, s, s.ev[2], false)
		_, err = s.st.SaveReview(ctx, undeclared, s.ev[2], full(false, "1", "1", "1", "1"))
		wantCode(t, err, apperr.Conflict, "reviews.error.declare_first")
		if _, err := s.st.Sheet(ctx, undeclared, s.ev[2]); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("undeclared sheet: %v", err)
		}
		for _, st := range []string{"ineligible", "withdrawn"} {
			s.exec(t, `UPDATE applications SET status = ? WHERE id = ?`, st, s.appID)
			_, err = s.st.SaveReview(ctx, s.asg[0], s.ev[0], full(false, "1", "1", "1", "1"))
			wantCode(t, err, apperr.Conflict, "reviews.error.not_scorable")
		}
		s.exec(t, `UPDATE applications SET status = 'eligible' WHERE id = ?`, s.appID)
		s.exec(t, `UPDATE review_assignments SET status = 'removed' WHERE id = ?`, s.asg[1])
		_, err = s.st.SaveReview(ctx, s.asg[1], s.ev[1], full(false, "1", "1", "1", "1"))
		wantCode(t, err, apperr.NotFound, "")
	})
}

func TestReopenByTheChairWithAReason(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, ctx := newScoring(t, d), context.Background()
		err := s.st.Reopen(ctx, s.asg[0], s.chair, "why")
		wantCode(t, err, apperr.Conflict, "reviews.error.not_submitted")
		if _, err := s.st.SaveReview(ctx, s.asg[0], s.ev[0], full(true, "4", "4", "4", "4")); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.st.Reopen(ctx, s.asg[0], s.officer, "why"), apperr.Forbidden, "reviews.error.chair_only")
		wantField(t, s.st.Reopen(ctx, s.asg[0], s.chair, "  "), "reason", "reviews.error.reason_required")
		if got := s.status(t, s.asg[0]); got != review.SubmittedReview {
			t.Fatalf("refused reopen changed status to %s", got)
		}
		if err := s.st.Reopen(ctx, s.asg[0], s.chair, "Score 1.2 contradicts its justification"); err != nil {
			t.Fatal(err)
		}
		sh, err := s.st.Sheet(ctx, s.asg[0], s.ev[0])
		if err != nil || sh.Review.Status != review.DraftReview || sh.Review.ReopenReason == "" || sh.Review.ReopenedAt == nil {
			t.Fatalf("reopened review = %+v %v", sh.Review, err)
		}
		if _, err := s.st.SaveReview(ctx, s.asg[0], s.ev[0], full(true, "4", "3", "4", "4")); err != nil {
			t.Fatalf("resubmit after reopening: %v", err)
		}
		wantCode(t, s.st.Reopen(ctx, 999999, s.chair, "x"), apperr.NotFound, "")
	})
}

func TestApplicationReviewsShowAnEvaluatorOnlyItsOwn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, ctx := newScoring(t, d), context.Background()
		for i := range 2 {
			if _, err := s.st.SaveReview(ctx, s.asg[i], s.ev[i], full(false, "3", "3", "3", "3")); err != nil {
				t.Fatal(err)
			}
		}
		all, err := s.st.ApplicationReviews(ctx, s.appID, access.Everything())
		if err != nil || len(all) != 2 || all[0].EvaluatorName != "Evaluator A" || all[1].EvaluatorName != "Evaluator B" {
			t.Fatalf("officer's view = %+v %v", all, err)
		}
		own, err := s.st.ApplicationReviews(ctx, s.appID, access.Evaluator(s.ev[1]))
		if err != nil || len(own) != 1 || own[0].UserID != s.ev[1] {
			t.Fatalf("evaluator's view = %+v %v", own, err)
		}
		if _, err := s.st.ApplicationReviews(ctx, s.appID, access.Evaluator(s.ev[2])); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unassigned evaluator: %v", err)
		}
	})
}
