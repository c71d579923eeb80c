package review_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/review"
)

// Automatic assignment gives each eligible application two evaluators,
// balances the load, never assigns a member of the applicant or a partner
// organisation, leaves other statuses alone and adds nothing when run again.
func TestAutoAssign(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newCmtFix(t, d)
		orgA, orgP := f.org(t, "A"), f.org(t, "Partner")
		var voters []int64
		for range 5 {
			voters = append(voters, f.voter(t, "sq,en"))
		}
		f.join(t, voters[0], orgA)
		f.join(t, voters[1], orgP)
		var apps []int64
		for range 6 {
			apps = append(apps, f.app(t, f.org(t, "Other"), "eligible", "sq"))
		}
		withA := f.app(t, orgA, "eligible", "sq")
		withP := f.app(t, f.org(t, "Lead"), "eligible", "sq")
		f.partner(t, withP, orgP, "")
		draft := f.app(t, orgA, "submitted", "sq")
		res, err := f.st.AutoAssign(ctx, f.callID, "full", review.AutoOptions{By: f.officer})
		if err != nil {
			t.Fatal(err)
		}
		if res.Added != 16 || len(res.Unfilled) != 0 {
			t.Errorf("result %+v, want 16 added, none unfilled", res)
		}
		got := f.active(t)
		load := map[int64]int{}
		for _, id := range append(apps, withA, withP) {
			if len(got[id]) != 2 {
				t.Errorf("application %d has %d evaluators, want 2", id, len(got[id]))
			}
			for _, u := range got[id] {
				load[u]++
			}
		}
		if slices.Contains(got[withA], voters[0]) || slices.Contains(got[withP], voters[1]) {
			t.Errorf("a member of the applicant or partner organisation was assigned: %v %v", got[withA], got[withP])
		}
		if len(got[draft]) != 0 {
			t.Errorf("a submitted (not eligible) application got evaluators: %v", got[draft])
		}
		lo, hi := 99, 0
		for _, v := range voters {
			lo, hi = min(lo, load[v]), max(hi, load[v])
		}
		if hi-lo > 1 {
			t.Errorf("loads %v are not balanced", load)
		}
		res, err = f.st.AutoAssign(ctx, f.callID, "full", review.AutoOptions{})
		if err != nil || res.Added != 0 {
			t.Errorf("second run: %+v %v, want nothing added", res, err)
		}
		if _, err := f.st.AutoAssign(ctx, f.callID, "bogus", review.AutoOptions{}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("bad stage: %v", err)
		}
	})
}

// A stored grid sets the number of evaluators and the due date; the
// language preference puts readers of the application's language first.
func TestAutoAssignFollowsGridAndLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newCmtFix(t, d)
		due := time.Date(2026, 10, 1, 22, 0, 0, 0, time.UTC)
		f.exec(t, `INSERT INTO eval_grids (call_id, stage, evaluators_per_app, review_due_at, created_at, updated_at)
			VALUES (?, 'full', 1, ?, ?, ?)`, f.callID, due, db.Now(), db.Now())
		sq, sr := f.voter(t, "sq"), f.voter(t, "sr")
		app := f.app(t, f.org(t, "O"), "eligible", "sr")
		if _, err := f.st.AutoAssign(ctx, f.callID, "full", review.AutoOptions{PreferLanguage: true}); err != nil {
			t.Fatal(err)
		}
		if got := f.active(t)[app]; len(got) != 1 || got[0] != sr {
			t.Errorf("assigned %v, want only the Serbian reader %d (not %d)", got, sr, sq)
		}
		table, err := f.st.CallAssignments(ctx, f.callID, "full")
		if err != nil || len(table) != 1 || len(table[0].Assignments) != 1 {
			t.Fatalf("table %+v %v", table, err)
		}
		if dd := table[0].Assignments[0].DueAt; dd == nil || !dd.Equal(due) {
			t.Errorf("due %v, want %v", dd, due)
		}
	})
}

