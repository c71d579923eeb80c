package programme

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

const cols = `p.id, p.title, p.donor_org_id, o.name AS donor_name, p.donor_profile, p.currency,
	p.subgrant_budget_minor, p.third_party_cap_minor, p.starts_on, p.ends_on, p.created_at, p.updated_at`

const from = ` FROM programmes p JOIN organisations o ON o.id = p.donor_org_id`

// List returns the programmes a scope reaches, newest first, without their
// sources and indicators.
func (s *Store) List(ctx context.Context, sc access.Scope) ([]Programme, error) {
	out := []Programme{}
	cond, args := sc.Programmes("p")
	if err := db.Select(ctx, s.DB, &out, `SELECT `+cols+from+` WHERE `+cond+` ORDER BY p.starts_on DESC, p.id DESC`, args...); err != nil {
		return nil, fmt.Errorf("list programmes: %w", err)
	}
	for i := range out {
		utc(&out[i])
	}
	return out, nil
}

// ByID returns a programme with its sources and indicators; NotFound when
// there is none or the scope does not reach it.
func (s *Store) ByID(ctx context.Context, id int64, sc access.Scope) (Programme, error) {
	var p Programme
	cond, args := sc.Programmes("p")
	if err := db.Get(ctx, s.DB, &p, `SELECT `+cols+from+` WHERE p.id = ? AND `+cond, append([]any{id}, args...)...); err != nil {
		return p, err
	}
	utc(&p)
	p.Sources = []FundingSource{}
	if err := db.Select(ctx, s.DB, &p.Sources, `SELECT name, amount_minor FROM programme_funding_sources
		WHERE programme_id = ? ORDER BY position`, id); err != nil {
		return p, fmt.Errorf("funding sources: %w", err)
	}
	p.Indicators = []Indicator{}
	if err := db.Select(ctx, s.DB, &p.Indicators, `SELECT result, indicator, baseline, target, unit
		FROM programme_indicators WHERE programme_id = ? ORDER BY position`, id); err != nil {
		return p, fmt.Errorf("indicators: %w", err)
	}
	return p, nil
}

// DonorOrgs lists the organisations of kind donor, by name.
func (s *Store) DonorOrgs(ctx context.Context) ([]Org, error) {
	out := []Org{}
	err := db.Select(ctx, s.DB, &out, `SELECT id, name FROM organisations WHERE kind = 'donor' ORDER BY name, id`)
	return out, err
}

// Create stores a new programme with its sources and indicators.
func (s *Store) Create(ctx context.Context, in Input) (Programme, error) {
	var id int64
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := checkDonor(ctx, tx, in.DonorOrgID); err != nil {
			return err
		}
		now := s.Now()
		var err error
		id, err = db.InsertID(ctx, tx, `INSERT INTO programmes (title, donor_org_id, donor_profile, currency,
			subgrant_budget_minor, third_party_cap_minor, starts_on, ends_on, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.Title, in.DonorOrgID, in.DonorProfile, in.Currency,
			in.SubgrantBudgetMinor, in.ThirdPartyCapMinor, in.StartsOn, in.EndsOn, now, now)
		if err != nil {
			return fmt.Errorf("insert programme: %w", err)
		}
		return writeChildren(ctx, tx, id, in)
	})
	if err != nil {
		return Programme{}, err
	}
	return s.ByID(ctx, id, access.Everything())
}

// Update replaces a programme's fields, sources and indicators. The
// sub-granting budget may not fall below what its calls' lots already use.
func (s *Store) Update(ctx context.Context, id int64, in Input) (Programme, error) {
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := db.Get(ctx, tx, &n, `SELECT COUNT(*) FROM programmes WHERE id = ?`, id); err != nil || n == 0 {
			return apperr.New(apperr.NotFound, "error.not_found")
		}
		if err := checkDonor(ctx, tx, in.DonorOrgID); err != nil {
			return err
		}
		lots, err := LotsTotal(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		if lots > in.SubgrantBudgetMinor {
			return apperr.Field("subgrant_budget", "programmes.error.budget_below_lots")
		}
		if _, err := db.Exec(ctx, tx, `UPDATE programmes SET title = ?, donor_org_id = ?, donor_profile = ?, currency = ?,
			subgrant_budget_minor = ?, third_party_cap_minor = ?, starts_on = ?, ends_on = ?, updated_at = ? WHERE id = ?`,
			in.Title, in.DonorOrgID, in.DonorProfile, in.Currency, in.SubgrantBudgetMinor, in.ThirdPartyCapMinor,
			in.StartsOn, in.EndsOn, s.Now(), id); err != nil {
			return fmt.Errorf("update programme: %w", err)
		}
		for _, q := range []string{`DELETE FROM programme_funding_sources WHERE programme_id = ?`,
			`DELETE FROM programme_indicators WHERE programme_id = ?`} {
			if _, err := db.Exec(ctx, tx, q, id); err != nil {
				return err
			}
		}
		return writeChildren(ctx, tx, id, in)
	})
	if err != nil {
		return Programme{}, err
	}
	return s.ByID(ctx, id, access.Everything())
}

// LotsTotal sums the lot budgets of a programme's calls, leaving out the
// call exceptCall (0: none); callers hold the transaction.
func LotsTotal(ctx context.Context, c db.Conn, programmeID, exceptCall int64) (int64, error) {
	var sum int64
	err := db.Get(ctx, c, &sum, `SELECT COALESCE(SUM(l.budget_minor), 0) FROM call_lots l
		JOIN calls c ON c.id = l.call_id WHERE c.programme_id = ? AND c.id <> ?`, programmeID, exceptCall)
	if err != nil {
		return 0, fmt.Errorf("sum lots: %w", err)
	}
	return sum, nil
}

func checkDonor(ctx context.Context, c db.Conn, orgID int64) error {
	var n int
	if err := db.Get(ctx, c, &n, `SELECT COUNT(*) FROM organisations WHERE id = ? AND kind = 'donor'`, orgID); err != nil {
		return err
	}
	if n == 0 {
		return apperr.Field("donor_org_id", "programmes.error.donor")
	}
	return nil
}

func writeChildren(ctx context.Context, tx *sqlx.Tx, id int64, in Input) error {
	for i, src := range in.Sources {
		if _, err := db.Exec(ctx, tx, `INSERT INTO programme_funding_sources (programme_id, position, name, amount_minor)
			VALUES (?, ?, ?, ?)`, id, i, src.Name, src.AmountMinor); err != nil {
			return fmt.Errorf("insert funding source: %w", err)
		}
	}
	for i, ind := range in.Indicators {
		if _, err := db.Exec(ctx, tx, `INSERT INTO programme_indicators (programme_id, position, result, indicator,
			baseline, target, unit) VALUES (?, ?, ?, ?, ?, ?, ?)`, id, i, ind.Result, ind.Indicator, ind.Baseline,
			ind.Target, ind.Unit); err != nil {
			return fmt.Errorf("insert indicator: %w", err)
		}
	}
	return nil
}

func utc(p *Programme) {
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
}
