package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"html"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/authz"
	"github.com/subgrant/portal/internal/bulk"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web"
	"github.com/subgrant/portal/internal/web/webtest"
)

// More than bulk.InlineItems items run in the background: the confirmed
// job's page shows a progress bar and reloads itself (with a way to stop
// it) until the server's worker has run every item; then it lists each.
func TestBulkLongRunInTheBackground(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae, ids := bulkEnv(t, d, bulk.InlineItems+1)
		po := webtest.ProgramOfficer
		job := ae.prepareBulk(po, ids, "decision", "ineligible", "point", "documents", "reason", "Mungon.")
		m := tokenField.FindStringSubmatch(ae.Get(po, job).Body.String())
		if m == nil {
			t.Fatal("no token")
		}
		ae.Post(po, job+"/confirm", url.Values{"token": {m[1]}})
		body := ae.Get(po, job).Body.String()
		if !strings.Contains(body, "<progress") || !strings.Contains(body, `http-equiv="refresh"`) || !strings.Contains(body, job+"?refresh=off") {
			t.Fatalf("waiting job page: %s", body)
		}
		if n := ae.Count(`SELECT COUNT(*) FROM applications WHERE status = 'ineligible'`); n != 0 {
			t.Fatalf("%d decided before the worker ran", n)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go ae.Server.RunBulkJobs(ctx)
		deadline := time.Now().Add(30 * time.Second)
		finished := "</strong> " + ae.cat(t).T(i18n.EN, "bulk.status.done") + " ·"
		for !strings.Contains(body, finished) {
			if time.Now().After(deadline) {
				t.Fatalf("the job never finished: %s", body)
			}
			time.Sleep(50 * time.Millisecond)
			body = ae.Get(po, job).Body.String()
		}
		if strings.Contains(body, `http-equiv="refresh"`) || strings.Count(body, `class="bulk-done"`) != len(ids) {
			t.Errorf("the finished job: %s", body)
		}
		if n := ae.Count(`SELECT COUNT(*) FROM applications WHERE status = 'ineligible'`); n != len(ids) {
			t.Errorf("%d ineligible, want %d", n, len(ids))
		}
	})
}

