package auth

import (
	"strings"
	"sync"
	"testing"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

func TestCreateUser(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		u, err := s.CreateUser(ctx, NewUser{Email: "  Drita.Krasniqi@Example.org ", Name: " Drita Krasniqi ",
			Role: ProgramOfficer, Password: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		want := User{ID: u.ID, Email: "Drita.Krasniqi@Example.org", Name: "Drita Krasniqi", Lang: "sq",
			Role: ProgramOfficer, CreatedAt: start, UpdatedAt: start, PasswordHash: u.PasswordHash}
		if u != want {
			t.Errorf("CreateUser = %+v\nwant %+v", u, want)
		}
		if !CheckPassword(u.PasswordHash, testPassword) {
			t.Error("stored hash does not match the password")
		}
		got, err := s.UserByEmail(ctx, "drita.krasniqi@EXAMPLE.ORG")
		if err != nil || got != u {
			t.Errorf("UserByEmail = %+v, %v; want %+v", got, err, u)
		}
		if got, err := s.UserByID(ctx, u.ID); err != nil || got != u {
			t.Errorf("UserByID = %+v, %v; want %+v", got, err, u)
		}
		_, err = s.UserByID(ctx, u.ID+100)
		wantErr(t, err, apperr.NotFound, "error.not_found")
		_, err = s.UserByEmail(ctx, "nobody@example.org")
		wantErr(t, err, apperr.NotFound, "error.not_found")
	})
}

func TestCreateUserValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		mkUser(t, s, "taken@example.org", Applicant)
		ok := NewUser{Email: "new@example.org", Name: "Arben", Lang: "en", Role: Applicant, Password: testPassword}
		tests := []struct {
			name  string
			edit  func(*NewUser)
			field string
			key   string
		}{
			{"email empty", func(n *NewUser) { n.Email = " " }, "email", "auth.error.email_required"},
			{"email no at", func(n *NewUser) { n.Email = "arben.example.org" }, "email", "auth.error.email_invalid"},
			{"email display name", func(n *NewUser) { n.Email = "Arben <a@example.org>" }, "email", "auth.error.email_invalid"},
			{"email no dot", func(n *NewUser) { n.Email = "a@localhost" }, "email", "auth.error.email_invalid"},
			{"email too long", func(n *NewUser) { n.Email = strings.Repeat("a", 250) + "@example.org" }, "email", "auth.error.email_invalid"},
			{"email taken other case", func(n *NewUser) { n.Email = "TAKEN@example.org" }, "email", "auth.error.email_taken"},
			{"name empty", func(n *NewUser) { n.Name = "  " }, "name", "auth.error.name_required"},
			{"name long", func(n *NewUser) { n.Name = strings.Repeat("ë", 201) }, "name", "auth.error.name_too_long"},
			{"lang", func(n *NewUser) { n.Lang = "de" }, "lang", "auth.error.lang_invalid"},
			{"role", func(n *NewUser) { n.Role = "root" }, "role", "auth.error.role_invalid"},
			{"password short", func(n *NewUser) { n.Password = "ëëëëëëëëë" }, "password", "auth.error.password_short"},
			{"password long", func(n *NewUser) { n.Password = strings.Repeat("x", 1025) }, "password", "auth.error.password_long"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				nu := ok
				tt.edit(&nu)
				_, err := s.CreateUser(ctx, nu)
				wantField(t, err, tt.field, tt.key)
			})
		}
		if n := count(t, d, `SELECT COUNT(*) FROM users`); n != 1 {
			t.Errorf("users = %d, want 1", n)
		}
	})
}

func TestListUsers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		for _, e := range []string{"c@example.org", "A@example.org", "b@example.org"} {
			mkUser(t, s, e, Applicant)
		}
		users, err := s.ListUsers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, u := range users {
			got = append(got, u.Email)
		}
		if want := "A@example.org b@example.org c@example.org"; strings.Join(got, " ") != want {
			t.Errorf("ListUsers = %v, want %s", got, want)
		}
	})
}

func TestAuthenticate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		u := mkUser(t, s, "besa@example.org", Evaluator)
		off := mkUser(t, s, "off@example.org", Evaluator)
		if err := s.SetDisabled(ctx, off.ID, true); err != nil {
			t.Fatal(err)
		}
		got, err := s.Authenticate(ctx, " BESA@example.org", testPassword)
		if err != nil || got.ID != u.ID {
			t.Fatalf("Authenticate = %+v, %v; want user %d", got, err, u.ID)
		}
		for _, tt := range []struct{ name, email, pw string }{
			{"wrong password", "besa@example.org", testPassword + "!"},
			{"unknown email", "nobody@example.org", testPassword},
			{"disabled user, right password", "off@example.org", testPassword},
			{"huge password", "besa@example.org", strings.Repeat("x", 5000)},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.Authenticate(ctx, tt.email, tt.pw)
				wantErr(t, err, apperr.Unauthorized, "auth.error.bad_credentials")
			})
		}
	})
}

// The unique index decides when two sign-ups with one email race past the
// pre-check.
func TestCreateUserRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newTestStore(d)
		emails := []string{"same@example.org", "SAME@example.org"}
		errs := make([]error, len(emails))
		var wg sync.WaitGroup
		for i, e := range emails {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = s.CreateUser(ctx, NewUser{Email: e, Name: "Same", Role: Applicant, Password: testPassword})
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else {
				wantField(t, err, "email", "auth.error.email_taken")
			}
		}
		if ok != 1 {
			t.Errorf("created = %d, want 1 (errors %v)", ok, errs)
		}
	})
}
