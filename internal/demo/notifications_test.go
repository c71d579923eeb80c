package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/notify"
)

// checkNotifications: the demo story leaves its users the notices the
// portal would have sent them: applicant1 an unread receipt that links to
// the receipt of its own NGO's application, evaluators their assignments,
// and every notice a link into the portal.
func checkNotifications(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	var byEvent []struct {
		Email string `db:"email"`
		Event string `db:"event"`
		N     int    `db:"n"`
	}
	if err := db.Select(ctx, d, &byEvent, `SELECT u.email, n.event, COUNT(*) AS n FROM notifications n
		JOIN users u ON u.id = n.user_id GROUP BY u.email, n.event ORDER BY u.email, n.event`); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	var all []string
	for _, r := range byEvent {
		got[r.Email+" "+r.Event] = r.N
		all = append(all, fmt.Sprintf("%s %s %d", r.Email, r.Event, r.N))
	}
	for _, want := range []string{"applicant1@demo.example " + notify.EventSubmitted, "evaluator1@demo.example " + notify.EventAssigned} {
		if got[want] == 0 {
			t.Errorf("no %s notice after the demo; the demo has:\n%s", want, strings.Join(all, "\n"))
		}
	}
	var receipt notify.Notification
	err := db.Get(ctx, d, &receipt, `SELECT n.id, n.user_id, n.event, n.subject, n.body, n.link, n.created_at, n.read_at
		FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE u.email = 'applicant1@demo.example' AND n.event = ? ORDER BY n.id LIMIT 1`, notify.EventSubmitted)
	if err != nil {
		t.Fatalf("applicant1's receipt notice: %v", err)
	}
	id, ok := strings.CutPrefix(receipt.Link, "/applications/")
	id, ok2 := strings.CutSuffix(id, "/receipt")
	appID, perr := strconv.ParseInt(id, 10, 64)
	if !ok || !ok2 || perr != nil || receipt.ReadAt != nil {
		t.Fatalf("applicant1's receipt notice %+v: want unread, linking to /applications/<id>/receipt", receipt)
	}
	var mine int
	if err := db.Get(ctx, d, &mine, `SELECT COUNT(*) FROM applications a JOIN memberships m ON m.org_id = a.org_id
		JOIN users u ON u.id = m.user_id WHERE a.id = ? AND u.email = 'applicant1@demo.example'
		AND a.reference IS NOT NULL AND a.status <> 'draft'`, appID); err != nil || mine != 1 {
		t.Errorf("the receipt links to application %d, which is not a submitted application of applicant1's NGO (%v)", appID, err)
	}
	var bad int
	if err := db.Get(ctx, d, &bad, `SELECT COUNT(*) FROM notifications WHERE link NOT LIKE '/%'`); err != nil || bad != 0 {
		t.Errorf("%d notices without a portal link (%v)", bad, err)
	}
}
