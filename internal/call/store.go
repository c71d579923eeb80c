package call

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/programme"
)

const cols = `c.id, c.programme_id, p.title AS programme_title, p.donor_org_id, p.currency, c.reference,
	c.title_sq, c.title_en, c.title_sr, c.description_sq, c.description_en, c.description_sr,
	c.min_grant_minor, c.max_grant_minor, c.max_donor_share_bp, c.min_cofinancing_bp,
	c.min_duration_months, c.max_duration_months, c.time_zone, c.opens_at, c.closes_at, c.org_kinds,
	c.min_years_registered, c.municipalities, c.max_applications_per_org, c.two_stage, c.state,
	c.published_at, c.closed_at, c.created_at, c.updated_at,
	(SELECT COALESCE(SUM(l.budget_minor), 0) FROM call_lots l WHERE l.call_id = c.id) AS lots_budget_minor`

const from = ` FROM calls c JOIN programmes p ON p.id = c.programme_id`

// Get returns a call sc reaches (access.Scope.Calls); NotFound when there
// is none or the scope does not reach it, so a draft's existence does not
// leak.
func (s *Store) Get(ctx context.Context, id int64, sc access.Scope) (Call, error) {
	var c Call
	cond, args := sc.Calls("c")
	if err := db.Get(ctx, s.DB, &c, `SELECT `+cols+from+` WHERE c.id = ? AND `+cond, append([]any{id}, args...)...); err != nil {
		return c, err
	}
	utc(&c)
	return c, nil
}

// ByID returns a call whatever its state, for the portal's own work and
// for routes whose permission already covers every call. NotFound when
// there is none.
func (s *Store) ByID(ctx context.Context, id int64) (Call, error) {
	var c Call
	if err := db.Get(ctx, s.DB, &c, `SELECT `+cols+from+` WHERE c.id = ?`, id); err != nil {
		return c, err
	}
	utc(&c)
	return c, nil
}

// ByReference returns the call with a reference code.
func (s *Store) ByReference(ctx context.Context, ref string) (Call, error) {
	var c Call
	if err := db.Get(ctx, s.DB, &c, `SELECT `+cols+from+` WHERE c.reference = ?`, strings.ToUpper(ref)); err != nil {
		return c, err
	}
	utc(&c)
	return c, nil
}

// Lots returns a call's lots in order.
func (s *Store) Lots(ctx context.Context, callID int64) ([]Lot, error) {
	out := []Lot{}
	err := db.Select(ctx, s.DB, &out, `SELECT id, call_id, name, budget_minor, theme FROM call_lots
		WHERE call_id = ? ORDER BY position, id`, callID)
	return out, err
}

// Documents returns the documents a call requires, in order.
func (s *Store) Documents(ctx context.Context, callID int64) ([]Document, error) {
	out := []Document{}
	err := db.Select(ctx, s.DB, &out, `SELECT code, label_sq, label_en, label_sr FROM call_documents
		WHERE call_id = ? ORDER BY position, id`, callID)
	return out, err
}

// Create stores a new draft call with its lots and documents.
func (s *Store) Create(ctx context.Context, in Input) (Call, error) {
	var id int64
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := checkAgainstProgramme(ctx, tx, in, 0); err != nil {
			return err
		}
		now := s.Now()
		var err error
		id, err = db.InsertID(ctx, tx, `INSERT INTO calls (programme_id, reference, title_sq, title_en, title_sr,
			description_sq, description_en, description_sr, min_grant_minor, max_grant_minor, max_donor_share_bp,
			min_cofinancing_bp, min_duration_months, max_duration_months, time_zone, opens_at, closes_at, org_kinds,
			min_years_registered, municipalities, max_applications_per_org, two_stage, state, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?) RETURNING id`,
			append(values(in), now, now)...)
		if db.IsUnique(err) {
			return apperr.Field("reference", "calls.error.reference_taken")
		}
		if err != nil {
			return fmt.Errorf("insert call: %w", err)
		}
		return writeChildren(ctx, tx, id, in)
	})
	if err != nil {
		return Call{}, err
	}
	return s.ByID(ctx, id)
}

