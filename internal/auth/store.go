package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// Store reads and writes accounts, organisations, sessions, API tokens and
// password resets. Now is the clock, replaced in tests.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

// NewStore returns a Store on d with the real clock.
func NewStore(d *db.DB) *Store { return &Store{DB: d, Now: db.Now} }

func (s *Store) now() time.Time {
	if s.Now == nil {
		return db.Now()
	}
	return s.Now().UTC()
}

// randomToken returns n random bytes, base64url without padding.
func randomToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken is what the database keeps of a secret token: a leaked table
// gives no usable session, API token or reset link.
func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// mustAffect turns an UPDATE or DELETE that touched no row into NotFound.
func mustAffect(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return apperr.New(apperr.NotFound, "error.not_found")
	}
	return nil
}

// utc returns t in UTC; lib/pq hands back timestamps in a fixed zone.
func utc(t *time.Time) {
	if t != nil && !t.IsZero() {
		*t = t.UTC()
	}
}

// deleteSessions ends every session of a user except the one whose token
// hash is keep ("" keeps none).
func deleteSessions(ctx context.Context, c db.Conn, userID int64, keep string) error {
	_, err := db.Exec(ctx, c, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, userID, keep)
	if err != nil {
		return fmt.Errorf("delete sessions: %w", err)
	}
	return nil
}
