package org

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/invisible"
)

// Registration and the profile refuse names that disguise themselves; the
// check lives here, so the registration page gets it without its own code.
func TestNamesWithInvisibleCharactersAreRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(d)
		r := Registration{Name: "Besa\u200B Kelmendi", Email: "besa@ngo.example", Password: "a long password", Lang: "sq",
			LegalName: "OJQ \u202EarU", Acronym: "\uFEFFURA", Municipality: "XK-FERIZAJ"}
		_, _, err := s.Register(ctx, r)
		fields := apperr.As(err).Fields
		for _, f := range []string{"name", "legal_name", "acronym"} {
			if fields[f] != invisible.Key {
				t.Errorf("registration %s: %q, want %q (all: %v)", f, fields[f], invisible.Key, fields)
			}
		}
		var n int
		_ = db.Get(ctx, d, &n, `SELECT COUNT(*) FROM organisations`)
		if n != 0 {
			t.Errorf("%d organisations after a refused registration", n)
		}
		a := mustOrg(t, d, "A")
		for _, tc := range []struct{ field, value string }{{"legal_name", "OJQ Drita\u2066"}, {"acronym", "D\u200DSH"}} {
			in := goodInput()
			if tc.field == "legal_name" {
				in.LegalName = tc.value
			} else {
				in.Acronym = tc.value
			}
			_, err := s.Update(ctx, access.Orgs(a), a, in)
			if got := apperr.As(err).Fields[tc.field]; got != invisible.Key {
				t.Errorf("profile %s %q: %q, want %q", tc.field, tc.value, got, invisible.Key)
			}
		}
		if p, _ := s.Get(ctx, access.Orgs(a), a); p.LegalName != "A" {
			t.Errorf("refused profiles changed the name: %q", p.LegalName)
		}
	})
}
