package auth

import (
	"testing"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

func TestChangePassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk := newTestStore(d)
		u := mkUser(t, s, "genta@example.org", Applicant)
		here, err := s.CreateSession(ctx, u.ID, "here")
		if err != nil {
			t.Fatal(err)
		}
		elsewhere, err := s.CreateSession(ctx, u.ID, "elsewhere")
		if err != nil {
			t.Fatal(err)
		}
		const next = "новая-лозинка-2026"
		wantField(t, s.ChangePassword(ctx, u.ID, "wrong password", next, here), "current_password", "auth.error.current_password_wrong")
		wantField(t, s.ChangePassword(ctx, u.ID, testPassword, "short", here), "new_password", "auth.error.password_short")
		_, err = s.Authenticate(ctx, u.Email, next)
		wantErr(t, err, apperr.Unauthorized, "auth.error.bad_credentials")

		clk.Advance(5 * time.Minute)
		if err := s.ChangePassword(ctx, u.ID, testPassword, next, here); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, u.Email, next); err != nil {
			t.Errorf("new password refused: %v", err)
		}
		_, err = s.Authenticate(ctx, u.Email, testPassword)
		wantErr(t, err, apperr.Unauthorized, "auth.error.bad_credentials")
		if _, err := s.SessionUser(ctx, here); err != nil {
			t.Errorf("the session that changed the password ended: %v", err)
		}
		_, err = s.SessionUser(ctx, elsewhere)
		wantErr(t, err, apperr.Unauthorized, "auth.error.session_expired")
		got, _ := s.UserByID(ctx, u.ID)
		if !got.UpdatedAt.Equal(start.Add(5 * time.Minute)) {
			t.Errorf("UpdatedAt = %v, want %v", got.UpdatedAt, start.Add(5*time.Minute))
		}
		wantErr(t, s.ChangePassword(ctx, u.ID+99, testPassword, next, ""), apperr.NotFound, "error.not_found")
	})
}

func TestSetPasswordEndsSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		u := mkUser(t, s, "ilir@example.org", Applicant)
		tok, err := s.CreateSession(ctx, u.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		wantField(t, s.SetPassword(ctx, u.ID, "too short"), "password", "auth.error.password_short")
		if err := s.SetPassword(ctx, u.ID, "set by the admin"); err != nil {
			t.Fatal(err)
		}
		_, err = s.SessionUser(ctx, tok)
		wantErr(t, err, apperr.Unauthorized, "auth.error.session_expired")
		if _, err := s.Authenticate(ctx, u.Email, "set by the admin"); err != nil {
			t.Errorf("password set by admin refused: %v", err)
		}
		wantErr(t, s.SetPassword(ctx, u.ID+99, "set by the admin"), apperr.NotFound, "error.not_found")
	})
}

func TestSetDisabled(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		u := mkUser(t, s, "vesa@example.org", FinanceOfficer)
		other := mkUser(t, s, "other@example.org", FinanceOfficer)
		for i := 0; i < 3; i++ {
			if _, err := s.CreateSession(ctx, u.ID, ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.CreateSession(ctx, other.ID, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.SetDisabled(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM sessions WHERE user_id = ?`, u.ID); n != 0 {
			t.Errorf("sessions of disabled user = %d, want 0", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM sessions WHERE user_id = ?`, other.ID); n != 1 {
			t.Errorf("sessions of other user = %d, want 1", n)
		}
		got, _ := s.UserByID(ctx, u.ID)
		if !got.Disabled {
			t.Error("Disabled = false after SetDisabled(true)")
		}
		if err := s.SetDisabled(ctx, u.ID, false); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.UserByID(ctx, u.ID); got.Disabled {
			t.Error("Disabled = true after SetDisabled(false)")
		}
		wantErr(t, s.SetDisabled(ctx, u.ID+99, true), apperr.NotFound, "error.not_found")
	})
}

func TestSetLangAndRole(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		u := mkUser(t, s, "lule@example.org", Applicant)
		if err := s.SetLang(ctx, u.ID, "sr"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetRole(ctx, u.ID, DonorOfficer); err != nil {
			t.Fatal(err)
		}
		got, _ := s.UserByID(ctx, u.ID)
		if got.Lang != "sr" || got.Role != DonorOfficer {
			t.Errorf("lang, role = %s, %s; want sr, donor_officer", got.Lang, got.Role)
		}
		wantField(t, s.SetLang(ctx, u.ID, "fr"), "lang", "auth.error.lang_invalid")
		wantField(t, s.SetLang(ctx, u.ID, ""), "lang", "auth.error.lang_invalid")
		wantField(t, s.SetRole(ctx, u.ID, "superuser"), "role", "auth.error.role_invalid")
		wantErr(t, s.SetLang(ctx, u.ID+99, "en"), apperr.NotFound, "error.not_found")
		wantErr(t, s.SetRole(ctx, u.ID+99, Admin), apperr.NotFound, "error.not_found")
	})
}