// The decision letters of the selected applications in one action: after
// the session's approval both letters are made and downloaded as one ZIP
// by the officer who asked (nobody else); before approval each item
// fails with the reason and there is nothing to download.
func TestBulkLetters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAwardEnv(t, d)
		po := webtest.ProgramOfficer
		path := "/calls/" + ae.call + "/bulk/letters"
		run := func(action ...string) string {
			t.Helper()
			act := "prepare"
			if len(action) > 0 {
				act = action[0]
			}
			rec := ae.Post(po, path, url.Values{"action": {act}, "ids": {ae.appA, ae.appB}})
			if rec.Code != 303 {
				t.Fatalf("prepare: %d %s", rec.Code, rec.Body)
			}
			job := rec.Header().Get("Location")
			m := tokenField.FindStringSubmatch(ae.Get(po, job).Body.String())
			if m == nil {
				t.Fatal("no token")
			}
			ae.Post(po, job+"/confirm", url.Values{"token": {m[1]}})
			return job
		}
		early := run()
		if body := ae.Get(po, early).Body.String(); strings.Count(body, `class="bulk-failed"`) != 2 || strings.Contains(body, "files.zip") {
			t.Errorf("letters before approval: %s", body)
		}
		if got := ae.Get(po, early+"/files.zip").Code; got != 404 {
			t.Errorf("files before approval: %d", got)
		}
		sess := ae.open(t)
		if rec := ae.Post(po, sess+"/approve", nil); rec.Code != 303 {
			t.Fatalf("approve: %d", rec.Code)
		}
		if page := ae.Get(po, path).Body.String(); strings.Count(page, `name="ids"`) != 2 {
			t.Errorf("letters page lists %d applications", strings.Count(page, `name="ids"`))
		}
		job := run()
		if body := ae.Get(po, job).Body.String(); strings.Count(body, `class="bulk-done"`) != 2 || !strings.Contains(body, job+"/files.zip") {
			t.Fatalf("letters after approval: %s", body)
		}
		rec := ae.Get(po, job+"/files.zip")
		zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
		if rec.Code != 200 || err != nil || len(zr.File) != 2 {
			t.Fatalf("zip: %d %v", rec.Code, err)
		}
		for _, f := range zr.File {
			r, _ := f.Open()
			head := make([]byte, 5)
			_, _ = io.ReadFull(r, head)
			r.Close()
			if string(head) != "%PDF-" || !strings.HasSuffix(f.Name, ".pdf") {
				t.Errorf("%s is not a PDF", f.Name)
			}
		}
		if got := ae.Get(webtest.Admin, job+"/files.zip").Code; got != 404 {
			t.Errorf("another officer fetched the letters: %d", got)
		}
		if got := ae.Get(webtest.ApplicantA, job+"/files.zip").Code; got != 403 {
			t.Errorf("applicant fetched the letters: %d", got)
		}
		// The draft agreements: A's award gets one, B (reserve) fails with
		// the reason; a second run finds A's agreement made.
		cat, _ := i18n.Load()
		ae.Exec(`UPDATE applications SET start_month = '2026-09', duration_months = 12`)
		ae.Exec(`INSERT INTO application_budget_lines (application_id, position, heading, description, unit, units_x100,
			unit_rate_minor, total_minor, requested_minor, cofinancing_minor) VALUES (?, 0, '1', 'Staff', 'month', 100, 2000000, 2000000,
			2000000, 0)`, ae.appA)
		body := ae.Get(po, run("agreements")).Body.String()
		if strings.Count(body, `class="bulk-done"`) != 1 || !strings.Contains(body, html.EscapeString(cat.T(i18n.EN, "bulk.error.no_award"))) {
			t.Errorf("agreements: %s", body)
		}
		if n := ae.Count(`SELECT COUNT(*) FROM grants WHERE application_id = ?`, ae.appA); n != 1 {
			t.Errorf("%d agreements of A", n)
		}
		if n := ae.Count(`SELECT COUNT(*) FROM audit_log WHERE action = 'bulk.agreements'`); n != 1 {
			t.Errorf("%d summary rows of the agreements", n)
		}
		body = ae.Get(po, run("agreements")).Body.String()
		if strings.Count(body, `class="bulk-failed"`) != 2 || !strings.Contains(body, html.EscapeString(cat.T(i18n.EN, "grants.error.exists"))) {
			t.Errorf("agreements again: %s", body)
		}
	})
}

// noScreening is the portal's policy without application:check.
type noScreening struct{ authz.Decider }

func (n noScreening) Scope(role, obj, act string) (authz.Relation, error) {
	if obj == "application" && act == "check" {
		return "", errors.New("denied")
	}
	return n.Decider.Scope(role, obj, act)
}

// Bulk never does what the role may not do one item at a time: with
// bulk:run but without application:check, preparing a bulk screening is
// refused (403) and no job is stored.
func TestBulkNeedsTheSingleActionsPermission(t *testing.T) {
	d := dbtest.SQLite(t)
	e, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	ae := &appEnv{now: db.Now()}
	ae.Env = webtest.New(t, d, webtest.Options{Deps: func(deps *web.Deps) { deps.Authz = noScreening{e} }})
	ae.fx = apptest.Call(t, d, apptest.Spec{})
	id := ae.submittedFor(t, webtest.ApplicantA, validBody(t))
	rec := ae.Post(webtest.ProgramOfficer, "/calls/"+itoa(ae.fx.Call.ID)+"/bulk/screening",
		url.Values{"action": {"prepare"}, "ids": {id}, "decision": {"eligible"}})
	if rec.Code != 403 || ae.Count(`SELECT COUNT(*) FROM bulk_jobs`) != 0 {
		t.Errorf("bulk screening without application:check: %d", rec.Code)
	}
}
