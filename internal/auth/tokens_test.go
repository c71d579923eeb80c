package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

func TestAPITokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk := newTestStore(d)
		u := mkUser(t, s, "api@example.org", DonorOfficer)
		other := mkUser(t, s, "other@example.org", DonorOfficer)
		plain, tok, err := s.CreateToken(ctx, u.ID, "  IATI export ")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(plain, "sgp_") || len(plain) != 47 {
			t.Errorf("plain token %q: want sgp_ and 43 characters", plain)
		}
		want := Token{ID: tok.ID, UserID: u.ID, Name: "IATI export", Prefix: plain[4:12], CreatedAt: start}
		if tok.LastUsedAt != nil || tok.RevokedAt != nil {
			t.Errorf("new token used %v revoked %v, want nil, nil", tok.LastUsedAt, tok.RevokedAt)
		}
		tok.LastUsedAt, tok.RevokedAt = nil, nil
		if tok != want {
			t.Errorf("CreateToken = %+v, want %+v", tok, want)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?`, hashToken(plain)); n != 1 {
			t.Errorf("rows with the token's hash = %d, want 1", n)
		}

		clk.Advance(time.Hour)
		got, err := s.TokenUser(ctx, plain)
		if err != nil || got.ID != u.ID {
			t.Fatalf("TokenUser = %+v, %v", got, err)
		}
		list, err := s.ListTokens(ctx, u.ID)
		if err != nil || len(list) != 1 || list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(start.Add(time.Hour)) {
			t.Fatalf("ListTokens = %+v, %v; want one token last used at %v", list, err, start.Add(time.Hour))
		}
		if l, _ := s.ListTokens(ctx, other.ID); len(l) != 0 {
			t.Errorf("ListTokens(other) = %+v, want none", l)
		}

		wantErr(t, s.RevokeToken(ctx, other.ID, tok.ID), apperr.NotFound, "error.not_found")
		if _, err := s.TokenUser(ctx, plain); err != nil {
			t.Fatalf("another user's revoke attempt killed the token: %v", err)
		}
		if err := s.RevokeToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Minute)
		if err := s.RevokeToken(ctx, u.ID, tok.ID); err != nil {
			t.Errorf("second revoke: %v", err)
		}
		list, _ = s.ListTokens(ctx, u.ID)
		if list[0].RevokedAt == nil || !list[0].RevokedAt.Equal(start.Add(time.Hour)) {
			t.Errorf("RevokedAt = %v, want %v", list[0].RevokedAt, start.Add(time.Hour))
		}
		_, err = s.TokenUser(ctx, plain)
		wantErr(t, err, apperr.Unauthorized, "auth.error.token_invalid")
	})
}

func TestTokenUserRefuses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		u := mkUser(t, s, "tok@example.org", Admin)
		plain, _, err := s.CreateToken(ctx, u.ID, "cli")
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"", "sgp_", plain[4:], "xyz_" + plain[4:], plain + "A", plain[:46] + "!", "sgp_" + strings.Repeat("A", 43)} {
			_, err := s.TokenUser(ctx, bad)
			wantErr(t, err, apperr.Unauthorized, "auth.error.token_invalid")
		}
		if err := s.SetDisabled(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		_, err = s.TokenUser(ctx, plain)
		wantErr(t, err, apperr.Unauthorized, "auth.error.token_invalid")

		_, _, err = s.CreateToken(ctx, u.ID, " ")
		wantField(t, err, "name", "auth.error.token_name_required")
		_, _, err = s.CreateToken(ctx, u.ID, strings.Repeat("š", 101))
		wantField(t, err, "name", "auth.error.token_name_too_long")
		_, _, err = s.CreateToken(ctx, u.ID+99, "x")
		wantErr(t, err, apperr.NotFound, "error.not_found")
	})
}
