package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The grant page shows the programme's funding sources beside the
// schedule, with their contributions and shares, and each tranche's part
// from each source in the schedule, to the officer and the grantee; a programme without sources shows no such table.
func TestGrantPageFundingSources(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.New(t, d)
		app := grantFix(t, e, e.OrgA.ID, "KD-2026")
		if rec := e.Post(webtest.ProgramOfficer, fmt.Sprintf("/applications/%d/grant", app), nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("create: %d %s", rec.Code, rec.Body)
		}
		gp := fmt.Sprintf("/grants/%d", grantIDOf(t, e, app))
		if b := e.Get(webtest.ProgramOfficer, gp).Body.String(); strings.Contains(b, `id="sources"`) {
			t.Error("a programme without funding sources shows their table")
		}
		var prog int64
		if err := db.Get(t.Context(), e.DB, &prog, `SELECT programme_id FROM grants WHERE application_id = ?`, app); err != nil {
			t.Fatal(err)
		}
		e.Exec(`INSERT INTO programme_funding_sources (programme_id, position, name, amount_minor) VALUES (?, 1, 'Bashkimi Evropian', 38000000)`, prog)
		e.Exec(`INSERT INTO programme_funding_sources (programme_id, position, name, amount_minor) VALUES (?, 2, 'Ministria e Financave', 2000000)`, prog)
		for _, who := range []webtest.Principal{webtest.ProgramOfficer, webtest.ApplicantA} {
			page := e.Get(who, gp)
			b := page.Body.String()
			if page.Code != http.StatusOK {
				t.Fatalf("%s: %d", who, page.Code)
			}
			i, j := strings.Index(b, `id="schedule"`), strings.Index(b, `id="sources"`)
			if i < 0 || j < i {
				t.Errorf("%s: the sources are not beside the schedule", who)
			}
			// each tranche of the schedule split between the two sources:
			// the pre-financing of 14,400.00 as 95 % and 5 %
			if i >= 0 && j > i {
				for _, w := range []string{`<th scope="col" class="num">Bashkimi Evropian</th>`, `<th scope="col" class="num">Ministria e Financave</th>`,
					`<td class="num">€14,400.00</td><td class="num">€13,680.00</td><td class="num">€720.00</td>`} {
					if !strings.Contains(b[i:j], w) {
						t.Errorf("%s: the schedule lacks %q", who, w)
					}
				}
			}
			// the API's schedule carries the same parts
			var api struct {
				Schedule []struct {
					AmountMinor int64 `json:"amount_minor"`
					BySource    []struct {
						Source      string `json:"source"`
						AmountMinor int64  `json:"amount_minor"`
					} `json:"by_source"`
				} `json:"schedule"`
			}
			if err := json.Unmarshal(e.Get(who, "/api/v1"+gp).Body.Bytes(), &api); err != nil || len(api.Schedule) == 0 ||
				len(api.Schedule[0].BySource) != 2 || api.Schedule[0].BySource[0].Source != "Bashkimi Evropian" ||
				api.Schedule[0].BySource[0].AmountMinor != 1_368_000 || api.Schedule[0].BySource[1].AmountMinor != 72_000 {
				t.Errorf("%s: the API's schedule by source %+v (%v)", who, api.Schedule, err)
			}
			for _, w := range []string{"The programme&#39;s funding sources", "<td>Bashkimi Evropian</td><td class=\"num\">€380,000.00</td><td class=\"num\">95%</td>",
				"<td>Ministria e Financave</td><td class=\"num\">€20,000.00</td><td class=\"num\">5%</td>"} {
				if !strings.Contains(b, w) {
					t.Errorf("%s: %q missing from the grant page: %s", who, w, b[j:min(len(b), j+900)])
				}
			}
		}
	})
}
