package award

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// Session statuses.
const (
	Draft    = "draft"
	Approved = "approved"
)

// Session is a committee session that decides a call's stage.
type Session struct {
	ID         int64           `db:"id" json:"id"`
	CallID     int64           `db:"call_id" json:"call_id"`
	Stage      string          `db:"stage" json:"stage"`
	HeldOn     time.Time       `db:"held_on" json:"held_on"`
	Location   string          `db:"location" json:"location"`
	Minutes    string          `db:"minutes" json:"minutes"`
	Status     string          `db:"status" json:"status"`
	CreatedBy  *int64          `db:"created_by" json:"-"`
	CreatedAt  time.Time       `db:"created_at" json:"created_at"`
	ApprovedBy *int64          `db:"approved_by" json:"-"`
	ApprovedAt *time.Time      `db:"approved_at" json:"approved_at"`
	Members    []SessionMember `db:"-" json:"members"`
	Decisions  []Decision      `db:"-" json:"decisions"`
}

// SessionMember is a committee member present at a session.
type SessionMember struct {
	UserID int64  `db:"user_id" json:"user_id"`
	Name   string `db:"name" json:"name"`
	Role   string `db:"role" json:"role"`
}

// Overrides are the committee's changes recorded in the decisions.
func (s Session) Overrides() []Override {
	var out []Override
	for _, d := range s.Decisions {
		switch d.Override {
		case Reduce:
			out = append(out, Override{ApplicationID: d.ApplicationID, Action: Reduce, AmountMinor: d.AmountMinor, Reason: d.ReducedReason})
		case Exclude:
			out = append(out, Override{ApplicationID: d.ApplicationID, Action: Exclude, Reason: d.Comment})
		case Promote:
			ov := Override{ApplicationID: d.ApplicationID, Action: Promote, Reason: d.Comment}
			if d.AmountMinor < d.RequestedMinor {
				ov.AmountMinor = d.AmountMinor
			}
			out = append(out, ov)
		}
	}
	return out
}

// SessionInput is what the secretary records of a session.
type SessionInput struct {
	HeldOn    time.Time
	Location  string
	Minutes   string
	Present   []int64 // committee members present
	Overrides []Override
}

// Limits of a session's free text (runes).
const (
	maxLocation = 200
	maxMinutes  = 20000
)

// check validates the input against the call's committee.
func (in *SessionInput) check(ctx context.Context, c db.Conn, callID int64) ([]SessionMember, error) {
	in.Location, in.Minutes = strings.TrimSpace(in.Location), strings.TrimSpace(in.Minutes)
	fe := apperr.FieldErrors{}
	if in.HeldOn.IsZero() || in.HeldOn.Year() < 2000 || in.HeldOn.Year() > 2200 {
		fe.Add("held_on", "award.error.held_on")
	}
	if utf8.RuneCountInString(in.Location) > maxLocation {
		fe.Add("location", "award.error.too_long")
	}
	if utf8.RuneCountInString(in.Minutes) > maxMinutes {
		fe.Add("minutes", "award.error.too_long")
	}
	committee, err := committeeOf(ctx, c, callID)
	if err != nil {
		return nil, err
	}
	var present []SessionMember
	for _, id := range in.Present {
		found := false
		for _, m := range committee {
			if m.UserID == id && !found {
				present, found = append(present, m), true
			}
		}
		if !found {
			fe.Add("present", "award.error.not_member")
		}
	}
	return present, fe.Err()
}

// Committee lists the call's committee, who may be recorded as present.
func (s *Store) Committee(ctx context.Context, callID int64) ([]SessionMember, error) {
	return committeeOf(ctx, s.DB, callID)
}

func committeeOf(ctx context.Context, c db.Conn, callID int64) ([]SessionMember, error) {
	ms := []SessionMember{}
	if err := db.Select(ctx, c, &ms, `SELECT m.user_id, u.name, m.role FROM committee_members m
		JOIN users u ON u.id = m.user_id WHERE m.call_id = ? ORDER BY m.role, u.name, m.user_id`, callID); err != nil {
		return nil, fmt.Errorf("committee: %w", err)
	}
	return ms, nil
}

// currentSession is the stage's approved session, else its draft, else nil.
func (s *Store) currentSession(ctx context.Context, callID int64, stage string) (*Session, error) {
	var ids []int64
	if err := db.Select(ctx, s.DB, &ids, `SELECT id FROM committee_sessions WHERE call_id = ? AND stage = ?
		ORDER BY CASE status WHEN 'approved' THEN 0 ELSE 1 END, id DESC`, callID, stage); err != nil {
		return nil, fmt.Errorf("sessions: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	sess, err := s.load(ctx, s.DB, ids[0])
	return &sess, err
}

// Session loads a session with its members and decisions; the scope is
// that of the ranking (officers, or the donor of the call's programme).
func (s *Store) Session(ctx context.Context, id int64, sc access.Scope) (Session, error) {
	sess, err := s.load(ctx, s.DB, id)
	if err != nil {
		return sess, err
	}
	if _, err := s.CallOf(ctx, sess.CallID, sc); err != nil {
		return Session{}, err
	}
	return sess, nil
}

func (s *Store) load(ctx context.Context, c db.Conn, id int64) (Session, error) {
	var sess Session
	if err := db.Get(ctx, c, &sess, `SELECT id, call_id, stage, held_on, location, minutes, status, created_by, created_at,
		approved_by, approved_at FROM committee_sessions WHERE id = ?`, id); err != nil {
		return sess, err
	}
	sess.Members = []SessionMember{}
	if err := db.Select(ctx, c, &sess.Members, `SELECT m.user_id, u.name, m.role FROM committee_session_members m
		JOIN users u ON u.id = m.user_id WHERE m.session_id = ? ORDER BY m.role, u.name`, id); err != nil {
		return sess, fmt.Errorf("session members: %w", err)
	}
	ds, err := loadDecisions(ctx, c, `d.session_id = ?`, id)
	sess.Decisions = ds
	return sess, err
}
