package web_test

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

var (
	tokenField = regexp.MustCompile(`name="token" value="([0-9a-f]+)"`)
	checkedBox = regexp.MustCompile(`name="ids" value="\d+" checked>`)
)

// bulkEnv is a call with n applications of organisation A submitted.
func bulkEnv(t *testing.T, d *db.DB, n int) (*appEnv, []string) {
	t.Helper()
	ae := newAppEnv(t, d, apptest.Spec{})
	body := validBody(t)
	var ids []string
	for range n {
		ids = append(ids, ae.submittedFor(t, webtest.ApplicantA, body))
	}
	return ae, ids
}

// prepareBulk posts a selection with a decision as p and returns the
// response (303 to the confirmation page on success).
func (ae *appEnv) prepareBulk(p webtest.Principal, ids []string, kv ...string) string {
	f := url.Values{"ids": ids, "action": {"prepare"}}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	rec := ae.Post(p, "/calls/"+itoa(ae.fx.Call.ID)+"/bulk/screening", f)
	if rec.Code != 303 {
		ae.T.Fatalf("prepare as %s: %d %s", p, rec.Code, rec.Body)
	}
	return rec.Header().Get("Location")
}

// The done-when of issue 12: an officer screens ten applications in one
// bulk action through the pages, confirming on a page that lists them; a
// confirmation without the token changes nothing; the result lists each.
func TestBulkScreenTenThroughThePages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae, ids := bulkEnv(t, d, 10)
		po := webtest.ProgramOfficer
		list := ae.Get(po, "/calls/"+itoa(ae.fx.Call.ID)+"/bulk/screening")
		if list.Code != 200 || strings.Count(list.Body.String(), `type="checkbox"`) != 10 ||
			!strings.Contains(list.Body.String(), `value="select_all"`) {
			t.Fatalf("selection page: %d %s", list.Code, list.Body)
		}
		if all := ae.Post(po, "/calls/"+itoa(ae.fx.Call.ID)+"/bulk/screening", url.Values{"action": {"select_all"}, "page_ids": ids}); all.Code != 200 ||
			len(checkedBox.FindAllString(all.Body.String(), -1)) != 10 {
			t.Errorf("select all on this page: %d, %d checked", all.Code, len(checkedBox.FindAllString(all.Body.String(), -1)))
		}
		mails := ae.Count(`SELECT COUNT(*) FROM outbox`)
		job := ae.prepareBulk(po, ids, "decision", "ineligible", "point", "documents", "reason", "Statuti mungon.")
		confirm := ae.Get(po, job)
		m := tokenField.FindStringSubmatch(confirm.Body.String())
		if confirm.Code != 200 || m == nil || strings.Count(confirm.Body.String(), "Statuti mungon.") < 10 {
			t.Fatalf("confirmation page: %d %s", confirm.Code, confirm.Body)
		}
		if rec := ae.Post(po, job+"/confirm", url.Values{}); rec.Code != 422 {
			t.Errorf("confirm without the token: %d", rec.Code)
		}
		if rec := ae.Post(po, job+"/confirm", url.Values{"token": {strings.Repeat("0", len(m[1]))}}); rec.Code != 422 {
			t.Errorf("confirm with a wrong token: %d", rec.Code)
		}
		if n := ae.Count(`SELECT COUNT(*) FROM applications WHERE status <> 'submitted'`); n != 0 {
			t.Fatalf("%d applications changed before confirmation", n)
		}
		if rec := ae.Post(webtest.Admin, job+"/confirm", url.Values{"token": {m[1]}}); rec.Code != 404 {
			t.Errorf("another officer confirmed: %d", rec.Code)
		}
		if rec := ae.Post(po, job+"/confirm", url.Values{"token": {m[1]}}); rec.Code != 303 {
			t.Fatalf("confirm: %d %s", rec.Code, rec.Body)
		}
		if n := ae.Count(`SELECT COUNT(*) FROM applications WHERE status = 'ineligible'`); n != 10 {
			t.Errorf("%d applications ineligible, want 10", n)
		}
		if n := ae.Count(`SELECT COUNT(*) FROM audit_log WHERE action = 'application.status' AND actor_id = ?`, ae.Users[po].ID); n != 10 {
			t.Errorf("%d status audit rows in the officer's name, want 10", n)
		}
		if n := ae.Count(`SELECT COUNT(*) FROM audit_log WHERE action = 'bulk.screening' AND actor_id = ?`, ae.Users[po].ID); n != 1 {
			t.Errorf("%d summary audit rows, want 1", n)
		}
		if n := ae.Count(`SELECT COUNT(*) FROM outbox`) - mails; n != 10 {
			t.Errorf("%d decision e-mails, want 10", n)
		}
		res := ae.Get(po, job)
		if res.Code != 200 || strings.Count(res.Body.String(), `class="bulk-done"`) != 10 || !strings.Contains(res.Body.String(), "<progress") {
			t.Errorf("result page: %d %s", res.Code, res.Body)
		}
	})
}

