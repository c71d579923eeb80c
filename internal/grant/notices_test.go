package grant

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

// noticesOf are user's notifications of event, oldest first.
func noticesOf(t *testing.T, d *db.DB, user int64, event string) []notify.Notification {
	t.Helper()
	all, err := notify.List(context.Background(), d, user, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []notify.Notification
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Event == event {
			out = append(out, all[i])
		}
	}
	return out
}

func outboxTo(t *testing.T, d *db.DB, user int64, subject string) int {
	t.Helper()
	var n int
	if err := db.Get(context.Background(), d, &n, `SELECT COUNT(*) FROM outbox o JOIN users u ON u.email = o.to_addr
		WHERE u.id = ? AND o.subject = ?`, user, subject); err != nil {
		t.Fatal(err)
	}
	return n
}

// A draft agreement tells the grantee's members, in their language, that
// it is ready to sign, with a link to it and an e-mail; a decided
// amendment tells the members and the officer who requested it.
func TestAgreementAndAmendmentNotices(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFix(t, d, "eu")
		f.store.Cat = cat
		second := user(t, d, "applicant", "en")
		exec(t, d, `INSERT INTO memberships (user_id, org_id, created_at) VALUES (?, ?, ?)`, second, f.org, t0)
		g := signedGrant(t, f)
		for _, c := range []struct {
			user int64
			want string
		}{{f.user, "është gati për nënshkrim"}, {second, "is ready to sign"}} {
			got := noticesOf(t, d, c.user, notify.EventAgreementReady)
			if len(got) != 1 || !strings.Contains(got[0].Subject, g.ContractNumber) || !strings.Contains(got[0].Subject, c.want) ||
				got[0].Link != "/grants/"+itoa(g.ID) {
				t.Fatalf("agreement notices of user %d = %+v; want one %q with the contract and its link", c.user, got, c.want)
			}
			if outboxTo(t, d, c.user, got[0].Subject) != 1 {
				t.Errorf("no e-mail to user %d for %q", c.user, got[0].Subject)
			}
		}
		if got := noticesOf(t, d, f.officer, notify.EventAgreementReady); len(got) != 0 {
			t.Errorf("the officer got the grantee's notice: %+v", got)
		}

		officer := Requester{UserID: f.officer, Role: "program_officer"}
		decider := Requester{UserID: f.officer2, Role: "program_officer"}
		m, err := f.store.RequestAmendment(ctx, g.ID, everything, PeriodChange, Change{EndsOn: "2027-06-30"}, "vonesë", officer)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.DecideAmendment(ctx, m.ID, everything, false, "Nuk ka arsye të mjaftueshme", decider); err != nil {
			t.Fatal(err)
		}
		for _, u := range []int64{f.user, second, f.officer} {
			got := noticesOf(t, d, u, notify.EventAmendment)
			if len(got) != 1 || !strings.Contains(got[0].Body, "Nuk ka arsye të mjaftueshme") {
				t.Errorf("amendment notices of user %d = %+v; want one with the reason", u, got)
			}
		}
		if got := noticesOf(t, d, f.officer2, notify.EventAmendment); len(got) != 0 {
			t.Errorf("the deciding officer was told of its own decision: %+v", got)
		}
		// a request refused changes nothing: no notice without a decision
		if _, err := f.store.DecideAmendment(ctx, m.ID, access.Orgs(f.org), true, "", Requester{UserID: f.user, Role: "applicant"}); err == nil {
			t.Fatal("grantee decided")
		}
		if got := noticesOf(t, d, f.user, notify.EventAmendment); len(got) != 1 {
			t.Errorf("a refused decision notified: %d notices", len(got))
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
