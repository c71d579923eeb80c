package application_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/notify"
)

// submitted is a valid application of e's organisation, submitted.
func (e *env) submitted(t *testing.T) application.Application {
	t.Helper()
	a := e.fill(t, e.draft(t, e.org.ID), apptest.ValidForm())
	if _, err := e.st.Submit(context.Background(), a.ID, access.Orgs(e.org.ID), e.submitter()); err != nil {
		t.Fatalf("submit: %v", err)
	}
	a, err := e.st.Get(context.Background(), a.ID, access.Everything())
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func suggested(t *testing.T, ps []application.PointResult) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range ps {
		if p.Suggested != nil {
			out[p.Code] = p.Suggested.Result
		}
	}
	return out
}

// The checklist starts with the default points, unstored until the first
// check is recorded; the portal suggests "passed" for a good application.
func TestChecklistDefaultsAndGoodSuggestions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d, apptest.Spec{})
		ctx := context.Background()
		a := e.submitted(t)
		scr, err := e.st.Screening(ctx, a.ID, access.Everything())
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, p := range scr.Points {
			codes = append(codes, p.Code)
		}
		if got, want := strings.Join(codes, ","), strings.Join(application.DefaultPoints, ","); got != want {
			t.Fatalf("points %s, want %s", got, want)
		}
		var stored int
		_ = db.Get(ctx, d, &stored, `SELECT COUNT(*) FROM screening_points`)
		if stored != 0 {
			t.Errorf("reading stored %d points", stored)
		}
		want := map[string]string{"on_time": "passed", "organisation": "passed", "municipality": "passed", "amount": "passed",
			"duration": "passed", "shares": "passed", "declaration": "passed", "documents": "passed"}
		got := suggested(t, scr.Points)
		for code, res := range want {
			if got[code] != res {
				t.Errorf("%s suggested %q, want %q", code, got[code], res)
			}
		}
		if scr.Decision != nil {
			t.Error("decision before any")
		}
	})
}

// A bad application (late, over the maximum, too long, shares off, no
// declaration, wrong kind, too young, wrong municipality) gets "failed"
// suggestions with reasons.
func TestBadSuggestions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d, apptest.Spec{})
		a := e.submitted(t)
		c := e.fx.Call
		c.OrgKindsText, c.MinYearsRegistered, c.MunicipalitiesText = "ngo", 3, "XK-FERIZAJ"
		late := c.ClosesAt.Add(time.Hour)
		a.SubmittedAt, a.DeclarationAccepted, a.DurationMonths = &late, false, 30
		a.Budget = []application.BudgetLine{{Heading: "1", Description: "x", Unit: "u", UnitsX100: 100, UnitRateMinor: 7000000,
			TotalMinor: 7000000, RequestedMinor: 7000000}}
		young := c.ClosesAt.AddDate(-1, 0, 0)
		got := application.Suggest(a, c, e.fx.Lots, e.st.Profiles["eu"], application.OrgFacts{Kind: "municipality", RegistrationDate: &young})
		for _, code := range []string{"on_time", "organisation", "municipality", "amount", "duration", "shares", "declaration"} {
			s := got[code]
			if s.Result != application.Failed || len(s.Why) == 0 {
				t.Errorf("%s: %+v, want failed with reasons", code, s)
			}
		}
		keys := map[string]bool{}
		for _, p := range got["organisation"].Why {
			keys[p.Key] = true
		}
		if !keys["screening.why.kind"] || !keys["screening.why.years"] {
			t.Errorf("organisation reasons %v", keys)
		}
		old := c.ClosesAt.AddDate(-5, 0, 0)
		if s := application.Suggest(a, c, e.fx.Lots, e.st.Profiles["eu"], application.OrgFacts{Kind: "ngo", RegistrationDate: &old}); s["organisation"].Result != application.Passed {
			t.Errorf("old ngo: %+v", s["organisation"])
		}
	})
}

