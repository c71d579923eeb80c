package auth

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
)

// ChangePassword replaces a user's own password after checking the current
// one, and ends the user's other sessions: whoever learnt the old password
// is signed out. keepSessionToken is the session making the change.
func (s *Store) ChangePassword(ctx context.Context, userID int64, current, next, keepSessionToken string) error {
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	fe := apperr.FieldErrors{}
	if len(current) > MaxPasswordBytes || !CheckPassword(u.PasswordHash, current) {
		fe.Add("current_password", "auth.error.current_password_wrong")
	}
	checkPasswordRules(fe, "new_password", next)
	if err := fe.Err(); err != nil {
		return err
	}
	keep := ""
	if keepSessionToken != "" {
		keep = hashToken(keepSessionToken)
	}
	return s.storePassword(ctx, userID, next, keep, "user.password_change")
}

// SetPassword sets a password chosen by an administrator and ends all the
// user's sessions.
func (s *Store) SetPassword(ctx context.Context, userID int64, pw string) error {
	fe := apperr.FieldErrors{}
	checkPasswordRules(fe, "password", pw)
	if err := fe.Err(); err != nil {
		return err
	}
	return s.storePassword(ctx, userID, pw, "", "user.password_set")
}

func (s *Store) storePassword(ctx context.Context, userID int64, pw, keepHash, action string) error {
	hash, err := HashPassword(pw)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := mustAffect(db.Exec(ctx, tx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`,
			hash, s.now(), userID)); err != nil {
			return err
		}
		if err := deleteSessions(ctx, tx, userID, keepHash); err != nil {
			return err
		}
		return auditUser(ctx, tx, action, userID, nil)
	})
}

// SetDisabled disables or re-enables an account. Disabling ends all its
// sessions and revokes all its API tokens in the same transaction, so
// re-enabling the account does not bring the tokens back.
func (s *Store) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := mustAffect(db.Exec(ctx, tx, `UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?`,
			disabled, s.now(), userID)); err != nil {
			return err
		}
		if !disabled {
			return auditUser(ctx, tx, "user.enable", userID, nil)
		}
		if err := deleteSessions(ctx, tx, userID, ""); err != nil {
			return err
		}
		if err := revokeUserTokens(ctx, tx, userID, s.now()); err != nil {
			return err
		}
		return auditUser(ctx, tx, "user.disable", userID, nil)
	})
}

// SetLang stores the user's interface language.
func (s *Store) SetLang(ctx context.Context, userID int64, lang string) error {
	l, ok := parseLang(lang)
	if !ok || lang == "" {
		return apperr.Field("lang", "auth.error.lang_invalid")
	}
	return s.setColumn(ctx, userID, "lang", l)
}

// SetRole changes a user's role; it applies from the user's next request.
func (s *Store) SetRole(ctx context.Context, userID int64, role Role) error {
	r, ok := ParseRole(string(role))
	if !ok {
		return apperr.Field("role", "auth.error.role_invalid")
	}
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		var from string
		if err := db.Get(ctx, tx, &from, `SELECT role FROM users WHERE id = ?`, userID); err != nil {
			return err
		}
		if err := mustAffect(db.Exec(ctx, tx, `UPDATE users SET role = ?, updated_at = ? WHERE id = ?`, string(r), s.now(), userID)); err != nil {
			return err
		}
		return auditUser(ctx, tx, "user.role", userID, map[string]string{"from": from, "to": string(r)})
	})
}

// auditUser writes the audit row of a change to a user account.
func auditUser(ctx context.Context, tx *sqlx.Tx, action string, userID int64, payload any) error {
	return audit.Write(ctx, tx, audit.Entry{Action: action, Object: "user", ObjectID: userID, Payload: payload})
}

// setColumn updates one column; col is always a constant from this file.
func (s *Store) setColumn(ctx context.Context, userID int64, col string, v any) error {
	err := mustAffect(db.Exec(ctx, s.DB, `UPDATE users SET `+col+` = ?, updated_at = ? WHERE id = ?`, v, s.now(), userID))
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return fmt.Errorf("update user %s: %w", col, err)
	}
	return err
}
