package browser

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// The reports page, the programme page with its report links and a
// background job's page pass axe in every language and do not scroll
// sideways at 390 px, for a donor officer, an officer and a grantee.
func TestAccessibilityReports(t *testing.T) {
	h := newAxeHarness(t)
	env := h.env
	id := grantFor(t, env)
	env.Exec(`UPDATE grants SET status = 'signed' WHERE id = ?`, id)
	var prog int64
	if err := db.Get(t.Context(), env.DB, &prog, `SELECT programme_id FROM grants WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		p    webtest.Principal
		lang i18n.Lang
	}{{webtest.DonorOfficer, i18n.EN}, {webtest.ProgramOfficer, i18n.SQ}, {webtest.ApplicantA, i18n.SR}} {
		t.Run(string(c.p)+"/"+string(c.lang), func(t *testing.T) {
			b := h.tab(t)
			b.signIn(c.p, c.lang)
			b.checkPages(c.lang, "/reports")
			b.checkNarrow("/reports")
			if c.p != webtest.ApplicantA {
				b.checkPages(c.lang, fmt.Sprintf("/programmes/%d", prog))
			}
		})
	}
	rec := env.Post(webtest.ApplicantA, "/reports/expenditure-list/jobs", url.Values{"grant": {fmt.Sprint(id)}, "lang": {"sr"}})
	job := rec.Header().Get("Location")
	if rec.Code != 303 || job == "" {
		t.Fatalf("queue a job: %d", rec.Code)
	}
	// The page reloads itself (a meta refresh, which axe flags) until the
	// user stops it with the link at its top; the stopped page is checked.
	b := h.tab(t)
	b.signIn(webtest.ApplicantA, i18n.SR)
	b.checkNarrow(job)
	if got := b.open(job + "?refresh=off"); got != 200 {
		t.Fatalf("the stopped job page: %d", got)
	}
	b.wantLang(i18n.SR)
	b.checkAxe()
	b.checkIDs()
}
