package review

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/db"
)

// maxReviewText bounds a justification or comment, in characters.
const maxReviewText = 5000

// ScoreInput is one criterion's score as the evaluator typed it: Score is
// the text of a whole number on the grid's scale, empty while a draft
// leaves it open.
type ScoreInput struct {
	Criterion     string // the criterion's code, e.g. "1.1"
	Score         string
	Justification string
}

// ReviewInput is one save of an evaluator's review: a draft, or the
// submission that locks it.
type ReviewInput struct {
	Scores  []ScoreInput
	Comment string
	Submit  bool
}

// ScoreField names a criterion's score in forms and API errors.
func ScoreField(code string) string { return "scores[" + code + "].score" }

// JustificationField names a criterion's justification in forms and API errors.
func JustificationField(code string) string { return "scores[" + code + "].justification" }

// scoringAssignment is an evaluator's own active assignment with what
// scoring needs to know of its application.
type scoringAssignment struct {
	ID            int64              `db:"id"`
	ApplicationID int64              `db:"application_id"`
	UserID        int64              `db:"user_id"`
	Further       bool               `db:"further"`
	AppStatus     application.Status `db:"app_status"`
	CallID        int64              `db:"call_id"`
	Stage         string             `db:"stage"`
	Declared      int                `db:"declared"`
}

// ownAssignment finds the user's active assignment; anything else
// (another evaluator's, recused, removed) is NotFound.
func ownAssignment(ctx context.Context, c db.Conn, assignmentID, userID int64) (scoringAssignment, error) {
	var a scoringAssignment
	err := db.Get(ctx, c, &a, `SELECT ra.id, ra.application_id, ra.user_id, ra.further,
		a.status AS app_status, a.call_id, a.stage,
		(SELECT COUNT(*) FROM coi_declarations d WHERE d.application_id = ra.application_id
			AND d.user_id = ra.user_id AND NOT d.conflict) AS declared
		FROM review_assignments ra JOIN applications a ON a.id = ra.application_id
		WHERE ra.id = ? AND ra.user_id = ? AND ra.status = 'active'`, assignmentID, userID)
	return a, err
}

// scorable refuses an undeclared assignment and an application that is
// not (or no longer) eligible.
func (a scoringAssignment) scorable() error {
	if a.Declared == 0 {
		return apperr.New(apperr.Conflict, "reviews.error.declare_first")
	}
	if a.AppStatus != application.Eligible {
		return apperr.New(apperr.Conflict, "reviews.error.not_scorable")
	}
	return nil
}

// SaveReview saves the user's scores on its assignment as a draft or, with
// in.Submit, submits them (every criterion scored with a justification),
// which locks the review and may call a further evaluator when the
// application's evaluators diverge. A refusal changes nothing.
func (s *Store) SaveReview(ctx context.Context, assignmentID, userID int64, in ReviewInput) (Review, error) {
	var out Review
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		a, err := ownAssignment(ctx, tx, assignmentID, userID)
		if err != nil {
			return err
		}
		if err := a.scorable(); err != nil {
			return err
		}
		r, err := reviewOfAssignment(ctx, tx, assignmentID)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return err
		}
		if r.Status == SubmittedReview {
			return apperr.New(apperr.Conflict, "reviews.error.locked")
		}
		var g Grid
		if r.ID != 0 {
			g, err = gridByID(ctx, tx, r.GridID)
		} else {
			g, err = s.scoringGrid(ctx, tx, a.CallID, a.Stage)
		}
		if err != nil {
			return err
		}
		scores, comment, err := mergeScores(g, r.Scores, in)
		if err != nil {
			return err
		}
		if !g.Frozen() {
			if err := freezeGrid(ctx, tx, g.ID); err != nil {
				return err
			}
		}
		r.AssignmentID, r.GridID, r.ApplicationID, r.UserID = a.ID, g.ID, a.ApplicationID, a.UserID
		r.Scores, r.Comment = scores, comment
		if in.Submit {
			r.SectionPoints = SectionPoints(g, scores)
		}
		if err := s.writeReview(ctx, tx, &r, in.Submit); err != nil {
			return err
		}
		if in.Submit {
			if err := s.afterSubmit(ctx, tx, a.ApplicationID, g); err != nil {
				return err
			}
		}
		out = r
		return nil
	})
	return out, err
}

