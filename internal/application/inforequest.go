package application

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

// Sections are the parts of an application a request for more information
// may open for change; each has the catalogue key "screening.section." +
// name. Attachments are listed for when applications carry their own files.
var Sections = []string{"summary", "target_groups", "municipalities", "logframe", "workplan", "budget", "partners", "attachments"}

// Request limits.
const (
	MaxQuestions = 20
	MaxAnswer    = 10000
)

// InfoRequest is one request for more information with its questions; it
// is open until the applicant sends the answers.
type InfoRequest struct {
	ID             int64          `db:"id" json:"id"`
	ApplicationID  int64          `db:"application_id" json:"application_id"`
	DueAt          *time.Time     `db:"due_at" json:"due_at"`
	AskedBy        *int64         `db:"asked_by" json:"asked_by"`
	AskedByName    string         `db:"asked_by_name" json:"asked_by_name"`
	AskedAt        time.Time      `db:"asked_at" json:"asked_at"`
	AnsweredBy     *int64         `db:"answered_by" json:"answered_by"`
	AnsweredByName string         `db:"answered_by_name" json:"answered_by_name"`
	AnsweredAt     *time.Time     `db:"answered_at" json:"answered_at"`
	Version        int            `db:"version" json:"version"` // the version the answers produced; 0 while open
	Questions      []InfoQuestion `db:"-" json:"questions"`
}

// Open reports whether the request still awaits its answers.
func (r InfoRequest) Open() bool { return r.AnsweredAt == nil }

// InfoQuestion is one question, the sections it lets the applicant change
// and the answer.
type InfoQuestion struct {
	ID           int64    `db:"id" json:"id"`
	RequestID    int64    `db:"request_id" json:"-"`
	Question     string   `db:"question" json:"question"`
	SectionsText string   `db:"sections" json:"-"`
	Sections     []string `db:"-" json:"sections"`
	Answer       string   `db:"answer" json:"answer"`
}

// Question is a question as an officer asks it.
type Question struct {
	Text     string   `json:"text"`
	Sections []string `json:"sections"`
}

// QuestionField names the fields of the i-th question in forms and errors.
func QuestionField(i int, part string) string { return fmt.Sprintf("questions[%d].%s", i, part) }

// Ask asks the applicant of a submitted application one or more questions,
// each naming the sections it may change (none: an answer in words only),
// with an optional deadline for the answers. In one transaction the
// application goes to info_requested (recorded with who and when) and the
// applicant is told by e-mail in its language.
func (s *Store) Ask(ctx context.Context, id int64, sc access.Scope, officerID int64, qs []Question, due *time.Time) (InfoRequest, error) {
	if !sc.All() {
		return InfoRequest{}, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	a, err := s.Get(ctx, id, sc)
	if err != nil {
		return InfoRequest{}, err
	}
	now := s.Now()
	if qs, err = checkQuestions(qs, due, now); err != nil {
		return InfoRequest{}, err
	}
	c, err := s.calls().ByID(ctx, a.CallID)
	if err != nil {
		return InfoRequest{}, err
	}
	var reqID int64
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := Transition(ctx, tx, a.ID, Submitted, InfoRequested, officerID, now); err != nil {
			return err
		}
		if reqID, err = db.InsertID(ctx, tx, `INSERT INTO info_requests (application_id, due_at, asked_by, asked_at)
			VALUES (?, ?, ?, ?) RETURNING id`, a.ID, due, officerID, now); err != nil {
			return fmt.Errorf("insert request: %w", err)
		}
		for i, q := range qs {
			if _, err := db.Exec(ctx, tx, `INSERT INTO info_request_questions (request_id, position, question, sections)
				VALUES (?, ?, ?, ?)`, reqID, i, q.Text, strings.Join(q.Sections, ",")); err != nil {
				return fmt.Errorf("insert question: %w", err)
			}
		}
		return s.mailRequest(ctx, tx, a, c, qs, due)
	})
	if err != nil {
		return InfoRequest{}, err
	}
	rs, err := s.InfoRequests(ctx, id, sc)
	if err != nil || len(rs) == 0 {
		return InfoRequest{}, err
	}
	return rs[0], nil
}

