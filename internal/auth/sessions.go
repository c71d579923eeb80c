package auth

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// Session lifetimes (ASVS 7.3): a session dies after IdleTimeout without a
// request and AbsoluteTimeout after sign-in, whichever comes first.
const (
	IdleTimeout     = 30 * time.Minute
	AbsoluteTimeout = 12 * time.Hour
)

// seenEvery is how stale last_seen_at may get before a request refreshes
// it, so that not every page view is a write.
const seenEvery = time.Minute

// sessionTokenLen is the length of a session token: 32 random bytes, base64url.
const sessionTokenLen = 43

type sessionRow struct {
	UserID     int64     `db:"user_id"`
	CreatedAt  time.Time `db:"created_at"`
	LastSeenAt time.Time `db:"last_seen_at"`
}

// CreateSession signs a user in and returns the token for the cookie; only
// its SHA-256 is stored. A disabled or unknown user gets Unauthorized.
func (s *Store) CreateSession(ctx context.Context, userID int64, userAgent string) (string, error) {
	token, err := randomToken(32)
	if err != nil {
		return "", err
	}
	now := s.now()
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		u, err := s.userWhere(ctx, tx, `id = ?`, userID)
		if apperr.Is(err, apperr.NotFound) || (err == nil && u.Disabled) {
			return apperr.New(apperr.Unauthorized, "auth.error.bad_credentials")
		}
		if err != nil {
			return err
		}
		_, err = db.Exec(ctx, tx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, user_agent)
			VALUES (?, ?, ?, ?, ?)`, hashToken(token), userID, now, now, clip(userAgent, 255))
		if err != nil {
			return fmt.Errorf("insert session: %w", err)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// SessionUser returns the signed-in user of a session token. Unknown,
// idle, too old and disabled all give Unauthorized; a dead session is
// deleted on sight.
func (s *Store) SessionUser(ctx context.Context, token string) (User, error) {
	dead := apperr.New(apperr.Unauthorized, "auth.error.session_expired")
	if len(token) != sessionTokenLen {
		return User{}, dead
	}
	h := hashToken(token)
	var row sessionRow
	err := db.Get(ctx, s.DB, &row, `SELECT user_id, created_at, last_seen_at FROM sessions WHERE token_hash = ?`, h)
	if apperr.Is(err, apperr.NotFound) {
		return User{}, dead
	}
	if err != nil {
		return User{}, fmt.Errorf("read session: %w", err)
	}
	now := s.now()
	if now.Sub(row.LastSeenAt) > IdleTimeout || now.Sub(row.CreatedAt) > AbsoluteTimeout {
		return User{}, s.dropSession(ctx, h, dead)
	}
	u, err := s.UserByID(ctx, row.UserID)
	if err != nil {
		return User{}, err
	}
	if u.Disabled {
		return User{}, s.dropSession(ctx, h, dead)
	}
	if now.Sub(row.LastSeenAt) >= seenEvery {
		if _, err := db.Exec(ctx, s.DB, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, now, h); err != nil {
			return User{}, fmt.Errorf("touch session: %w", err)
		}
	}
	return u, nil
}

// dropSession deletes a dead session and returns why it was dead.
func (s *Store) dropSession(ctx context.Context, tokenHash string, why error) error {
	if _, err := db.Exec(ctx, s.DB, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return why
}

// DeleteSession signs out; an unknown token is not an error.
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	if _, err := db.Exec(ctx, s.DB, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(token)); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions signs a user out everywhere.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) error {
	return deleteSessions(ctx, s.DB, userID, "")
}

// PurgeExpired deletes sessions past their timeouts and reset tokens past
// their expiry, which nobody will present again. Run it now and then.
func (s *Store) PurgeExpired(ctx context.Context) (int64, error) {
	now := s.now()
	var total int64
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?`, []any{now.Add(-IdleTimeout), now.Add(-AbsoluteTimeout)}},
		{`DELETE FROM password_resets WHERE expires_at < ?`, []any{now}},
	} {
		res, err := db.Exec(ctx, s.DB, q.sql, q.args...)
		if err != nil {
			return total, fmt.Errorf("purge: %w", err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}

// clip shortens s to at most n bytes of valid UTF-8, cutting between characters.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
