package grant

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
)

// Store keeps grant agreements, their budgets, schedules and amendments.
type Store struct {
	DB       *db.DB
	Now      func() time.Time
	Profiles donor.Profiles
	// OnSigned runs inside the signing transaction after the tranches
	// requiring the signature became due (the lead connects the reporting
	// calendar here); nil does nothing. An error rolls the signature back.
	OnSigned func(ctx context.Context, tx *sqlx.Tx, grantID int64) error
	// Cat writes the notices of a draft agreement and of a decided
	// amendment in each recipient's language; nil sends none.
	Cat *i18n.Catalogue
}

// NewStore returns a store on d with the database clock.
func NewStore(d *db.DB, profiles donor.Profiles) *Store {
	return &Store{DB: d, Now: db.Now, Profiles: profiles}
}

// Agreement is a grant with the names a page shows.
type Agreement struct {
	Grant
	Version           int    `db:"version"`
	SpecialConditions string `db:"special_conditions"`
	ScanStoredName    string `db:"scan_stored_name"`
	ScanDisplayName   string `db:"scan_display_name"`
	GranteeSignedOn   string `db:"grantee_signed_on"`
	OrgSignedOn       string `db:"org_signed_on"`
	StatusReason      string `db:"status_reason"`
	OrgName           string `db:"org_name"`
	CallReference     string `db:"call_reference"`
	ProgrammeTitle    string `db:"programme_title"`
	DonorProfile      string `db:"donor_profile"`
	AppReference      string `db:"app_reference"`
	AppTitle          string `db:"app_title"`
}

// Balance is what is left to pay.
func (a Agreement) Balance() int64 { return a.AmountMinor - a.PaidMinor }

// Line is one line of a grant's budget; DonorMinor is the donor's part.
type Line struct {
	ID          int64  `db:"id"`
	GrantID     int64  `db:"grant_id"`
	Position    int    `db:"position"`
	Heading     string `db:"heading"`
	Description string `db:"description"`
	TotalMinor  int64  `db:"total_minor"`
	DonorMinor  int64  `db:"donor_minor"`
}

const cols = `g.id, g.application_id, g.programme_id, g.call_id, g.org_id, g.contract_number, g.currency, g.amount_minor,
	g.paid_minor, g.donor_share_bp, g.starts_on, g.ends_on, g.schedule_rule, g.status, g.lang, g.iban, g.bank_name,
	g.signed_at, g.created_by, g.created_at, g.updated_at, g.version, g.special_conditions, g.scan_stored_name,
	g.scan_display_name, g.grantee_signed_on, g.org_signed_on, g.status_reason, o.name AS org_name,
	c.reference AS call_reference, p.title AS programme_title, p.donor_profile, COALESCE(a.reference, '') AS app_reference,
	a.title AS app_title`

const from = ` FROM grants g JOIN organisations o ON o.id = g.org_id JOIN calls c ON c.id = g.call_id
	JOIN programmes p ON p.id = g.programme_id JOIN applications a ON a.id = g.application_id`

// Get returns a grant the scope reaches (NotFound else).
func (s *Store) Get(ctx context.Context, id int64, sc access.Scope) (Agreement, error) {
	return get(ctx, s.DB, id, sc)
}

func get(ctx context.Context, c db.Conn, id int64, sc access.Scope) (Agreement, error) {
	var a Agreement
	cond, args := sc.Grants("g")
	err := db.Get(ctx, c, &a, `SELECT `+cols+from+` WHERE g.id = ? AND `+cond, append([]any{id}, args...)...)
	if err == nil {
		a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	}
	return a, err
}

// ByApplication returns the grant of an application the scope reaches.
func (s *Store) ByApplication(ctx context.Context, appID int64, sc access.Scope) (Agreement, error) {
	var id int64
	cond, args := sc.Grants("g")
	if err := db.Get(ctx, s.DB, &id, `SELECT g.id FROM grants g WHERE g.application_id = ? AND `+cond, append([]any{appID}, args...)...); err != nil {
		return Agreement{}, err
	}
	return s.Get(ctx, id, sc)
}

// Filter narrows a list; Query matches the contract number or the
// grantee's name (case-insensitive, anywhere in it).
type Filter struct {
	Status      Status
	ProgrammeID int64
	CallID      int64
	Query       string
}

