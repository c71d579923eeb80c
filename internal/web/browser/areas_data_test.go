package browser

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/application/apptest"
	calls "github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/web/webtest"
)

// areas is what the pages of programmes, calls, organisations and
// applications need, built through the stores: an open call with two lots
// and clarifications, organisation A's profile with a service and a
// document, and applications of A in each state a page shows differently.
type areas struct {
	fx              apptest.Fixture
	programme       int64
	pendingQuestion int64 // asked by A, not answered yet
	draft           int64 // filled, no problem left: editor, check, withdraw
	submitted       int64 // receipt; the officer checks it and may ask
	asked           int64 // information requested: the applicant answers
	ineligible      int64 // decided, with a reason the applicant reads
}

// seedAreas builds the data on the harness's database.
func seedAreas(t *testing.T, h *harness) areas {
	t.Helper()
	d, ctx := h.env.DB, t.Context()
	a := areas{fx: apptest.Call(t, d, apptest.Spec{})}
	a.programme = a.fx.Call.ProgrammeID
	officer, applicant := h.env.Users[webtest.ProgramOfficer], h.env.Users[webtest.ApplicantA]

	cs := calls.NewStore(d)
	q, err := cs.Ask(ctx, a.fx.Call.ID, h.env.OrgA.ID, applicant.ID, "A pranohen kostot e qirasë?")
	if err != nil {
		t.Fatalf("ask: %v", err)
	}
	if _, err := cs.Answer(ctx, q.ID, officer.ID, "Po, deri në 10 % të kostove direkte.", true); err != nil {
		t.Fatalf("answer: %v", err)
	}
	pending, err := cs.Ask(ctx, a.fx.Call.ID, h.env.OrgA.ID, applicant.ID, "Sa partnerë lejohen?")
	if err != nil {
		t.Fatalf("ask: %v", err)
	}
	a.pendingQuestion = pending.ID
	seedProfileA(t, h)

	profiles, err := donor.Load()
	if err != nil {
		t.Fatal(err)
	}
	st := application.NewStore(d, profiles, h.cat)
	in, err := apptest.ValidForm().Parse("sq", profiles["eu"])
	if err != nil {
		t.Fatal(err)
	}
	scope := access.Orgs(h.env.OrgA.ID)
	by := application.Submitter{UserID: applicant.ID, Name: applicant.Name, Email: applicant.Email, Lang: "sq"}
	newApp := func(submit bool) int64 {
		t.Helper()
		app, err := st.Create(ctx, scope, application.NewDraft{CallID: a.fx.Call.ID, LotID: a.fx.Lots[0].ID,
			OrgID: h.env.OrgA.ID, UserID: applicant.ID})
		if err != nil {
			t.Fatalf("create: %v", err)
		}
		if _, err := st.Update(ctx, app.ID, scope, applicant.ID, in); err != nil {
			t.Fatalf("update: %v", err)
		}
		if submit {
			if _, err := st.Submit(ctx, app.ID, scope, by); err != nil {
				t.Fatalf("submit: %v", err)
			}
		}
		return app.ID
	}
	a.draft, a.submitted, a.asked, a.ineligible = newApp(false), newApp(true), newApp(true), newApp(true)

	all := access.Everything()
	if _, err := st.Ask(ctx, a.asked, all, officer.ID, []application.Question{
		{Text: "Sqaroni linjën e pajisjeve.", Sections: []string{"budget"}}, {Text: "Kush e drejton qendrën?"}}, nil); err != nil {
		t.Fatalf("ask for information: %v", err)
	}
	if err := st.RecordPoints(ctx, a.ineligible, all, officer.ID,
		[]application.PointInput{{Code: "documents", Result: "failed", Reason: "Statuti mungon."}}); err != nil {
		t.Fatalf("record points: %v", err)
	}
	if err := st.Decide(ctx, a.ineligible, all, officer.ID, false); err != nil {
		t.Fatalf("decide: %v", err)
	}
	return a
}

// seedProfileA gives organisation A a complete profile, a service and a
// document in its vault (the listing needs only the record).
func seedProfileA(t *testing.T, h *harness) {
	t.Helper()
	s, ctx := org.NewStore(h.env.DB), t.Context()
	reg := time.Date(2014, 6, 1, 0, 0, 0, 0, time.UTC)
	var turnover []org.Turnover
	for i, y := range org.TurnoverYears(time.Now()) {
		turnover = append(turnover, org.Turnover{Year: y, Minor: int64(i+1) * 5_000_000, Currency: "EUR"})
	}
	in := org.Input{LegalName: "Shoqata për Kujdes Ditor", Acronym: "SKD", RegistrationNumber: "5112345-6",
		Registry: "DRNOJQ", FiscalNumber: "811234567", RegistrationDate: &reg, Address: "Rr. Agim Ramadani 5",
		Municipality: "XK-PRISHTINE", Email: "info@a.example", Phone: "+383 44 111 222", RepName: "Arta Krasniqi",
		RepPosition: "Drejtoreshë", IBAN: "XK051212012345678906", StaffCount: 8, VolunteerCount: 20, Turnover: turnover,
		TargetGroups: []string{"elderly"},
		Services:     []org.Service{{Type: "day_care_elderly", Municipality: "XK-PRISHTINE", Capacity: 30, BeneficiariesPerYear: 90}}}
	if _, err := s.Update(ctx, access.Everything(), h.env.OrgA.ID, in); err != nil {
		t.Fatalf("profile: %v", err)
	}
	valid := time.Now().UTC().AddDate(1, 0, 0).Truncate(24 * time.Hour)
	if _, err := s.AddDocument(ctx, access.Everything(), org.Document{OrgID: h.env.OrgA.ID, Type: "statute",
		FileName: "statuti.pdf", StoredName: strings.Repeat("a", 32), ContentType: "application/pdf", Size: 2048,
		SHA256: strings.Repeat("c", 64), ValidUntil: &valid}); err != nil {
		t.Fatalf("document: %v", err)
	}
}

// signIn gives the tab a session of p, who reads the portal in lang.
// The user's language is saved, so tabs of one user run one at a time.
func (b *tab) signIn(p webtest.Principal, lang i18n.Lang) {
	b.t.Helper()
	env, ctx := b.h.env, b.t.Context()
	if err := env.Store.SetLang(ctx, env.Users[p].ID, string(lang)); err != nil {
		b.t.Fatal(err)
	}
	tok, err := env.Store.CreateSession(ctx, env.Users[p].ID, "browser test")
	if err != nil {
		b.t.Fatal(err)
	}
	call(b, "session cookie", network.SetCookie, network.SetCookieParams{
		Name: env.Server.SessionCookieName(), Value: tok, URL: b.h.base, Path: "/"})
}
