package review

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// CommitteeRoles lists the roles of a committee in the order forms offer them.
var CommitteeRoles = []string{Chair, Secretary, Voting}

// CommitteeLanguages are the languages a member may read.
var CommitteeLanguages = []string{"sq", "en", "sr"}

// MemberInput is an officer's request to add someone to a call's committee.
type MemberInput struct {
	UserID    int64
	Role      string
	Languages []string
}

// Person is an account that may sit on a committee.
type Person struct {
	ID   int64  `db:"id" json:"id"`
	Name string `db:"name" json:"name"`
	Role string `db:"role" json:"role"` // the account's role: admin, program_officer or evaluator
}

// Members lists a call's committee: chair, secretary, then voting
// evaluators, each by name.
func (s *Store) Members(ctx context.Context, callID int64) ([]Member, error) {
	out := []Member{}
	err := db.Select(ctx, s.DB, &out, `SELECT m.call_id, m.user_id, u.name, u.email, m.role, m.languages, m.added_at
		FROM committee_members m JOIN users u ON u.id = m.user_id WHERE m.call_id = ?
		ORDER BY CASE m.role WHEN 'chair' THEN 0 WHEN 'secretary' THEN 1 ELSE 2 END, u.name, m.user_id`, callID)
	if err != nil {
		return nil, fmt.Errorf("committee members: %w", err)
	}
	for i := range out {
		out[i].AddedAt = out[i].AddedAt.UTC()
	}
	return out, nil
}

// CommitteeCandidates lists the enabled accounts that may sit on a
// committee: staff (chair or secretary) and evaluators (voting members).
func (s *Store) CommitteeCandidates(ctx context.Context) ([]Person, error) {
	out := []Person{}
	err := db.Select(ctx, s.DB, &out, `SELECT id, name, role FROM users WHERE role IN ('admin', 'program_officer', 'evaluator')
		AND disabled = ? ORDER BY name, id`, false)
	if err != nil {
		return nil, fmt.Errorf("committee candidates: %w", err)
	}
	return out, nil
}

// AddMember adds an account to a call's committee. Chair and secretary are
// staff accounts (admin or program officer); voting members have the
// evaluator role. A call has at most one chair.
func (s *Store) AddMember(ctx context.Context, callID int64, in MemberInput, by int64) (Member, error) {
	langs, err := checkMemberInput(in)
	if err != nil {
		return Member{}, err
	}
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := committeeCallExists(ctx, tx, callID); err != nil {
			return err
		}
		if err := checkMemberAccount(ctx, tx, callID, in); err != nil {
			return err
		}
		_, err := db.Exec(ctx, tx, `INSERT INTO committee_members (call_id, user_id, role, languages, added_by, added_at)
			VALUES (?, ?, ?, ?, ?, ?)`, callID, in.UserID, in.Role, langs, by, s.assignClock())
		if db.IsUnique(err) {
			return apperr.Field("user_id", "committee.error.already_member")
		}
		return err
	})
	if err != nil {
		return Member{}, err
	}
	ms, err := s.Members(ctx, callID)
	for _, m := range ms {
		if m.UserID == in.UserID {
			return m, err
		}
	}
	return Member{}, apperr.New(apperr.NotFound, "error.not_found")
}

// checkMemberInput validates the form and returns the languages as stored.
func checkMemberInput(in MemberInput) (string, error) {
	fe := apperr.FieldErrors{}
	if in.UserID <= 0 {
		fe.Add("user_id", "committee.error.user")
	}
	if !slices.Contains(CommitteeRoles, in.Role) {
		fe.Add("role", "committee.error.role")
	}
	var langs []string
	for _, l := range CommitteeLanguages {
		if slices.Contains(in.Languages, l) {
			langs = append(langs, l)
		}
	}
	for _, l := range in.Languages {
		if !slices.Contains(CommitteeLanguages, l) {
			fe.Add("languages", "committee.error.languages")
		}
	}
	if in.Role == Voting && len(langs) == 0 {
		fe.Add("languages", "committee.error.languages_required")
	}
	return strings.Join(langs, ","), fe.Err()
}

// checkMemberAccount checks the account's role against the committee role
// and that the chair is not taken.
func checkMemberAccount(ctx context.Context, tx *sqlx.Tx, callID int64, in MemberInput) error {
	var u struct {
		Role     string `db:"role"`
		Disabled bool   `db:"disabled"`
	}
	err := db.Get(ctx, tx, &u, `SELECT role, disabled FROM users WHERE id = ?`, in.UserID)
	if apperr.Is(err, apperr.NotFound) || (err == nil && u.Disabled) {
		return apperr.Field("user_id", "committee.error.user")
	}
	if err != nil {
		return err
	}
	staff := u.Role == "admin" || u.Role == "program_officer"
	switch {
	case in.Role == Voting && u.Role != "evaluator":
		return apperr.Field("user_id", "committee.error.evaluator_only")
	case in.Role != Voting && !staff:
		return apperr.Field("user_id", "committee.error.staff_only")
	}
	if in.Role == Chair {
		var n int
		if err := db.Get(ctx, tx, &n, `SELECT COUNT(*) FROM committee_members WHERE call_id = ? AND role = ?`, callID, Chair); err != nil {
			return err
		}
		if n > 0 {
			return apperr.Field("role", "committee.error.chair_taken")
		}
	}
	return nil
}

// RemoveMember takes someone off a call's committee; a voting member with
// active assignments in the call must first have them removed, and once a
// stage's session is approved the committee is locked (409).
func (s *Store) RemoveMember(ctx context.Context, callID, userID int64) error {
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		var locked int
		if err := db.Get(ctx, tx, &locked, `SELECT COUNT(*) FROM committee_sessions WHERE call_id = ? AND status = 'approved'`,
			callID); err != nil {
			return err
		}
		if locked > 0 {
			return apperr.New(apperr.Conflict, "committee.error.committee_locked")
		}
		var n int
		if err := db.Get(ctx, tx, &n, `SELECT COUNT(*) FROM review_assignments ra JOIN applications a ON a.id = ra.application_id
			WHERE a.call_id = ? AND ra.user_id = ? AND ra.status = ?`, callID, userID, Active); err != nil {
			return err
		}
		if n > 0 {
			return apperr.New(apperr.Conflict, "committee.error.member_has_assignments")
		}
		res, err := db.Exec(ctx, tx, `DELETE FROM committee_members WHERE call_id = ? AND user_id = ?`, callID, userID)
		if err != nil {
			return fmt.Errorf("remove member: %w", err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return apperr.New(apperr.NotFound, "error.not_found")
		}
		return nil
	})
}

// IsCommitteeChair reports whether userID chairs the committee of a call
// (the domain's check for reopening reviews and approving sessions).
func (s *Store) IsCommitteeChair(ctx context.Context, callID, userID int64) (bool, error) {
	return ChairsCall(ctx, s.DB, callID, userID)
}

// ChairsCall is IsCommitteeChair on any connection, so that a transaction
// (reopening a review) or another domain store (award's approval, which
// holds the database but not a review.Store) asks the same question.
func ChairsCall(ctx context.Context, c db.Conn, callID, userID int64) (bool, error) {
	var n int
	err := db.Get(ctx, c, &n, `SELECT COUNT(*) FROM committee_members WHERE call_id = ? AND user_id = ? AND role = ?`,
		callID, userID, Chair)
	if err != nil {
		return false, fmt.Errorf("committee chair: %w", err)
	}
	return n > 0, nil
}
