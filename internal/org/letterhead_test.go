package org

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// The issuer is the first intermediary; only staff change its letterhead;
// a new logo hands back the one it replaces; bad fields save nothing.
func TestIssuerLetterhead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(d)
		if _, err := s.Issuer(ctx); apperr.As(err).Code != apperr.NotFound {
			t.Fatalf("no intermediary: %v", err)
		}
		ngo := mustOrg(t, d, "OJQ Drita")
		inter, err := auth.NewStore(d).CreateOrg(ctx, "Qendra për Zhvillim", "intermediary")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := auth.NewStore(d).CreateOrg(ctx, "A second intermediary", "intermediary"); err != nil {
			t.Fatal(err)
		}
		is, err := s.Issuer(ctx)
		if err != nil || is.OrgID != inter.ID || is.Name != "Qendra për Zhvillim" || is.Address != "" {
			t.Fatalf("issuer without a profile: %+v %v", is, err)
		}
		in := IssuerInput{Address: " Rruga Nënë Tereza 5, Prishtinë ", Email: "zyra@example.org", RepName: "Besa Gashi", RepPosition: "Drejtoreshë"}
		for _, sc := range []access.Scope{access.Orgs(ngo), access.Donor(ngo), access.Visitor()} {
			if _, err := s.SaveIssuer(ctx, sc, in, nil); apperr.As(err).Code != apperr.NotFound {
				t.Errorf("scope %+v saved the letterhead: %v", sc, err)
			}
		}
		if _, err := s.SaveIssuer(ctx, access.Everything(), IssuerInput{Email: "no"}, nil); apperr.As(err).Fields["email"] == "" {
			t.Errorf("bad e-mail: %v", err)
		}
		if _, err := s.SaveIssuer(ctx, access.Everything(), in, &Logo{StoredName: "0123456789abcdef0123456789abcdef", ContentType: "application/pdf"}); apperr.As(err).Fields["logo"] == "" {
			t.Errorf("a PDF logo: %v", err)
		}
		if is, _ := s.Issuer(ctx); is.Address != "" || is.LogoStored != "" {
			t.Errorf("refused saves changed the letterhead: %+v", is)
		}
		first := &Logo{StoredName: "0123456789abcdef0123456789abcdef", ContentType: "image/png"}
		if old, err := s.SaveIssuer(ctx, access.Everything(), in, first); err != nil || old != "" {
			t.Fatalf("first logo: %q %v", old, err)
		}
		old, err := s.SaveIssuer(ctx, access.Everything(), in, &Logo{StoredName: "fedcba9876543210fedcba9876543210", ContentType: "image/jpeg"})
		if err != nil || old != first.StoredName {
			t.Fatalf("replacing logo: %q %v", old, err)
		}
		if old, err := s.SaveIssuer(ctx, access.Everything(), in, nil); err != nil || old != "" {
			t.Fatalf("fields only: %q %v", old, err)
		}
		is, _ = s.Issuer(ctx)
		if is.Address != "Rruga Nënë Tereza 5, Prishtinë" || is.RepName != "Besa Gashi" || is.LogoType != "image/jpeg" ||
			is.LogoStored != "fedcba9876543210fedcba9876543210" {
			t.Errorf("saved letterhead: %+v", is)
		}
		var n int
		if err := db.Get(ctx, d, &n, `SELECT COUNT(*) FROM audit_log WHERE action = 'organisation.letterhead'`); err != nil || n != 3 {
			t.Errorf("%d audit rows (%v), want 3", n, err)
		}
	})
}
