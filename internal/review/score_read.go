package review

import (
	"context"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// AppLabel names an application on the scoring pages.
type AppLabel struct {
	ID        int64  `db:"id" json:"id"`
	CallID    int64  `db:"call_id" json:"call_id"`
	Stage     string `db:"stage" json:"stage"`
	Status    string `db:"status" json:"status"`
	Reference string `db:"reference" json:"reference"`
	Title     string `db:"title" json:"title"`
	OrgName   string `db:"org_name" json:"organisation"`
}

// Sheet is what the score form shows: the evaluator's assignment, its
// application, the grid and the review so far (ID 0 before the first save).
type Sheet struct {
	AssignmentID int64
	Further      bool
	App          AppLabel
	Grid         Grid
	Review       Review
	Scorable     bool // the application may still be scored
}

// Sheet loads the user's own active assignment for the score form. Before
// the evaluator has declared no conflict it answers a Conflict
// ("reviews.error.declare_first") and shows nothing of the application.
func (s *Store) Sheet(ctx context.Context, assignmentID, userID int64) (Sheet, error) {
	a, err := ownAssignment(ctx, s.DB, assignmentID, userID)
	if err != nil {
		return Sheet{}, err
	}
	if a.Declared == 0 {
		return Sheet{}, apperr.New(apperr.Conflict, "reviews.error.declare_first")
	}
	sh := Sheet{AssignmentID: a.ID, Further: a.Further, Scorable: a.scorable() == nil}
	if sh.App, err = s.AppLabel(ctx, a.ApplicationID); err != nil {
		return Sheet{}, err
	}
	sh.Review, err = reviewOfAssignment(ctx, s.DB, a.ID)
	switch {
	case err == nil:
		sh.Grid, err = gridByID(ctx, s.DB, sh.Review.GridID)
	case apperr.Is(err, apperr.NotFound):
		sh.Grid, err = storedGrid(ctx, s.DB, a.CallID, a.Stage)
		if apperr.Is(err, apperr.NotFound) {
			sh.Grid, err = s.Grid(ctx, a.CallID, a.Stage)
		}
	}
	return sh, err
}

const appLabelSelect = `SELECT a.id, a.call_id, a.stage, a.status, COALESCE(a.reference, '') AS reference,
	a.title, o.name AS org_name FROM applications a JOIN organisations o ON o.id = a.org_id`

// AppLabel reads an application's reference, title, status and organisation.
func (s *Store) AppLabel(ctx context.Context, appID int64) (AppLabel, error) {
	var l AppLabel
	err := db.Get(ctx, s.DB, &l, appLabelSelect+` WHERE a.id = ?`, appID)
	return l, err
}

const reviewSelectColumns = `r.id, r.assignment_id, r.grid_id, r.status, r.comment, r.submitted_at, r.reopened_at,
	r.reopen_reason, r.created_at, r.updated_at, ra.application_id, ra.user_id`

// reviewOfAssignment reads the review of an assignment with its scores.
func reviewOfAssignment(ctx context.Context, c db.Conn, assignmentID int64) (Review, error) {
	var r Review
	if err := db.Get(ctx, c, &r, `SELECT `+reviewSelectColumns+` FROM reviews r
		JOIN review_assignments ra ON ra.id = r.assignment_id WHERE r.assignment_id = ?`, assignmentID); err != nil {
		return Review{}, err
	}
	var err error
	r.Scores, err = reviewScores(ctx, c, r.ID)
	return r, err
}

// reviewScores reads a review's scores in criterion order.
func reviewScores(ctx context.Context, c db.Conn, reviewID int64) ([]Score, error) {
	var out []Score
	err := db.Select(ctx, c, &out, `SELECT criterion_id, score, justification FROM review_scores
		WHERE review_id = ? ORDER BY criterion_id`, reviewID)
	return out, err
}

// ReviewView is a review as the chair and officers read it (and an
// evaluator its own): the scores with the evaluator's name and total.
type ReviewView struct {
	Review
	EvaluatorName    string `db:"evaluator_name"`
	Further          bool   `db:"further"`
	AssignmentStatus string `db:"assignment_status"`
	Total            int    `db:"-"` // weighted points of the scored criteria
}

// ApplicationReviews lists an application's reviews in review order, those
// sc reaches (access.Scope.Reviews). Under assigned (an evaluator) that is
// its own review alone, and NotFound unless it has an active, declared
// assignment on the application: no other evaluator's scores or names
// ever reach it.
func (s *Store) ApplicationReviews(ctx context.Context, appID int64, sc access.Scope) ([]ReviewView, error) {
	if !sc.All() {
		if ok, err := s.readable(ctx, appID, sc); err != nil || !ok {
			return nil, reviewNotFoundUnless(err)
		}
	}
	cond, args := sc.Reviews("ra")
	q := `SELECT ` + reviewSelectColumns + `, u.name AS evaluator_name, ra.further, ra.status AS assignment_status
		FROM reviews r JOIN review_assignments ra ON ra.id = r.assignment_id JOIN users u ON u.id = ra.user_id
		WHERE ra.application_id = ? AND ` + cond
	args = append([]any{appID}, args...)
	var out []ReviewView
	if err := db.Select(ctx, s.DB, &out, q+` ORDER BY r.id`, args...); err != nil {
		return nil, err
	}
	weights, err := s.criterionWeights(ctx, appID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Scores, err = reviewScores(ctx, s.DB, out[i].ID); err != nil {
			return nil, err
		}
		for _, sc := range out[i].Scores {
			if sc.Score != nil {
				out[i].Total += *sc.Score * weights[sc.CriterionID]
			}
		}
	}
	return out, nil
}

// readable reports whether sc reaches application appID.
func (s *Store) readable(ctx context.Context, appID int64, sc access.Scope) (bool, error) {
	cond, args := sc.Applications("a")
	var n int
	err := db.Get(ctx, s.DB, &n, `SELECT COUNT(*) FROM applications a WHERE a.id = ? AND `+cond, append([]any{appID}, args...)...)
	return n > 0, err
}

// criterionWeights maps the criteria scored on an application to weights.
func (s *Store) criterionWeights(ctx context.Context, appID int64) (map[int64]int, error) {
	var rows []struct {
		ID     int64 `db:"id"`
		Weight int   `db:"weight"`
	}
	err := db.Select(ctx, s.DB, &rows, `SELECT DISTINCT c.id, c.weight FROM eval_criteria c
		JOIN review_scores rs ON rs.criterion_id = c.id JOIN reviews r ON r.id = rs.review_id
		JOIN review_assignments ra ON ra.id = r.assignment_id WHERE ra.application_id = ?`, appID)
	m := make(map[int64]int, len(rows))
	for _, r := range rows {
		m[r.ID] = r.Weight
	}
	return m, err
}

func reviewNotFoundUnless(err error) error {
	if err != nil {
		return err
	}
	return apperr.New(apperr.NotFound, "error.not_found")
}

// AppLabels lists the labels of a call stage's applications by id.
func (s *Store) AppLabels(ctx context.Context, callID int64, stage string) (map[int64]AppLabel, error) {
	var ls []AppLabel
	err := db.Select(ctx, s.DB, &ls, appLabelSelect+` WHERE a.call_id = ? AND a.stage = ?`, callID, stage)
	m := make(map[int64]AppLabel, len(ls))
	for _, l := range ls {
		m[l.ID] = l
	}
	return m, err
}
