package web_test

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/award/awardtest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/review"
	"github.com/subgrant/portal/internal/web/webtest"
)

var (
	rankRowRE = regexp.MustCompile(`(?s)<tr class="[^"]*">\s*<th scope="row" class="num">(\d+)</th><td><a href="/applications/(\d+)">([^<]+)</a></td>(.*?)</tr>`)
	rankNumRE = regexp.MustCompile(`<td class="num">([0-9.,]*)</td>`)
)

// rankRow is one row of the ranking page as read back.
type rankPageRow struct {
	Rank      int
	Ref       string
	Cells     string
	Final     float64
	Decisions string
}

func rankRows(t *testing.T, body string) []rankPageRow {
	t.Helper()
	var out []rankPageRow
	for _, m := range rankRowRE.FindAllStringSubmatch(body, -1) {
		r := rankPageRow{Ref: m[3], Cells: m[4]}
		r.Rank, _ = strconv.Atoi(m[1])
		if nums := rankNumRE.FindAllStringSubmatch(m[4], -1); len(nums) > 0 {
			r.Final, _ = strconv.ParseFloat(strings.ReplaceAll(nums[0][1], ",", "."), 64)
		}
		out = append(out, r)
	}
	return out
}

// The ranking page of a lot of 30 applications: one row per application
// linking to it, a column per section, pages of 25, sorting by a column
// and filtering by decision, counts by decision, the funding line in rank
// order only.
func TestRankingTableSortsFiltersPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		fx := apptest.Call(t, d, apptest.Spec{LotBudgets: []int64{10_000_000}})
		var apps []awardtest.App
		for range 30 {
			apps = append(apps, awardtest.App{LotID: fx.Lots[0].ID, Requested: 2_000_000})
		}
		ids := awardtest.Apps(t, d, fx.Call.ID, "full", apps)
		profiles, _ := donor.Load()
		rs := review.NewStore(d, profiles)
		awardtest.Reviews(t, d, rs, fx.Call.ID, "full", ids, awardtest.Evaluators(t, d, 2), func(i, _ int) int { return 5 - i%3 })
		path := "/calls/" + itoa(fx.Call.ID) + "/ranking"
		lot := "lot" + itoa(fx.Lots[0].ID)

		get := func(q string) string {
			t.Helper()
			rec := e.Get(webtest.ProgramOfficer, path+q)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s%s: %d", path, q, rec.Code)
			}
			return rec.Body.String()
		}
		body := get("")
		first := rankRows(t, body)
		if len(first) != 25 {
			t.Fatalf("first page shows %d rows, want 25", len(first))
		}
		for i, r := range first {
			if r.Rank != i+1 {
				t.Errorf("row %d has rank %d", i, r.Rank)
			}
		}
		grid, err := rs.Grid(t.Context(), fx.Call.ID, "full")
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(body, "sort=s%3A"); n != len(grid.Sections) {
			t.Errorf("ranking has %d section columns, want %d", n, len(grid.Sections))
		}
		if n := len(rankNumRE.FindAllString(first[0].Cells, -1)); n < 1+len(grid.Sections) {
			t.Errorf("a row has %d number cells, want the final score and %d section means", n, len(grid.Sections))
		}
		scoreHas(t, body, "Page 1 of 2", lot+"=2", `class="funding-line`, "Award: 5", `aria-sort="ascending"`)
		second := rankRows(t, get("?"+lot+"=2"))
		if len(second) != 5 || second[0].Rank != 26 {
			t.Fatalf("second page: %d rows from rank %v, want 5 from 26", len(second), second)
		}

		// By final score, high to low; the line only runs in rank order.
		body = get("?sort=final")
		byFinal := rankRows(t, body)
		for i := 1; i < len(byFinal); i++ {
			if byFinal[i].Final > byFinal[i-1].Final {
				t.Errorf("sort=final: row %d (%v) above row %d (%v)", i-1, byFinal[i-1].Final, i, byFinal[i].Final)
			}
		}
		scoreHas(t, body, `aria-sort="descending"`)
		scoreLacks(t, body, `class="funding-line`)
		// By reference: the first page holds the 25 smallest references in order.
		var all []string
		for _, r := range append(first, second...) {
			all = append(all, r.Ref)
		}
		slices.Sort(all)
		var refs []string
		for _, r := range rankRows(t, get("?sort=reference")) {
			refs = append(refs, r.Ref)
		}
		if !slices.Equal(refs, all[:25]) {
			t.Errorf("sort=reference shows %v, want %v", refs, all[:25])
		}
		// The decision filter: only the five awarded, on one page.
		body = get("?decision=award")
		awarded := rankRows(t, body)
		if len(awarded) != 5 {
			t.Fatalf("decision=award shows %d rows, want 5", len(awarded))
		}
		for _, r := range awarded {
			if !strings.Contains(r.Cells, "<td>Award</td>") {
				t.Errorf("decision=award shows a row not awarded: %s", r.Cells)
			}
		}
		scoreLacks(t, body, "Page 1 of")
		scoreHas(t, body, `<option value="award" selected>`)
		// Unknown values fall back to the ranking's own order.
		if got := rankRows(t, get("?sort=bogus&decision=x&"+lot+"=99")); len(got) != 5 || got[0].Rank != 26 {
			t.Errorf("bogus query: %d rows from %v, want the last page in rank order", len(got), got)
		}
	})
}
