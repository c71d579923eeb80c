package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/award/awardtest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/review"
	"github.com/subgrant/portal/internal/web/webtest"
)

// awardEnv is a call with one evaluated application of A (score 100) and
// one of B (score 80, carrying the canary in its organisation), a lot of
// 30,000.00 (so B lands on the reserve list) and program_officer as chair.
type awardEnv struct {
	*webtest.Env
	call       string
	appA, appB string
}

func newAwardEnv(t *testing.T, d *db.DB) *awardEnv {
	t.Helper()
	e := webtest.New(t, d)
	fx := apptest.Call(t, d, apptest.Spec{LotBudgets: []int64{3_000_000}})
	ids := awardtest.Apps(t, d, fx.Call.ID, "full", []awardtest.App{{LotID: fx.Lots[0].ID, OrgID: e.OrgA.ID, Requested: 2_000_000},
		{LotID: fx.Lots[0].ID, OrgID: e.OrgB.ID, Requested: 2_000_000}})
	for i, p := range []webtest.Principal{webtest.ApplicantA, webtest.ApplicantB} {
		e.Exec(`UPDATE applications SET submitted_by = ? WHERE id = ?`, e.Users[p].ID, ids[i])
	}
	profiles, _ := donor.Load()
	awardtest.Reviews(t, d, review.NewStore(d, profiles), fx.Call.ID, "full", ids, awardtest.Evaluators(t, d, 2),
		func(i, _ int) int { return 5 - i })
	e.Exec(`INSERT INTO committee_members (call_id, user_id, role, added_at) VALUES (?, ?, 'chair', ?)`,
		fx.Call.ID, e.Users[webtest.ProgramOfficer].ID, db.Now())
	return &awardEnv{Env: e, call: itoa(fx.Call.ID), appA: itoa(ids[0]), appB: itoa(ids[1])}
}

// open opens the session as the officer and returns its path.
func (ae *awardEnv) open(t *testing.T) string {
	t.Helper()
	rec := ae.Post(webtest.ProgramOfficer, "/calls/"+ae.call+"/sessions", url.Values{"stage": {"full"}, "held_on": {"2026-05-12"}})
	if rec.Code != 303 || !strings.HasPrefix(rec.Header().Get("Location"), "/sessions/") {
		t.Fatalf("open session: %d %s", rec.Code, rec.Body)
	}
	return rec.Header().Get("Location")
}

func TestAwardMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAwardEnv(t, d)
		readers := func(anon int) map[webtest.Principal]int {
			return map[webtest.Principal]int{webtest.Anon: anon, webtest.Admin: 200, webtest.ProgramOfficer: 200,
				webtest.FinanceOfficer: 200, webtest.DonorOfficer: 404}
		}
		officers := func(anon, status int) map[webtest.Principal]int {
			return map[webtest.Principal]int{webtest.Anon: anon, webtest.Admin: status, webtest.ProgramOfficer: status}
		}
		letter := func(app string) webtest.Request { return webtest.Request{Path: "/applications/" + app + "/letter.pdf"} }
		ae.CheckMatrix(t, []webtest.Case{
			{Name: "ranking", Req: webtest.Request{Path: "/calls/" + ae.call + "/ranking"}, Default: 403, Want: readers(303)},
			{Name: "api ranking", Req: webtest.Request{Path: "/api/v1/calls/" + ae.call + "/ranking"}, Default: 403, Want: readers(401)},
			{Name: "report", Req: webtest.Request{Path: "/calls/" + ae.call + "/evaluation-report.pdf"}, Default: 403, Want: readers(303)},
			{Name: "workbook", Req: webtest.Request{Path: "/calls/" + ae.call + "/ranking.xlsx"}, Default: 403, Want: readers(303)},
			{Name: "open refused", Req: webtest.Request{Method: "POST", Path: "/calls/" + ae.call + "/sessions",
				Form: url.Values{"stage": {"full"}, "held_on": {"someday"}}}, Default: 403, Want: officers(401, 422)},
			{Name: "letter before approval", Req: letter(ae.appA), Default: 403, Want: map[webtest.Principal]int{webtest.Anon: 303,
				webtest.Admin: 404, webtest.ProgramOfficer: 404, webtest.FinanceOfficer: 404, webtest.DonorOfficer: 404,
				webtest.ApplicantA: 404, webtest.ApplicantB: 404}},
		})
		sess := ae.open(t)
		// The session's trail: the officer's call management, the call, its
		// ranking, the session.
		if hrefs, last, _ := crumbsOf(ae.Get(webtest.ProgramOfficer, sess).Body.String()); !last ||
			strings.Join(hrefs, " ") != "/home /manage/calls /manage/calls/"+ae.call+" /calls/"+ae.call+"/ranking?stage=full "+sess {
			t.Errorf("session breadcrumbs %v, want the call management, the call, its ranking, the session", hrefs)
		}
		ae.CheckMatrix(t, []webtest.Case{
			{Name: "session", Req: webtest.Request{Path: sess}, Default: 403, Want: officers(303, 200)},
			{Name: "save refused", Req: webtest.Request{Method: "POST", Path: sess, Form: url.Values{"held_on": {"x"}}},
				Default: 403, Want: officers(401, 422)},
		})
		// Only the chair approves: the administrator is refused with the reason.
		if rec := ae.Post(webtest.Admin, sess+"/approve", nil); rec.Code != 403 || !strings.Contains(rec.Body.String(), "Only the chair") {
			t.Errorf("approval by a non-chair: %d", rec.Code)
		}
		if rec := ae.Post(webtest.ProgramOfficer, sess+"/approve", nil); rec.Code != 303 {
			t.Fatalf("approval by the chair: %d %s", rec.Code, rec.Body)
		}
		if rec := ae.Post(webtest.ProgramOfficer, sess+"/approve", nil); rec.Code != 409 {
			t.Errorf("second approval: %d", rec.Code)
		}
		ae.CheckMatrix(t, []webtest.Case{
			{Name: "A's letter", Req: letter(ae.appA), Default: 403, Want: map[webtest.Principal]int{webtest.Anon: 303,
				webtest.Admin: 200, webtest.ProgramOfficer: 200, webtest.FinanceOfficer: 200, webtest.DonorOfficer: 404,
				webtest.ApplicantA: 200, webtest.ApplicantB: 404}},
			{Name: "B's letter", Req: letter(ae.appB), Default: 403, Want: map[webtest.Principal]int{webtest.Anon: 303,
				webtest.Admin: 200, webtest.ProgramOfficer: 200, webtest.FinanceOfficer: 200, webtest.DonorOfficer: 404,
				webtest.ApplicantA: 404, webtest.ApplicantB: 200}},
		})
	})
}