func (f Filter) where(sc access.Scope) (string, []any) {
	cond, args := sc.Grants("g")
	if f.Status != "" {
		cond += " AND g.status = ?"
		args = append(args, string(f.Status))
	}
	if f.ProgrammeID != 0 {
		cond += " AND g.programme_id = ?"
		args = append(args, f.ProgrammeID)
	}
	if f.CallID != 0 {
		cond += " AND g.call_id = ?"
		args = append(args, f.CallID)
	}
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		like := "%" + likeEscaper.Replace(q) + "%"
		cond += ` AND (LOWER(g.contract_number) LIKE ? ESCAPE '\' OR g.org_id IN
			(SELECT xo.id FROM organisations xo WHERE LOWER(xo.name) LIKE ? ESCAPE '\'))`
		args = append(args, like, like)
	}
	return cond, args
}

// likeEscaper keeps the LIKE wildcards a user types literal.
var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

// List returns the grants the scope reaches that match f, by contract number.
func (s *Store) List(ctx context.Context, f Filter, sc access.Scope) ([]Agreement, error) {
	out := []Agreement{}
	cond, args := f.where(sc)
	err := db.Select(ctx, s.DB, &out, `SELECT `+cols+from+` WHERE `+cond+` ORDER BY g.contract_number`, args...)
	return out, err
}

// Counts returns how many grants the scope reaches are in each state
// (the status filter of f is ignored).
func (s *Store) Counts(ctx context.Context, f Filter, sc access.Scope) (map[Status]int, error) {
	f.Status = ""
	cond, args := f.where(sc)
	var rows []struct {
		Status Status `db:"status"`
		N      int    `db:"n"`
	}
	if err := db.Select(ctx, s.DB, &rows, `SELECT g.status, COUNT(*) AS n FROM grants g WHERE `+cond+` GROUP BY g.status`, args...); err != nil {
		return nil, err
	}
	out := map[Status]int{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// Tranches returns the schedule of a grant the scope reaches.
func (s *Store) Tranches(ctx context.Context, grantID int64, sc access.Scope) ([]Tranche, error) {
	out := []Tranche{}
	cond, args := sc.Grants("g")
	err := db.Select(ctx, s.DB, &out, `SELECT t.id, t.grant_id, t.position, t.kind, t.amount_minor, t.due_on, t.requires, t.status
		FROM grant_tranches t JOIN grants g ON g.id = t.grant_id WHERE t.grant_id = ? AND `+cond+` ORDER BY t.position`,
		append([]any{grantID}, args...)...)
	return out, err
}

// Lines returns the budget of a grant the scope reaches.
func (s *Store) Lines(ctx context.Context, grantID int64, sc access.Scope) ([]Line, error) {
	return lines(ctx, s.DB, grantID, sc)
}

func lines(ctx context.Context, c db.Conn, grantID int64, sc access.Scope) ([]Line, error) {
	out := []Line{}
	cond, args := sc.Grants("g")
	err := db.Select(ctx, c, &out, `SELECT l.id, l.grant_id, l.position, l.heading, l.description, l.total_minor, l.donor_minor
		FROM grant_budget_lines l JOIN grants g ON g.id = l.grant_id WHERE l.grant_id = ? AND `+cond+` ORDER BY l.position`,
		append([]any{grantID}, args...)...)
	return out, err
}

func (s *Store) profile(code string) (*donor.Profile, error) {
	p, ok := s.Profiles[code]
	if !ok {
		return nil, fmt.Errorf("grant: unknown donor profile %q", code)
	}
	return p, nil
}

// lockGrant re-reads a grant inside tx, locked against concurrent changes
// (FOR UPDATE on PostgreSQL; SQLite's write transaction serialises), when
// the scope reaches it.
func lockGrant(ctx context.Context, tx *sqlx.Tx, id int64, sc access.Scope) (Agreement, error) {
	if tx.DriverName() == string(db.Postgres) {
		if _, err := db.Exec(ctx, tx, `SELECT id FROM grants WHERE id = ? FOR UPDATE`, id); err != nil {
			return Agreement{}, err
		}
	}
	return get(ctx, tx, id, sc)
}

// everything reaches every grant: re-reading after a change already scoped.
var everything = access.Everything()

var errNotDraft = apperr.New(apperr.Conflict, "grants.error.not_draft")

// Issuer is the name of the intermediary that signs the agreements (the
// first intermediary organisation), empty when there is none.
func (s *Store) Issuer(ctx context.Context) (string, error) {
	var names []string
	err := db.Select(ctx, s.DB, &names, `SELECT name FROM organisations WHERE kind = 'intermediary' ORDER BY id LIMIT 1`)
	if err != nil || len(names) == 0 {
		return "", err
	}
	return names[0], nil
}
