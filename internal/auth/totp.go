package auth

import (
	"context"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"image"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// TOTP parameters (RFC 6238 defaults, which every authenticator app reads):
// six digits, 30-second steps, HMAC-SHA1; one step of clock skew either way.
const (
	totpPeriod = 30
	totpSkew   = 1
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// Enrolment is what an authenticator app needs: the base32 secret and the
// otpauth:// URI that the QR code carries.
type Enrolment struct {
	Secret string
	URI    string
	key    *otp.Key
}

// TwoFactor is a user's second-factor state.
type TwoFactor struct {
	Enrolled     bool // a confirmed TOTP secret
	RecoveryLeft int  // unused recovery codes
}

// TwoFactorOf reads the second-factor state of a user.
func (s *Store) TwoFactorOf(ctx context.Context, userID int64) (TwoFactor, error) {
	var tf TwoFactor
	var n int
	if err := db.Get(ctx, s.DB, &n, `SELECT COUNT(*) FROM user_totp WHERE user_id = ? AND confirmed_at IS NOT NULL`, userID); err != nil {
		return tf, fmt.Errorf("read second factor: %w", err)
	}
	tf.Enrolled = n > 0
	if err := db.Get(ctx, s.DB, &tf.RecoveryLeft, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, userID); err != nil {
		return tf, fmt.Errorf("count recovery codes: %w", err)
	}
	return tf, nil
}

// BeginTOTP starts (or resumes) enrolment: a new secret is kept unconfirmed
// until ConfirmTOTP, so starting twice shows the same one. A user who has
// already enrolled gets Conflict.
func (s *Store) BeginTOTP(ctx context.Context, userID int64, issuer string) (Enrolment, error) {
	e, err := s.EnrolmentOf(ctx, userID, issuer)
	if !apperr.Is(err, apperr.NotFound) {
		return e, err
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: "x"})
	if err != nil {
		return Enrolment{}, fmt.Errorf("generate totp secret: %w", err)
	}
	// A parallel request may win the insert: then its secret is shown.
	if _, err := db.Exec(ctx, s.DB, `INSERT INTO user_totp (user_id, secret, created_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO NOTHING`, userID, key.Secret(), s.now()); err != nil {
		return Enrolment{}, fmt.Errorf("insert totp secret: %w", err)
	}
	return s.EnrolmentOf(ctx, userID, issuer)
}

// EnrolmentOf reads the unconfirmed enrolment of a user without changing
// anything: NotFound when none was started, Conflict when already enrolled.
func (s *Store) EnrolmentOf(ctx context.Context, userID int64, issuer string) (Enrolment, error) {
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return Enrolment{}, err
	}
	var row struct {
		Secret      string     `db:"secret"`
		ConfirmedAt *time.Time `db:"confirmed_at"`
	}
	err = db.Get(ctx, s.DB, &row, `SELECT secret, confirmed_at FROM user_totp WHERE user_id = ?`, userID)
	if err != nil {
		return Enrolment{}, err
	}
	if row.ConfirmedAt != nil {
		return Enrolment{}, apperr.New(apperr.Conflict, "twofactor.error.already_enrolled")
	}
	key, err := totpKey(issuer, u.Email, row.Secret)
	if err != nil {
		return Enrolment{}, err
	}
	return Enrolment{Secret: row.Secret, URI: key.URL(), key: key}, nil
}

// totpKey rebuilds the library's key (for its otpauth:// URI and QR image)
// from a stored base32 secret.
func totpKey(issuer, account, secret string) (*otp.Key, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		return nil, fmt.Errorf("decode totp secret: %w", err)
	}
	return totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Secret: raw})
}

// QR is the enrolment's QR code (its otpauth:// URI), size x size pixels.
func (e Enrolment) QR(size int) (image.Image, error) {
	if e.key == nil {
		return nil, fmt.Errorf("enrolment without key")
	}
	return e.key.Image(size, size)
}