func checkQuestions(qs []Question, due *time.Time, now time.Time) ([]Question, error) {
	fe := apperr.FieldErrors{}
	var out []Question
	for i, q := range qs {
		q.Text = strings.TrimSpace(q.Text)
		if q.Text == "" && len(q.Sections) == 0 {
			continue // an empty row of the form
		}
		if q.Text == "" {
			fe.Add(QuestionField(i, "text"), "screening.error.required")
		}
		text(fe, QuestionField(i, "text"), q.Text, MaxText)
		var secs []string
		for _, sec := range q.Sections {
			if !slices.Contains(Sections, sec) {
				fe.Add(QuestionField(i, "sections"), "screening.error.section")
			} else if !slices.Contains(secs, sec) {
				secs = append(secs, sec)
			}
		}
		q.Sections = secs
		out = append(out, q)
	}
	switch {
	case len(out) == 0 && len(fe) == 0:
		fe.Add(QuestionField(0, "text"), "screening.error.no_question")
	case len(out) > MaxQuestions:
		fe.Add("questions", "screening.error.too_many_questions")
	}
	if due != nil && !due.After(now) {
		fe.Add("due_at", "screening.error.due_past")
	}
	return out, fe.Err()
}

// InfoRequests returns the requests of an application, newest first, to an
// officer or the applicant organisation (NotFound to anyone else).
func (s *Store) InfoRequests(ctx context.Context, id int64, sc access.Scope) ([]InfoRequest, error) {
	a, err := s.Get(ctx, id, sc)
	if err != nil {
		return nil, err
	}
	if err := ownerOrAll(sc, a); err != nil {
		return nil, err
	}
	return infoRequests(ctx, s.DB, a.ID)
}

func infoRequests(ctx context.Context, c db.Conn, appID int64) ([]InfoRequest, error) {
	rs := []InfoRequest{}
	if err := db.Select(ctx, c, &rs, `SELECT r.id, r.application_id, r.due_at, r.asked_by, COALESCE(ua.name, '') AS asked_by_name,
		r.asked_at, r.answered_by, COALESCE(ub.name, '') AS answered_by_name, r.answered_at, COALESCE(v.version, 0) AS version
		FROM info_requests r LEFT JOIN users ua ON ua.id = r.asked_by LEFT JOIN users ub ON ub.id = r.answered_by
		LEFT JOIN application_versions v ON v.info_request_id = r.id
		WHERE r.application_id = ? ORDER BY r.asked_at DESC, r.id DESC`, appID); err != nil {
		return nil, fmt.Errorf("info requests: %w", err)
	}
	for i := range rs {
		r := &rs[i]
		r.AskedAt = r.AskedAt.UTC()
		for _, t := range []*time.Time{r.DueAt, r.AnsweredAt} {
			if t != nil {
				*t = t.UTC()
			}
		}
		r.Questions = []InfoQuestion{}
		if err := db.Select(ctx, c, &r.Questions, `SELECT id, request_id, question, sections, answer FROM info_request_questions
			WHERE request_id = ? ORDER BY position`, r.ID); err != nil {
			return nil, fmt.Errorf("questions: %w", err)
		}
		for j := range r.Questions {
			r.Questions[j].Sections = splitSections(r.Questions[j].SectionsText)
		}
	}
	return rs, nil
}

func splitSections(s string) []string {
	out := []string{}
	for _, v := range strings.Split(s, ",") {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// AllowedSections are the sections the open request lets the applicant
// change (its questions' sections together).
func (r InfoRequest) AllowedSections() []string {
	var out []string
	for _, q := range r.Questions {
		for _, sec := range q.Sections {
			if !slices.Contains(out, sec) {
				out = append(out, sec)
			}
		}
	}
	return out
}

func (s *Store) mailRequest(ctx context.Context, tx *sqlx.Tx, a Application, c call.Call, qs []Question, due *time.Time) error {
	to, ok, err := applicantOf(ctx, tx, a)
	if err != nil || !ok || s.Cat == nil {
		return err
	}
	lang, _ := i18n.ParseLang(to.Lang)
	var list strings.Builder
	for i, q := range qs {
		fmt.Fprintf(&list, "%d. %s\n", i+1, q.Text)
	}
	when := s.Cat.T(lang, "screening.mail.no_due")
	if due != nil {
		when = s.Cat.When(lang, *due, c.TimeZone)
	}
	return tell(ctx, tx, to, notify.EventInfoRequested, "/applications/"+strconv.FormatInt(a.ID, 10)+"/info-requests", notify.Message{
		Lang:    string(lang),
		Subject: s.Cat.T(lang, "screening.mail.rfi_subject", "reference", a.Reference),
		Body: s.Cat.T(lang, "screening.mail.rfi_body", "name", to.Name, "reference", a.Reference, "title", a.Title,
			"questions", strings.TrimRight(list.String(), "\n"), "due", when)})
}