// A mixed selection reports per item: the already decided one fails with
// its reason, the others succeed.
func TestBulkScreenMixedResult(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae, ids := bulkEnv(t, d, 3)
		po := webtest.ProgramOfficer
		if rec := ae.Post(po, "/applications/"+ids[2]+"/screening", url.Values{"action": {"ineligible"},
			"points[documents].result": {"failed"}, "points[documents].reason": {"x"}}); rec.Code != 303 {
			t.Fatalf("single decision: %d", rec.Code)
		}
		job := ae.prepareBulk(po, ids, "decision", "ineligible", "point", "amount", "reason", "Mbi kufirin.")
		m := tokenField.FindStringSubmatch(ae.Get(po, job).Body.String())
		if m == nil {
			t.Fatal("no token")
		}
		ae.Post(po, job+"/confirm", url.Values{"token": {m[1]}})
		body := ae.Get(po, job).Body.String()
		if strings.Count(body, `class="bulk-done"`) != 2 || strings.Count(body, `class="bulk-failed"`) != 1 ||
			!strings.Contains(body, ae.cat(t).T(i18n.EN, "screening.error.not_decidable")) {
			t.Errorf("mixed result page: %s", body)
		}
	})
}

// Forged selections are refused whole: another call's application (of
// organisation B, with the canary), an unknown id or a malformed one give
// 404 and store no job; nothing of B shows.
func TestBulkForgedIdsRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae, ids := bulkEnv(t, d, 2)
		mine := ae.fx
		ae.fx = apptest.Call(t, d, apptest.Spec{Reference: "CFP-2026-09"})
		other := ae.submittedFor(t, webtest.ApplicantB, validBody(t))
		ae.fx = mine
		path := "/calls/" + itoa(ae.fx.Call.ID) + "/bulk/screening"
		for name, sel := range map[string][]string{
			"another call's": {ids[0], other}, "unknown": {ids[0], "999999"}, "malformed": {ids[0], "1;DROP"},
		} {
			rec := ae.Post(webtest.ProgramOfficer, path, url.Values{"ids": sel, "action": {"prepare"}, "decision": {"eligible"}})
			if rec.Code != 404 || strings.Contains(rec.Body.String(), webtest.Canary) {
				t.Errorf("%s id: %d", name, rec.Code)
			}
			rec = ae.Post(webtest.ProgramOfficer, path, url.Values{"ids": sel, "action": {"export"}})
			if rec.Code != 404 || strings.Contains(rec.Body.String(), webtest.Canary) {
				t.Errorf("%s id exported: %d", name, rec.Code)
			}
		}
		if n := ae.Count(`SELECT COUNT(*) FROM bulk_jobs`); n != 0 {
			t.Errorf("%d jobs stored", n)
		}
		if n := ae.Count(`SELECT COUNT(*) FROM applications WHERE status <> 'submitted'`); n != 0 {
			t.Errorf("%d applications changed", n)
		}
		ae.Exec(`UPDATE applications SET title = '=HYPERLINK("http://x")' WHERE id = ?`, ids[0])
		exp := ae.Post(webtest.ProgramOfficer, path, url.Values{"ids": ids, "action": {"export"}})
		if exp.Code != 200 || !strings.Contains(exp.Header().Get("Content-Disposition"), ".csv") ||
			strings.Count(exp.Body.String(), "\n") != 3 || !strings.Contains(exp.Body.String(), `"'=HYPERLINK(`) {
			t.Errorf("export of the selection: %d %q", exp.Code, exp.Body)
		}
		xl := ae.Post(webtest.ProgramOfficer, path, url.Values{"ids": ids, "action": {"export"}, "format": {"xlsx"}})
		if xl.Code != 200 || !strings.HasPrefix(xl.Body.String(), "PK") {
			t.Errorf("xlsx export: %d", xl.Code)
		}
	})
}

