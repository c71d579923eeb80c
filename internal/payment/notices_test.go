package payment

import (
	"fmt"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

// subjects are user's notification subjects of payment requests, oldest first.
func (w *world) subjects(user int64) []string {
	w.t.Helper()
	var out []string
	if err := db.Select(ctx, w.d, &out, `SELECT subject FROM notifications WHERE user_id = ? AND event = ? ORDER BY id`,
		user, notify.EventPaymentRequest); err != nil {
		w.t.Fatal(err)
	}
	return out
}

// Each change of a request's state tells the grantee's members (request
// received, approved, paid; refused with the reason) and the finance
// officers each step waits for, never the one who just acted; every notice
// links to the request and goes by e-mail too.
func TestPaymentRequestNotices(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.st.Cat = cat
		org := w.org()
		member, other := w.user("applicant", org), w.user("applicant", org)
		outsider := w.user("applicant", w.org())
		fin1, fin2 := w.user("finance_officer"), w.user("finance_officer")
		g, tr := w.grant(org, 10000, 6000, 4000)
		r, _, err := w.st.Request(ctx, grantee(member, org), g, NewRequest{TrancheID: &tr[0], AmountMinor: 6000, Currency: "EUR", IdempotencyKey: "a"})
		if err != nil {
			t.Fatal(err)
		}
		var contract string
		if err := db.Get(ctx, d, &contract, `SELECT contract_number FROM grants WHERE id = ?`, g); err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.st.Request(ctx, grantee(member, org), g, NewRequest{TrancheID: &tr[0], AmountMinor: 6000, Currency: "EUR", IdempotencyKey: "a"}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.st.Verify(ctx, staff(fin1), r.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.st.Approve(ctx, staff(fin2), r.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.st.Pay(ctx, staff(fin1), r.ID, payIn(6000)); err != nil {
			t.Fatal(err)
		}
		r2, _, err := w.st.Request(ctx, grantee(member, org), g, NewRequest{TrancheID: &tr[1], AmountMinor: 4000, Currency: "EUR", IdempotencyKey: "b"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.st.Reject(ctx, staff(fin2), r2.ID, "Fatura mungon"); err != nil {
			t.Fatal(err)
		}
		grantee := []string{"Payment request for " + contract + " received", "Payment request for " + contract + " approved",
			"Payment for " + contract + " made", "Payment request for " + contract + " received",
			"Payment request for " + contract + " rejected"}
		for _, u := range []int64{member, other} {
			if got := w.subjects(u); strings.Join(got, "|") != strings.Join(grantee, "|") {
				t.Errorf("grantee member %d got %q\nwant %q (the idempotent retry told nobody)", u, got, grantee)
			}
		}
		// fin1 verified, so it hears of the approval it may not give but of the
		// payment to make; fin2 approved, so it hears of the verification only
		want := map[int64][]string{
			fin1: {"Payment request to verify: " + contract, "Payment to make: " + contract, "Payment request to verify: " + contract},
			fin2: {"Payment request to verify: " + contract, "Payment request to approve: " + contract, "Payment request to verify: " + contract},
		}
		for u, subjects := range want {
			if got := w.subjects(u); strings.Join(got, "|") != strings.Join(subjects, "|") {
				t.Errorf("finance officer %d got %q\nwant %q", u, got, subjects)
			}
		}
		if got := w.subjects(outsider); len(got) != 0 {
			t.Errorf("another organisation's member was told: %q", got)
		}
		var body, link string
		_ = db.Get(ctx, d, &body, `SELECT body FROM notifications WHERE user_id = ? AND subject LIKE '%rejected' ORDER BY id DESC LIMIT 1`, member)
		_ = db.Get(ctx, d, &link, `SELECT link FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT 1`, member)
		if !strings.Contains(body, "Fatura mungon") || link != fmt.Sprintf("/payments/%d", r2.ID) {
			t.Errorf("rejection notice body %q link %q; want the reason and /payments/%d", body, link, r2.ID)
		}
		if n := w.count(`SELECT COUNT(*) FROM outbox WHERE subject LIKE '%' || ? || '%'`, contract); n != 5*2+6 {
			t.Errorf("outbox has %d mails of the grant, want 16 (one per notice)", n)
		}
	})
}
