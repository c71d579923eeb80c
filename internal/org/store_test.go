package org

import (
	"context"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/notify"
)

var fixedNow = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

func newStore(d *db.DB) *Store {
	return &Store{DB: d, Now: func() time.Time { return fixedNow }}
}

func mustOrg(t *testing.T, d *db.DB, name string) int64 {
	t.Helper()
	o, err := auth.NewStore(d).CreateOrg(context.Background(), name, "ngo")
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

func goodInput() Input {
	reg := time.Date(2012, 5, 4, 0, 0, 0, 0, time.UTC)
	return Input{
		LegalName: "OJQ Drita e Shpresës", Acronym: "DSH", RegistrationNumber: "5112345-6", Registry: "DRNOJQ",
		FiscalNumber: "811234567", RegistrationDate: &reg, Address: "Rr. Nëna Terezë 12", Municipality: "XK-PRISHTINE",
		Email: "info@drita.example", Phone: "+383 44 123 456", RepName: "Arta Hoxha", RepPosition: "Drejtoreshë",
		IBAN: "xk05 1212 0123 4567 8906", StaffCount: 12, VolunteerCount: 30,
		Turnover:     []Turnover{{2023, 4_500_000, "EUR"}, {2025, 6_000_000, "EUR"}},
		TargetGroups: []string{"elderly", "persons_with_disabilities"},
		Services:     []Service{{Type: "day_care_elderly", Municipality: "XK-PRISHTINE", Capacity: 40, BeneficiariesPerYear: 120}},
	}
}

func TestUpdateAndVerification(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(d)
		id := mustOrg(t, d, "Drita")
		officer, err := auth.NewStore(d).CreateUser(ctx, auth.NewUser{Email: "o@x.example", Name: "Officer", Role: auth.ProgramOfficer, Password: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Update(ctx, s.scope(id), id, goodInput()); err != nil {
			t.Fatalf("update: %v", err)
		}
		p, err := s.Get(ctx, access.Everything(), id)
		if err != nil {
			t.Fatal(err)
		}
		if p.IBAN != "XK051212012345678906" || p.Name != "OJQ Drita e Shpresës" || p.Verified() {
			t.Errorf("profile: iban %q name %q verified %v", p.IBAN, p.Name, p.Verified())
		}
		if p.RegistrationDate == nil || !p.RegistrationDate.Equal(time.Date(2012, 5, 4, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("registration date %v", p.RegistrationDate)
		}
		if len(p.Turnover) != 2 || p.Turnover[1].Minor != 6_000_000 || len(p.TargetGroups) != 2 || len(p.Services) != 1 {
			t.Errorf("lists: %+v %+v %+v", p.Turnover, p.TargetGroups, p.Services)
		}
		if err := s.Verify(ctx, access.Everything(), id, officer.ID); err != nil {
			t.Fatal(err)
		}
		p, _ = s.Get(ctx, access.Everything(), id)
		if !p.Verified() || p.VerifiedByName != "Officer" {
			t.Fatalf("after verify: %v %q", p.VerifiedAt, p.VerifiedByName)
		}
		in := goodInput()
		in.Phone, in.StaffCount = "+383 49 000 111", 13
		saved, err := s.Update(ctx, s.scope(id), id, in)
		if err != nil || saved.Unverified {
			t.Fatalf("non-identity edit: %+v %v", saved, err)
		}
		in.IBAN = "AL47212110090000000235698741"
		saved, err = s.Update(ctx, s.scope(id), id, in)
		if err != nil || !saved.Unverified {
			t.Fatalf("IBAN edit: %+v %v", saved, err)
		}
		if p, _ = s.Get(ctx, access.Everything(), id); p.Verified() {
			t.Error("still verified after the IBAN changed")
		}
	})
}

func (s *Store) scope(ids ...int64) access.Scope { return access.Orgs(ids...) }

func TestScopeAndValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(d)
		a, b := mustOrg(t, d, "A"), mustOrg(t, d, "B")
		if _, err := s.Get(ctx, access.Orgs(a), b); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("get B in A's scope: %v", err)
		}
		if _, err := s.Update(ctx, access.Orgs(a), b, goodInput()); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("update B in A's scope: %v", err)
		}
		bad := goodInput()
		bad.LegalName, bad.IBAN, bad.Municipality = "", "XK051212012345678907", "XK-ATLANTIS"
		bad.Turnover = []Turnover{{1999, 5, "EUR"}}
		bad.Services = []Service{{Type: "spa", Municipality: "XK-PEJE", Capacity: -1}}
		_, err := s.Update(ctx, access.Orgs(a), a, bad)
		e := apperr.As(err)
		for field, key := range map[string]string{"legal_name": "org.error.required", "iban": "org.error.iban_checksum",
			"municipality": "org.error.municipality", "turnover.1999": "org.error.turnover_year",
			"services.0.type": "org.error.service_type", "services.0.capacity": "org.error.count"} {
			if e.Fields[field] != key {
				t.Errorf("%s: %q, want %q", field, e.Fields[field], key)
			}
		}
		list, total, err := s.List(ctx, access.Orgs(a), Filter{}, 50, 0)
		if err != nil || total != 1 || len(list) != 1 || list[0].OrgID != a {
			t.Errorf("A's list: %+v %d %v", list, total, err)
		}
		if _, total, _ := s.List(ctx, access.Everything(), Filter{}, 50, 0); total != 2 {
			t.Errorf("everything: %d", total)
		}
		if _, total, _ := s.List(ctx, access.Orgs(), Filter{}, 50, 0); total != 0 {
			t.Errorf("empty scope: %d", total)
		}
	})
}