// writeReview creates or updates the review row (only while it is a
// draft: a concurrent submission wins) and replaces its scores.
func (s *Store) writeReview(ctx context.Context, tx *sqlx.Tx, r *Review, submit bool) error {
	now := s.Now()
	r.Status, r.UpdatedAt = DraftReview, now
	if submit {
		r.Status, r.SubmittedAt = SubmittedReview, &now
	}
	if r.ID == 0 {
		id, err := db.InsertID(ctx, tx, `INSERT INTO reviews (assignment_id, grid_id, status, comment, submitted_at, section_points,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			r.AssignmentID, r.GridID, r.Status, r.Comment, r.SubmittedAt, r.SectionPoints, now, now)
		if db.IsUnique(err) {
			return apperr.Wrap(apperr.Conflict, "reviews.error.concurrent", err)
		}
		if err != nil {
			return err
		}
		r.ID, r.CreatedAt = id, now
	} else {
		res, err := db.Exec(ctx, tx, `UPDATE reviews SET status = ?, comment = ?, submitted_at = ?, section_points = ?, updated_at = ?
			WHERE id = ? AND status = 'draft'`, r.Status, r.Comment, r.SubmittedAt, r.SectionPoints, now, r.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return apperr.Wrap(apperr.Conflict, "reviews.error.locked", err)
		}
	}
	if _, err := db.Exec(ctx, tx, `DELETE FROM review_scores WHERE review_id = ?`, r.ID); err != nil {
		return err
	}
	for _, sc := range r.Scores {
		if _, err := db.Exec(ctx, tx, `INSERT INTO review_scores (review_id, criterion_id, score, justification) VALUES (?, ?, ?, ?)`,
			r.ID, sc.CriterionID, sc.Score, sc.Justification); err != nil {
			return err
		}
	}
	return nil
}

// mergeScores lays the input over what is stored, one score per criterion
// in grid order, and checks it: a score must be on the scale; a
// submission needs every score and a justification of the grid's minimum
// length. Criteria the input leaves out keep their stored values.
func mergeScores(g Grid, stored []Score, in ReviewInput) ([]Score, string, error) {
	fe := apperr.FieldErrors{}
	byCode := map[string]Criterion{}
	for _, c := range gridCriteria(g) {
		byCode[c.Code] = c
	}
	cur := map[int64]Score{}
	for _, sc := range stored {
		cur[sc.CriterionID] = sc
	}
	for _, si := range in.Scores {
		c, ok := byCode[si.Criterion]
		if !ok {
			fe.Add(ScoreField(si.Criterion), "reviews.error.unknown_criterion")
			continue
		}
		sc := Score{CriterionID: c.ID, Justification: strings.TrimSpace(si.Justification)}
		if v := strings.TrimSpace(si.Score); v != "" {
			n, err := strconv.Atoi(v)
			switch {
			case err != nil:
				fe.Add(ScoreField(c.Code), "reviews.error.score_number")
			case n < g.ScaleMin || n > g.ScaleMax:
				fe.Add(ScoreField(c.Code), "reviews.error.score_range")
			default:
				sc.Score = &n
			}
		}
		if utf8.RuneCountInString(sc.Justification) > maxReviewText {
			fe.Add(JustificationField(c.Code), "reviews.error.too_long")
		}
		cur[c.ID] = sc
	}
	out := make([]Score, 0, len(byCode))
	for _, c := range gridCriteria(g) {
		sc := cur[c.ID]
		sc.CriterionID = c.ID
		if in.Submit {
			if sc.Score == nil {
				fe.Add(ScoreField(c.Code), "reviews.error.score_required")
			}
			switch n := utf8.RuneCountInString(sc.Justification); {
			case n == 0:
				fe.Add(JustificationField(c.Code), "reviews.error.justification_required")
			case n < g.MinJustification:
				fe.Add(JustificationField(c.Code), "reviews.error.justification_short")
			}
		}
		out = append(out, sc)
	}
	comment := strings.TrimSpace(in.Comment)
	if utf8.RuneCountInString(comment) > maxReviewText {
		fe.Add("comment", "reviews.error.too_long")
	}
	return out, comment, fe.Err()
}

// gridCriteria lists a grid's criteria in section and position order.
func gridCriteria(g Grid) []Criterion {
	var out []Criterion
	for _, s := range g.Sections {
		out = append(out, s.Criteria...)
	}
	return out
}

// CheckSubmission checks a complete form as a submission without saving
// it: the same rules as SaveReview with Submit set, so a confirmation step
// can be shown only for a review that would be accepted.
// A grid not yet stored (the call's default) has no criterion ids, so each
// criterion gets its position as a stand-in: mergeScores keys by id.
func CheckSubmission(g Grid, in ReviewInput) error {
	in.Submit = true
	secs := make([]Section, len(g.Sections))
	n := int64(0)
	for i, sec := range g.Sections {
		secs[i] = sec
		secs[i].Criteria = make([]Criterion, len(sec.Criteria))
		for j, c := range sec.Criteria {
			n++
			c.ID = n
			secs[i].Criteria[j] = c
		}
	}
	g.Sections = secs
	_, _, err := mergeScores(g, nil, in)
	return err
}
