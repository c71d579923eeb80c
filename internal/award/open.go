package award

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/db"
)

// NotReadyError refuses a session while some eligible applications are not
// ready (reviews pending or a divergence open); it is a Conflict.
type NotReadyError struct{ Applications []AppFact }

func (e *NotReadyError) Error() string {
	refs := make([]string, 0, len(e.Applications))
	for _, a := range e.Applications {
		refs = append(refs, a.Reference)
	}
	return "applications not ready: " + strings.Join(refs, ", ")
}

// Unwrap makes the error a Conflict with its catalogue key.
func (e *NotReadyError) Unwrap() error { return apperr.New(apperr.Conflict, "award.error.not_ready") }

// Open records a committee session for a call's stage once every eligible
// application is ready: the session, the members present and the computed
// decisions with the committee's overrides, and the ranked applications
// move from eligible to evaluated. One session per stage.
func (s *Store) Open(ctx context.Context, callID int64, stage string, by int64, in SessionInput) (int64, error) {
	if err := CheckStage(stage); err != nil {
		return 0, err
	}
	c, err := s.CallOf(ctx, callID, access.Everything())
	if err != nil {
		return 0, err
	}
	present, err := in.check(ctx, s.DB, callID)
	if err != nil {
		return 0, err
	}
	if cur, err := s.currentSession(ctx, callID, stage); err != nil || cur != nil {
		if err == nil {
			err = apperr.New(apperr.Conflict, "award.error.session_exists")
		}
		return 0, err
	}
	r, err := s.decide(ctx, c, stage, 0, in.Overrides)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		now := s.Now()
		id, err = db.InsertID(ctx, tx, `INSERT INTO committee_sessions (call_id, stage, held_on, location, minutes, status,
			created_by, created_at) VALUES (?, ?, ?, ?, ?, 'draft', ?, ?) RETURNING id`, callID, stage, day(in.HeldOn),
			in.Location, in.Minutes, by, now)
		if err != nil {
			return fmt.Errorf("open session: %w", err)
		}
		if err := writeMembers(ctx, tx, id, present); err != nil {
			return err
		}
		if err := writeDecisions(ctx, tx, id, c.Currency, r.Lots); err != nil {
			return err
		}
		for _, appID := range ranked(r.Lots) {
			if r.Apps[appID].Status == application.Eligible {
				if err := move(ctx, tx, appID, application.Eligible, application.Evaluated, by, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return id, err
}

// Update records the session's date, place, members, minutes and
// overrides and recomputes its decisions; only a draft changes (Conflict
// otherwise) and a refused override changes nothing.
func (s *Store) Update(ctx context.Context, id int64, in SessionInput) error {
	sess, err := s.load(ctx, s.DB, id)
	if err != nil {
		return err
	}
	if sess.Status != Draft {
		return apperr.New(apperr.Conflict, "award.error.approved")
	}
	c, err := s.CallOf(ctx, sess.CallID, access.Everything())
	if err != nil {
		return err
	}
	present, err := in.check(ctx, s.DB, sess.CallID)
	if err != nil {
		return err
	}
	r, err := s.decide(ctx, c, sess.Stage, id, in.Overrides)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		res, err := db.Exec(ctx, tx, `UPDATE committee_sessions SET held_on = ?, location = ?, minutes = ?
			WHERE id = ? AND status = 'draft'`, day(in.HeldOn), in.Location, in.Minutes, id)
		if err != nil {
			return fmt.Errorf("update session: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "award.error.approved")
		}
		if err := writeMembers(ctx, tx, id, present); err != nil {
			return err
		}
		return writeDecisions(ctx, tx, id, c.Currency, r.Lots)
	})
}

// decide computes the ranking a session records: every eligible
// application must be ready, and at least one ranked.
func (s *Store) decide(ctx context.Context, c CallFacts, stage string, sessionID int64, ovs []Override) (Ranking, error) {
	r, err := s.compute(ctx, c, stage, sessionID, ovs)
	if err != nil {
		return r, err
	}
	if len(r.NotReady) > 0 {
		return r, &NotReadyError{Applications: r.NotReady}
	}
	if len(ranked(r.Lots)) == 0 {
		return r, apperr.New(apperr.Conflict, "award.error.nothing_to_rank")
	}
	return r, nil
}

// move changes an application's status and records the change
// (application.Transition), with award's words for a status changed meanwhile.
func move(ctx context.Context, tx *sqlx.Tx, id int64, from, to application.Status, by int64, now time.Time) error {
	err := application.Transition(ctx, tx, id, from, to, by, now)
	if apperr.Is(err, apperr.Conflict) {
		return apperr.New(apperr.Conflict, "award.error.status_changed")
	}
	return err
}

// day keeps the date of a moment, at midnight UTC.
func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
