package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/web/webtest"
)

// Through the real pages: a submission leaves the applicant an unread
// receipt in its language, and the eligibility decision a second notice;
// opening each goes to a page the applicant may open.
func TestNotificationsOfTheApplicationFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae := newAppEnv(t, d, apptest.Spec{})
		ae.useSQ(t, webtest.ApplicantA)
		id := ae.submittedFor(t, webtest.ApplicantA, validBody(t))
		f := url.Values{"action": {"ineligible"}, "points[documents].result": {"failed"}, "points[documents].reason": {"Statuti mungon"}}
		if rec := ae.Post(webtest.ProgramOfficer, "/applications/"+id+"/screening", f); rec.Code != http.StatusSeeOther {
			t.Fatalf("decide: %d", rec.Code)
		}
		uid := ae.Users[webtest.ApplicantA].ID
		notes, err := notify.List(context.Background(), d, uid, 10, 0)
		if err != nil || len(notes) != 2 {
			t.Fatalf("applicant's notices = %+v, %v; want the receipt and the decision", notes, err)
		}
		want := map[string]string{notify.EventSubmitted: "/applications/" + id + "/receipt", notify.EventEligibility: "/applications/" + id}
		list := ae.Get(webtest.ApplicantA, "/notifications").Body.String()
		if !strings.Contains(list, "Njoftimet (2") || !strings.Contains(list, "Dëftesa e dorëzimit") {
			t.Error("the Albanian list lacks the count or the event name")
		}
		for _, n := range notes {
			if want[n.Event] != n.Link || !strings.Contains(list, n.Subject) {
				t.Errorf("notice %s links to %q, want %q (or is not listed)", n.Event, n.Link, want[n.Event])
				continue
			}
			rec := ae.Post(webtest.ApplicantA, "/notifications/"+itoa(n.ID)+"/open", nil)
			if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != n.Link {
				t.Fatalf("open %s = %d to %q", n.Event, rec.Code, rec.Header().Get("Location"))
			}
			if got := ae.Get(webtest.ApplicantA, n.Link).Code; got != http.StatusOK {
				t.Errorf("the %s notice's page %s answers %d", n.Event, n.Link, got)
			}
			// Applicant B may not follow A's notice.
			if got := ae.Post(webtest.ApplicantB, "/notifications/"+itoa(n.ID)+"/open", nil).Code; got != http.StatusNotFound {
				t.Errorf("applicant B opening A's notice: %d, want 404", got)
			}
		}
		if n, _ := notify.Unread(context.Background(), d, uid); n != 0 {
			t.Errorf("%d unread after opening both", n)
		}
	})
}
