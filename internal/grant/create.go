package grant

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
)

// awardFacts are what an approved award decision gives the agreement.
type awardFacts struct {
	ApplicationID int64  `db:"application_id"`
	OrgID         int64  `db:"org_id"`
	CallID        int64  `db:"call_id"`
	ProgrammeID   int64  `db:"programme_id"`
	CallReference string `db:"reference"`
	DonorProfile  string `db:"donor_profile"`
	Currency      string `db:"currency"`
	AmountMinor   int64  `db:"amount_minor"`
	StartMonth    string `db:"start_month"`
	Duration      int    `db:"duration_months"`
	TotalMinor    int64  `db:"total_minor"`
	Requested     int64  `db:"requested_minor"`
	Lang          string `db:"lang"`
}

// ErrExists is the conflict of a second agreement for one award.
var ErrExists = apperr.New(apperr.Conflict, "grants.error.exists")

// Create turns the approved award of application appID into a draft
// agreement: the awarded amount, the application's period, donor share
// and budget (scaled to the awarded amount), the grantee's language, a
// contract number <call reference>-G-<nnn> and the schedule of the donor
// profile. NotFound without an approved award; ErrExists when the award
// already has its agreement.
func (s *Store) Create(ctx context.Context, appID, by int64) (Agreement, error) {
	var id int64
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		var err error
		id, err = s.create(ctx, tx, appID, by)
		return err
	})
	if err != nil {
		return Agreement{}, err
	}
	return get(ctx, s.DB, id, everything)
}

func (s *Store) create(ctx context.Context, tx *sqlx.Tx, appID, by int64) (int64, error) {
	var f awardFacts
	// the language: the submitter's account language, else the first member's, else Albanian
	if err := db.Get(ctx, tx, &f, `SELECT a.id AS application_id, d.org_id, a.call_id, c.programme_id, c.reference,
		p.donor_profile, d.currency, d.amount_minor, a.start_month, a.duration_months, a.total_minor, a.requested_minor,
		COALESCE((SELECT u.lang FROM users u WHERE u.id = a.submitted_by),
			(SELECT u.lang FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.org_id = a.org_id ORDER BY u.id LIMIT 1),
			'sq') AS lang
		FROM award_decisions d JOIN committee_sessions cs ON cs.id = d.session_id
		JOIN applications a ON a.id = d.application_id JOIN calls c ON c.id = a.call_id JOIN programmes p ON p.id = c.programme_id
		WHERE d.application_id = ? AND d.decision = 'award' AND cs.status = 'approved' AND d.amount_minor > 0
		ORDER BY cs.approved_at DESC, cs.id DESC LIMIT 1`, appID); err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return 0, apperr.Wrap(apperr.NotFound, "grants.error.no_award", err)
		}
		return 0, fmt.Errorf("award of application %d: %w", appID, err)
	}
	var n int
	if err := db.Get(ctx, tx, &n, `SELECT COUNT(*) FROM grants WHERE application_id = ?`, appID); err != nil {
		return 0, err
	}
	if n > 0 {
		return 0, ErrExists
	}
	prof, err := s.profile(f.DonorProfile)
	if err != nil {
		return 0, err
	}
	starts, ends, err := Period(f.StartMonth, f.Duration)
	if err != nil {
		return 0, apperr.Wrap(apperr.Invalid, "grants.error.period", err)
	}
	share := int64(10000)
	if f.TotalMinor > 0 && f.Requested > 0 && f.Requested < f.TotalMinor {
		share = f.Requested * 10000 / f.TotalMinor
		if f.Requested*10000%f.TotalMinor != 0 {
			share++ // rounded up so that a share of 9 999.4 bp is not 9 999
		}
		share = max(1, min(share, 10000))
	}
	rule := RuleFor(prof, f.AmountMinor, Months(starts, ends))
	tranches, err := Schedule(prof, rule, f.AmountMinor, starts, ends)
	if err != nil {
		return 0, err
	}
	number, err := nextContractNumber(ctx, tx, f.CallID, f.CallReference)
	if err != nil {
		return 0, err
	}
	now := s.Now()
	id, err := db.InsertID(ctx, tx, `INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number,
		currency, amount_minor, donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?) RETURNING id`,
		appID, f.ProgrammeID, f.CallID, f.OrgID, number, f.Currency, f.AmountMinor, share, starts, ends, string(rule),
		f.Lang, nullID(by), now, now)
	if err != nil {
		if db.IsUnique(err) {
			return 0, ErrExists
		}
		return 0, fmt.Errorf("insert grant: %w", err)
	}
	if err := copyBudget(ctx, tx, id, appID, f.AmountMinor); err != nil {
		return 0, err
	}
	if err := insertTranches(ctx, tx, id, tranches); err != nil {
		return 0, err
	}
	if err := audit.Write(ctx, tx, audit.Entry{Action: "grant.create", Object: "grant", ObjectID: id, Payload: map[string]any{
		"application_id": appID, "contract_number": number, "amount_minor": f.AmountMinor, "currency": f.Currency,
		"starts_on": starts, "ends_on": ends, "schedule_rule": rule, "tranches": trancheAmounts(tranches)}}); err != nil {
		return 0, err
	}
	return id, s.tellAgreementReady(ctx, tx, id)
}

