package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/db"
)

// InviteTTL is how long the link of an invited account works: as long as
// an organisation's invitation (org.InvitationTTL), not an hour like a
// password reset.
const InviteTTL = 7 * 24 * time.Hour

// UnusableHash returns the hash of a random password nobody is told: the
// password of an invited account until its owner sets one through the
// link. One hash may serve every account of an import.
func UnusableHash() (string, error) {
	secret, err := randomToken(32)
	if err != nil {
		return "", err
	}
	return HashPassword(secret)
}

// InviteUser creates, inside tx, an account that ValidateNewUser accepted
// (its password ignored) with the unusable hash, and a one-time link to set
// its password (a password reset valid for InviteTTL, so /password/reset
// serves it); it returns the account and the link's token. A taken email
// is the field error of InsertUser.
func InviteUser(ctx context.Context, tx *sqlx.Tx, nu NewUser, hash string, now time.Time) (int64, string, error) {
	id, err := InsertUser(ctx, tx, nu, hash, now)
	if err != nil {
		return 0, "", err
	}
	token, err := randomToken(32)
	if err != nil {
		return 0, "", err
	}
	if _, err := db.Exec(ctx, tx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)
		VALUES (?, ?, ?, ?)`, hashToken(token), id, now, now.Add(InviteTTL)); err != nil {
		return 0, "", fmt.Errorf("insert account link: %w", err)
	}
	if err := auditUser(ctx, tx, "user.create", id, map[string]string{"role": string(nu.Role), "via": "import"}); err != nil {
		return 0, "", err
	}
	return id, token, nil
}
