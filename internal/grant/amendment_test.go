package grant

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

func signedGrant(t *testing.T, f *fix) Agreement {
	t.Helper()
	ctx := context.Background()
	app := f.award(t, 0, stdLines, "2026-04", 12, 0)
	g, err := f.store.Create(ctx, app, f.officer)
	if err != nil {
		t.Fatal(err)
	}
	exec(t, f.d, `UPDATE grants SET scan_stored_name = 'aaaa', grantee_signed_on = '2026-02-25', org_signed_on = '2026-02-26' WHERE id = ?`, g.ID)
	g, err = f.store.Apply(ctx, g.ID, everything, Sign, "program_officer", "")
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestAmendments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFix(t, d, "eu")
		g := signedGrant(t, f)
		officer := Requester{UserID: f.officer, Role: "program_officer"}
		second := Requester{UserID: f.officer2, Role: "program_officer"}
		grantee := Requester{UserID: f.user, Role: "applicant", Grantee: true}
		code := func(err error) apperr.Code { return apperr.CodeOf(err) }

		// bank account: the grantee requests, mod-97 checked, another user approves
		if _, err := f.store.RequestAmendment(ctx, g.ID, access.Orgs(f.org), BankAccount, Change{IBAN: "AL47212110090000000235698742"}, "", grantee); apperr.As(err) == nil || apperr.As(err).Fields["iban"] != "org.error.iban_checksum" {
			t.Errorf("bad IBAN: %v", err)
		}
		m, err := f.store.RequestAmendment(ctx, g.ID, access.Orgs(f.org), BankAccount, Change{IBAN: "XK05 1212 0123 4567 8906", BankName: "Banka"}, "llogari e re", grantee)
		if err == nil {
			t.Errorf("same IBAN as the grant's accepted: %+v", m)
		}
		m, err = f.store.RequestAmendment(ctx, g.ID, access.Orgs(f.org), BankAccount, Change{IBAN: "AL47 2121 1009 0000 0002 3569 8741", BankName: "Banka"}, "llogari e re", grantee)
		if err != nil || m.Status != AmendRequested {
			t.Fatalf("bank request: %v %+v", err, m)
		}
		if now, _ := f.store.Get(ctx, g.ID, everything); now.IBAN != goodXK {
			t.Errorf("the account changed before approval: %s", now.IBAN)
		}
		// the grantee may not decide, nor request a period change
		if _, err := f.store.DecideAmendment(ctx, m.ID, access.Orgs(f.org), true, "", grantee); code(err) != apperr.Forbidden {
			t.Errorf("grantee approves: %v", err)
		}
		if _, err := f.store.RequestAmendment(ctx, g.ID, access.Orgs(f.org), PeriodChange, Change{EndsOn: "2027-06-30"}, "", grantee); code(err) != apperr.Forbidden {
			t.Errorf("grantee period: %v", err)
		}
		// rejection needs a note
		if _, err := f.store.DecideAmendment(ctx, m.ID, everything, false, "", officer); code(err) != apperr.Invalid {
			t.Errorf("reject without note: %v", err)
		}
		got, err := f.store.DecideAmendment(ctx, m.ID, everything, true, "", officer)
		if err != nil || got.Status != AmendApproved || got.Version == nil || *got.Version != 2 {
			t.Fatalf("approve: %v %+v", err, got)
		}
		now, _ := f.store.Get(ctx, g.ID, everything)
		if now.IBAN != "AL47212110090000000235698741" || now.BankName != "Banka" || now.Version != 2 {
			t.Errorf("after the bank amendment: %s %s v%d", now.IBAN, now.BankName, now.Version)
		}
		if _, err := f.store.DecideAmendment(ctx, m.ID, everything, true, "", second); code(err) != apperr.Conflict {
			t.Errorf("decided twice: %v", err)
		}

		// four eyes: the officer who requested never approves
		p, err := f.store.RequestAmendment(ctx, g.ID, everything, PeriodChange, Change{EndsOn: "2027-06-30"}, "vonesë", officer)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.DecideAmendment(ctx, p.ID, everything, true, "", officer); code(err) != apperr.Forbidden {
			t.Errorf("requester approves: %v", err)
		}
		if _, err := f.store.DecideAmendment(ctx, p.ID, everything, true, "", Requester{UserID: f.officer, Role: "admin"}); code(err) != apperr.Forbidden {
			t.Errorf("requester approves under another role: %v", err)
		}
		if _, err := f.store.DecideAmendment(ctx, p.ID, everything, true, "", second); err != nil {
			t.Fatal(err)
		}
		now, _ = f.store.Get(ctx, g.ID, everything)
		ts, _ := f.store.Tranches(ctx, g.ID, everything)
		if now.EndsOn != "2027-06-30" || now.Version != 3 || ts[len(ts)-1].DueOn != "2027-09-30" {
			t.Errorf("period: ends %s v%d balance due %s", now.EndsOn, now.Version, ts[len(ts)-1].DueOn)
		}

		// reallocation: line 1 (heading 1, total 30,000) → line 3 (heading 5): 25 % free
		ls, _ := f.store.Lines(ctx, g.ID, everything)
		small, err := f.store.RequestAmendment(ctx, g.ID, everything, Reallocation, Change{FromLine: 1, ToLine: 3, AmountMinor: 100000}, "", officer)
		if err != nil || small.Status != AmendRecorded {
			t.Fatalf("free reallocation: %v %+v", err, small)
		}
		after, _ := f.store.Lines(ctx, g.ID, everything)
		if after[0].DonorMinor != ls[0].DonorMinor-100000 || after[2].DonorMinor != ls[2].DonorMinor+100000 {
			t.Errorf("moved %+v → %+v", ls, after)
		}
		big, err := f.store.RequestAmendment(ctx, g.ID, everything, Reallocation, Change{FromLine: 1, ToLine: 2, AmountMinor: 1000000}, "", officer)
		if err != nil || big.Status != AmendRequested {
			t.Fatalf("reallocation beyond the limit: %v %+v", err, big)
		}
		if _, err := f.store.DecideAmendment(ctx, big.ID, everything, true, "", second); err != nil {
			t.Fatal(err)
		}
		after2, _ := f.store.Lines(ctx, g.ID, everything)
		if after2[0].DonorMinor != after[0].DonorMinor-1000000 || after2[1].DonorMinor != after[1].DonorMinor+1000000 {
			t.Errorf("approved move %+v → %+v", after, after2)
		}
		// a request that no longer fits when decided is a conflict, and nothing moves
		stale, err := f.store.RequestAmendment(ctx, g.ID, everything, Reallocation, Change{FromLine: 2, ToLine: 1, AmountMinor: after2[1].DonorMinor}, "", officer)
		if err != nil || stale.Status != AmendRequested {
			t.Fatalf("stale request: %v %+v", err, stale)
		}
		exec(t, d, `UPDATE grant_budget_lines SET donor_minor = donor_minor - 1000, total_minor = total_minor - 1000 WHERE grant_id = ? AND position = 2`, g.ID)
		exec(t, d, `UPDATE grant_budget_lines SET donor_minor = donor_minor + 1000, total_minor = total_minor + 1000 WHERE grant_id = ? AND position = 3`, g.ID)
		if _, err := f.store.DecideAmendment(ctx, stale.ID, everything, true, "", second); code(err) != apperr.Conflict {
			t.Errorf("stale approval: %v", err)
		}
		if _, err := f.store.DecideAmendment(ctx, stale.ID, everything, false, "buxheti ndryshoi", second); err != nil {
			t.Fatal(err)
		}
		// a move into indirect costs beyond 7 % of direct costs is refused
		if _, err := f.store.RequestAmendment(ctx, g.ID, everything, Reallocation, Change{FromLine: 1, ToLine: 4, AmountMinor: 500000}, "", officer); code(err) != apperr.Invalid {
			t.Errorf("indirect above 7 %%: %v", err)
		}
		// out of scope
		if _, err := f.store.Amendments(ctx, g.ID, access.Orgs(f.org+999)); err != nil {
			t.Fatal(err)
		} else if l, _ := f.store.Amendments(ctx, g.ID, access.Orgs(f.org+999)); len(l) != 0 {
			t.Error("another org lists the amendments")
		}
		if l, _ := f.store.Amendments(ctx, g.ID, access.Orgs(f.org)); len(l) != 5 {
			t.Errorf("%d amendments", len(l))
		}
		var n int
		_ = db.Get(ctx, d, &n, `SELECT COUNT(*) FROM audit_log WHERE object = 'grant_amendment'`)
		if n != 9 { // 5 requests or records, 3 approvals, 1 rejection
			t.Errorf("%d amendment audit rows", n)
		}
	})
}
