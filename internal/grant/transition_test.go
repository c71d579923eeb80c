package grant

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

var roles = []string{"admin", "program_officer", "finance_officer", "donor_officer", "evaluator", "applicant"}

// TestTransitionTable checks every state × action × role against the
// workflow written out here once more.
func TestTransitionTable(t *testing.T) {
	want := map[Status]map[Action]Status{
		Draft:      {Sign: Signed, Terminate: Terminated},
		Signed:     {Activate: Active, Suspend: Suspended, Close: Closed, Terminate: Terminated},
		Active:     {Suspend: Suspended, Close: Closed, Terminate: Terminated},
		Suspended:  {Resume: Active, Terminate: Terminated},
		Closed:     {},
		Terminated: {},
	}
	for _, st := range Statuses {
		for _, act := range Actions {
			for _, role := range roles {
				to, ok := Next(st, act, role)
				wantTo, allowed := want[st][act]
				allowed = allowed && (role == "admin" || role == "program_officer")
				if ok != allowed || (ok && to != wantTo) {
					t.Errorf("%s × %s × %s: %v %s, want %v %s", st, act, role, ok, to, allowed, wantTo)
				}
				if got := slices.Contains(Available(st, role), act); got != allowed {
					t.Errorf("Available(%s, %s) has %s: %v", st, role, act, got)
				}
			}
		}
	}
}

// setStatus forces a grant into a state (fixture only).
func setStatus(t *testing.T, d *db.DB, id int64, st Status) {
	exec(t, d, `UPDATE grants SET status = ? WHERE id = ?`, string(st), id)
}

func TestApplyEveryTransition(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFix(t, d, "eu")
		app := f.award(t, 0, stdLines, "2026-04", 12, 0)
		g, err := f.store.Create(ctx, app, f.officer)
		if err != nil {
			t.Fatal(err)
		}
		exec(t, d, `UPDATE grants SET scan_stored_name = 'aaaa', grantee_signed_on = '2026-02-25', org_signed_on = '2026-02-26' WHERE id = ?`, g.ID)
		for _, st := range Statuses {
			for _, act := range Actions {
				for _, role := range []string{"program_officer", "finance_officer", "applicant"} {
					setStatus(t, d, g.ID, st)
					var before int
					_ = db.Get(ctx, d, &before, `SELECT COUNT(*) FROM audit_log WHERE object = 'grant' AND object_id = ?`, g.ID)
					got, err := f.store.Apply(ctx, g.ID, everything, act, role, "arsye")
					wantTo, ok := Next(st, act, role)
					var after int
					_ = db.Get(ctx, d, &after, `SELECT COUNT(*) FROM audit_log WHERE object = 'grant' AND object_id = ?`, g.ID)
					name := fmt.Sprintf("%s × %s × %s", st, act, role)
					if ok {
						if err != nil || got.Status != wantTo || after != before+1 {
							t.Errorf("%s: %v, status %s, audit %d→%d", name, err, got.Status, before, after)
						}
						continue
					}
					code := apperr.CodeOf(err)
					if (role == "program_officer" && code != apperr.Conflict) || (role != "program_officer" && code != apperr.Forbidden) || after != before {
						t.Errorf("%s: %v (audit %d→%d)", name, err, before, after)
					}
				}
			}
		}
		// a reason is required to suspend and terminate
		setStatus(t, d, g.ID, Active)
		if _, err := f.store.Apply(ctx, g.ID, everything, Suspend, "program_officer", " "); apperr.As(err) == nil || apperr.As(err).Fields["reason"] == "" {
			t.Errorf("suspend without reason: %v", err)
		}
		// a scope that does not reach the grant finds nothing
		setStatus(t, d, g.ID, Signed)
		if _, err := f.store.Apply(ctx, g.ID, access.Orgs(f.org+1000), Activate, "program_officer", ""); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("out of scope: %v", err)
		}
	})
}

