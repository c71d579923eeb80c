package review_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/review"
)

// Each new assignment tells its evaluator in the portal, linking to the
// declaration of interests, and by e-mail in the evaluator's language; an
// evaluator who turned the e-mail off gets the notice only. A manual
// assignment tells too; a run that adds nothing tells nobody.
func TestAssignmentNotices(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		cat, err := i18n.Load()
		if err != nil {
			t.Fatal(err)
		}
		f := newCmtFix(t, d)
		f.st.Cat, f.st.BaseURL = cat, "https://portal.example.org"
		v1, v2, v3 := f.voter(t, "sq,en"), f.voter(t, "sq,en"), f.voter(t, "sq,en")
		if err := notify.SetEmail(ctx, d, v2, notify.EventAssigned, false); err != nil {
			t.Fatal(err)
		}
		app := f.app(t, f.org(t, "Other"), "eligible", "sq")
		var ref string
		if err := db.Get(ctx, d, &ref, `SELECT reference FROM applications WHERE id = ?`, app); err != nil {
			t.Fatal(err)
		}
		res, err := f.st.AutoAssign(ctx, f.callID, "full", review.AutoOptions{By: f.officer})
		if err != nil || res.Added != 2 {
			t.Fatalf("AutoAssign = %+v, %v; want 2 added", res, err)
		}
		notes := func(uid int64) []notify.Notification {
			t.Helper()
			n, err := notify.List(ctx, d, uid, 10, 0)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		assigned := f.active(t)[app]
		total := 0
		for _, uid := range []int64{v1, v2, v3} {
			ns := notes(uid)
			total += len(ns)
			for _, n := range ns {
				var aid int64
				if err := db.Get(ctx, d, &aid, `SELECT id FROM review_assignments WHERE application_id = ? AND user_id = ?`, app, uid); err != nil {
					t.Fatal(err)
				}
				if n.Event != notify.EventAssigned || n.Link != "/assignments/"+strconv.FormatInt(aid, 10)+"/declare" || !strings.Contains(n.Subject, ref) {
					t.Errorf("notice %+v", n)
				}
			}
		}
		if total != 2 || len(assigned) != 2 {
			t.Fatalf("%d notices for %d assignments, want one each", total, len(assigned))
		}
		var email2 string
		_ = db.Get(ctx, d, &email2, `SELECT email FROM users WHERE id = ?`, v2)
		for _, m := range mustPending(t, d) {
			if m.To == email2 {
				t.Errorf("mail to the evaluator who turned assignment e-mail off: %+v", m)
			}
			if !strings.Contains(m.Body, "https://portal.example.org/assignments/") || m.Lang != "en" ||
				m.Subject != "Evaluation assigned to you: "+ref {
				t.Errorf("assignment mail %+v", m)
			}
		}
		if res, _ := f.st.AutoAssign(ctx, f.callID, "full", review.AutoOptions{}); res.Added != 0 {
			t.Fatalf("second run added %d", res.Added)
		}
		var n int
		_ = db.Get(ctx, d, &n, `SELECT COUNT(*) FROM notifications`)
		if n != 2 {
			t.Errorf("%d notices after a run that added nothing, want 2", n)
		}
		// A manual assignment of the third voter tells it too.
		var free int64
		for _, v := range []int64{v1, v2, v3} {
			if len(notes(v)) == 0 {
				free = v
			}
		}
		if _, err := f.st.AddAssignment(ctx, app, free, f.officer); err != nil {
			t.Fatal(err)
		}
		if ns := notes(free); len(ns) != 1 || ns[0].Event != notify.EventAssigned {
			t.Errorf("manual assignment notices = %+v", ns)
		}
	})
}

func mustPending(t *testing.T, d *db.DB) []notify.Message {
	t.Helper()
	m, err := notify.Pending(context.Background(), d, "")
	if err != nil {
		t.Fatal(err)
	}
	return m
}
