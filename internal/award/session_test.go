package award

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/notify"
)

var heldOn = time.Date(2026, 5, 12, 0, 0, 0, 0, time.UTC)

// The whole session on both databases: refused while not ready, opened
// (eligible → evaluated), overrides refused when they break the budget
// and kept otherwise, approved by the chair only, letters enqueued.
func TestSessionLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFx(t, d, apptest.Spec{})
		ids := f.addApps(t, 0, 4, 4_000_000) // lot 1: 100,000.00
		for i, final := range []int64{8000, 7000, 6000, 4000} {
			f.fake.cons[ids[i]] = result(ids[i], final)
		}
		notReady := f.fake.cons[ids[2]]
		notReady.Ready = false
		f.fake.cons[ids[2]] = notReady
		in := SessionInput{HeldOn: heldOn, Location: "Prishtinë", Minutes: "Quorum present.", Present: []int64{f.chair, f.officer}}
		_, err := f.st.Open(ctx, f.call.Call.ID, "full", f.officer, in)
		var nr *NotReadyError
		if !errors.As(err, &nr) || !apperr.Is(err, apperr.Conflict) || len(nr.Applications) != 1 || nr.Applications[0].ID != ids[2] {
			t.Fatalf("open with a pending application: %v", err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM committee_sessions`); n != 0 {
			t.Fatalf("refused open left %d sessions", n)
		}
		f.fake.cons[ids[2]] = result(ids[2], 6000)

		sid, err := f.st.Open(ctx, f.call.Call.ID, "full", f.officer, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.st.Open(ctx, f.call.Call.ID, "full", f.officer, in); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second session: %v", err)
		}
		st := f.statuses(t)
		for _, id := range ids {
			if st[id] != "evaluated" {
				t.Errorf("application %d is %s after opening", id, st[id])
			}
		}
		if n := count(t, d, `SELECT COUNT(*) FROM application_status_changes WHERE to_status = 'evaluated' AND changed_by = ?`, f.officer); n != 4 {
			t.Errorf("%d status changes recorded", n)
		}
		sess, err := f.st.Session(ctx, sid, access.Everything())
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]string{ids[0]: Award, ids[1]: Award, ids[2]: Reserve, ids[3]: Reject}
		for _, dd := range sess.Decisions {
			if want[dd.ApplicationID] != dd.Decision {
				t.Errorf("application %d: %s, want %s", dd.ApplicationID, dd.Decision, want[dd.ApplicationID])
			}
		}
		if len(sess.Members) != 2 || sess.Location != "Prishtinë" || !sess.HeldOn.Equal(heldOn) {
			t.Errorf("session %+v", sess)
		}

		// Awarding the reserve (40,000.00 with 20,000.00 left) is refused; nothing changes.
		bad := in
		bad.Minutes = "changed"
		bad.Overrides = []Override{{ApplicationID: ids[2], Action: Promote, Reason: "needed"}}
		err = f.st.Update(ctx, sid, bad)
		if apperr.As(err).Fields[fieldOf(ids[2], "action")] != "award.error.over_budget" {
			t.Fatalf("over budget: %v", err)
		}
		if again, _ := f.st.Session(ctx, sid, access.Everything()); again.Minutes != "Quorum present." {
			t.Errorf("refused update changed the minutes to %q", again.Minutes)
		}
		// Reducing the first leaves room for the reserve, which is then awarded.
		good := in
		good.Overrides = []Override{{ApplicationID: ids[0], Action: Reduce, AmountMinor: 2_000_000, Reason: "travel cut"}}
		if err := f.st.Update(ctx, sid, good); err != nil {
			t.Fatal(err)
		}
		sess, _ = f.st.Session(ctx, sid, access.Everything())
		if ovs := sess.Overrides(); len(ovs) != 1 || ovs[0].AmountMinor != 2_000_000 || ovs[0].Reason != "travel cut" {
			t.Errorf("overrides kept: %+v", ovs)
		}
		r, err := f.st.Ranking(ctx, f.call.Call.ID, "full", access.Everything())
		if err != nil || r.Approved || r.Lots[0].AwardedMinor != 10_000_000 || r.Lots[0].Decisions[2].Decision != Award {
			t.Fatalf("ranking with the draft's overrides: %+v %v", r.Lots, err)
		}

		if err := f.st.Approve(ctx, sid, f.officer); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("approval by the secretary: %v", err)
		}
		if err := f.st.Approve(ctx, sid, f.chair); err != nil {
			t.Fatal(err)
		}
		st = f.statuses(t)
		if st[ids[0]] != "awarded" || st[ids[2]] != "awarded" || st[ids[3]] != "rejected" {
			t.Errorf("statuses after approval: %v", st)
		}
		mails, _ := notify.All(ctx, d)
		if len(mails) != 4 {
			t.Errorf("%d letters enqueued, want 4", len(mails))
		}
		var notes []notify.Notification
		if err := db.Select(ctx, d, &notes, `SELECT id, user_id, event, subject, body, link, created_at, read_at FROM notifications`); err != nil {
			t.Fatal(err)
		}
		if len(notes) != 4 {
			t.Errorf("%d outcome notices, want one per letter: %+v", len(notes), notes)
		}
		for _, n := range notes {
			if n.Event != notify.EventOutcome || !strings.HasPrefix(n.Link, "/applications/") {
				t.Errorf("outcome notice %+v", n)
			}
		}
		if err := f.st.Approve(ctx, sid, f.chair); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second approval: %v", err)
		}
		if err := f.st.Update(ctx, sid, in); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("update after approval: %v", err)
		}
		r, err = f.st.Ranking(ctx, f.call.Call.ID, "full", access.Everything())
		if err != nil || !r.Approved || r.Lots[0].AwardedMinor != 10_000_000 {
			t.Errorf("approved ranking: %+v %v", r, err)
		}
		prior, _ := priorAwards(ctx, d, f.call.Call.ProgrammeID, 0)
		if prior[f.orgs[0]] != 2_000_000 || prior[f.orgs[3]] != 0 {
			t.Errorf("prior awards %v", prior)
		}
	})
}

// Letters: none before approval, the organisation's own after, never
// another organisation's.
func TestLetterScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFx(t, d, apptest.Spec{})
		ids := f.addApps(t, 0, 2, 3_000_000)
		f.fake.cons[ids[0]], f.fake.cons[ids[1]] = result(ids[0], 9000), result(ids[1], 3000)
		sid, err := f.st.Open(ctx, f.call.Call.ID, "full", f.officer, SessionInput{HeldOn: heldOn})
		if err != nil {
			t.Fatal(err)
		}
		own := access.Orgs(f.orgs[0])
		if _, err := f.st.LetterFor(ctx, ids[0], own); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("letter before approval: %v", err)
		}
		if err := f.st.Approve(ctx, sid, f.chair); err != nil {
			t.Fatal(err)
		}
		l, err := f.st.LetterFor(ctx, ids[0], own)
		if err != nil || l.Decision.Decision != Award || l.Decision.AmountMinor != 3_000_000 || len(l.Sections) != 1 {
			t.Errorf("own letter: %+v %v", l.Decision, err)
		}
		if _, err := f.st.LetterFor(ctx, ids[1], own); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another organisation's letter: %v", err)
		}
	})
}

// A concept stage ends in a shortlist: the organisation is invited, the
// application stays evaluated, no money.
func TestConceptShortlist(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFx(t, d, apptest.Spec{TwoStage: true})
		f.appStage = "concept"
		ids := f.addApps(t, 0, 2, 0)
		f.fake.cons[ids[0]], f.fake.cons[ids[1]] = result(ids[0], 9000), result(ids[1], 3000)
		in := SessionInput{HeldOn: heldOn, Overrides: []Override{{ApplicationID: ids[0], Action: Reduce, AmountMinor: 1, Reason: "x"}}}
		if _, err := f.st.Open(ctx, f.call.Call.ID, "concept", f.officer, in); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("reduction of a concept note: %v", err)
		}
		in.Overrides = nil
		sid, err := f.st.Open(ctx, f.call.Call.ID, "concept", f.officer, in)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.st.Approve(ctx, sid, f.chair); err != nil {
			t.Fatal(err)
		}
		st := f.statuses(t)
		if st[ids[0]] != "evaluated" || st[ids[1]] != "rejected" {
			t.Errorf("statuses %v", st)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM application_invitations WHERE call_id = ? AND org_id = ?`, f.call.Call.ID, f.orgs[0]); n != 1 {
			t.Errorf("%d invitations of the shortlisted organisation", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM application_invitations WHERE org_id = ?`, f.orgs[1]); n != 0 {
			t.Errorf("rejected organisation invited")
		}
	})
}