func TestSign(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFix(t, d, "eu")
		app := f.award(t, 0, stdLines, "2026-04", 24, 0)
		g, err := f.store.Create(ctx, app, f.officer)
		if err != nil {
			t.Fatal(err)
		}
		fields := func(err error) map[string]string {
			if ae := apperr.As(err); ae != nil {
				return ae.Fields
			}
			return nil
		}
		// nothing uploaded nor dated
		_, err = f.store.Apply(ctx, g.ID, everything, Sign, "program_officer", "")
		if fe := fields(err); fe["scan"] == "" || fe["grantee_signed_on"] == "" || fe["org_signed_on"] == "" {
			t.Errorf("sign without scan and dates: %v", err)
		}
		if _, err := f.store.RecordSigning(ctx, g.ID, everything, Signing{GranteeSignedOn: "2026-13-01"}); fields(err)["grantee_signed_on"] != "grants.error.date" {
			t.Errorf("bad date: %v", err)
		}
		if _, err := f.store.RecordSigning(ctx, g.ID, everything, Signing{OrgSignedOn: "2026-03-02"}); fields(err)["org_signed_on"] != "grants.error.date_future" {
			t.Errorf("future date: %v", err)
		}
		if _, err := f.store.RecordSigning(ctx, g.ID, everything, Signing{ScanStoredName: "0123456789abcdef0123456789abcdef", ScanDisplayName: "kontrata.pdf",
			GranteeSignedOn: "2026-02-27", OrgSignedOn: "2026-02-28"}); err != nil {
			t.Fatal(err)
		}
		// an IBAN failing mod-97 in the profile is refused
		exec(t, d, `UPDATE organisation_profiles SET iban = 'XK061212012345678906' WHERE org_id = ?`, f.org)
		if _, err := f.store.Apply(ctx, g.ID, everything, Sign, "program_officer", ""); fields(err)["iban"] != "org.error.iban_checksum" {
			t.Errorf("bad IBAN: %v", err)
		}
		exec(t, d, `UPDATE organisation_profiles SET iban = 'AL47 2121 1009 0000 0002 3569 8741', verified_at = NULL WHERE org_id = ?`, f.org)
		if _, err := f.store.Apply(ctx, g.ID, everything, Sign, "program_officer", ""); fields(err)["iban"] != "grants.error.iban_unverified" {
			t.Errorf("unverified: %v", err)
		}
		exec(t, d, `UPDATE organisation_profiles SET verified_at = ? WHERE org_id = ?`, t0, f.org)
		// the hook fails: nothing is signed
		boom := errors.New("calendar failed")
		f.store.OnSigned = func(ctx context.Context, tx *sqlx.Tx, id int64) error { return boom }
		if _, err := f.store.Apply(ctx, g.ID, everything, Sign, "program_officer", ""); !errors.Is(err, boom) {
			t.Errorf("hook error: %v", err)
		}
		if again, _ := f.store.Get(ctx, g.ID, everything); again.Status != Draft || again.IBAN != "" {
			t.Errorf("after a failed hook: %s %q", again.Status, again.IBAN)
		}
		var hooked int64
		f.store.OnSigned = func(ctx context.Context, tx *sqlx.Tx, id int64) error { hooked = id; return nil }
		signed, err := f.store.Apply(ctx, g.ID, everything, Sign, "program_officer", "")
		if err != nil {
			t.Fatal(err)
		}
		if signed.Status != Signed || signed.IBAN != "AL47212110090000000235698741" || signed.SignedAt == nil || hooked != g.ID {
			t.Errorf("signed %+v hooked %d", signed.Grant, hooked)
		}
		ts, _ := f.store.Tranches(ctx, g.ID, everything)
		for _, tr := range ts {
			if want := map[bool]TrancheStatus{true: Due, false: Planned}[tr.Requires == NeedsSignature]; tr.Status != want {
				t.Errorf("tranche %d (%s): %s", tr.Position, tr.Requires, tr.Status)
			}
		}
		if _, err := f.store.RecordSigning(ctx, g.ID, everything, Signing{GranteeSignedOn: "2026-02-01"}); !errors.Is(err, errNotDraft) {
			t.Errorf("signing data after signature: %v", err)
		}
	})
}
