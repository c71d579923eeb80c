package call_test

import (
	"context"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/programme"
)

var t0 = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

type fixture struct {
	st       *call.Store
	prog     int64
	orgA     int64
	orgB     int64
	userA    int64
	now      time.Time
	complete call.Input
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	as := auth.NewStore(d)
	donor, _ := as.CreateOrg(ctx, "Donor", "donor")
	a, _ := as.CreateOrg(ctx, "A", "ngo")
	b, _ := as.CreateOrg(ctx, "B", "ngo")
	u, err := as.CreateUser(ctx, auth.NewUser{Email: "a@x.example", Name: "A", Role: auth.Applicant, Lang: "sq", Password: "long enough password 1"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := programme.NewStore(d).Create(ctx, programme.Input{Title: "P", DonorOrgID: donor.ID, DonorProfile: "eu",
		Currency: "EUR", SubgrantBudgetMinor: 1_000_000, ThirdPartyCapMinor: 600_000, StartsOn: "2026-01-01", EndsOn: "2026-12-31",
		Sources: []programme.FundingSource{{Name: "EU", AmountMinor: 1_000_000}}})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: call.NewStore(d), prog: p.ID, orgA: a.ID, orgB: b.ID, userA: u.ID, now: t0}
	f.st.Now = func() time.Time { return f.now }
	opens, closes := t0, t0.Add(10*24*time.Hour)
	f.complete = call.Input{ProgrammeID: p.ID, Reference: "EU-SOC-2026-01", TitleSQ: "Thirrja", TitleEN: "Call",
		DescriptionSQ: "P", DescriptionEN: "D", MaxGrantMinor: 500_000, MaxDonorShareBP: 9000, MaxDurationMonths: 12,
		TimeZone: "Europe/Belgrade", OpensAt: &opens, ClosesAt: &closes, Lots: []call.Lot{{Name: "Lot 1", BudgetMinor: 600_000}}}
	return f
}

// The lifecycle: a draft is published only when complete; the status then
// follows the server clock; officers may close early.
func TestLifecycleFollowsTheClock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		in := f.complete
		in.Lots, in.TitleEN = nil, ""
		c, err := f.st.Create(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		err = f.st.Publish(ctx, c.ID)
		if e := apperr.As(err); e.Fields["lots"] != "calls.error.no_lots" || e.Fields["title_en"] != "calls.error.required_to_publish" {
			t.Fatalf("publish an incomplete draft: %v", err)
		}
		if _, err := f.st.Update(ctx, c.ID, f.complete); err != nil {
			t.Fatal(err)
		}
		if err := f.st.Publish(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.st.Publish(ctx, c.ID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("publish twice: %v", err)
		}
		c, _ = f.st.ByID(ctx, c.ID)
		for _, tc := range []struct {
			at   time.Time
			want call.Status
		}{{t0.Add(-time.Minute), call.Published}, {t0, call.Open}, {call.Deadline(c).Add(-time.Nanosecond), call.Open}, {call.Deadline(c), call.Closed}} {
			if got := c.StatusAt(tc.at); got != tc.want {
				t.Errorf("status at %v = %s, want %s", tc.at, got, tc.want)
			}
		}
		f.now = t0.Add(time.Hour)
		open, _ := f.st.List(ctx, access.Visitor(), call.Filter{})
		f.now = call.Deadline(c)
		after, _ := f.st.List(ctx, access.Visitor(), call.Filter{})
		closed, _ := f.st.List(ctx, access.Everything(), call.Filter{Status: call.Closed})
		if len(open) != 1 || len(after) != 0 || len(closed) != 1 {
			t.Errorf("open list %d before and %d at the deadline; closed %d", len(open), len(after), len(closed))
		}
		f.now = t0.Add(time.Hour)
		if err := f.st.Close(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		c, _ = f.st.ByID(ctx, c.ID)
		if call.IsOpen(c, f.now) {
			t.Error("a call closed early is still open")
		}
		if _, err := f.st.Update(ctx, c.ID, f.complete); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("edit a closed call: %v", err)
		}
	})
}

