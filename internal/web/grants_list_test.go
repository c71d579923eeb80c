package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The grants list sorts by its column headers on the server (the sorted
// header carries aria-sort, its link turns the order round), filters by
// search text and state with the counts of each state, and shows 20 rows
// a page; the donor reads a status line where the grantee reads its next
// step.
func TestGrantsListSortFilterPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		for i := range 22 {
			org := e.OrgA.ID
			if i == 21 {
				org = e.OrgB.ID
			}
			app := grantFix(t, e, org, fmt.Sprintf("KL%02d", i))
			if rec := e.Post(webtest.ProgramOfficer, fmt.Sprintf("/applications/%d/grant", app), nil); rec.Code != http.StatusSeeOther {
				t.Fatalf("create %d: %d", i, rec.Code)
			}
			// amounts that sort the other way round from the contract numbers
			e.Exec(`UPDATE grants SET amount_minor = ? WHERE application_id = ?`, 3_000_000-int64(i)*10_000, app)
		}
		e.Exec(`UPDATE grants SET status = 'signed' WHERE contract_number LIKE 'KL0%'`)
		rows := regexp.MustCompile(`<tr>\s*<td><a href="/grants/\d+">([^<]+)</a>`)
		contracts := func(body string) []string {
			var out []string
			for _, m := range rows.FindAllStringSubmatch(body, -1) {
				out = append(out, m[1])
			}
			return out
		}
		b := e.Get(webtest.ProgramOfficer, "/grants").Body.String()
		if got := contracts(b); len(got) != 20 || got[0] != "KL00-G-001" || !strings.Contains(b, `rel="next"`) {
			t.Errorf("first page %v: want 20 rows from KL00 and a next page", got)
		}
		if !strings.Contains(b, `aria-sort="ascending"><a href="/grants?dir=desc&amp;sort=contract"`) {
			t.Errorf("the contract header is not marked sorted with a link to the reverse order")
		}
		if got := contracts(e.Get(webtest.ProgramOfficer, "/grants?page=2").Body.String()); len(got) != 2 || got[1] != "KL21-G-001" {
			t.Errorf("second page %v", got)
		}
		b = e.Get(webtest.ProgramOfficer, "/grants?sort=amount&dir=desc").Body.String()
		if got := contracts(b); len(got) == 0 || got[0] != "KL00-G-001" || !strings.Contains(b, `aria-sort="descending"><a href="/grants?sort=amount"`) {
			t.Errorf("by amount, descending: %v", got)
		}
		if got := contracts(e.Get(webtest.ProgramOfficer, "/grants?sort=amount").Body.String()); len(got) == 0 || got[0] != "KL21-G-001" {
			t.Errorf("by amount, ascending: %v", got)
		}
		if got := contracts(e.Get(webtest.ProgramOfficer, "/grants?sort=amount;DROP").Body.String()); len(got) == 0 || got[0] != "KL00-G-001" {
			t.Errorf("an unknown sort falls back to the contract number: %v", got)
		}
		b = e.Get(webtest.ProgramOfficer, "/grants?q=kl1").Body.String()
		if got := contracts(b); len(got) != 10 || !strings.Contains(b, "(10)") {
			t.Errorf("search kl1: %v", got)
		}
		b = e.Get(webtest.ProgramOfficer, "/grants?q=organisation+b").Body.String()
		if got := contracts(b); len(got) != 1 || got[0] != "KL21-G-001" {
			t.Errorf("search by grantee: %v", got)
		}
		b = e.Get(webtest.ProgramOfficer, "/grants?status=signed&q=KL").Body.String()
		if got := contracts(b); len(got) != 10 || !strings.Contains(b, "Signed (10)") || !strings.Contains(b, "Draft (12)") {
			t.Errorf("signed filter: %v", got)
		}
		if got := contracts(e.Get(webtest.ApplicantA, "/grants?q=KL21").Body.String()); len(got) != 0 {
			t.Errorf("the search shows A another organisation's grant: %v", got)
		}
		// the grantee reads an instruction, the donor a status line
		e.Exec(`UPDATE grant_tranches SET status = 'due' WHERE position = 1 AND grant_id = (SELECT id FROM grants WHERE contract_number = 'KL00-G-001')`)
		var id int64
		if err := db.Get(t.Context(), d, &id, `SELECT id FROM grants WHERE contract_number = 'KL00-G-001'`); err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/grants/%d", id)
		if b := e.Get(webtest.ApplicantA, page).Body.String(); !strings.Contains(b, "Next step: Request the tranche that is due") {
			t.Errorf("the grantee's page lacks its next step")
		}
		for _, p := range []string{page, "/grants?q=KL00"} {
			b := e.Get(webtest.DonorOfficer, p).Body.String()
			if strings.Contains(b, "Request the tranche that is due") || strings.Contains(b, "Next step") ||
				!strings.Contains(b, "Where it stands") || !strings.Contains(b, "waiting for the grantee&#39;s request") {
				t.Errorf("the donor's %s words the grantee's next step", p)
			}
		}
	})
}
