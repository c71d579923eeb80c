package auth

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/invisible"
)

// User is a person who signs in. PasswordHash never leaves the server.
type User struct {
	ID           int64     `db:"id" json:"id"`
	Email        string    `db:"email" json:"email"`
	Name         string    `db:"name" json:"name"`
	Lang         string    `db:"lang" json:"lang"`
	Role         Role      `db:"role" json:"role"`
	Disabled     bool      `db:"disabled" json:"disabled"`
	CreatedAt    time.Time `db:"created_at" json:"created_at"`
	UpdatedAt    time.Time `db:"updated_at" json:"updated_at"`
	PasswordHash string    `db:"password_hash" json:"-"`
}

// NewUser is the input of CreateUser; Lang "" means Albanian.
type NewUser struct {
	Email, Name, Lang string
	Role              Role
	Password          string
}

// MaxNameRunes bounds names of people, organisations' names included.
const MaxNameRunes = 200

const userCols = `id, email, name, lang, role, disabled, created_at, updated_at, password_hash`

// NormEmail is the form in which emails are compared and kept unique.
func NormEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// validEmail accepts a bare address (no display name) with a dotted domain.
// ValidEmail accepts one bare address (no display name) with a dotted domain.
func ValidEmail(email string) bool {
	if len(email) > 254 {
		return false
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Name != "" || a.Address != email {
		return false
	}
	at := strings.LastIndexByte(email, '@')
	domain := email[at+1:]
	return strings.Contains(domain, ".") && !strings.HasSuffix(domain, ".")
}

func checkName(fe apperr.FieldErrors, field, name string) {
	switch {
	case name == "":
		fe.Add(field, "auth.error.name_required")
	case utf8.RuneCountInString(name) > MaxNameRunes:
		fe.Add(field, "auth.error.name_too_long")
	}
	invisible.Check(fe, field, name)
}

// ValidateNewUser applies the account rules (email, name, language, role,
// password) to nu without looking at the database; registration and
// invitations use the same rules as CreateUser.
func ValidateNewUser(nu NewUser) apperr.FieldErrors {
	fe := apperr.FieldErrors{}
	email := strings.TrimSpace(nu.Email)
	switch {
	case email == "":
		fe.Add("email", "auth.error.email_required")
	case !ValidEmail(email):
		fe.Add("email", "auth.error.email_invalid")
	}
	checkName(fe, "name", strings.TrimSpace(nu.Name))
	if _, ok := parseLang(nu.Lang); !ok {
		fe.Add("lang", "auth.error.lang_invalid")
	}
	if _, ok := ParseRole(string(nu.Role)); !ok {
		fe.Add("role", "auth.error.role_invalid")
	}
	checkPasswordRules(fe, "password", nu.Password)
	return fe
}

// InsertUser stores an account that ValidateNewUser accepted, with its
// password hash, through c (a transaction or the database). A taken email,
// whatever its case, is a field error.
func InsertUser(ctx context.Context, c db.Conn, nu NewUser, hash string, now time.Time) (int64, error) {
	email := strings.TrimSpace(nu.Email)
	lang, _ := parseLang(nu.Lang)
	role, _ := ParseRole(string(nu.Role))
	id, err := db.InsertID(ctx, c, `INSERT INTO users
		(email, email_norm, name, lang, role, password_hash, disabled, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		email, NormEmail(email), strings.TrimSpace(nu.Name), lang, string(role), hash, false, now, now)
	if db.IsUnique(err) {
		return 0, apperr.Field("email", "auth.error.email_taken")
	}
	if err != nil {
		return 0, fmt.Errorf("insert user: %w", err)
	}
	return id, nil
}

// CreateUser validates and stores a new account. The email is unique
// whatever its case.
func (s *Store) CreateUser(ctx context.Context, nu NewUser) (User, error) {
	fe := ValidateNewUser(nu)
	if fe["email"] == "" {
		// Spares an argon2 hash for a form that would fail anyway; the
		// unique index still decides races.
		if _, err := s.UserByEmail(ctx, nu.Email); err == nil {
			fe.Add("email", "auth.error.email_taken")
		} else if !apperr.Is(err, apperr.NotFound) {
			return User{}, err
		}
	}
	if err := fe.Err(); err != nil {
		return User{}, err
	}
	hash, err := HashPassword(nu.Password)
	if err != nil {
		return User{}, err
	}
	var id int64
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if id, err = InsertUser(ctx, tx, nu, hash, s.now()); err != nil {
			return err
		}
		return auditUser(ctx, tx, "user.create", id, map[string]string{"role": string(nu.Role)})
	})
	if err != nil {
		return User{}, err
	}
	return s.UserByID(ctx, id)
}

func (s *Store) userWhere(ctx context.Context, c db.Conn, where string, arg any) (User, error) {
	var u User
	if err := db.Get(ctx, c, &u, `SELECT `+userCols+` FROM users WHERE `+where, arg); err != nil {
		return User{}, err
	}
	utc(&u.CreatedAt)
	utc(&u.UpdatedAt)
	return u, nil
}

// UserByID returns a user, NotFound when there is none.
func (s *Store) UserByID(ctx context.Context, id int64) (User, error) {
	return s.userWhere(ctx, s.DB, `id = ?`, id)
}

// UserByEmail finds a user by email in any case, NotFound when there is none.
func (s *Store) UserByEmail(ctx context.Context, email string) (User, error) {
	return s.userWhere(ctx, s.DB, `email_norm = ?`, NormEmail(email))
}

// ListUsers returns every user ordered by email.
func (s *Store) ListUsers(ctx context.Context) ([]User, error) {
	return s.selectUsers(ctx, `SELECT `+userCols+` FROM users ORDER BY email_norm, id`)
}

func (s *Store) selectUsers(ctx context.Context, query string, args ...any) ([]User, error) {
	users := []User{}
	if err := db.Select(ctx, s.DB, &users, query, args...); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	for i := range users {
		utc(&users[i].CreatedAt)
		utc(&users[i].UpdatedAt)
	}
	return users, nil
}

// Authenticate returns the user whose email and password these are. An
// unknown email, a wrong password and a disabled account give the same
// Unauthorized error after the same amount of hashing.
func (s *Store) Authenticate(ctx context.Context, email, password string) (User, error) {
	bad := apperr.New(apperr.Unauthorized, "auth.error.bad_credentials")
	if len(password) > MaxPasswordBytes {
		password = ""
	}
	u, err := s.UserByEmail(ctx, email)
	if apperr.Is(err, apperr.NotFound) {
		CheckPassword(dummyHash, password)
		return User{}, bad
	}
	if err != nil {
		return User{}, err
	}
	if !CheckPassword(u.PasswordHash, password) || u.Disabled {
		return User{}, bad
	}
	return u, nil
}
