package org

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/notify"
)

// InvitationTTL is how long an invitation link works.
const InvitationTTL = 7 * 24 * time.Hour

// Invitation asks someone to join an organisation as an applicant user.
type Invitation struct {
	ID         int64      `db:"id"`
	OrgID      int64      `db:"org_id"`
	OrgName    string     `db:"org_name"`
	Email      string     `db:"email"`
	Lang       string     `db:"lang"`
	CreatedAt  time.Time  `db:"created_at"`
	ExpiresAt  time.Time  `db:"expires_at"`
	AcceptedAt *time.Time `db:"accepted_at"`
}

func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// Invite creates an invitation to organisation orgID (which must be in sc)
// and, in the same transaction, enqueues the mail that mail builds from the
// one-time token; only the token's hash is stored.
func (s *Store) Invite(ctx context.Context, sc access.Scope, orgID, invitedBy int64, email, lang string,
	mail func(token string, inv Invitation) notify.Message) (Invitation, error) {
	p, err := s.Get(ctx, sc, orgID)
	if err != nil {
		return Invitation{}, err
	}
	fe := apperr.FieldErrors{}
	email = strings.TrimSpace(email)
	if !auth.ValidEmail(email) {
		fe.Add("email", "auth.error.email_invalid")
	}
	if !slices.Contains(auth.Langs, lang) {
		fe.Add("lang", "auth.error.lang_invalid")
	}
	if err := fe.Err(); err != nil {
		return Invitation{}, err
	}
	var inv Invitation
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		inv, err = InviteTx(ctx, tx, Invitation{OrgID: orgID, OrgName: p.Name, Email: email, Lang: lang}, invitedBy, s.now(), mail)
		return err
	})
	return inv, err
}

// InviteTx stores invitation inv (its OrgID, OrgName, Email and Lang, all
// already checked) inside tx at now and enqueues the mail that mail builds
// from the one-time token; the import of organisations (internal/importer)
// invites each contact person this way in its own transaction.
func InviteTx(ctx context.Context, tx *sqlx.Tx, inv Invitation, invitedBy int64, now time.Time,
	mail func(token string, inv Invitation) notify.Message) (Invitation, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return Invitation{}, fmt.Errorf("invitation token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	inv.CreatedAt, inv.ExpiresAt = now, now.Add(InvitationTTL)
	var by any
	if invitedBy != 0 {
		by = invitedBy
	}
	id, err := db.InsertID(ctx, tx, `INSERT INTO organisation_invitations
		(org_id, email, lang, token_hash, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		inv.OrgID, inv.Email, inv.Lang, hashToken(token), by, now, inv.ExpiresAt)
	if err != nil {
		return Invitation{}, fmt.Errorf("insert invitation: %w", err)
	}
	inv.ID = id
	return inv, notify.Enqueue(ctx, tx, mail(token, inv))
}

const invitationCols = `i.id, i.org_id, o.name AS org_name, i.email, i.lang, i.created_at, i.expires_at, i.accepted_at`

// Invitations lists the pending invitations of an organisation in sc.
func (s *Store) Invitations(ctx context.Context, sc access.Scope, orgID int64) ([]Invitation, error) {
	if err := s.reaches(ctx, sc, orgID); err != nil {
		return nil, err
	}
	out := []Invitation{}
	err := db.Select(ctx, s.DB, &out, `SELECT `+invitationCols+` FROM organisation_invitations i
		JOIN organisations o ON o.id = i.org_id WHERE i.org_id = ? AND i.accepted_at IS NULL AND i.expires_at > ?
		ORDER BY i.id`, orgID, s.now())
	if err != nil {
		return nil, fmt.Errorf("list invitations: %w", err)
	}
	for i := range out {
		out[i].CreatedAt, out[i].ExpiresAt = out[i].CreatedAt.UTC(), out[i].ExpiresAt.UTC()
	}
	return out, nil
}

// Invitation returns the usable invitation of a token; a token that is
// unknown, used or expired is Invalid (org.invite.error.invalid).
func (s *Store) Invitation(ctx context.Context, token string) (Invitation, error) {
	return s.usableInvitation(ctx, s.DB, token)
}

func (s *Store) usableInvitation(ctx context.Context, c db.Conn, token string) (Invitation, error) {
	invalid := apperr.New(apperr.Invalid, "org.invite.error.invalid")
	if token == "" || len(token) > 100 {
		return Invitation{}, invalid
	}
	var inv Invitation
	err := db.Get(ctx, c, &inv, `SELECT `+invitationCols+` FROM organisation_invitations i
		JOIN organisations o ON o.id = i.org_id WHERE i.token_hash = ?`, hashToken(token))
	if apperr.Is(err, apperr.NotFound) {
		return Invitation{}, invalid
	}
	if err != nil {
		return Invitation{}, fmt.Errorf("read invitation: %w", err)
	}
	if inv.AcceptedAt != nil || !s.now().Before(inv.ExpiresAt) {
		return Invitation{}, invalid
	}
	inv.CreatedAt, inv.ExpiresAt = inv.CreatedAt.UTC(), inv.ExpiresAt.UTC()
	return inv, nil
}

// Accept uses an invitation once: it creates the invitee's applicant
// account with the invited email and language and makes it a member.
func (s *Store) Accept(ctx context.Context, token, name, password string) (int64, error) {
	inv, err := s.Invitation(ctx, token)
	if err != nil {
		return 0, err
	}
	fe := apperr.FieldErrors{}
	name = strings.TrimSpace(name)
	checkAccount(fe, name, inv.Email, password, inv.Lang)
	if err := fe.Err(); err != nil {
		return 0, err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return 0, err
	}
	var userID int64
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		now := s.now()
		// accepted_at IS NULL decides between two concurrent uses of one link.
		res, err := db.Exec(ctx, tx, `UPDATE organisation_invitations SET accepted_at = ?
			WHERE id = ? AND accepted_at IS NULL AND expires_at > ?`, now, inv.ID, now)
		if err != nil {
			return fmt.Errorf("use invitation: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return apperr.New(apperr.Invalid, "org.invite.error.invalid")
		}
		userID, err = insertUser(ctx, tx, inv.Email, name, inv.Lang, hash, now)
		if apperr.Is(err, apperr.Invalid) {
			return apperr.New(apperr.Conflict, "org.invite.error.account_exists")
		}
		if err != nil {
			return err
		}
		if _, err := db.Exec(ctx, tx, `UPDATE organisation_invitations SET accepted_by = ? WHERE id = ?`, userID, inv.ID); err != nil {
			return err
		}
		_, err = db.Exec(ctx, tx, `INSERT INTO memberships (user_id, org_id, created_at) VALUES (?, ?, ?)`, userID, inv.OrgID, now)
		return err
	})
	return userID, err
}
