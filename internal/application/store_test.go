package application_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

type env struct {
	st   *application.Store
	fx   apptest.Fixture
	org  auth.Org
	user auth.User
	now  time.Time
}

func setup(t *testing.T, d *db.DB, sp apptest.Spec) *env {
	t.Helper()
	profiles, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{fx: apptest.Call(t, d, sp), st: application.NewStore(d, profiles, cat), now: db.Now()}
	e.st.Now = func() time.Time { return e.now }
	as := auth.NewStore(d)
	if e.org, err = as.CreateOrg(context.Background(), "Shoqata Jeta", "ngo"); err != nil {
		t.Fatal(err)
	}
	e.user, err = as.CreateUser(context.Background(), auth.NewUser{Email: "a@test.example", Name: "Arta", Role: auth.Applicant,
		Lang: "sq", Password: "correct horse battery staple"})
	if err != nil {
		t.Fatal(err)
	}
	if err := as.AddMember(context.Background(), e.user.ID, e.org.ID); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) draft(t *testing.T, orgID int64) application.Application {
	t.Helper()
	a, err := e.st.Create(context.Background(), access.Orgs(orgID),
		application.NewDraft{CallID: e.fx.Call.ID, LotID: e.fx.Lots[0].ID, OrgID: orgID, UserID: e.user.ID})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return a
}

func (e *env) fill(t *testing.T, a application.Application, f application.Form) application.Application {
	t.Helper()
	in, err := f.Parse("sq", e.st.Profiles["eu"])
	if err != nil {
		t.Fatal(err)
	}
	a, err = e.st.Update(context.Background(), a.ID, access.Orgs(a.OrgID), e.user.ID, in)
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	return a
}

func (e *env) submitter() application.Submitter {
	return application.Submitter{UserID: e.user.ID, Name: e.user.Name, Email: e.user.Email, Lang: "sq"}
}

// A draft is saved, read back whole, refused over a limit without change,
// submitted once with a reference, a snapshot and one e-mail, and then frozen.
func TestDraftToSubmission(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := setup(t, d, apptest.Spec{})
		a := e.fill(t, e.draft(t, e.org.ID), apptest.ValidForm())
		if a.TotalMinor != 2000000 || a.RequestedMinor != 1800000 || a.CofinancingMinor != 200000 || len(a.Budget) != 3 ||
			a.Budget[1].UnitRateMinor != 669159 || a.Logframe.Indicators[0].Source != "Regjistri" || a.Activities[0].Months[2] != 3 ||
			a.DeclarationAt == nil || a.Status != application.Draft || a.Reference != "" {
			t.Fatalf("saved draft = %+v", a)
		}
		bad := apptest.ValidForm()
		bad.Budget[2].UnitRate, bad.Budget[2].Requested, bad.Budget[2].Cofinancing = "1.495,33", "", "149,53"
		in, _ := bad.Parse("sq", e.st.Profiles["eu"])
		_, err := e.st.Update(ctx, a.ID, access.Orgs(e.org.ID), e.user.ID, in)
		if apperr.As(err).Fields["budget[2].unit_rate"] != "applications.problem.indirect_over" {
			t.Fatalf("indirect at 8 %%: %v", err)
		}
		if got, _ := e.st.Get(ctx, a.ID, access.Everything()); got.Budget[2].UnitRateMinor != 130841 {
			t.Fatalf("the refused update changed the draft: %+v", got.Budget[2])
		}
		rc, err := e.st.Submit(ctx, a.ID, access.Orgs(e.org.ID), e.submitter())
		if err != nil {
			t.Fatalf("submit: %v", err)
		}
		if rc.Reference != "CFP-2026-01-0001" {
			t.Errorf("reference %q", rc.Reference)
		}
		again, err := e.st.Submit(ctx, a.ID, access.Orgs(e.org.ID), e.submitter())
		if err != nil || again != rc {
			t.Errorf("second submission: %+v, %v; want %+v", again, err, rc)
		}
		content, sha, err := e.st.Snapshot(ctx, a.ID, access.Everything())
		sum := sha256.Sum256([]byte(content))
		if err != nil || sha != rc.SHA256 || hex.EncodeToString(sum[:]) != sha || !strings.Contains(content, `"reference":"CFP-2026-01-0001"`) {
			t.Errorf("snapshot %s (%v)", sha, err)
		}
		mails, _ := notify.Pending(ctx, d, e.user.Email)
		if len(mails) != 1 || !strings.Contains(mails[0].Subject, "CFP-2026-01-0001") || !strings.Contains(mails[0].Body, "u dorëzua") {
			t.Errorf("receipt mails = %+v", mails)
		}
		notes, _ := notify.List(ctx, d, e.user.ID, 10, 0)
		if len(notes) != 1 || notes[0].Event != notify.EventSubmitted || notes[0].Link != "/applications/"+strconv.FormatInt(a.ID, 10)+"/receipt" ||
			notes[0].Subject != mails[0].Subject || notes[0].ReadAt != nil {
			t.Errorf("receipt notices = %+v, want one unread linking to the receipt", notes)
		}
		if _, err := e.st.Update(ctx, a.ID, access.Orgs(e.org.ID), e.user.ID, in); !apperr.Is(err, apperr.Conflict) && !apperr.Is(err, apperr.Invalid) {
			t.Errorf("edit after submission: %v", err)
		}
		good, _ := apptest.ValidForm().Parse("sq", e.st.Profiles["eu"])
		if _, err := e.st.Update(ctx, a.ID, access.Orgs(e.org.ID), e.user.ID, good); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("valid edit after submission: %v, want conflict", err)
		}
	})
}

