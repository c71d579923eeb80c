package auth

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// RecoveryCodeCount is how many single-use recovery codes a user gets.
const RecoveryCodeCount = 10

// recoveryAlphabet avoids 0/o, 1/l/i so a code read off paper is typed right.
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// recoveryLen is the length of a recovery code without its dashes: 15
// characters of a 31-letter alphabet, about 74 bits, so a plain SHA-256
// of it is safe to store.
const recoveryLen = 15

// NewRecoveryCodes replaces a user's recovery codes with ten new ones,
// returned once in the form xxxxx-xxxxx-xxxxx; only their hashes are kept.
func (s *Store) NewRecoveryCodes(ctx context.Context, userID int64) ([]string, error) {
	var codes []string
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		var err error
		codes, err = replaceRecoveryCodes(ctx, tx, userID, s.now())
		return err
	})
	return codes, err
}

func replaceRecoveryCodes(ctx context.Context, tx *sqlx.Tx, userID int64, now time.Time) ([]string, error) {
	if _, err := db.Exec(ctx, tx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
		return nil, fmt.Errorf("delete recovery codes: %w", err)
	}
	codes := make([]string, RecoveryCodeCount)
	for i := range codes {
		c, err := randomRecoveryCode()
		if err != nil {
			return nil, err
		}
		if _, err := db.Exec(ctx, tx, `INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)`,
			userID, hashToken(c), now); err != nil {
			return nil, fmt.Errorf("insert recovery code: %w", err)
		}
		codes[i] = c[:5] + "-" + c[5:10] + "-" + c[10:]
	}
	return codes, nil
}

func randomRecoveryCode() (string, error) {
	b := make([]byte, recoveryLen)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random recovery code: %w", err)
	}
	out := make([]byte, recoveryLen)
	for i, v := range b {
		// 256 % 31 leaves a bias below 1 %, harmless at 74 bits.
		out[i] = recoveryAlphabet[int(v)%len(recoveryAlphabet)]
	}
	return string(out), nil
}

// normRecovery lowercases a typed recovery code and drops its dashes and
// spaces; ok is false when it cannot be one.
func normRecovery(code string) (string, bool) {
	c := strings.ToLower(normCode(code))
	if len(c) != recoveryLen {
		return "", false
	}
	for _, r := range c {
		if !strings.ContainsRune(recoveryAlphabet, r) {
			return "", false
		}
	}
	return c, true
}

// IsRecoveryFormat reports whether code has the shape of a recovery code.
func IsRecoveryFormat(code string) bool {
	_, ok := normRecovery(code)
	return ok
}

// UseRecoveryCode spends one recovery code of a user: the conditional
// update accepts each code once, even when it is sent twice at once.
func (s *Store) UseRecoveryCode(ctx context.Context, userID int64, code string) error {
	c, ok := normRecovery(code)
	if !ok {
		return apperr.Field("code", "twofactor.error.code_format")
	}
	res, err := db.Exec(ctx, s.DB, `UPDATE recovery_codes SET used_at = ?
		WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`, s.now(), userID, hashToken(c))
	if err != nil {
		return fmt.Errorf("use recovery code: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return apperr.Field("code", "twofactor.error.recovery_wrong")
	}
	return nil
}
