package demo

import (
	"context"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/notify"
)

// checkNotices: the demo story leaves its people the notices of issue 12
// in their language: the grantees' agreements ready to sign, the payment
// requests waiting for finance and their outcome for the grantee, the
// decided bank-account amendment, and applicant1's reminder of its tax
// certificate expiring, sent once however often the seed runs.
func checkNotices(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	type notice struct {
		Event   string `db:"event"`
		Subject string `db:"subject"`
		Link    string `db:"link"`
	}
	of := func(email string) []notice {
		var out []notice
		if err := db.Select(ctx, d, &out, `SELECT n.event, n.subject, n.link FROM notifications n JOIN users u ON u.id = n.user_id
			WHERE u.email = ? ORDER BY n.id`, email); err != nil {
			t.Fatal(err)
		}
		return out
	}
	has := func(email, event, subject, link string) {
		t.Helper()
		for _, n := range of(email) {
			if n.Event == event && strings.Contains(n.Subject, subject) && strings.HasPrefix(n.Link, link) {
				return
			}
		}
		t.Errorf("%s has no %s notice %q linking to %s: %+v", email, event, subject, link, of(email))
	}
	has("applicant2@demo.example", notify.EventAgreementReady, "është gati për nënshkrim", "/grants/")
	has("applicant3@demo.example", notify.EventAgreementReady, "është gati për nënshkrim", "/grants/")
	has("applicant2@demo.example", notify.EventPaymentRequest, "Kërkesa për pagesë", "/payments/")
	has("finance@demo.example", notify.EventPaymentRequest, "për t'u verifikuar", "/payments/")
	has("finance@demo.example", notify.EventPaymentRequest, "Pagesë për t'u kryer", "/payments/")
	has("officer@demo.example", notify.EventAmendment, "", "/grants/")
	has("applicant1@demo.example", notify.EventDocumentExpires, "Vërtetimi tatimor", "/organisations/")
	var mails, reminders int
	if err := db.Get(ctx, d, &mails, `SELECT COUNT(*) FROM outbox o JOIN users u ON u.email = o.to_addr
		WHERE u.email = 'applicant1@demo.example' AND o.subject LIKE '%Vërtetimi tatimor%'`); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(ctx, d, &reminders, `SELECT COUNT(*) FROM reminders_sent WHERE kind = 'document'`); err != nil {
		t.Fatal(err)
	}
	if mails != 1 || reminders != 1 {
		t.Errorf("the expiring document: %d e-mails and %d guard rows, want 1 each", mails, reminders)
	}
}