// Submission is refused while problems remain and after the deadline;
// withdrawal works before the deadline only.
func TestSubmissionRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := setup(t, d, apptest.Spec{})
		sc := access.Orgs(e.org.ID)
		empty := e.draft(t, e.org.ID)
		_, err := e.st.Submit(ctx, empty.ID, sc, e.submitter())
		if ae := apperr.As(err); ae.Code != apperr.Invalid || ae.Fields["title"] != "applications.problem.required" {
			t.Fatalf("submitting an empty draft: %v", err)
		}
		if got, _ := e.st.Get(ctx, empty.ID, sc); got.Status != application.Draft || got.Reference != "" {
			t.Fatalf("a refused submission changed the draft: %s %q", got.Status, got.Reference)
		}
		late := e.fill(t, e.draft(t, e.org.ID), apptest.ValidForm())
		e.now = e.fx.Call.ClosesAt.Add(time.Second)
		if _, err := e.st.Submit(ctx, late.ID, sc, e.submitter()); apperr.As(err).Key != "applications.error.deadline_passed" {
			t.Fatalf("after the deadline: %v", err)
		}
		if err := e.st.Withdraw(ctx, late.ID, sc, ""); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("withdraw after the deadline: %v", err)
		}
		e.now = db.Now()
		if err := e.st.Withdraw(ctx, late.ID, sc, "ndryshim plani"); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.st.Get(ctx, late.ID, sc); got.Status != application.Withdrawn || got.WithdrawalReason != "ndryshim plani" {
			t.Fatalf("withdrawn = %s", got.Status)
		}
		if _, err := e.st.Submit(ctx, late.ID, sc, e.submitter()); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("submitting a withdrawn application: %v", err)
		}
	})
}

// Twenty submissions released together get references 0001..0020.
func TestConcurrentSubmissionsAreGapFree(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := setup(t, d, apptest.Spec{LotBudgets: []int64{100000000}})
		const n = 20
		ids := make([]int64, n)
		for i := range ids {
			ids[i] = e.fill(t, e.draft(t, e.org.ID), apptest.ValidForm()).ID
		}
		refs := make(chan string, 2*n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := 0; i < 2*n; i++ { // each application twice, at once
			wg.Add(1)
			go func(id int64) {
				defer wg.Done()
				<-start
				rc, err := e.st.Submit(ctx, id, access.Orgs(e.org.ID), e.submitter())
				if err != nil {
					t.Errorf("submit %d: %v", id, err)
					return
				}
				refs <- rc.Reference
			}(ids[i%n])
		}
		close(start)
		wg.Wait()
		close(refs)
		seen := map[string]int{}
		for r := range refs {
			seen[r]++
		}
		for i := 1; i <= n; i++ {
			ref := "CFP-2026-01-" + pad(i)
			if seen[ref] != 2 {
				t.Errorf("%s seen %d times, want 2", ref, seen[ref])
			}
		}
		var snaps, mails int
		_ = d.GetContext(ctx, &snaps, `SELECT COUNT(*) FROM application_snapshots`)
		_ = d.GetContext(ctx, &mails, `SELECT COUNT(*) FROM outbox`)
		if snaps != n || mails != n {
			t.Errorf("%d snapshots and %d mails, want %d each", snaps, mails, n)
		}
	})
}

func pad(i int) string { s := "000" + itoa(int64(i)); return s[len(s)-4:] }

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
