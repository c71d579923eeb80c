package auth

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// Org is an organisation: the intermediary running the programme, an NGO
// that applies, a donor or a municipality. Applicants see only the rows of
// the organisations they belong to.
type Org struct {
	ID        int64     `db:"id" json:"id"`
	Name      string    `db:"name" json:"name"`
	Kind      string    `db:"kind" json:"kind"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
}

// OrgKinds lists the kinds of organisation, as the database allows them.
var OrgKinds = []string{"intermediary", "ngo", "donor", "municipality"}

const orgCols = `o.id, o.name, o.kind, o.created_at`

// CreateOrg validates and stores an organisation.
func (s *Store) CreateOrg(ctx context.Context, name, kind string) (Org, error) {
	fe := apperr.FieldErrors{}
	name = strings.TrimSpace(name)
	checkName(fe, "name", name)
	kind = strings.TrimSpace(kind)
	if !slices.Contains(OrgKinds, kind) {
		fe.Add("kind", "auth.error.org_kind_invalid")
	}
	if err := fe.Err(); err != nil {
		return Org{}, err
	}
	id, err := db.InsertID(ctx, s.DB, `INSERT INTO organisations (name, kind, created_at) VALUES (?, ?, ?) RETURNING id`,
		name, kind, s.now())
	if err != nil {
		return Org{}, fmt.Errorf("insert organisation: %w", err)
	}
	return s.OrgByID(ctx, id)
}

// OrgByID returns an organisation, NotFound when there is none.
func (s *Store) OrgByID(ctx context.Context, id int64) (Org, error) {
	var o Org
	if err := db.Get(ctx, s.DB, &o, `SELECT `+orgCols+` FROM organisations o WHERE o.id = ?`, id); err != nil {
		return Org{}, err
	}
	utc(&o.CreatedAt)
	return o, nil
}

// ListOrgs returns every organisation ordered by name.
func (s *Store) ListOrgs(ctx context.Context) ([]Org, error) {
	return s.selectOrgs(ctx, `SELECT `+orgCols+` FROM organisations o ORDER BY o.name, o.id`)
}

// OrgsOf returns the organisations a user belongs to, ordered by name.
func (s *Store) OrgsOf(ctx context.Context, userID int64) ([]Org, error) {
	return s.selectOrgs(ctx, `SELECT `+orgCols+` FROM organisations o
		JOIN memberships m ON m.org_id = o.id WHERE m.user_id = ? ORDER BY o.name, o.id`, userID)
}

func (s *Store) selectOrgs(ctx context.Context, query string, args ...any) ([]Org, error) {
	orgs := []Org{}
	if err := db.Select(ctx, s.DB, &orgs, query, args...); err != nil {
		return nil, fmt.Errorf("list organisations: %w", err)
	}
	for i := range orgs {
		utc(&orgs[i].CreatedAt)
	}
	return orgs, nil
}

// OrgIDsOf returns the ids of a user's organisations, ascending: what SQL
// scoping of rows by organisation needs.
func (s *Store) OrgIDsOf(ctx context.Context, userID int64) ([]int64, error) {
	ids := []int64{}
	if err := db.Select(ctx, s.DB, &ids, `SELECT org_id FROM memberships WHERE user_id = ? ORDER BY org_id`, userID); err != nil {
		return nil, fmt.Errorf("list memberships: %w", err)
	}
	return ids, nil
}

// AddMember makes a user a member of an organisation; adding twice is not
// an error. An unknown user or organisation is NotFound.
func (s *Store) AddMember(ctx context.Context, userID, orgID int64) error {
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := db.Get(ctx, tx, &n, `SELECT
			(SELECT COUNT(*) FROM users WHERE id = ?) + (SELECT COUNT(*) FROM organisations WHERE id = ?)`,
			userID, orgID); err != nil {
			return err
		}
		if n != 2 {
			return apperr.New(apperr.NotFound, "error.not_found")
		}
		res, err := db.Exec(ctx, tx, `INSERT INTO memberships (user_id, org_id, created_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id, org_id) DO NOTHING`, userID, orgID, s.now())
		if err != nil {
			return fmt.Errorf("insert membership: %w", err)
		}
		if added, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("insert membership: %w", err)
		} else if added == 0 {
			return nil // already a member: nothing changed, nothing to audit
		}
		return auditUser(ctx, tx, "user.member_add", userID, map[string]int64{"org_id": orgID})
	})
}

// RemoveMember ends a membership; NotFound when there was none.
func (s *Store) RemoveMember(ctx context.Context, userID, orgID int64) error {
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := mustAffect(db.Exec(ctx, tx, `DELETE FROM memberships WHERE user_id = ? AND org_id = ?`, userID, orgID)); err != nil {
			return err
		}
		return auditUser(ctx, tx, "user.member_remove", userID, map[string]int64{"org_id": orgID})
	})
}

// Members returns the users of an organisation ordered by email.
func (s *Store) Members(ctx context.Context, orgID int64) ([]User, error) {
	return s.selectUsers(ctx, `SELECT `+prefixed("u.", userCols)+` FROM users u
		JOIN memberships m ON m.user_id = u.id WHERE m.org_id = ? ORDER BY u.email_norm, u.id`, orgID)
}

// prefixed qualifies a comma-separated column list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ", ")
	for i, p := range parts {
		parts[i] = alias + p
	}
	return strings.Join(parts, ", ")
}
