package call

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

// Question is a clarification asked about a call by an organisation, with
// the officers' answer. Unpublished questions are seen only by officers and
// by the asking organisation's own users.
type Question struct {
	ID         int64      `db:"id"`
	CallID     int64      `db:"call_id"`
	OrgID      int64      `db:"org_id"`
	OrgName    string     `db:"org_name"`
	AskedBy    int64      `db:"asked_by"`
	Question   string     `db:"question"`
	Answer     string     `db:"answer"`
	AnsweredAt *time.Time `db:"answered_at"`
	Published  bool       `db:"published"`
	CreatedAt  time.Time  `db:"created_at"`
}

const maxQuestion = 4000

const qCols = `q.id, q.call_id, q.org_id, o.name AS org_name, q.asked_by, q.question, q.answer, q.answered_at,
	q.published, q.created_at`

// Questions returns a call's questions sc may see, oldest first.
func (s *Store) Questions(ctx context.Context, callID int64, sc access.Scope) ([]Question, error) {
	cond, args := sc.Questions("q")
	q := `SELECT ` + qCols + ` FROM call_questions q JOIN organisations o ON o.id = q.org_id WHERE q.call_id = ? AND ` + cond
	args = append([]any{callID}, args...)
	out := []Question{}
	if err := db.Select(ctx, s.DB, &out, q+` ORDER BY q.id`, args...); err != nil {
		return nil, fmt.Errorf("list questions: %w", err)
	}
	for i := range out {
		qutc(&out[i])
	}
	return out, nil
}

// QuestionByID returns one question whatever its state.
func (s *Store) QuestionByID(ctx context.Context, id int64) (Question, error) {
	var q Question
	err := db.Get(ctx, s.DB, &q, `SELECT `+qCols+` FROM call_questions q JOIN organisations o ON o.id = q.org_id WHERE q.id = ?`, id)
	qutc(&q)
	return q, err
}

// Ask records a question of an organisation's user on an open call.
func (s *Store) Ask(ctx context.Context, callID, orgID, userID int64, text string) (Question, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return Question{}, apperr.Field("question", "calls.error.question_required")
	case utf8.RuneCountInString(text) > maxQuestion:
		return Question{}, apperr.Field("question", "programmes.error.too_long")
	}
	c, err := s.ByID(ctx, callID)
	if err != nil {
		return Question{}, err
	}
	if !IsOpen(c, s.Now()) {
		return Question{}, apperr.New(apperr.Conflict, "calls.error.not_open")
	}
	id, err := db.InsertID(ctx, s.DB, `INSERT INTO call_questions (call_id, org_id, asked_by, question, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, callID, orgID, userID, text, s.Now())
	if err != nil {
		return Question{}, fmt.Errorf("insert question: %w", err)
	}
	return s.QuestionByID(ctx, id)
}

// Answer records an officer's answer and whether it is published to
// everyone; a question is published only with an answer.
func (s *Store) Answer(ctx context.Context, id, userID int64, answer string, publish bool) (Question, error) {
	answer = strings.TrimSpace(answer)
	switch {
	case answer == "" && publish:
		return Question{}, apperr.Field("answer", "calls.error.answer_required")
	case utf8.RuneCountInString(answer) > maxQuestion:
		return Question{}, apperr.Field("answer", "programmes.error.too_long")
	}
	var answeredBy any
	var answeredAt any
	if answer != "" {
		answeredBy, answeredAt = userID, s.Now()
	}
	res, err := db.Exec(ctx, s.DB, `UPDATE call_questions SET answer = ?, answered_by = ?, answered_at = ?, published = ?
		WHERE id = ?`, answer, answeredBy, answeredAt, publish, id)
	if err != nil {
		return Question{}, fmt.Errorf("answer question: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Question{}, apperr.New(apperr.NotFound, "error.not_found")
	}
	return s.QuestionByID(ctx, id)
}

func qutc(q *Question) {
	q.CreatedAt = q.CreatedAt.UTC()
	if q.AnsweredAt != nil {
		*q.AnsweredAt = q.AnsweredAt.UTC()
	}
}
