package bulk_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/bulk"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// prepare checks the selection and the decision as the web layer does and
// stores the draft job.
func (e *env) prepare(t *testing.T, sel []int64, decision, point, reason string) bulk.Job {
	t.Helper()
	ctx := context.Background()
	targets, err := bulk.CallTargets(ctx, e.apps, e.officerScope(), e.fx.Call.ID, sel)
	if err != nil {
		t.Fatalf("targets: %v", err)
	}
	p, err := bulk.CheckScreening(ctx, e.apps, e.fx.Call.ID, decision, point, reason)
	if err != nil {
		t.Fatalf("params: %v", err)
	}
	j, err := e.bulk.Prepare(ctx, e.officerScope(), bulk.KindScreening, e.fx.Call.ID, p, targets)
	if err != nil {
		t.Fatalf("prepare: %v", err)
	}
	return j
}

// Ten applications are screened in one bulk action: each is ineligible
// with the chosen point and reason, through the single decision, so each
// has its decision, its status audit row in the officer's name and the
// applicant's e-mail; one more audit row sums up the action.
func TestTenScreenedInOneAction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		ctx := context.Background()
		as := e.submitted(t, 10)
		mailsBefore := e.count(t, `SELECT COUNT(*) FROM outbox`)
		j := e.prepare(t, ids(as), "ineligible", "documents", "The statute is missing.")
		if j.Status != bulk.Draft || j.Total != 10 || len(j.Token) < 32 {
			t.Fatalf("prepared %+v", j)
		}
		if err := e.bulk.Confirm(ctx, j.ID, e.officerScope(), j.Token); err != nil {
			t.Fatalf("confirm: %v", err)
		}
		if err := e.bulk.Work(ctx, j.ID); err != nil {
			t.Fatalf("work: %v", err)
		}
		j, err := e.bulk.Job(ctx, j.ID, e.officerScope())
		if err != nil {
			t.Fatal(err)
		}
		if j.Status != bulk.Done || j.Succeeded != 10 || j.Failed != 0 || j.Percent() != 100 {
			t.Fatalf("job after work: %+v", j)
		}
		for _, a := range as {
			got, _ := e.apps.Get(ctx, a.ID, access.Everything())
			if got.Status != application.Ineligible {
				t.Errorf("%s: status %s, want ineligible", a.Reference, got.Status)
			}
			scr, err := e.apps.Screening(ctx, a.ID, access.Everything())
			if err != nil || scr.Decision == nil || len(scr.Decision.Reasons) != 1 ||
				scr.Decision.Reasons[0].Reason != "The statute is missing." || *scr.Decision.DecidedBy != e.officer.ID {
				t.Errorf("%s: decision %+v (%v)", a.Reference, scr.Decision, err)
			}
		}
		if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'application.status' AND actor_id = ?
			AND payload LIKE '%ineligible%'`, e.officer.ID); n != 10 {
			t.Errorf("%d status audit rows in the officer's name, want 10", n)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM outbox`) - mailsBefore; n != 10 {
			t.Errorf("%d decision e-mails, want 10", n)
		}
		var payload string
		if err := db.Get(ctx, d, &payload, `SELECT payload FROM audit_log WHERE action = 'bulk.screening' AND object_id = ?
			AND actor_id = ?`, j.ID, e.officer.ID); err != nil {
			t.Fatalf("summary audit row: %v", err)
		}
		for _, want := range []string{`"total":10`, `"succeeded":10`, `"failed":0`} {
			if !strings.Contains(payload, want) {
				t.Errorf("summary %s lacks %s", payload, want)
			}
		}
		// A second worker finds nothing left and writes no second summary.
		if ran, err := e.bulk.RunNext(ctx); ran || err != nil {
			t.Errorf("RunNext after the end: %v %v", ran, err)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'bulk.screening'`); n != 1 {
			t.Errorf("%d summary rows", n)
		}
	})
}

// A mixed selection: each item runs the single decision's rules, so
// applications with a complete checklist or none recorded (its points are
// then recorded as met) become eligible, while one with a point recorded
// as failed and one already decided fail, each with its reason.
func TestMixedOutcomes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		ctx := context.Background()
		as := e.submitted(t, 4)
		var all []application.PointInput
		for _, code := range application.DefaultPoints {
			all = append(all, application.PointInput{Code: code, Result: application.Passed})
		}
		for _, a := range as[:2] {
			if err := e.apps.RecordPoints(ctx, a.ID, e.officerScope(), e.officer.ID, all); err != nil {
				t.Fatal(err)
			}
		}
		failed := []application.PointInput{{Code: application.DefaultPoints[0], Result: application.Failed, Reason: "Mungon statuti."}}
		if err := e.apps.RecordPoints(ctx, as[2].ID, e.officerScope(), e.officer.ID, failed); err != nil {
			t.Fatal(err)
		}
		if err := e.apps.Decide(ctx, as[3].ID, e.officerScope(), e.officer.ID, true); err == nil {
			t.Fatal("decided without a checklist")
		}
		if err := e.apps.RecordPoints(ctx, as[3].ID, e.officerScope(), e.officer.ID, all); err != nil {
			t.Fatal(err)
		}
		none := e.submitted(t, 1)[0] // no point recorded: the bulk decision records them as met
		j := e.prepare(t, append(ids(as), none.ID), "eligible", "", "")
		if err := e.apps.Decide(ctx, as[3].ID, e.officerScope(), e.officer.ID, true); err != nil {
			t.Fatal(err) // decided by hand between preparing and running
		}
		if err := e.bulk.Confirm(ctx, j.ID, e.officerScope(), j.Token); err != nil {
			t.Fatal(err)
		}
		if err := e.bulk.Work(ctx, j.ID); err != nil {
			t.Fatal(err)
		}
		items, err := e.bulk.Items(ctx, j.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct{ status, key string }{
			{bulk.ItemDone, ""}, {bulk.ItemDone, ""},
			{bulk.ItemFailed, "screening.error.failed_points"}, {bulk.ItemFailed, "screening.error.not_decidable"},
			{bulk.ItemDone, ""},
		}
		if len(items) != len(want) {
			t.Fatalf("%d items, want %d", len(items), len(want))
		}
		for i, it := range items {
			if it.Status != want[i].status || it.ErrorKey != want[i].key || it.Label == "" {
				t.Errorf("item %d (%s): %s %q, want %s %q", i, it.Label, it.Status, it.ErrorKey, want[i].status, want[i].key)
			}
		}
		if got, _ := e.apps.Get(ctx, as[2].ID, access.Everything()); got.Status != application.Submitted {
			t.Errorf("the failed item changed: %s", got.Status)
		}
		scr, err := e.apps.Screening(ctx, none.ID, e.officerScope())
		if err != nil || scr.Status != application.Eligible || len(scr.Points) != len(application.DefaultPoints) {
			t.Fatalf("unchecked application: %+v, %v", scr, err)
		}
		for _, r := range scr.Points {
			if r.Result != application.Passed || r.RecordedBy == nil || *r.RecordedBy != e.officer.ID {
				t.Errorf("point %s recorded as %q by %v, want passed by the officer", r.Code, r.Result, r.RecordedBy)
			}
		}
		var payload string
		_ = db.Get(ctx, d, &payload, `SELECT payload FROM audit_log WHERE action = 'bulk.screening'`)
		if !strings.Contains(payload, `"succeeded":3`) || !strings.Contains(payload, `"failed":2`) {
			t.Errorf("summary %s", payload)
		}
	})
}

// Nothing runs without the confirmation token, and only the officer who
// prepared the job may confirm or read it.
func TestConfirmationRequired(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		ctx := context.Background()
		as := e.submitted(t, 2)
		j := e.prepare(t, ids(as), "ineligible", "documents", "Missing.")
		for _, tok := range []string{"", "0000", strings.Repeat("a", len(j.Token))} {
			if err := e.bulk.Confirm(ctx, j.ID, e.officerScope(), tok); apperr.As(err).Fields["token"] != "bulk.error.token" {
				t.Errorf("token %q: %v", tok, err)
			}
		}
		other := access.For(access.Principal{UserID: e.officer.ID + 1000, Role: "program_officer"}, access.Any)
		if err := e.bulk.Confirm(ctx, j.ID, other, j.Token); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another officer confirmed: %v", err)
		}
		if _, err := e.bulk.Job(ctx, j.ID, other); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another officer read the job: %v", err)
		}
		if ran, err := e.bulk.RunNext(ctx); ran || err != nil {
			t.Errorf("a draft ran: %v %v", ran, err)
		}
		if err := e.bulk.Work(ctx, j.ID); err != nil {
			t.Fatal(err)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM screening_decisions`); n != 0 {
			t.Errorf("%d decisions without confirmation", n)
		}
		if err := e.bulk.Confirm(ctx, j.ID, e.officerScope(), j.Token); err != nil {
			t.Fatal(err)
		}
		if err := e.bulk.Confirm(ctx, j.ID, e.officerScope(), j.Token); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("confirmed twice: %v", err)
		}
	})
}