// Recording needs a reason for a failed point; ineligible needs a failed
// point; eligible needs every point; the decision e-mail is in the
// applicant's language with the reasons; the status change is recorded.
func TestDecision(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d, apptest.Spec{})
		ctx := context.Background()
		officer, err := auth.NewStore(d).CreateUser(ctx, auth.NewUser{Email: "po@test.example", Name: "Officer", Role: auth.ProgramOfficer,
			Lang: "sq", Password: "correct horse battery staple"})
		if err != nil {
			t.Fatal(err)
		}
		if err := auth.NewStore(d).SetLang(ctx, e.user.ID, "en"); err != nil {
			t.Fatal(err)
		}
		a := e.submitted(t)
		all := access.Everything()
		err = e.st.RecordPoints(ctx, a.ID, all, officer.ID, []application.PointInput{{Code: "documents", Result: "failed"}})
		if f := apperr.As(err).Fields; f[application.ReasonField("documents")] != "screening.error.reason_required" {
			t.Fatalf("failed without reason: %v", err)
		}
		if err := e.st.RecordPoints(ctx, a.ID, all, officer.ID, []application.PointInput{{Code: "documents", Result: "passed"}}); err != nil {
			t.Fatal(err)
		}
		if err := e.st.Decide(ctx, a.ID, all, officer.ID, false); apperr.As(err).Fields["decision"] != "screening.error.no_failed_point" {
			t.Fatalf("ineligible without a failed point: %v", err)
		}
		if err := e.st.Decide(ctx, a.ID, all, officer.ID, true); apperr.As(err).Fields["decision"] != "screening.error.incomplete" {
			t.Fatalf("eligible with points missing: %v", err)
		}
		if err := e.st.Decide(ctx, a.ID, access.Orgs(e.org.ID), e.user.ID, true); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("applicant decides: %v", err)
		}
		err = e.st.RecordPoints(ctx, a.ID, all, officer.ID, []application.PointInput{{Code: "documents", Result: "failed", Reason: "Statute missing"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.st.Decide(ctx, a.ID, all, officer.ID, false); err != nil {
			t.Fatal(err)
		}
		got, _ := e.st.Get(ctx, a.ID, all)
		if got.Status != application.Ineligible {
			t.Errorf("status %s", got.Status)
		}
		var who int64
		if err := db.Get(ctx, d, &who, `SELECT changed_by FROM application_status_changes WHERE application_id = ? AND to_status = 'ineligible'`, a.ID); err != nil || who != officer.ID {
			t.Errorf("status change by %d: %v", who, err)
		}
		mails, _ := notify.Pending(ctx, d, e.user.Email)
		last := mails[len(mails)-1]
		if !strings.Contains(last.Subject, "is not eligible") || !strings.Contains(last.Body, "Required documents complete: Statute missing") {
			t.Errorf("mail %q\n%s", last.Subject, last.Body)
		}
		if notes, _ := notify.List(ctx, d, e.user.ID, 1, 0); len(notes) != 1 || notes[0].Event != notify.EventEligibility ||
			notes[0].Subject != last.Subject || notes[0].Link != "/applications/"+strconv.FormatInt(a.ID, 10) {
			t.Errorf("decision notice = %+v", notes)
		}
		scr, err := e.st.Screening(ctx, a.ID, access.Orgs(e.org.ID))
		if err != nil || scr.Decision == nil || scr.Decision.Eligible || scr.Points != nil {
			t.Fatalf("applicant's view %+v %v", scr, err)
		}
		if r := scr.Decision.Reasons; len(r) != 1 || r[0].Reason != "Statute missing" || r[0].Label("sq") != "Dokumentet e kërkuara të plota" {
			t.Errorf("reasons %+v", r)
		}
		if err := e.st.Decide(ctx, a.ID, all, officer.ID, false); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second decision: %v", err)
		}
	})
}
