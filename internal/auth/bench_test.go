package auth

import (
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// benchEach runs fn on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set.
func benchEach(b *testing.B, fn func(b *testing.B, d *db.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, dbtest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { fn(b, dbtest.Postgres(b)) })
}

// benchUser stores a user with testPassword on a store whose clock stands
// still, so that sessions stay fresh and are never touched.
func benchUser(b *testing.B, d *db.DB) (*Store, User) {
	b.Helper()
	s, _ := newTestStore(d)
	u, err := s.CreateUser(ctx, NewUser{Email: "bench@test.example", Name: "Bench", Role: ProgramOfficer, Lang: "en", Password: testPassword})
	if err != nil {
		b.Fatal(err)
	}
	return s, u
}

// The read every signed-in page makes: session row, then user row.
func BenchmarkSessionUser(b *testing.B) {
	benchEach(b, func(b *testing.B, d *db.DB) {
		s, u := benchUser(b, d)
		tok, err := s.CreateSession(ctx, u.ID, "bench")
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.SessionUser(ctx, tok); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The read every API request makes: token row, then user row.
func BenchmarkTokenUser(b *testing.B) {
	benchEach(b, func(b *testing.B, d *db.DB) {
		s, u := benchUser(b, d)
		tok, _, err := s.CreateToken(ctx, u.ID, "bench")
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.TokenUser(ctx, tok); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// Argon2id at the stored cost: what a password change or new user costs.
func BenchmarkHashPassword(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := HashPassword(testPassword); err != nil {
			b.Fatal(err)
		}
	}
}

// What each sign-in costs the server, right or wrong password alike.
func BenchmarkCheckPassword(b *testing.B) {
	h := testHash()
	b.ReportAllocs()
	for b.Loop() {
		if !CheckPassword(h, testPassword) {
			b.Fatal("password does not match")
		}
	}
}
