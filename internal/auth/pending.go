package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// PendingTimeout is how long the step between a right password and a
// right second-factor code may take.
const PendingTimeout = 5 * time.Minute

// PendingLogin is a sign-in whose password was right and whose second
// factor is still to come: no session exists yet.
type PendingLogin struct {
	User User
	Next string // where to go after the code, already checked as a local path
}

// CreatePendingLogin records a right password and returns the token for
// the pending-login cookie; only its SHA-256 is stored.
func (s *Store) CreatePendingLogin(ctx context.Context, userID int64, next string) (string, error) {
	token, err := randomToken(32)
	if err != nil {
		return "", err
	}
	now := s.now()
	if _, err := db.Exec(ctx, s.DB, `DELETE FROM pending_logins WHERE created_at < ?`, now.Add(-PendingTimeout)); err != nil {
		return "", fmt.Errorf("purge pending logins: %w", err)
	}
	if _, err := db.Exec(ctx, s.DB, `INSERT INTO pending_logins (token_hash, user_id, next, created_at) VALUES (?, ?, ?, ?)`,
		hashToken(token), userID, clip(next, 500), now); err != nil {
		return "", fmt.Errorf("insert pending login: %w", err)
	}
	return token, nil
}

// PendingLoginOf reads a pending sign-in; unknown, expired and disabled
// users all give Unauthorized.
func (s *Store) PendingLoginOf(ctx context.Context, token string) (PendingLogin, error) {
	dead := apperr.New(apperr.Unauthorized, "twofactor.error.pending_expired")
	if len(token) != sessionTokenLen {
		return PendingLogin{}, dead
	}
	var row struct {
		UserID    int64     `db:"user_id"`
		Next      string    `db:"next"`
		CreatedAt time.Time `db:"created_at"`
	}
	err := db.Get(ctx, s.DB, &row, `SELECT user_id, next, created_at FROM pending_logins WHERE token_hash = ?`, hashToken(token))
	if apperr.Is(err, apperr.NotFound) {
		return PendingLogin{}, dead
	}
	if err != nil {
		return PendingLogin{}, fmt.Errorf("read pending login: %w", err)
	}
	if s.now().Sub(row.CreatedAt) > PendingTimeout {
		return PendingLogin{}, dead
	}
	u, err := s.UserByID(ctx, row.UserID)
	if err != nil || u.Disabled {
		return PendingLogin{}, dead
	}
	return PendingLogin{User: u, Next: row.Next}, nil
}

// DeletePendingLogin ends a pending sign-in (done, or abandoned).
func (s *Store) DeletePendingLogin(ctx context.Context, token string) error {
	if _, err := db.Exec(ctx, s.DB, `DELETE FROM pending_logins WHERE token_hash = ?`, hashToken(token)); err != nil {
		return fmt.Errorf("delete pending login: %w", err)
	}
	return nil
}
