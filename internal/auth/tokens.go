package auth

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// TokenPrefix marks portal API tokens, so that secret scanners and people
// recognise one in a log or a repository.
const TokenPrefix = "sgp_"

// MaxTokenNameRunes bounds the label a user gives a token.
const MaxTokenNameRunes = 100

// Token is an API token as listed to its owner; the secret itself is shown
// once, at creation, and only its SHA-256 is kept.
type Token struct {
	ID         int64      `db:"id" json:"id"`
	UserID     int64      `db:"user_id" json:"user_id"`
	Name       string     `db:"name" json:"name"`
	Prefix     string     `db:"prefix" json:"prefix"` // first 8 characters after "sgp_", to tell tokens apart
	CreatedAt  time.Time  `db:"created_at" json:"created_at"`
	LastUsedAt *time.Time `db:"last_used_at" json:"last_used_at"`
	RevokedAt  *time.Time `db:"revoked_at" json:"revoked_at"`
}

const tokenCols = `id, user_id, name, prefix, created_at, last_used_at, revoked_at`

func (t *Token) normalise() {
	utc(&t.CreatedAt)
	utc(t.LastUsedAt)
	utc(t.RevokedAt)
}

// CreateToken issues an API token for a user and returns the plain token,
// which cannot be shown again.
func (s *Store) CreateToken(ctx context.Context, userID int64, name string) (string, Token, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", Token{}, apperr.Field("name", "auth.error.token_name_required")
	case utf8.RuneCountInString(name) > MaxTokenNameRunes:
		return "", Token{}, apperr.Field("name", "auth.error.token_name_too_long")
	}
	if _, err := s.UserByID(ctx, userID); err != nil {
		return "", Token{}, err
	}
	secret, err := randomToken(32)
	if err != nil {
		return "", Token{}, err
	}
	plain := TokenPrefix + secret
	id, err := db.InsertID(ctx, s.DB, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, userID, name, hashToken(plain), secret[:8], s.now())
	if err != nil {
		return "", Token{}, fmt.Errorf("insert api token: %w", err)
	}
	var t Token
	if err := db.Get(ctx, s.DB, &t, `SELECT `+tokenCols+` FROM api_tokens WHERE id = ?`, id); err != nil {
		return "", Token{}, err
	}
	t.normalise()
	return plain, t, nil
}

// wellFormedToken rejects anything that is not "sgp_" and 32 base64url bytes
// before it costs a query.
func wellFormedToken(plain string) bool {
	secret, ok := strings.CutPrefix(plain, TokenPrefix)
	if !ok || len(secret) != 43 {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(secret)
	return err == nil && len(b) == 32
}

// TokenUser returns the owner of an API token. Malformed, unknown and
// revoked tokens and disabled owners all give Unauthorized.
func (s *Store) TokenUser(ctx context.Context, plain string) (User, error) {
	bad := apperr.New(apperr.Unauthorized, "auth.error.token_invalid")
	if !wellFormedToken(plain) {
		return User{}, bad
	}
	var t Token
	err := db.Get(ctx, s.DB, &t, `SELECT `+tokenCols+` FROM api_tokens WHERE token_hash = ?`, hashToken(plain))
	if apperr.Is(err, apperr.NotFound) {
		return User{}, bad
	}
	if err != nil {
		return User{}, fmt.Errorf("read api token: %w", err)
	}
	if t.RevokedAt != nil {
		return User{}, bad
	}
	u, err := s.UserByID(ctx, t.UserID)
	if err != nil {
		return User{}, err
	}
	if u.Disabled {
		return User{}, bad
	}
	now := s.now()
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= seenEvery {
		if _, err := db.Exec(ctx, s.DB, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now, t.ID); err != nil {
			return User{}, fmt.Errorf("touch api token: %w", err)
		}
	}
	return u, nil
}

// ListTokens returns a user's tokens, revoked ones included, newest first.
func (s *Store) ListTokens(ctx context.Context, userID int64) ([]Token, error) {
	toks := []Token{}
	if err := db.Select(ctx, s.DB, &toks, `SELECT `+tokenCols+` FROM api_tokens
		WHERE user_id = ? ORDER BY id DESC`, userID); err != nil {
		return nil, fmt.Errorf("list api tokens: %w", err)
	}
	for i := range toks {
		toks[i].normalise()
	}
	return toks, nil
}

// RevokeToken revokes one of the user's own tokens; revoking twice keeps the
// first time. Another user's token is NotFound.
func (s *Store) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	return mustAffect(db.Exec(ctx, s.DB, `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?)
		WHERE id = ? AND user_id = ?`, s.now(), tokenID, userID))
}

// revokeUserTokens revokes every API token of a user for good (a password
// reset or a disabled account); a token revoked earlier keeps its time.
func revokeUserTokens(ctx context.Context, c db.Conn, userID int64, now time.Time) error {
	if _, err := db.Exec(ctx, c, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`,
		now, userID); err != nil {
		return fmt.Errorf("revoke api tokens: %w", err)
	}
	return nil
}