func trancheAmounts(ts []Tranche) []int64 {
	out := make([]int64, len(ts))
	for i, t := range ts {
		out[i] = t.AmountMinor
	}
	return out
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// nextContractNumber raises the call's counter by one conditional UPDATE
// in tx and returns <call reference>-G-<nnn>.
func nextContractNumber(ctx context.Context, tx *sqlx.Tx, callID int64, ref string) (string, error) {
	if _, err := db.Exec(ctx, tx, `INSERT INTO grant_counters (call_id, last_number) VALUES (?, 0)
		ON CONFLICT (call_id) DO NOTHING`, callID); err != nil {
		return "", fmt.Errorf("grant counter: %w", err)
	}
	var n int
	if err := db.Get(ctx, tx, &n, `UPDATE grant_counters SET last_number = last_number + 1 WHERE call_id = ?
		RETURNING last_number`, callID); err != nil {
		return "", fmt.Errorf("grant counter: %w", err)
	}
	return fmt.Sprintf("%s-G-%03d", ref, n), nil
}

func insertTranches(ctx context.Context, tx *sqlx.Tx, grantID int64, ts []Tranche) error {
	for _, t := range ts {
		if _, err := db.Exec(ctx, tx, `INSERT INTO grant_tranches (grant_id, position, kind, amount_minor, due_on, requires, status)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, grantID, t.Position, string(t.Kind), t.AmountMinor, t.DueOn, string(t.Requires), string(t.Status)); err != nil {
			return fmt.Errorf("insert tranche: %w", err)
		}
	}
	return nil
}

// copyBudget copies the application's budget lines to the grant, scaled
// so that the donor parts add up to the awarded amount (see Scale).
func copyBudget(ctx context.Context, tx *sqlx.Tx, grantID, appID, amount int64) error {
	var src []Line
	if err := db.Select(ctx, tx, &src, `SELECT position, heading, description, total_minor, requested_minor AS donor_minor
		FROM application_budget_lines WHERE application_id = ? ORDER BY position, id`, appID); err != nil {
		return fmt.Errorf("application budget: %w", err)
	}
	out, err := Scale(src, amount)
	if err != nil {
		return err
	}
	return insertLines(ctx, tx, grantID, out)
}

func insertLines(ctx context.Context, tx *sqlx.Tx, grantID int64, ls []Line) error {
	for i, l := range ls {
		if _, err := db.Exec(ctx, tx, `INSERT INTO grant_budget_lines (grant_id, position, heading, description, total_minor, donor_minor)
			VALUES (?, ?, ?, ?, ?, ?)`, grantID, i+1, l.Heading, l.Description, l.TotalMinor, l.DonorMinor); err != nil {
			return fmt.Errorf("insert budget line: %w", err)
		}
	}
	return nil
}

// Scale returns lines scaled so that their donor parts add up to amount:
// when the committee reduced the amount, each line's donor part and total
// shrink in the proportion awarded/requested (the co-financing of a line
// keeps its share), the rounding remainder on the largest line; lines are
// returned unchanged when the award is the amount requested. A budget
// whose donor parts are zero gets one line of the whole amount.
func Scale(src []Line, amount int64) ([]Line, error) {
	var req int64
	for _, l := range src {
		req += l.DonorMinor
	}
	out := make([]Line, len(src))
	copy(out, src)
	if req == amount {
		return out, nil
	}
	if req <= 0 || len(src) == 0 {
		return nil, errors.New("grant: the application's budget requests nothing")
	}
	largest := 0
	var given int64
	for i, l := range src {
		d := mulDiv(l.DonorMinor, amount, req)
		t := mulDiv(l.TotalMinor, amount, req)
		out[i].DonorMinor, out[i].TotalMinor = d, max(t, d)
		given += d
		if l.DonorMinor > src[largest].DonorMinor {
			largest = i
		}
	}
	out[largest].DonorMinor += amount - given
	out[largest].TotalMinor = max(out[largest].TotalMinor+amount-given, out[largest].DonorMinor)
	return out, nil
}

// mulDiv is a×b/c rounded down, without overflow for money amounts.
func mulDiv(a, b, c int64) int64 {
	var p big.Int
	p.Mul(big.NewInt(a), big.NewInt(b))
	return p.Quo(&p, big.NewInt(c)).Int64()
}

// CreateForCall creates the draft agreement of every approved award of a
// call that has none yet; it returns how many it created and skipped.
func (s *Store) CreateForCall(ctx context.Context, callID, by int64) (created, skipped int, err error) {
	var apps []int64
	if err := db.Select(ctx, s.DB, &apps, `SELECT DISTINCT d.application_id FROM award_decisions d
		JOIN committee_sessions cs ON cs.id = d.session_id
		WHERE cs.call_id = ? AND cs.status = 'approved' AND d.decision = 'award' AND d.amount_minor > 0
		ORDER BY d.application_id`, callID); err != nil {
		return 0, 0, err
	}
	for _, app := range apps {
		_, err := s.Create(ctx, app, by)
		switch {
		case err == nil:
			created++
		case errors.Is(err, ErrExists):
			skipped++
		default:
			return created, skipped, err
		}
	}
	return created, skipped, nil
}

// PendingCall is a call with approved awards that have no agreement yet.
type PendingCall struct {
	ID        int64  `db:"id"`
	Reference string `db:"reference"`
	N         int    `db:"n"`
}

// PendingCalls lists the calls whose approved awards still lack their
// agreement, with how many (for the officer's "create for the call").
func (s *Store) PendingCalls(ctx context.Context) ([]PendingCall, error) {
	out := []PendingCall{}
	err := db.Select(ctx, s.DB, &out, `SELECT c.id, c.reference, COUNT(DISTINCT d.application_id) AS n FROM award_decisions d
		JOIN committee_sessions cs ON cs.id = d.session_id JOIN calls c ON c.id = cs.call_id
		WHERE cs.status = 'approved' AND d.decision = 'award' AND d.amount_minor > 0
		AND NOT EXISTS (SELECT 1 FROM grants g WHERE g.application_id = d.application_id)
		GROUP BY c.id, c.reference ORDER BY c.reference`)
	return out, err
}