func TestRegisterAndInvite(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(d)
		r := Registration{Name: "Besa Kelmendi", Email: "besa@ngo.example", Password: "a long password", Lang: "sq",
			LegalName: "OJQ Ura", Municipality: "XK-FERIZAJ"}
		uid, oid, err := s.Register(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		ids, _ := auth.NewStore(d).OrgIDsOf(ctx, uid)
		if len(ids) != 1 || ids[0] != oid {
			t.Errorf("memberships %v", ids)
		}
		r.LegalName = "OJQ Tjetër"
		if _, _, err := s.Register(ctx, r); apperr.As(err).Fields["email"] != "auth.error.email_taken" {
			t.Errorf("second registration: %v", err)
		}
		var orgs int
		_ = db.Get(ctx, d, &orgs, `SELECT COUNT(*) FROM organisations`)
		if orgs != 1 {
			t.Errorf("a refused registration left %d organisations", orgs)
		}
		var token string
		mail := func(tok string, inv Invitation) notify.Message {
			token = tok
			return notify.Message{To: inv.Email, Subject: "join", Body: tok}
		}
		if _, err := s.Invite(ctx, access.Orgs(oid+1), oid, uid, "x@ngo.example", "en", mail); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("invite outside scope: %v", err)
		}
		if _, err := s.Invite(ctx, access.Orgs(oid), oid, uid, "dita@ngo.example", "sr", mail); err != nil {
			t.Fatal(err)
		}
		var hashes int
		_ = db.Get(ctx, d, &hashes, `SELECT COUNT(*) FROM organisation_invitations WHERE token_hash = ?`, token)
		if hashes != 0 {
			t.Error("the plain token is stored")
		}
		newUser, err := s.Accept(ctx, token, "Dita", "another long password")
		if err != nil {
			t.Fatal(err)
		}
		u, _ := auth.NewStore(d).UserByID(ctx, newUser)
		if u.Role != auth.Applicant || u.Lang != "sr" || u.Email != "dita@ngo.example" {
			t.Errorf("invitee %+v", u)
		}
		if _, err := s.Accept(ctx, token, "Dita", "another long password"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("second use: %v", err)
		}
		_, _ = s.Invite(ctx, access.Orgs(oid), oid, uid, "late@ngo.example", "sq", mail)
		s.Now = func() time.Time { return fixedNow.Add(InvitationTTL + time.Minute) }
		if _, err := s.Accept(ctx, token, "Late", "another long password"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("expired: %v", err)
		}
	})
}
