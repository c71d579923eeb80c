package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

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

// evalPage cuts long evaluation lists into pages of 25, clamps the page
// asked and keeps the other query parameters in its links.
func TestEvalPageCutsAndLinks(t *testing.T) {
	for _, c := range []struct {
		query          string
		n              int
		from, to, page int
		prev, next     string
	}{
		{"", 10, 0, 10, 1, "", ""},
		{"", 60, 0, 25, 1, "", "/reviews?page=2&stage=full"},
		{"page=2", 60, 25, 50, 2, "/reviews?page=1&stage=full", "/reviews?page=3&stage=full"},
		{"page=9", 60, 50, 60, 3, "/reviews?page=2&stage=full", ""},
		{"page=x", 30, 0, 25, 1, "", "/reviews?page=2&stage=full"},
	} {
		rec := httptest.NewRecorder()
		ctx, _ := gin.CreateTestContext(rec)
		q := "stage=full"
		if c.query != "" {
			q = c.query + "&" + q
		}
		ctx.Request = httptest.NewRequest(http.MethodGet, "/reviews?"+q, nil)
		from, to, pg := evalPage(ctx, c.n)
		if from != c.from || to != c.to || pg.Page != c.page || pg.Prev != c.prev || pg.Next != c.next {
			t.Errorf("?%s of %d: rows %d–%d, page %d, links %q %q; want %d–%d, page %d, %q %q", q, c.n, from, to, pg.Page,
				pg.Prev, pg.Next, c.from, c.to, c.page, c.prev, c.next)
		}
	}
}