// Ids of another call's applications, unknown ids, repeated ids or none
// refuse the whole selection; a scope short of every row is refused.
func TestForgedSelectionRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		ctx := context.Background()
		as := e.submitted(t, 2)
		otherCall := apptest.Call(t, d, apptest.Spec{Reference: "CFP-OTHER-01"})
		for name, sel := range map[string][]int64{
			"unknown id":        {as[0].ID, 999999},
			"another call's id": {as[0].ID, as[1].ID},
		} {
			callID := e.fx.Call.ID
			if name == "another call's id" {
				callID = otherCall.Call.ID
			}
			if _, err := bulk.CallTargets(ctx, e.apps, e.officerScope(), callID, sel); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("%s: %v, want not found", name, err)
			}
		}
		if _, err := bulk.CallTargets(ctx, e.apps, access.Orgs(e.org.ID), e.fx.Call.ID, ids(as)); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("applicant scope: %v", err)
		}
		p := bulk.ScreeningParams{Eligible: true}
		for name, ts := range map[string][]bulk.Target{"none": nil, "repeated": {{ID: as[0].ID}, {ID: as[0].ID}}} {
			if _, err := e.bulk.Prepare(ctx, e.officerScope(), bulk.KindScreening, e.fx.Call.ID, p, ts); apperr.As(err).Fields["ids"] == "" {
				t.Errorf("%s: %v", name, err)
			}
		}
		for _, c := range []struct{ decision, point, reason, field string }{
			{"maybe", "", "", "decision"}, {"ineligible", "nope", "x", "point"}, {"ineligible", "documents", " ", "reason"},
		} {
			if _, err := bulk.CheckScreening(ctx, e.apps, e.fx.Call.ID, c.decision, c.point, c.reason); apperr.As(err).Fields[c.field] == "" {
				t.Errorf("%+v: %v", c, err)
			}
		}
		if n := e.count(t, `SELECT COUNT(*) FROM bulk_jobs`); n != 0 {
			t.Errorf("%d jobs stored from refused selections", n)
		}
	})
}

// Purge drops a draft older than a day (with its items) but keeps a
// confirmed job, and nothing else.
func TestPurgeDrafts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		ctx := context.Background()
		as := e.submitted(t, 2)
		old := e.prepare(t, ids(as[:1]), "eligible", "", "")
		kept := e.prepare(t, ids(as[1:]), "eligible", "", "")
		if err := e.bulk.Confirm(ctx, kept.ID, e.officerScope(), kept.Token); err != nil {
			t.Fatal(err)
		}
		now := e.bulk.Now
		e.bulk.Now = func() time.Time { return now().Add(25 * time.Hour) }
		if err := e.bulk.Purge(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := e.bulk.Job(ctx, old.ID, e.officerScope()); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("stale draft kept: %v", err)
		}
		if _, err := e.bulk.Job(ctx, kept.ID, e.officerScope()); err != nil {
			t.Errorf("confirmed job purged: %v", err)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM bulk_job_items WHERE job_id = ?`, old.ID); n != 0 {
			t.Errorf("%d items of the purged draft", n)
		}
	})
}