// The flow: the ranking shows the line, a decision over the budget is
// refused with a translated message and nothing changes, the approval
// sends the letters, and A's letter never shows B.
func TestAwardFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAwardEnv(t, d)
		page := ae.Get(webtest.ProgramOfficer, "/calls/"+ae.call+"/ranking").Body.String()
		for _, want := range []string{"Funding line", "Award", "Reserve", webtest.Canary, "100.00"} {
			if !strings.Contains(page, want) {
				t.Errorf("ranking page lacks %q", want)
			}
		}
		api := ae.Get(webtest.ProgramOfficer, "/api/v1/calls/"+ae.call+"/ranking").Body.String()
		if !strings.Contains(api, `"decision":"award"`) || !strings.Contains(api, `"final_score":"100.00"`) ||
			!strings.Contains(api, `"reserve_rank":1`) {
			t.Errorf("api ranking: %s", api)
		}
		sess := ae.open(t)
		form := url.Values{"held_on": {"2026-05-12"}, "minutes": {"Minutes kept"}, "location": {"Tirana"},
			"override[" + ae.appB + "].action": {"award"}, "override[" + ae.appB + "].reason": {"needed"}}
		rec := ae.Post(webtest.ProgramOfficer, sess, form)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "would break the lot budget") ||
			!strings.Contains(rec.Body.String(), "Minutes kept") {
			t.Errorf("over budget: %d", rec.Code)
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM committee_sessions WHERE minutes = 'Minutes kept'`); n != 0 {
			t.Errorf("refused decision saved the minutes")
		}
		if rec := ae.Post(webtest.ProgramOfficer, sess+"/approve", nil); rec.Code != 303 {
			t.Fatalf("approve: %d", rec.Code)
		}
		mails, _ := notify.All(context.Background(), d)
		if len(mails) != 2 || mails[0].AttachmentType != "application/pdf" || len(mails[0].Attachment) == 0 {
			t.Fatalf("letters: %d", len(mails))
		}
		if page := ae.Get(webtest.ApplicantA, "/applications/"+ae.appA).Body.String(); !strings.Contains(page,
			`href="/applications/`+ae.appA+`/letter.pdf"`) {
			t.Error("the applicant's application page does not link its decision letter")
		}
		// The awarded application's page leads with the decision: amount,
		// score, next step; its hash sits in the details section.
		pageA := ae.Get(webtest.ApplicantA, "/applications/"+ae.appA).Body.String()
		for _, want := range []string{`id="decision-title"`, "Amount awarded", "Final score", "100.00", "Scores per section",
			"The intermediary prepares the grant agreement", `<details class="app-details">`} {
			if !strings.Contains(pageA, want) {
				t.Errorf("A's awarded application page lacks %q", want)
			}
		}
		if i, j := strings.Index(pageA, `id="decision-title"`), strings.Index(pageA, "SHA-256"); j >= 0 && j < i {
			t.Error("the SHA-256 comes before the decision")
		}
		if strings.Contains(pageA, webtest.Canary) {
			t.Error("A's application page carries B's canary")
		}
		if page := ae.Get(webtest.ProgramOfficer, "/applications/"+ae.appA).Body.String(); !strings.Contains(page, "Prepare the grant agreement") {
			t.Error("the officer's page of the awarded application does not say to prepare the agreement")
		}
		rec = ae.Get(webtest.ApplicantA, "/applications/"+ae.appA+"/letter.pdf")
		text := pdfText(t, rec.Body.Bytes())
		if text == "" {
			t.Skip("pdftotext not installed")
		}
		if strings.Contains(text, webtest.Canary) || strings.Contains(text, "seeded-evaluator") || !strings.Contains(text, "Organisation A") {
			t.Errorf("A's letter: %s", text)
		}
		for _, m := range mails {
			if m.To == "applicant_A@test.example" && strings.Contains(pdfText(t, m.Attachment), webtest.Canary) {
				t.Errorf("A's mailed letter shows B")
			}
		}
	})
}

func countRows(t *testing.T, d *db.DB, q string) int {
	t.Helper()
	var n int
	if err := db.Get(context.Background(), d, &n, q); err != nil {
		t.Fatal(err)
	}
	return n
}