// Bad input on the selection page: nothing selected, no decision, an
// ineligible decision without point or reason: 422 with the errors next
// to the fields and the selection kept.
func TestBulkBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae, ids := bulkEnv(t, d, 1)
		path := "/calls/" + itoa(ae.fx.Call.ID) + "/bulk/screening"
		cat := ae.cat(t)
		for _, c := range []struct {
			form url.Values
			key  string
		}{
			{url.Values{"action": {"prepare"}, "decision": {"eligible"}}, "bulk.error.none_selected"},
			{url.Values{"action": {"prepare"}, "ids": ids}, "bulk.error.decision"},
			{url.Values{"action": {"prepare"}, "ids": ids, "decision": {"ineligible"}, "reason": {"x"}}, "bulk.error.point"},
			{url.Values{"action": {"prepare"}, "ids": ids, "decision": {"ineligible"}, "point": {"documents"}}, "screening.error.reason_required"},
		} {
			rec := ae.Post(webtest.ProgramOfficer, path, c.form)
			if rec.Code != 422 || !strings.Contains(rec.Body.String(), html.EscapeString(cat.T(i18n.EN, c.key))) || !strings.Contains(rec.Body.String(), "error-summary") {
				t.Errorf("%v: %d", c.form, rec.Code)
			}
		}
		many := url.Values{"action": {"prepare"}, "decision": {"eligible"}}
		for i := range 501 {
			many.Add("ids", itoa(int64(i+1)))
		}
		if rec := ae.Post(webtest.ProgramOfficer, path, many); rec.Code != 422 ||
			!strings.Contains(rec.Body.String(), html.EscapeString(cat.T(i18n.EN, "bulk.error.too_many"))) {
			t.Errorf("501 ids: %d", rec.Code)
		}
		if n := ae.Count(`SELECT COUNT(*) FROM bulk_jobs`); n != 0 {
			t.Errorf("%d jobs stored from bad input", n)
		}
	})
}

// The role x route matrix of the bulk routes: officers only; a job only
// for the officer who prepared it (the admin gets 404).
func TestBulkMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae, ids := bulkEnv(t, d, 1)
		job := ae.prepareBulk(webtest.ProgramOfficer, ids, "decision", "eligible")
		call := "/calls/" + itoa(ae.fx.Call.ID)
		path := call + "/bulk/screening"
		officers := func(anon, status int) map[webtest.Principal]int {
			return map[webtest.Principal]int{webtest.Anon: anon, webtest.Admin: status, webtest.ProgramOfficer: status}
		}
		ae.CheckMatrix(t, []webtest.Case{
			{Name: "selection page", Req: webtest.Request{Path: path}, Default: 403, Want: officers(303, 200)},
			{Name: "prepare (nothing selected)", Req: webtest.Request{Method: "POST", Path: path, Form: url.Values{"action": {"prepare"}}},
				Default: 403, Want: officers(401, 422)},
			{Name: "unknown call", Req: webtest.Request{Path: "/calls/999999/bulk/screening"}, Default: 403, Want: officers(303, 404)},
			{Name: "job page", Req: webtest.Request{Path: job}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 303, webtest.Admin: 404, webtest.ProgramOfficer: 200}},
			{Name: "confirm without token", Req: webtest.Request{Method: "POST", Path: job + "/confirm", Form: url.Values{}}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 404, webtest.ProgramOfficer: 422}},
			{Name: "files of a draft", Req: webtest.Request{Path: job + "/files.zip"}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 303, webtest.Admin: 404, webtest.ProgramOfficer: 404}},
			{Name: "assign page", Req: webtest.Request{Path: call + "/bulk/assign"}, Default: 403, Want: officers(303, 200)},
			{Name: "remind (nothing selected)", Req: webtest.Request{Method: "POST", Path: call + "/bulk/assign",
				Form: url.Values{"action": {"remind"}}}, Default: 403, Want: officers(401, 422)},
			{Name: "letters page", Req: webtest.Request{Path: call + "/bulk/letters"}, Default: 403, Want: officers(303, 200)},
			{Name: "letters (nothing selected)", Req: webtest.Request{Method: "POST", Path: call + "/bulk/letters",
				Form: url.Values{"action": {"prepare"}}}, Default: 403, Want: officers(401, 422)},
			{Name: "letters, another call's id", Req: webtest.Request{Method: "POST", Path: "/calls/999999/bulk/letters",
				Form: url.Values{"action": {"prepare"}, "ids": ids}}, Default: 403, Want: officers(401, 404)},
		})
		if n := ae.Count(`SELECT COUNT(*) FROM bulk_jobs WHERE status <> 'draft'`); n != 0 {
			t.Errorf("the matrix confirmed %d jobs", n)
		}
	})
}