// Lots of all the programme's calls stay within its sub-granting budget;
// references are unique; the maximum grant respects the ceiling.
func TestProgrammeLimitsAndReference(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		if _, err := f.st.Create(ctx, f.complete); err != nil {
			t.Fatal(err)
		}
		second := f.complete
		second.Reference = "EU-SOC-2026-02"
		second.Lots = []call.Lot{{Name: "Lot 2", BudgetMinor: 400_001}}
		second.MaxGrantMinor = 600_001
		_, err := f.st.Create(ctx, second)
		if e := apperr.As(err); e.Fields["lots"] != "calls.error.lots_over_budget" || e.Fields["max_grant"] != "calls.error.max_grant_over_cap" {
			t.Errorf("over budget and cap: %v", err)
		}
		second.Lots[0].BudgetMinor, second.MaxGrantMinor = 400_000, 600_000
		second.Reference = "EU-SOC-2026-01"
		if _, err := f.st.Create(ctx, second); apperr.As(err).Fields["reference"] != "calls.error.reference_taken" {
			t.Errorf("duplicate reference: %v", err)
		}
		second.Reference = "EU-SOC-2026-02"
		if _, err := f.st.Create(ctx, second); err != nil {
			t.Errorf("exactly the budget: %v", err)
		}
	})
}

// Unpublished questions reach only moderators and the asking organisation.
func TestQuestionsVisibility(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		c, _ := f.st.Create(ctx, f.complete)
		if _, err := f.st.Ask(ctx, c.ID, f.orgA, f.userA, "Pyetje?"); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("question on a draft: %v", err)
		}
		_ = f.st.Publish(ctx, c.ID)
		q, err := f.st.Ask(ctx, c.ID, f.orgA, f.userA, "A mund të aplikojë një OJQ nga Ferizaj?")
		if err != nil {
			t.Fatal(err)
		}
		count := func(v access.Scope) int {
			qs, err := f.st.Questions(ctx, c.ID, v)
			if err != nil {
				t.Fatal(err)
			}
			return len(qs)
		}
		if count(access.Visitor()) != 0 || count(access.Public(access.Principal{OrgIDs: []int64{f.orgB}})) != 0 ||
			count(access.Public(access.Principal{OrgIDs: []int64{f.orgA}})) != 1 || count(access.Everything()) != 1 {
			t.Error("an unpublished question is visible beyond its organisation and the moderators")
		}
		if _, err := f.st.Answer(ctx, q.ID, f.userA, "", true); apperr.As(err).Fields["answer"] != "calls.error.answer_required" {
			t.Errorf("publish without an answer: %v", err)
		}
		if _, err := f.st.Answer(ctx, q.ID, f.userA, "Po.", true); err != nil {
			t.Fatal(err)
		}
		if count(access.Visitor()) != 1 {
			t.Error("a published answer is not public")
		}
	})
}

func TestFormParse(t *testing.T) {
	f := call.Form{ProgrammeID: "1", Reference: "eu-soc-2026-01", TitleSQ: "T", MinGrant: "10.000", MaxGrant: "60.000,00",
		MaxDonorShare: "90,5", MinCofinance: "9,5", MinDuration: "6", MaxDuration: "12", TimeZone: "Europe/Belgrade",
		OpensAt: "2026-03-01T09:00", ClosesAt: "2026-03-31T16:00", Municipalities: []string{"XK-FERIZAJ"},
		Lots: []call.LotRow{{Name: "L", Budget: "100.000"}, {}}}
	in, err := f.Parse("sq")
	if err != nil {
		t.Fatal(err)
	}
	if in.Reference != "EU-SOC-2026-01" || in.MaxDonorShareBP != 9050 || in.MinCofinancingBP != 950 || len(in.Lots) != 1 {
		t.Errorf("parsed %+v", in)
	}
	if want := time.Date(2026, 3, 31, 14, 0, 0, 0, time.UTC); !in.ClosesAt.Equal(want) { // CEST is UTC+2
		t.Errorf("closes at %v, want %v", in.ClosesAt, want)
	}
	bad := f
	bad.MaxDonorShare, bad.ClosesAt, bad.Municipalities, bad.MaxGrant = "90,555", "2026-02-01T10:00", []string{"XK-NOWHERE"}, "-1"
	_, err = bad.Parse("sq")
	fields := apperr.As(err).Fields
	want := map[string]string{"max_donor_share": "calls.error.percent_decimals", "closes_at": "calls.error.dates_order",
		"municipalities": "calls.error.choice", "max_grant": "programmes.error.amount_negative"}
	for k, v := range want {
		if fields[k] != v {
			t.Errorf("field %s = %q, want %q", k, fields[k], v)
		}
	}
	c := call.Call{TitleSQ: "Sq", TitleEN: "En"}
	if c.Title("sr") != "En" || c.Title("sq") != "Sq" {
		t.Error("Serbian title does not fall back to English")
	}
}