// ConfirmTOTP finishes enrolment with the first code from the app and
// returns ten new recovery codes, shown once.
func (s *Store) ConfirmTOTP(ctx context.Context, userID int64, code string) ([]string, error) {
	if !totpFormat(code) {
		return nil, apperr.Field("code", "twofactor.error.code_format")
	}
	var codes []string
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		var row struct {
			Secret      string     `db:"secret"`
			ConfirmedAt *time.Time `db:"confirmed_at"`
		}
		err := db.Get(ctx, tx, &row, `SELECT secret, confirmed_at FROM user_totp WHERE user_id = ?`, userID)
		if apperr.Is(err, apperr.NotFound) {
			return apperr.New(apperr.Conflict, "twofactor.error.not_started")
		}
		if err != nil {
			return fmt.Errorf("read totp secret: %w", err)
		}
		if row.ConfirmedAt != nil {
			return apperr.New(apperr.Conflict, "twofactor.error.already_enrolled")
		}
		step, ok := matchStep(row.Secret, normCode(code), s.now())
		if !ok {
			return apperr.Field("code", "twofactor.error.code_wrong")
		}
		res, err := db.Exec(ctx, tx, `UPDATE user_totp SET confirmed_at = ?, last_step = ?
			WHERE user_id = ? AND confirmed_at IS NULL`, s.now(), step, userID)
		if err := mustAffect(res, err); err != nil {
			return apperr.New(apperr.Conflict, "twofactor.error.already_enrolled")
		}
		codes, err = replaceRecoveryCodes(ctx, tx, userID, s.now())
		return err
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// CheckTOTP accepts a current code of an enrolled user once: the code's
// time step must be later than the last one accepted, and the conditional
// update lets exactly one of two parallel uses of a code through.
func (s *Store) CheckTOTP(ctx context.Context, userID int64, code string) error {
	if !totpFormat(code) {
		return apperr.Field("code", "twofactor.error.code_format")
	}
	var row struct {
		Secret   string `db:"secret"`
		LastStep int64  `db:"last_step"`
	}
	err := db.Get(ctx, s.DB, &row, `SELECT secret, last_step FROM user_totp WHERE user_id = ? AND confirmed_at IS NOT NULL`, userID)
	if apperr.Is(err, apperr.NotFound) {
		return apperr.New(apperr.Conflict, "twofactor.error.not_enrolled")
	}
	if err != nil {
		return fmt.Errorf("read totp secret: %w", err)
	}
	step, ok := matchStep(row.Secret, normCode(code), s.now())
	if !ok {
		return apperr.Field("code", "twofactor.error.code_wrong")
	}
	res, err := db.Exec(ctx, s.DB, `UPDATE user_totp SET last_step = ? WHERE user_id = ? AND last_step < ?`, step, userID, step)
	if err != nil {
		return fmt.Errorf("record totp step: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return apperr.Field("code", "twofactor.error.code_used")
	}
	return nil
}

// RemoveTwoFactor deletes a user's secret and recovery codes (the user
// disabling it, or an admin resetting it).
func (s *Store) RemoveTwoFactor(ctx context.Context, userID int64) error {
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		for _, q := range []string{`DELETE FROM user_totp WHERE user_id = ?`, `DELETE FROM recovery_codes WHERE user_id = ?`,
			`DELETE FROM pending_logins WHERE user_id = ?`} {
			if _, err := db.Exec(ctx, tx, q, userID); err != nil {
				return fmt.Errorf("remove second factor: %w", err)
			}
		}
		return auditUser(ctx, tx, "user.2fa_remove", userID, nil)
	})
}

// matchStep finds the time step, within the allowed skew, whose code is code.
func matchStep(secret, code string, now time.Time) (int64, bool) {
	cur := now.Unix() / totpPeriod
	for d := int64(-totpSkew); d <= totpSkew; d++ {
		step := cur + d
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// normCode drops the spaces and dashes people type inside codes.
func normCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\u00a0' {
			return -1
		}
		return r
	}, strings.TrimSpace(code))
}

// totpFormat reports whether code is six digits (spaces allowed).
func totpFormat(code string) bool {
	c := normCode(code)
	if len(c) != 6 {
		return false
	}
	for _, r := range c {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// IsTOTPFormat reports whether code looks like a TOTP code rather than a
// recovery code, for the sign-in page that accepts both.
func IsTOTPFormat(code string) bool { return totpFormat(code) }

// HasTwoFactor reports whether a user has a confirmed second factor (one
// query, for the check made on every request of staff who must have one).
func (s *Store) HasTwoFactor(ctx context.Context, userID int64) (bool, error) {
	var n int
	if err := db.Get(ctx, s.DB, &n, `SELECT COUNT(*) FROM user_totp WHERE user_id = ? AND confirmed_at IS NOT NULL`, userID); err != nil {
		return false, fmt.Errorf("read second factor: %w", err)
	}
	return n > 0, nil
}

// UsersWithTwoFactor returns the ids of the users with a confirmed second
// factor, for the admin's list of users.
func (s *Store) UsersWithTwoFactor(ctx context.Context) (map[int64]bool, error) {
	var ids []int64
	if err := db.Select(ctx, s.DB, &ids, `SELECT user_id FROM user_totp WHERE confirmed_at IS NOT NULL`); err != nil {
		return nil, fmt.Errorf("list second factors: %w", err)
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}
