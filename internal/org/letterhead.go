package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
)

// Issuer is the organisation that issues the portal's letters, reports,
// agreements and statements: the intermediary that runs the programmes
// (programmes keep their donor, not their intermediary: the portal is run
// by one intermediary, the first organisation of that kind). Its profile
// gives the letterhead and the signatory (the legal representative).
type Issuer struct {
	OrgID        int64  `db:"org_id"`
	Name         string `db:"name"`
	Address      string `db:"address"`
	Municipality string `db:"municipality"`
	Email        string `db:"email"`
	Phone        string `db:"phone"`
	RepName      string `db:"rep_name"`
	RepPosition  string `db:"rep_position"`
	LogoStored   string `db:"logo_stored_name"`  // generated name in the upload folder ("" when none)
	LogoType     string `db:"logo_content_type"` // image/png or image/jpeg
}

// IssuerInput is what the letterhead form changes.
type IssuerInput struct {
	Address, Email, Phone, RepName, RepPosition string
}

// LogoTypes are the image types a logo may have (PNG and JPEG: what the
// PDF writer embeds).
var LogoTypes = []string{"image/png", "image/jpeg"}

// MaxLogoBytes bounds a logo file.
const MaxLogoBytes = 1 << 20

// Issuer returns the intermediary and its letterhead; an intermediary
// without a profile has only its name. NotFound when there is none.
func (s *Store) Issuer(ctx context.Context) (Issuer, error) {
	var is Issuer
	err := db.Get(ctx, s.DB, &is, `SELECT o.id AS org_id, COALESCE(NULLIF(p.legal_name, ''), o.name) AS name,
		COALESCE(p.address, '') AS address, COALESCE(p.municipality, '') AS municipality, COALESCE(p.email, '') AS email,
		COALESCE(p.phone, '') AS phone, COALESCE(p.rep_name, '') AS rep_name, COALESCE(p.rep_position, '') AS rep_position,
		COALESCE(p.logo_stored_name, '') AS logo_stored_name, COALESCE(p.logo_content_type, '') AS logo_content_type
		FROM organisations o LEFT JOIN organisation_profiles p ON p.org_id = o.id
		WHERE o.kind = 'intermediary' ORDER BY o.id LIMIT 1`)
	if errors.Is(err, sql.ErrNoRows) {
		return Issuer{}, notFound()
	}
	return is, err
}

// Validate checks the letterhead fields as the profile does.
func (in *IssuerInput) Validate() apperr.FieldErrors {
	fe := apperr.FieldErrors{}
	for _, f := range []*string{&in.Address, &in.Email, &in.Phone, &in.RepName, &in.RepPosition} {
		*f = strings.TrimSpace(*f)
	}
	text(fe, "address", in.Address, 300, false)
	text(fe, "rep_name", in.RepName, 200, false)
	text(fe, "rep_position", in.RepPosition, 200, false)
	if in.Email != "" && !auth.ValidEmail(in.Email) {
		fe.Add("email", "org.error.email")
	}
	if in.Phone != "" && !validPhone(in.Phone) {
		fe.Add("phone", "org.error.phone")
	}
	return fe
}

// SaveIssuer changes the intermediary's letterhead fields, and its logo
// when logo is not nil, in one transaction with an audit row. It returns
// the stored name of the logo replaced ("" for none), for the caller to
// remove from the upload folder after the commit.
func (s *Store) SaveIssuer(ctx context.Context, sc access.Scope, in IssuerInput, logo *Logo) (string, error) {
	is, err := s.Issuer(ctx)
	if err != nil {
		return "", err
	}
	if err := s.reaches(ctx, sc, is.OrgID); err != nil || !sc.CanWriteFor(is.OrgID) {
		return "", notFound()
	}
	if err := in.Validate().Err(); err != nil {
		return "", err
	}
	if logo != nil && !validLogoType(logo.ContentType) {
		return "", apperr.Field("logo", "org.error.logo_type")
	}
	now := s.now()
	old := ""
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := ensureProfile(ctx, tx, is.OrgID, now); err != nil {
			return err
		}
		if _, err := db.Exec(ctx, tx, `UPDATE organisation_profiles SET address = ?, email = ?, phone = ?, rep_name = ?,
			rep_position = ?, updated_at = ? WHERE org_id = ?`, in.Address, in.Email, in.Phone, in.RepName, in.RepPosition,
			now, is.OrgID); err != nil {
			return fmt.Errorf("update letterhead: %w", err)
		}
		if logo != nil {
			old = is.LogoStored
			if _, err := db.Exec(ctx, tx, `UPDATE organisation_profiles SET logo_stored_name = ?, logo_content_type = ?
				WHERE org_id = ?`, logo.StoredName, logo.ContentType, is.OrgID); err != nil {
				return fmt.Errorf("update logo: %w", err)
			}
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "organisation.letterhead", Object: "organisation", ObjectID: is.OrgID})
	})
	if err != nil {
		return "", err
	}
	return old, nil
}

// Logo is a logo file already stored by internal/upload.
type Logo struct {
	StoredName  string
	ContentType string
}

func validLogoType(ct string) bool {
	for _, t := range LogoTypes {
		if ct == t {
			return true
		}
	}
	return false
}
