package org

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/invisible"
	"github.com/subgrant/portal/internal/place"
)

// Registration is what an NGO fills in to register itself: its first
// user's account and its organisation.
type Registration struct {
	Name, Email, Password, Lang string
	LegalName, Acronym          string
	Municipality                string
}

// Register creates the account (role applicant), the organisation (kind
// ngo), the membership and the profile in one transaction, and returns the
// new user's and organisation's ids.
func (s *Store) Register(ctx context.Context, r Registration) (userID, orgID int64, err error) {
	fe := apperr.FieldErrors{}
	r.Name, r.Email = strings.TrimSpace(r.Name), strings.TrimSpace(r.Email)
	r.LegalName, r.Acronym = strings.TrimSpace(r.LegalName), strings.TrimSpace(r.Acronym)
	checkAccount(fe, r.Name, r.Email, r.Password, r.Lang)
	text(fe, "legal_name", r.LegalName, auth.MaxNameRunes, true)
	text(fe, "acronym", r.Acronym, 30, false)
	invisible.Check(fe, "legal_name", r.LegalName)
	invisible.Check(fe, "acronym", r.Acronym)
	if !place.Valid(r.Municipality) {
		fe.Add("municipality", "org.error.municipality")
	}
	if err := fe.Err(); err != nil {
		return 0, 0, err
	}
	hash, err := auth.HashPassword(r.Password)
	if err != nil {
		return 0, 0, err
	}
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		now := s.now()
		userID, err = insertUser(ctx, tx, r.Email, r.Name, r.Lang, hash, now)
		if err != nil {
			return err
		}
		orgID, err = db.InsertID(ctx, tx, `INSERT INTO organisations (name, kind, created_at) VALUES (?, 'ngo', ?) RETURNING id`,
			r.LegalName, now)
		if err != nil {
			return fmt.Errorf("insert organisation: %w", err)
		}
		if _, err := db.Exec(ctx, tx, `INSERT INTO memberships (user_id, org_id, created_at) VALUES (?, ?, ?)`,
			userID, orgID, now); err != nil {
			return fmt.Errorf("insert membership: %w", err)
		}
		_, err = db.Exec(ctx, tx, `INSERT INTO organisation_profiles (org_id, legal_name, acronym, municipality, email, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, orgID, r.LegalName, r.Acronym, r.Municipality, r.Email, now)
		if err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "organisation.register", Object: "organisation", ObjectID: orgID,
			Payload: map[string]int64{"user_id": userID}})
	})
	return userID, orgID, err
}

// checkAccount applies auth's account rules to a new applicant account.
func checkAccount(fe apperr.FieldErrors, name, email, password, lang string) {
	for k, v := range auth.ValidateNewUser(auth.NewUser{Email: email, Name: name, Lang: lang, Role: auth.Applicant, Password: password}) {
		fe.Add(k, v)
	}
}

// insertUser adds an applicant account inside tx; a taken email (in any
// case) is a field error.
func insertUser(ctx context.Context, tx *sqlx.Tx, email, name, lang, hash string, now time.Time) (int64, error) {
	return auth.InsertUser(ctx, tx, auth.NewUser{Email: email, Name: name, Lang: lang, Role: auth.Applicant}, hash, now)
}
