package auth

import (
	"slices"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

func mkOrg(t *testing.T, s *Store, name, kind string) Org {
	t.Helper()
	o, err := s.CreateOrg(ctx, name, kind)
	if err != nil {
		t.Fatalf("CreateOrg(%s): %v", name, err)
	}
	return o
}

func orgNames(orgs []Org) string {
	var names []string
	for _, o := range orgs {
		names = append(names, o.Name)
	}
	return strings.Join(names, "|")
}

func TestCreateOrg(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		o, err := s.CreateOrg(ctx, "  Handikos Prishtinë ", "ngo")
		if err != nil {
			t.Fatal(err)
		}
		want := Org{ID: o.ID, Name: "Handikos Prishtinë", Kind: "ngo", CreatedAt: start}
		if o != want {
			t.Errorf("CreateOrg = %+v, want %+v", o, want)
		}
		if got, err := s.OrgByID(ctx, o.ID); err != nil || got != want {
			t.Errorf("OrgByID = %+v, %v; want %+v", got, err, want)
		}
		_, err = s.OrgByID(ctx, o.ID+99)
		wantErr(t, err, apperr.NotFound, "error.not_found")
		_, err = s.CreateOrg(ctx, " ", "ngo")
		wantField(t, err, "name", "auth.error.name_required")
		_, err = s.CreateOrg(ctx, strings.Repeat("ç", 201), "ngo")
		wantField(t, err, "name", "auth.error.name_too_long")
		_, err = s.CreateOrg(ctx, "Some company", "company")
		wantField(t, err, "kind", "auth.error.org_kind_invalid")
		for _, k := range OrgKinds {
			if _, err := s.CreateOrg(ctx, "Org "+k, k); err != nil {
				t.Errorf("CreateOrg kind %s: %v", k, err)
			}
		}
	})
}

func TestMemberships(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		zeta := mkOrg(t, s, "Zëri i Grave", "ngo")
		alfa := mkOrg(t, s, "Alfa Kujdes", "ngo")
		komuna := mkOrg(t, s, "Komuna e Prizrenit", "municipality")
		u := mkUser(t, s, "u@example.org", Applicant)
		v := mkUser(t, s, "v@example.org", Applicant)
		for _, m := range []struct{ user, org int64 }{{u.ID, zeta.ID}, {u.ID, alfa.ID}, {u.ID, alfa.ID}, {v.ID, alfa.ID}} {
			if err := s.AddMember(ctx, m.user, m.org); err != nil {
				t.Fatalf("AddMember(%d, %d): %v", m.user, m.org, err)
			}
		}
		var audited int
		if err := db.Get(ctx, d, &audited, `SELECT COUNT(*) FROM audit_log WHERE action = 'user.member_add'`); err != nil || audited != 3 {
			t.Errorf("member_add audit rows = %d, %v; want 3 (adding an existing member changes nothing)", audited, err)
		}
		wantErr(t, s.AddMember(ctx, u.ID, komuna.ID+99), apperr.NotFound, "error.not_found")
		wantErr(t, s.AddMember(ctx, u.ID+99, komuna.ID), apperr.NotFound, "error.not_found")

		orgs, err := s.OrgsOf(ctx, u.ID)
		if err != nil || orgNames(orgs) != "Alfa Kujdes|Zëri i Grave" {
			t.Errorf("OrgsOf(u) = %q, %v; want Alfa Kujdes|Zëri i Grave", orgNames(orgs), err)
		}
		ids, err := s.OrgIDsOf(ctx, u.ID)
		wantIDs := []int64{zeta.ID, alfa.ID}
		slices.Sort(wantIDs)
		if err != nil || !slices.Equal(ids, wantIDs) {
			t.Errorf("OrgIDsOf(u) = %v, %v; want %v", ids, err, wantIDs)
		}
		if ids, _ := s.OrgIDsOf(ctx, 12345); ids == nil || len(ids) != 0 {
			t.Errorf("OrgIDsOf(unknown) = %#v, want empty non-nil", ids)
		}
		members, err := s.Members(ctx, alfa.ID)
		if err != nil || len(members) != 2 || members[0].ID != u.ID || members[1].ID != v.ID {
			t.Errorf("Members(alfa) = %+v, %v; want u, v", members, err)
		}
		all, _ := s.ListOrgs(ctx)
		if got := orgNames(all); got != "Alfa Kujdes|Komuna e Prizrenit|Zëri i Grave" {
			t.Errorf("ListOrgs = %q", got)
		}
		if err := s.RemoveMember(ctx, u.ID, alfa.ID); err != nil {
			t.Fatal(err)
		}
		wantErr(t, s.RemoveMember(ctx, u.ID, alfa.ID), apperr.NotFound, "error.not_found")
		if orgs, _ := s.OrgsOf(ctx, u.ID); orgNames(orgs) != "Zëri i Grave" {
			t.Errorf("OrgsOf(u) after removal = %q", orgNames(orgs))
		}
	})
}
