package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// ResetTTL is how long a password-reset link works.
const ResetTTL = time.Hour

type resetRow struct {
	UserID    int64      `db:"user_id"`
	ExpiresAt time.Time  `db:"expires_at"`
	UsedAt    *time.Time `db:"used_at"`
}

// CreateReset issues a one-time password-reset token for the account with
// this email. Unknown and disabled accounts are NotFound; the web layer
// shows the same message either way so that emails cannot be probed.
func (s *Store) CreateReset(ctx context.Context, email string) (string, User, error) {
	u, err := s.UserByEmail(ctx, email)
	if err != nil {
		return "", User{}, err
	}
	if u.Disabled {
		return "", User{}, apperr.New(apperr.NotFound, "error.not_found")
	}
	token, err := randomToken(32)
	if err != nil {
		return "", User{}, err
	}
	now := s.now()
	_, err = db.Exec(ctx, s.DB, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)
		VALUES (?, ?, ?, ?)`, hashToken(token), u.ID, now, now.Add(ResetTTL))
	if err != nil {
		return "", User{}, fmt.Errorf("insert password reset: %w", err)
	}
	return token, u, nil
}

// ResetPassword sets a new password with a reset token. The token is used
// up, every other outstanding reset of the user is cancelled, all the
// user's sessions end and all its API tokens are revoked, in one
// transaction: whoever knew the old password loses every way in. Unknown, used and expired tokens
// are Invalid.
func (s *Store) ResetPassword(ctx context.Context, token, newPassword string) error {
	invalid := apperr.New(apperr.Invalid, "auth.error.reset_invalid")
	h := hashToken(token)
	userID, err := s.validReset(ctx, s.DB, h)
	if err != nil {
		return err
	}
	fe := apperr.FieldErrors{}
	checkPasswordRules(fe, "password", newPassword)
	if err := fe.Err(); err != nil {
		return err
	}
	hash, err := HashPassword(newPassword)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		now := s.now()
		// used_at IS NULL decides between two concurrent uses of one link.
		res, err := db.Exec(ctx, tx, `UPDATE password_resets SET used_at = ?
			WHERE token_hash = ? AND user_id = ? AND used_at IS NULL AND expires_at > ?`, now, h, userID, now)
		if mustAffect(res, err) != nil {
			if err != nil {
				return fmt.Errorf("use password reset: %w", err)
			}
			return invalid
		}
		if _, err := db.Exec(ctx, tx, `UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL`,
			now, userID); err != nil {
			return fmt.Errorf("cancel password resets: %w", err)
		}
		if err := mustAffect(db.Exec(ctx, tx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`,
			hash, now, userID)); err != nil {
			return err
		}
		if err := deleteSessions(ctx, tx, userID, ""); err != nil {
			return err
		}
		if err := revokeUserTokens(ctx, tx, userID, now); err != nil {
			return err
		}
		return auditUser(ctx, tx, "user.password_reset", userID, nil)
	})
}

// CheckReset reports whether a reset token is still usable, so the form
// asking for the new password can refuse a dead link up front.
func (s *Store) CheckReset(ctx context.Context, token string) error {
	_, err := s.validReset(ctx, s.DB, hashToken(token))
	return err
}

func (s *Store) validReset(ctx context.Context, c db.Conn, tokenHash string) (int64, error) {
	invalid := apperr.New(apperr.Invalid, "auth.error.reset_invalid")
	var r resetRow
	err := db.Get(ctx, c, &r, `SELECT r.user_id, r.expires_at, r.used_at FROM password_resets r
		JOIN users u ON u.id = r.user_id WHERE r.token_hash = ? AND u.disabled = ?`, tokenHash, false)
	if apperr.Is(err, apperr.NotFound) {
		return 0, invalid
	}
	if err != nil {
		return 0, fmt.Errorf("read password reset: %w", err)
	}
	if r.UsedAt != nil || !s.now().Before(r.ExpiresAt) {
		return 0, invalid
	}
	return r.UserID, nil
}
