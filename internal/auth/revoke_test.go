package auth

import (
	"testing"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

func mkToken(t *testing.T, s *Store, userID int64, name string) string {
	t.Helper()
	plain, _, err := s.CreateToken(ctx, userID, name)
	if err != nil {
		t.Fatal(err)
	}
	return plain
}

func TestPasswordResetEndsSessionsAndRevokesTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		u := mkUser(t, s, "victim@example.org", Applicant)
		other := mkUser(t, s, "bystander@example.org", Applicant)
		sessions := []string{mkSession(t, s, u.ID), mkSession(t, s, u.ID)}
		tokens := []string{mkToken(t, s, u.ID, "ci"), mkToken(t, s, u.ID, "laptop")}
		otherSession, otherToken := mkSession(t, s, other.ID), mkToken(t, s, other.ID, "theirs")

		reset, _, err := s.CreateReset(ctx, u.Email)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ResetPassword(ctx, reset, "a brand new one"); err != nil {
			t.Fatalf("ResetPassword: %v", err)
		}
		for _, sess := range sessions {
			_, err := s.SessionUser(ctx, sess)
			wantErr(t, err, apperr.Unauthorized, "auth.error.session_expired")
		}
		for _, tok := range tokens {
			_, err := s.TokenUser(ctx, tok)
			wantErr(t, err, apperr.Unauthorized, "auth.error.token_invalid")
		}
		if n := count(t, d, `SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL`, u.ID); n != 0 {
			t.Errorf("live tokens after reset = %d, want 0", n)
		}
		if _, err := s.SessionUser(ctx, otherSession); err != nil {
			t.Errorf("another user's session ended: %v", err)
		}
		if _, err := s.TokenUser(ctx, otherToken); err != nil {
			t.Errorf("another user's token revoked: %v", err)
		}
	})
}

func TestDisablingRevokesTokensForGood(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		u := mkUser(t, s, "leaver@example.org", ProgramOfficer)
		other := mkUser(t, s, "stayer@example.org", ProgramOfficer)
		tok, otherTok := mkToken(t, s, u.ID, "ci"), mkToken(t, s, other.ID, "ci")
		sess := mkSession(t, s, u.ID)
		if err := s.SetDisabled(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetDisabled(ctx, u.ID, false); err != nil {
			t.Fatal(err)
		}
		_, err := s.TokenUser(ctx, tok)
		wantErr(t, err, apperr.Unauthorized, "auth.error.token_invalid")
		_, err = s.SessionUser(ctx, sess)
		wantErr(t, err, apperr.Unauthorized, "auth.error.session_expired")
		if n := count(t, d, `SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND revoked_at IS NOT NULL`, u.ID); n != 1 {
			t.Errorf("revoked tokens of the re-enabled user = %d, want 1", n)
		}
		if _, err := s.TokenUser(ctx, otherTok); err != nil {
			t.Errorf("another user's token revoked: %v", err)
		}
		fresh := mkToken(t, s, u.ID, "new")
		if _, err := s.TokenUser(ctx, fresh); err != nil {
			t.Errorf("a token made after re-enabling is refused: %v", err)
		}
	})
}

func TestUserNameWithInvisibleCharactersIsRefused(t *testing.T) {
	for _, name := range []string{"Besa\u200B Kelmendi", "\u202EBesa", "Besa\u2066", "\uFEFFBesa"} {
		fe := ValidateNewUser(NewUser{Email: "b@example.org", Name: name, Role: Applicant, Lang: "sq", Password: "a long password"})
		if fe["name"] != "hardening.error.invisible" {
			t.Errorf("name %q: %v", name, fe)
		}
	}
	if fe := ValidateNewUser(NewUser{Email: "b@example.org", Name: "Ђорђе Ëndërr", Role: Applicant, Lang: "sr", Password: "a long password"}); len(fe) != 0 {
		t.Errorf("a Cyrillic and Albanian name refused: %v", fe)
	}
}