// Officers add and remove one evaluator: a member of the applicant
// organisation is refused with a field error, removal needs a reason and
// ends the evaluator's access at once; a removed evaluator can be added back.
func TestManualOverride(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newCmtFix(t, d)
		orgA := f.org(t, "A")
		insider, outsider, stranger := f.voter(t, "sq"), f.voter(t, "sq"), f.user(t, "evaluator", "sq")
		f.join(t, insider, orgA)
		app := f.app(t, orgA, "eligible", "sq")
		fieldIs := func(err error, key string) bool {
			e := apperr.As(err)
			return e.Code == apperr.Invalid && e.Fields["user_id"] == key
		}
		if _, err := f.st.AddAssignment(ctx, app, insider, f.officer); !fieldIs(err, "committee.error.separation") {
			t.Errorf("insider: %v, want the separation-of-duties field error", err)
		}
		if _, err := f.st.AddAssignment(ctx, app, stranger, f.officer); !fieldIs(err, "committee.error.not_voting_member") {
			t.Errorf("not a member: %v", err)
		}
		a, err := f.st.AddAssignment(ctx, app, outsider, f.officer)
		if err != nil || a.Status != review.Active {
			t.Fatalf("add: %+v %v", a, err)
		}
		if _, err := f.st.AddAssignment(ctx, app, outsider, f.officer); !fieldIs(err, "committee.error.already_assigned") {
			t.Errorf("twice: %v", err)
		}
		if ids, _ := f.st.AssignedApplicationIDs(ctx, outsider); len(ids) != 0 {
			t.Errorf("readable before declaring: %v", ids)
		}
		f.declare(t, app, outsider, false)
		if ids, _ := f.st.AssignedApplicationIDs(ctx, outsider); !slices.Equal(ids, []int64{app}) {
			t.Errorf("readable after declaring: %v, want [%d]", ids, app)
		}
		if _, err := f.st.RemoveAssignment(ctx, a.ID, "  ", f.officer); apperr.As(err).Fields["reason"] != "committee.error.reason_required" {
			t.Errorf("remove without reason: %v", err)
		}
		if r, err := f.st.RemoveAssignment(ctx, a.ID, "Absent", f.officer); err != nil || r.Status != review.Removed || r.EndedReason != "Absent" {
			t.Fatalf("remove: %+v %v", r, err)
		}
		if ids, _ := f.st.AssignedApplicationIDs(ctx, outsider); len(ids) != 0 {
			t.Errorf("readable after removal: %v", ids)
		}
		if _, err := f.st.EvaluatorAssignment(ctx, a.ID, outsider); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("removed assignment still reachable: %v", err)
		}
		if _, err := f.st.RemoveAssignment(ctx, a.ID, "again", f.officer); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("remove twice: %v", err)
		}
		if b, err := f.st.AddAssignment(ctx, app, outsider, f.officer); err != nil || b.ID != a.ID || b.Status != review.Active {
			t.Errorf("add back: %+v %v", b, err)
		}
	})
}

// A divergence adds a further evaluator, the least loaded one not yet
// assigned; none is available once everyone has been.
func TestAssignFurther(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newCmtFix(t, d)
		v1, v2, v3 := f.voter(t, "sq"), f.voter(t, "sq"), f.voter(t, "sq")
		app := f.app(t, f.org(t, "O"), "eligible", "sq")
		for _, v := range []int64{v1, v2} {
			if _, err := f.st.AddAssignment(ctx, app, v, f.officer); err != nil {
				t.Fatal(err)
			}
		}
		further := func() bool {
			var ok bool
			if err := d.Tx(ctx, func(tx *sqlx.Tx) error {
				var err error
				ok, err = f.st.CommitteeAssignFurther(ctx, tx, app, &f.officer)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !further() {
			t.Fatal("no further evaluator assigned")
		}
		var got struct {
			UserID  int64 `db:"user_id"`
			Further bool  `db:"further"`
		}
		if err := db.Get(ctx, d, &got, `SELECT user_id, further FROM review_assignments WHERE application_id = ? AND further = ?`,
			app, true); err != nil || got.UserID != v3 {
			t.Errorf("further %+v %v, want evaluator %d", got, err, v3)
		}
		if further() {
			t.Error("a fourth evaluator was found where there is none")
		}
	})
}
