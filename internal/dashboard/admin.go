package dashboard

import (
	"context"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/notify"
)

// Admin is the administrator's dashboard: users by role, organisations
// waiting for verification and e-mails that failed.
type Admin struct {
	UsersByRole []Count
	Unverified  int64
	Outbox      Outbox
}

// Outbox counts the e-mail queue: sent, waiting (never tried or still
// retrying) and failed (tried notify.MaxAttempts times, not sent: the
// sender gave up; the administrator's outbox page retries it).
type Outbox struct {
	Sent    int64 `db:"sent"`
	Waiting int64 `db:"waiting"`
	Failed  int64 `db:"failed"`
}

// Status is the system's readable status for the administrator.
type Status struct {
	Driver     db.Driver
	Migrations []Migration
	Outbox     Outbox
}

// Migration is one applied migration.
type Migration struct {
	Version   int64     `db:"version"`
	Name      string    `db:"name"`
	AppliedAt time.Time `db:"applied_at"`
}

// Admin reads the administrator's dashboard (every row: the administrator
// manages all users and organisations).
func (s *Store) Admin(ctx context.Context) (Admin, error) {
	var out Admin
	out.UsersByRole = []Count{}
	if err := s.sel(ctx, &out.UsersByRole, `SELECT role AS k, COUNT(*) AS n FROM users GROUP BY role ORDER BY role`); err != nil {
		return out, err
	}
	if err := s.get(ctx, &out.Unverified, `SELECT COUNT(*) FROM organisation_profiles WHERE verified_at IS NULL`); err != nil {
		return out, err
	}
	var err error
	out.Outbox, err = s.outbox(ctx)
	return out, err
}

func (s *Store) outbox(ctx context.Context) (Outbox, error) {
	var o Outbox
	err := s.get(ctx, &o, `SELECT
		COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS sent,
		COALESCE(SUM(CASE WHEN sent_at IS NULL AND attempts < ? THEN 1 ELSE 0 END), 0) AS waiting,
		COALESCE(SUM(CASE WHEN sent_at IS NULL AND attempts >= ? THEN 1 ELSE 0 END), 0) AS failed
		FROM outbox`, notify.MaxAttempts, notify.MaxAttempts)
	return o, err
}

// Status reads the system status: the database engine, the migrations
// applied and the outbox counts.
func (s *Store) Status(ctx context.Context) (Status, error) {
	out := Status{Driver: s.DB.Driver, Migrations: []Migration{}}
	if err := s.sel(ctx, &out.Migrations, `SELECT version, name, applied_at FROM schema_migrations ORDER BY version`); err != nil {
		return out, err
	}
	for i := range out.Migrations {
		out.Migrations[i].AppliedAt = out.Migrations[i].AppliedAt.UTC()
	}
	var err error
	out.Outbox, err = s.outbox(ctx)
	return out, err
}
