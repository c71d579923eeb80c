package auth

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// testPassword is the password of users made by mkUser.
const testPassword = "correct horse 42"

var ctx = context.Background()

// clock is a settable clock for timeouts.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func newTestStore(d *db.DB) (*Store, *clock) {
	c := &clock{t: start}
	s := NewStore(d)
	s.Now = c.Now
	return s, c
}

// testHash is the hash of testPassword, computed once: argon2 is slow on
// purpose, and CreateUser's own hashing is tested in users_test.go.
var testHash = sync.OnceValue(func() string {
	h, err := HashPassword(testPassword)
	if err != nil {
		panic(err)
	}
	return h
})

// mkUser stores an enabled user whose password is testPassword.
func mkUser(t *testing.T, s *Store, email string, role Role) User {
	t.Helper()
	now := s.now()
	id, err := db.InsertID(ctx, s.DB, `INSERT INTO users
		(email, email_norm, name, lang, role, password_hash, disabled, created_at, updated_at)
		VALUES (?, ?, ?, 'sq', ?, ?, ?, ?, ?) RETURNING id`,
		email, NormEmail(email), "Test "+email, string(role), testHash(), false, now, now)
	if err != nil {
		t.Fatalf("insert user %s: %v", email, err)
	}
	u, err := s.UserByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// mkSession signs a user in and returns the session token.
func mkSession(t *testing.T, s *Store, userID int64) string {
	t.Helper()
	tok, err := s.CreateSession(ctx, userID, "test")
	if err != nil {
		t.Fatalf("CreateSession(%d): %v", userID, err)
	}
	return tok
}

// wantErr fails unless err is an apperr with this code and key.
func wantErr(t *testing.T, err error, code apperr.Code, key string) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want %s %s", code, key)
	}
	e := apperr.As(err)
	if e.Code != code || e.Key != key {
		t.Fatalf("err = %v, want %s %s", err, code, key)
	}
}

// wantField fails unless err is Invalid with key on field.
func wantField(t *testing.T, err error, field, key string) {
	t.Helper()
	e := apperr.As(err)
	if err == nil || e.Code != apperr.Invalid || e.Fields[field] != key {
		t.Fatalf("err = %v (fields %v), want field %s = %s", err, e.Fields, field, key)
	}
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Get(ctx, d, &n, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