// Update replaces a draft or published call's fields, lots and documents.
// A published call must stay complete; a closed call cannot change.
func (s *Store) Update(ctx context.Context, id int64, in Input) (Call, error) {
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		var state string
		if err := db.Get(ctx, tx, &state, `SELECT state FROM calls WHERE id = ?`, id); err != nil {
			return err
		}
		if state == stateClosed {
			return apperr.New(apperr.Conflict, "calls.error.closed")
		}
		if err := checkAgainstProgramme(ctx, tx, in, id); err != nil {
			return err
		}
		if state == statePublished {
			if err := complete(in); err != nil {
				return err
			}
		}
		_, err := db.Exec(ctx, tx, `UPDATE calls SET programme_id = ?, reference = ?, title_sq = ?, title_en = ?,
			title_sr = ?, description_sq = ?, description_en = ?, description_sr = ?, min_grant_minor = ?,
			max_grant_minor = ?, max_donor_share_bp = ?, min_cofinancing_bp = ?, min_duration_months = ?,
			max_duration_months = ?, time_zone = ?, opens_at = ?, closes_at = ?, org_kinds = ?,
			min_years_registered = ?, municipalities = ?, max_applications_per_org = ?, two_stage = ?,
			updated_at = ? WHERE id = ?`, append(values(in), s.Now(), id)...)
		if db.IsUnique(err) {
			return apperr.Field("reference", "calls.error.reference_taken")
		}
		if err != nil {
			return fmt.Errorf("update call: %w", err)
		}
		for _, q := range []string{`DELETE FROM call_lots WHERE call_id = ?`, `DELETE FROM call_documents WHERE call_id = ?`} {
			if _, err := db.Exec(ctx, tx, q, id); err != nil {
				return err
			}
		}
		return writeChildren(ctx, tx, id, in)
	})
	if err != nil {
		return Call{}, err
	}
	return s.ByID(ctx, id)
}

func values(in Input) []any {
	return []any{in.ProgrammeID, in.Reference, in.TitleSQ, in.TitleEN, in.TitleSR, in.DescriptionSQ, in.DescriptionEN,
		in.DescriptionSR, in.MinGrantMinor, in.MaxGrantMinor, in.MaxDonorShareBP, in.MinCofinancingBP,
		in.MinDurationMonths, in.MaxDurationMonths, in.TimeZone, in.OpensAt, in.ClosesAt,
		strings.Join(in.OrgKinds, ","), in.MinYearsRegistered, strings.Join(in.Municipalities, ","),
		in.MaxApplicationsPerOrg, in.TwoStage}
}

// checkAgainstProgramme checks the programme exists, the maximum grant is
// within its ceiling per third party, and the lots of all its calls stay
// within its sub-granting budget.
func checkAgainstProgramme(ctx context.Context, tx *sqlx.Tx, in Input, callID int64) error {
	var p struct {
		Budget int64 `db:"subgrant_budget_minor"`
		Cap    int64 `db:"third_party_cap_minor"`
	}
	err := db.Get(ctx, tx, &p, `SELECT subgrant_budget_minor, third_party_cap_minor FROM programmes WHERE id = ?`, in.ProgrammeID)
	if apperr.Is(err, apperr.NotFound) {
		return apperr.Field("programme_id", "calls.error.programme")
	}
	if err != nil {
		return err
	}
	fe := apperr.FieldErrors{}
	if p.Cap > 0 && in.MaxGrantMinor > p.Cap {
		fe.Add("max_grant", "calls.error.max_grant_over_cap")
	}
	others, err := programme.LotsTotal(ctx, tx, in.ProgrammeID, callID)
	if err != nil {
		return err
	}
	sum := others
	for _, l := range in.Lots {
		sum += l.BudgetMinor
	}
	if sum > p.Budget {
		fe.Add("lots", "calls.error.lots_over_budget")
	}
	return fe.Err()
}

func writeChildren(ctx context.Context, tx *sqlx.Tx, id int64, in Input) error {
	for i, l := range in.Lots {
		if _, err := db.Exec(ctx, tx, `INSERT INTO call_lots (call_id, position, name, budget_minor, theme)
			VALUES (?, ?, ?, ?, ?)`, id, i, l.Name, l.BudgetMinor, l.Theme); err != nil {
			return fmt.Errorf("insert lot: %w", err)
		}
	}
	for i, d := range in.Documents {
		if _, err := db.Exec(ctx, tx, `INSERT INTO call_documents (call_id, position, code, label_sq, label_en, label_sr)
			VALUES (?, ?, ?, ?, ?, ?)`, id, i, d.Code, d.LabelSQ, d.LabelEN, d.LabelSR); err != nil {
			return fmt.Errorf("insert document: %w", err)
		}
	}
	return nil
}

func utc(c *Call) {
	for _, t := range []*time.Time{c.OpensAt, c.ClosesAt, c.PublishedAt, c.ClosedAt, &c.CreatedAt, &c.UpdatedAt} {
		if t != nil {
			*t = t.UTC()
		}
	}
}