func (ae *appEnv) cat(t *testing.T) *i18n.Catalogue {
	t.Helper()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// An evaluator of the committee is assigned to the selected eligible
// applications in one confirmed action; the matrix of the assignment
// routes is the officers'.
func TestBulkAssignThroughThePages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae, ids := bulkEnv(t, d, 2)
		ae.Exec(`UPDATE applications SET status = 'eligible'`)
		ev := ae.Users[webtest.Evaluator1].ID
		ae.Exec(`INSERT INTO committee_members (call_id, user_id, role, languages, added_at) VALUES (?, ?, 'evaluator', 'sq,en', ?)`,
			ae.fx.Call.ID, ev, db.Now())
		path := "/calls/" + itoa(ae.fx.Call.ID) + "/bulk/assign"
		po := webtest.ProgramOfficer
		ae.CheckMatrix(t, []webtest.Case{
			{Name: "assign page", Req: webtest.Request{Path: path}, Default: 403,
				Want: map[webtest.Principal]int{webtest.Anon: 303, webtest.Admin: 200, po: 200}},
			{Name: "assign (no evaluator)", Req: webtest.Request{Method: "POST", Path: path, Form: url.Values{"action": {"prepare"}, "ids": ids}},
				Default: 403, Want: map[webtest.Principal]int{webtest.Anon: 401, webtest.Admin: 422, po: 422}},
		})
		page := ae.Get(po, path).Body.String()
		if strings.Count(page, `name="ids"`) != 2 || !strings.Contains(page, `value="`+itoa(ev)+`"`) {
			t.Fatalf("assign page: %s", page)
		}
		rec := ae.Post(po, path, url.Values{"action": {"prepare"}, "ids": ids, "user_id": {itoa(ev)}})
		if rec.Code != 303 {
			t.Fatalf("prepare: %d %s", rec.Code, rec.Body)
		}
		job := rec.Header().Get("Location")
		m := tokenField.FindStringSubmatch(ae.Get(po, job).Body.String())
		if m == nil {
			t.Fatal("no token")
		}
		ae.Post(po, job+"/confirm", url.Values{"token": {m[1]}})
		if n := ae.Count(`SELECT COUNT(*) FROM review_assignments WHERE user_id = ? AND status = 'active'`, ev); n != 2 {
			t.Errorf("%d assignments, want 2", n)
		}
		if body := ae.Get(po, job).Body.String(); strings.Count(body, `class="bulk-done"`) != 2 {
			t.Errorf("result: %s", body)
		}
		// Remind the evaluators of both: one notice each (in the portal and
		// by e-mail); again the same day, nobody is left to remind.
		remind := func() string {
			t.Helper()
			rec := ae.Post(po, path, url.Values{"action": {"remind"}, "ids": ids})
			if rec.Code != 303 {
				t.Fatalf("prepare the reminder: %d %s", rec.Code, rec.Body)
			}
			job := rec.Header().Get("Location")
			m := tokenField.FindStringSubmatch(ae.Get(po, job).Body.String())
			if m == nil {
				t.Fatal("no token")
			}
			ae.Post(po, job+"/confirm", url.Values{"token": {m[1]}})
			return ae.Get(po, job).Body.String()
		}
		mails := ae.Count(`SELECT COUNT(*) FROM outbox WHERE to_addr = ?`, ae.Users[webtest.Evaluator1].Email)
		if body := remind(); strings.Count(body, `class="bulk-done"`) != 2 {
			t.Errorf("reminder result: %s", body)
		}
		if n := ae.Count(`SELECT COUNT(*) FROM notifications WHERE user_id = ? AND event = 'review.reminder'`, ev); n != 2 {
			t.Errorf("%d reminder notices, want 2", n)
		}
		if n := ae.Count(`SELECT COUNT(*) FROM outbox WHERE to_addr = ?`, ae.Users[webtest.Evaluator1].Email) - mails; n != 2 {
			t.Errorf("%d reminder e-mails, want 2", n)
		}
		if body := remind(); strings.Count(body, `class="bulk-failed"`) != 2 ||
			!strings.Contains(body, html.EscapeString(ae.cat(t).T(i18n.EN, "bulk.error.nobody_to_remind"))) {
			t.Errorf("second reminder the same day: %s", body)
		}
	})
}
