package auth

import (
	"sync"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

func TestPasswordReset(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk := newTestStore(d)
		u := mkUser(t, s, "reset@example.org", Applicant)
		sess := mkSession(t, s, u.ID)
		first, _, err := s.CreateReset(ctx, "Reset@Example.org")
		if err != nil {
			t.Fatal(err)
		}
		tok, got, err := s.CreateReset(ctx, "reset@example.org")
		if err != nil || got.ID != u.ID || tok == "" || tok == first {
			t.Fatalf("CreateReset = %q, %+v, %v", tok, got, err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM password_resets WHERE token_hash = ?`, hashToken(tok)); n != 1 {
			t.Errorf("rows with the token's hash = %d, want 1", n)
		}
		if err := s.CheckReset(ctx, tok); err != nil {
			t.Errorf("CheckReset: %v", err)
		}
		clk.Advance(59 * time.Minute)
		wantField(t, s.ResetPassword(ctx, tok, "short"), "password", "auth.error.password_short")
		if err := s.ResetPassword(ctx, tok, "a brand new one"); err != nil {
			t.Fatalf("ResetPassword: %v", err)
		}
		if _, err := s.Authenticate(ctx, u.Email, "a brand new one"); err != nil {
			t.Errorf("new password refused: %v", err)
		}
		_, err = s.SessionUser(ctx, sess)
		wantErr(t, err, apperr.Unauthorized, "auth.error.session_expired")

		wantErr(t, s.ResetPassword(ctx, tok, "yet another one"), apperr.Invalid, "auth.error.reset_invalid")
		wantErr(t, s.ResetPassword(ctx, first, "yet another one"), apperr.Invalid, "auth.error.reset_invalid")
		wantErr(t, s.CheckReset(ctx, tok), apperr.Invalid, "auth.error.reset_invalid")
		wantErr(t, s.ResetPassword(ctx, "made-up", "yet another one"), apperr.Invalid, "auth.error.reset_invalid")
		if _, err := s.Authenticate(ctx, u.Email, "a brand new one"); err != nil {
			t.Errorf("refused reset changed the password: %v", err)
		}
	})
}

func TestPasswordResetExpires(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk := newTestStore(d)
		mkUser(t, s, "late@example.org", Applicant)
		tok, _, err := s.CreateReset(ctx, "late@example.org")
		if err != nil {
			t.Fatal(err)
		}
		clk.Advance(ResetTTL + time.Second)
		wantErr(t, s.ResetPassword(ctx, tok, "too late for this"), apperr.Invalid, "auth.error.reset_invalid")
		if n, err := s.PurgeExpired(ctx); err != nil || n != 1 {
			t.Errorf("PurgeExpired = %d, %v; want 1", n, err)
		}
	})
}

func TestPasswordResetRefusesUnknownAndDisabled(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		u := mkUser(t, s, "off@example.org", Applicant)
		tok, _, err := s.CreateReset(ctx, u.Email)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = s.CreateReset(ctx, "nobody@example.org")
		wantErr(t, err, apperr.NotFound, "error.not_found")
		if err := s.SetDisabled(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.CreateReset(ctx, u.Email)
		wantErr(t, err, apperr.NotFound, "error.not_found")
		wantErr(t, s.ResetPassword(ctx, tok, "a brand new one"), apperr.Invalid, "auth.error.reset_invalid")
	})
}

// Two requests racing with one link: exactly one sets the password.
func TestPasswordResetOnceUnderRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		mkUser(t, s, "race@example.org", Applicant)
		tok, _, err := s.CreateReset(ctx, "race@example.org")
		if err != nil {
			t.Fatal(err)
		}
		pws := []string{"first racer wins", "second racer wins"}
		errs := make([]error, len(pws))
		var wg sync.WaitGroup
		for i, pw := range pws {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.ResetPassword(ctx, tok, pw)
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if !apperr.Is(err, apperr.Invalid) {
				t.Errorf("loser got %v, want reset_invalid", err)
			}
		}
		if ok != 1 {
			t.Errorf("successful resets = %d, want 1 (errors %v)", ok, errs)
		}
	})
}
