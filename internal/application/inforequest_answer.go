package application

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// Answer is the applicant's answer to one question.
type Answer struct {
	QuestionID int64  `json:"question_id"`
	Text       string `json:"answer"`
}

// AnswerField names the answer to a question in forms and errors.
func AnswerField(questionID int64) string { return fmt.Sprintf("answers[%d]", questionID) }

// OpenRequest returns the request an application in info_requested awaits
// (NotFound when there is none, or beyond the applicant organisation).
func (s *Store) OpenRequest(ctx context.Context, id int64, sc access.Scope) (InfoRequest, error) {
	rs, err := s.InfoRequests(ctx, id, sc)
	if err != nil {
		return InfoRequest{}, err
	}
	for _, r := range rs {
		if r.Open() {
			return r, nil
		}
	}
	return InfoRequest{}, apperr.New(apperr.NotFound, "screening.error.no_open_request")
}

// SendAnswers answers every question of the open request. In one
// transaction the answers are stored with who and when, the application
// returns to submitted (recorded), and its content is kept as a new
// version beside the original snapshot, which stays as it was. Refused
// after the request's deadline.
func (s *Store) SendAnswers(ctx context.Context, id int64, sc access.Scope, userID int64, answers []Answer) (InfoRequest, error) {
	r, a, err := s.answerable(ctx, id, sc)
	if err != nil {
		return r, err
	}
	text := map[int64]string{}
	for _, an := range answers {
		text[an.QuestionID] = strings.TrimSpace(an.Text)
	}
	fe := apperr.FieldErrors{}
	for _, q := range r.Questions {
		switch t := text[q.ID]; {
		case t == "":
			fe.Add(AnswerField(q.ID), "screening.error.answer_required")
		case utf8.RuneCountInString(t) > MaxAnswer:
			fe.Add(AnswerField(q.ID), "applications.error.too_long")
		}
	}
	if err := fe.Err(); err != nil {
		return r, err
	}
	now := s.Now()
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		res, err := db.Exec(ctx, tx, `UPDATE info_requests SET answered_by = ?, answered_at = ? WHERE id = ? AND answered_at IS NULL`,
			userID, now, r.ID)
		if err != nil {
			return fmt.Errorf("answer request: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "screening.error.status_changed")
		}
		for _, q := range r.Questions {
			if _, err := db.Exec(ctx, tx, `UPDATE info_request_questions SET answer = ? WHERE id = ?`, text[q.ID], q.ID); err != nil {
				return fmt.Errorf("store answer: %w", err)
			}
		}
		if err := Transition(ctx, tx, a.ID, InfoRequested, Submitted, userID, now); err != nil {
			return err
		}
		return s.keepVersion(ctx, tx, a.ID, r.ID, userID)
	})
	if err != nil {
		return r, err
	}
	return s.requestByID(ctx, id, sc, r.ID)
}

// answerable returns the open request of an application the scope may
// write for, refused after its deadline.
func (s *Store) answerable(ctx context.Context, id int64, sc access.Scope) (InfoRequest, Application, error) {
	a, err := s.Get(ctx, id, sc)
	if err != nil {
		return InfoRequest{}, a, err
	}
	if !sc.CanWriteFor(a.OrgID) {
		return InfoRequest{}, a, apperr.New(apperr.Forbidden, "applications.error.read_only")
	}
	if a.Status != InfoRequested {
		return InfoRequest{}, a, apperr.New(apperr.Conflict, "screening.error.no_open_request")
	}
	r, err := s.OpenRequest(ctx, id, sc)
	if err != nil {
		return r, a, err
	}
	if r.DueAt != nil && !s.Now().Before(*r.DueAt) {
		return r, a, apperr.New(apperr.Conflict, "screening.error.overdue")
	}
	return r, a, nil
}

func (s *Store) requestByID(ctx context.Context, id int64, sc access.Scope, reqID int64) (InfoRequest, error) {
	rs, err := s.InfoRequests(ctx, id, sc)
	for _, r := range rs {
		if r.ID == reqID {
			return r, err
		}
	}
	return InfoRequest{}, firstErr(err, apperr.New(apperr.NotFound, "error.not_found"))
}

// keepVersion stores the application as it now stands as its next version
// (the snapshot taken at submission is version 1).
func (s *Store) keepVersion(ctx context.Context, tx *sqlx.Tx, appID, reqID, userID int64) error {
	a, err := get(ctx, tx, appID, access.Everything())
	if err != nil {
		return err
	}
	content, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("version: %w", err)
	}
	var last int
	if err := db.Get(ctx, tx, &last, `SELECT COALESCE(MAX(version), 1) FROM application_versions WHERE application_id = ?`, appID); err != nil {
		return fmt.Errorf("last version: %w", err)
	}
	sum := sha256.Sum256(content)
	if _, err := db.Exec(ctx, tx, `INSERT INTO application_versions (application_id, version, info_request_id, content, sha256,
		created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, appID, last+1, reqID, string(content), hex.EncodeToString(sum[:]),
		userID, s.Now()); err != nil {
		return fmt.Errorf("insert version: %w", err)
	}
	return nil
}

// Version is one kept version of a submitted application.
type Version struct {
	Version   int    `db:"version" json:"version"`
	Content   string `db:"content" json:"-"`
	SHA256    string `db:"sha256" json:"sha256"`
	RequestID *int64 `db:"info_request_id" json:"info_request_id"`
}

// Versions lists the versions of an application: 1 is the snapshot taken at
// submission, later ones were kept when answers to requests were sent.
func (s *Store) Versions(ctx context.Context, id int64, sc access.Scope) ([]Version, error) {
	content, sha, err := s.Snapshot(ctx, id, sc)
	if err != nil {
		return nil, err
	}
	out := []Version{{Version: 1, Content: content, SHA256: sha}}
	var more []Version
	if err := db.Select(ctx, s.DB, &more, `SELECT version, content, sha256, info_request_id FROM application_versions
		WHERE application_id = ? ORDER BY version`, id); err != nil {
		return nil, fmt.Errorf("versions: %w", err)
	}
	return append(out, more...), nil
}
