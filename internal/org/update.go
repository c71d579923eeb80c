package org

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
)

// Saved tells what an Update did.
type Saved struct {
	Unverified bool // identity fields changed: the verification was withdrawn
}

// identity are the fields a verification vouches for.
type identity struct {
	LegalName          string `db:"legal_name"`
	RegistrationNumber string `db:"registration_number"`
	FiscalNumber       string `db:"fiscal_number"`
	IBAN               string `db:"iban"`
	Verified           bool   `db:"verified"`
}

// Update validates in and replaces the editable part of the profile of
// organisation id, its turnover, target groups and services, in one
// transaction. Changing the legal name, registration number, fiscal number
// or IBAN of a verified organisation withdraws its verification.
func (s *Store) Update(ctx context.Context, sc access.Scope, id int64, in Input) (Saved, error) {
	if _, err := s.Get(ctx, sc, id); err != nil {
		return Saved{}, err
	}
	now := s.now()
	if err := in.Validate(now).Err(); err != nil {
		return Saved{}, err
	}
	var saved Saved
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := ensureProfile(ctx, tx, id, now); err != nil {
			return err
		}
		var old identity
		if err := db.Get(ctx, tx, &old, `SELECT legal_name, registration_number, fiscal_number, iban,
			CASE WHEN verified_at IS NULL THEN 0 ELSE 1 END AS verified FROM organisation_profiles WHERE org_id = ?`, id); err != nil {
			return fmt.Errorf("read profile: %w", err)
		}
		changed := old.LegalName != in.LegalName || old.RegistrationNumber != in.RegistrationNumber ||
			old.FiscalNumber != in.FiscalNumber || old.IBAN != in.IBAN
		saved.Unverified = changed && old.Verified
		if err := writeProfile(ctx, tx, id, in, changed, now); err != nil {
			return err
		}
		return replaceLists(ctx, tx, id, in)
	})
	return saved, err
}

func ensureProfile(ctx context.Context, tx *sqlx.Tx, id int64, now time.Time) error {
	_, err := db.Exec(ctx, tx, `INSERT INTO organisation_profiles (org_id, legal_name, updated_at)
		SELECT id, name, ? FROM organisations WHERE id = ? ON CONFLICT (org_id) DO NOTHING`, now, id)
	if err != nil {
		return fmt.Errorf("create profile: %w", err)
	}
	return nil
}

func writeProfile(ctx context.Context, tx *sqlx.Tx, id int64, in Input, unverify bool, now time.Time) error {
	q := `UPDATE organisation_profiles SET legal_name = ?, acronym = ?, registration_number = ?, registry = ?,
		fiscal_number = ?, registration_date = ?, address = ?, municipality = ?, email = ?, phone = ?,
		rep_name = ?, rep_position = ?, iban = ?, staff_count = ?, volunteer_count = ?, updated_at = ?`
	if unverify {
		q += `, verified_at = NULL, verified_by = NULL`
	}
	if _, err := db.Exec(ctx, tx, q+` WHERE org_id = ?`, in.LegalName, in.Acronym, in.RegistrationNumber,
		in.Registry, in.FiscalNumber, in.RegistrationDate, in.Address, in.Municipality, in.Email, in.Phone,
		in.RepName, in.RepPosition, in.IBAN, in.StaffCount, in.VolunteerCount, now, id); err != nil {
		return fmt.Errorf("update profile: %w", err)
	}
	if _, err := db.Exec(ctx, tx, `UPDATE organisations SET name = ? WHERE id = ?`, in.LegalName, id); err != nil {
		return fmt.Errorf("rename organisation: %w", err)
	}
	return nil
}

func replaceLists(ctx context.Context, tx *sqlx.Tx, id int64, in Input) error {
	for _, t := range []string{"organisation_turnover", "organisation_target_groups", "organisation_services"} {
		if _, err := db.Exec(ctx, tx, `DELETE FROM `+t+` WHERE org_id = ?`, id); err != nil {
			return fmt.Errorf("clear %s: %w", t, err)
		}
	}
	for _, t := range in.Turnover {
		if _, err := db.Exec(ctx, tx, `INSERT INTO organisation_turnover (org_id, year, amount_minor, currency)
			VALUES (?, ?, ?, ?)`, id, t.Year, t.Minor, t.Currency); err != nil {
			return fmt.Errorf("insert turnover: %w", err)
		}
	}
	for _, g := range in.TargetGroups {
		if _, err := db.Exec(ctx, tx, `INSERT INTO organisation_target_groups (org_id, target_group) VALUES (?, ?)`,
			id, g); err != nil {
			return fmt.Errorf("insert target group: %w", err)
		}
	}
	for _, sv := range in.Services {
		if _, err := db.Exec(ctx, tx, `INSERT INTO organisation_services
			(org_id, service_type, municipality, capacity, beneficiaries_per_year) VALUES (?, ?, ?, ?, ?)`,
			id, sv.Type, sv.Municipality, sv.Capacity, sv.BeneficiariesPerYear); err != nil {
			return fmt.Errorf("insert service: %w", err)
		}
	}
	return nil
}

// Verify records that officer userID verified organisation id now.
func (s *Store) Verify(ctx context.Context, sc access.Scope, id, userID int64) error {
	if _, err := s.Get(ctx, sc, id); err != nil {
		return err
	}
	now := s.now()
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := ensureProfile(ctx, tx, id, now); err != nil {
			return err
		}
		if _, err := db.Exec(ctx, tx, `UPDATE organisation_profiles SET verified_at = ?, verified_by = ? WHERE org_id = ?`,
			now, userID, id); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "organisation.verify", Object: "organisation", ObjectID: id})
	})
}
