package award

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/review"
)

// Letter is what a decision letter says: no evaluator, no other applicant.
type Letter struct {
	Call     CallFacts
	App      AppFact
	Session  Session // date and approval only; Decisions and Members are empty
	Decision Decision
	LotName  string
	Grid     review.Grid
	Sections []review.SectionResult
}

// LetterFor returns the letter of an application's approved decision
// within sc; NotFound before approval or outside the scope.
func (s *Store) LetterFor(ctx context.Context, appID int64, sc access.Scope) (Letter, error) {
	var l Letter
	var row struct {
		SessionID int64 `db:"session_id"`
		CallID    int64 `db:"call_id"`
		OrgID     int64 `db:"org_id"`
	}
	cond, args := sc.Letters("a")
	if err := db.Get(ctx, s.DB, &row, `SELECT d.session_id, a.call_id, a.org_id FROM award_decisions d
		JOIN committee_sessions s ON s.id = d.session_id JOIN applications a ON a.id = d.application_id
		WHERE d.application_id = ? AND s.status = 'approved' AND `+cond+` ORDER BY s.id DESC LIMIT 1`,
		append([]any{appID}, args...)...); err != nil {
		return l, err
	}
	c, err := s.CallOf(ctx, row.CallID, access.Everything())
	if err != nil {
		return l, err
	}
	sess, err := s.load(ctx, s.DB, row.SessionID)
	if err != nil {
		return l, err
	}
	apps, err := appFacts(ctx, s.DB, `a.id = ?`, appID)
	if err != nil {
		return l, err
	}
	l.Call, l.App = c, apps[appID]
	ls, err := lots(ctx, s.DB, row.CallID)
	if err != nil {
		return l, err
	}
	for _, x := range ls {
		if x.ID == l.App.LotID {
			l.LotName = x.Name
		}
	}
	for _, d := range sess.Decisions {
		if d.ApplicationID == appID {
			l.Decision = d
		}
	}
	grid, cons, err := s.Reviews.ConsolidateApplication(ctx, appID)
	if err != nil {
		return l, fmt.Errorf("letter scores: %w", err)
	}
	l.Grid, l.Sections = grid, cons.Sections
	sess.Decisions, sess.Members = nil, nil
	l.Session = sess
	return l, nil
}
