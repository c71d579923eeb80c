package web

import (
	"testing"
	"time"

	"github.com/subgrant/portal/internal/review"
)

// The evaluator's list puts pending work first (declare, score, finish a
// draft) and finished reviews last, soonest due first within a state;
// counts each state; shows a due column only when an assignment has a date.
func TestWorklistPendingFirst(t *testing.T) {
	due := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	items := []review.WorkItem{
		{AssignmentID: 1, Declared: true, ReviewStatus: review.SubmittedReview},
		{AssignmentID: 2, Declared: true, ReviewStatus: review.SubmittedReview},
		{AssignmentID: 3, Declared: true, ReviewStatus: review.DraftReview},
		{AssignmentID: 4, Declared: false},
		{AssignmentID: 5, Declared: true},
		{AssignmentID: 6, Declared: false},
	}
	d := worklistView(items)
	var order []int64
	for _, r := range d.Items {
		order = append(order, r.AssignmentID)
		if r.Locked != (r.State == "submitted") {
			t.Errorf("assignment %d (%s): locked %v", r.AssignmentID, r.State, r.Locked)
		}
	}
	want := []int64{4, 6, 5, 3, 1, 2}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v, want %v", order, want)
		}
	}
	counts := map[string]int{}
	for _, c := range d.Counts {
		counts[c.State] = c.N
	}
	if counts["to_declare"] != 2 || counts["to_score"] != 1 || counts["draft"] != 1 || counts["submitted"] != 2 || len(d.Counts) != 4 {
		t.Errorf("counts %v", d.Counts)
	}
	if d.HasDue {
		t.Errorf("no assignment has a due date, yet the list shows the column")
	}
	items[5].DueAt = &due
	if !worklistView(items).HasDue {
		t.Errorf("an assignment has a due date, yet the list hides the column")
	}
}
