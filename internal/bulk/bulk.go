// Package bulk runs one action on many selected items (issue 12): an
// officer selects rows of a list, confirms on a page that lists what will
// happen to which items, and the action runs item by item through the
// same store function as the single action, so each item keeps its own
// rules, notices and audit rows. A bulk job is prepared as a draft with a
// one-time token; only a confirmation carrying the token queues it; then
// workers claim the job's items one by one with a conditional update and
// record each outcome. When the last item ends, one audit row sums up the
// job.
package bulk

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
)

// Job states: prepared and awaiting confirmation, confirmed and waiting
// for a worker, running, finished (every item done or failed).
const (
	Draft   = "draft"
	Queued  = "queued"
	Running = "running"
	Done    = "done"
)

// Item states.
const (
	ItemPending = "pending"
	ItemRunning = "running"
	ItemDone    = "done"
	ItemFailed  = "failed"
)

// MaxItems bounds one bulk action (a list page shows at most this many).
const MaxItems = 500

// InlineItems is the size up to which a confirmed job runs within the
// confirming request; larger jobs are left to the background worker and
// the user follows their progress.
const InlineItems = 20

// Action performs a job's action on one item as userID under sc, with the
// job's parameters. It is the single action's store call, so an item the
// scope may not touch fails with that call's own error.
type Action func(ctx context.Context, sc access.Scope, userID, itemID int64, params json.RawMessage) (Output, error)

// plain is an action that makes no file.
func plain(f func(ctx context.Context, sc access.Scope, userID, itemID int64, params json.RawMessage) error) Action {
	return func(ctx context.Context, sc access.Scope, userID, itemID int64, params json.RawMessage) (Output, error) {
		return Output{}, f(ctx, sc, userID, itemID, params)
	}
}

// Output is what an item's action made besides its changes: a file (a
// letter) kept with the item for the result's download; empty for most.
type Output struct {
	FileName string
	Content  []byte
}

// Target is one selected item and how the pages name it.
type Target struct {
	ID    int64
	Label string
}

// Job is a bulk action with the counts of its items.
type Job struct {
	ID          int64      `db:"id"`
	Kind        string     `db:"kind"`
	CallID      int64      `db:"call_id"`
	Params      string     `db:"params"`
	Token       string     `db:"token"`
	RequestedBy int64      `db:"requested_by"`
	Role        string     `db:"role"`
	Relation    string     `db:"relation"`
	OrgIDs      string     `db:"org_ids"`
	Status      string     `db:"status"`
	CreatedAt   time.Time  `db:"created_at"`
	ConfirmedAt *time.Time `db:"confirmed_at"`
	FinishedAt  *time.Time `db:"finished_at"`
	Total       int        `db:"total"`
	Succeeded   int        `db:"succeeded"`
	Failed      int        `db:"failed"`
}

// Ended is how many items have an outcome.
func (j Job) Ended() int { return j.Succeeded + j.Failed }

// Percent is the share of items ended, 0 to 100.
func (j Job) Percent() int {
	if j.Total == 0 {
		return 100
	}
	return j.Ended() * 100 / j.Total
}

// Item is one item of a job with its outcome.
type Item struct {
	ID       int64  `db:"id"`
	JobID    int64  `db:"job_id"`
	Position int    `db:"position"`
	ItemID   int64  `db:"item_id"`
	Label    string `db:"label"`
	Status   string `db:"status"`
	ErrorKey string `db:"error_key"`
}

// Store keeps bulk jobs and runs them with the registered actions.
type Store struct {
	DB      *db.DB
	Now     func() time.Time
	Actions map[string]Action // by kind
	Log     *slog.Logger
	wake    chan struct{}
}

// WithLog is the store logging internal item failures to log (their
// detail never reaches the page).
func (s *Store) WithLog(log *slog.Logger) *Store {
	c := *s
	c.Log = log
	return &c
}

// NewStore returns a store on d with the database clock and actions by kind.
func NewStore(d *db.DB, actions map[string]Action) *Store {
	return &Store{DB: d, Now: db.Now, Actions: actions, wake: make(chan struct{}, 1)}
}

const jobCols = `j.id, j.kind, j.call_id, j.params, j.token, j.requested_by, j.role, j.relation, j.org_ids, j.status,
	j.created_at, j.confirmed_at, j.finished_at,
	(SELECT COUNT(*) FROM bulk_job_items i WHERE i.job_id = j.id) AS total,
	(SELECT COUNT(*) FROM bulk_job_items i WHERE i.job_id = j.id AND i.status = 'done') AS succeeded,
	(SELECT COUNT(*) FROM bulk_job_items i WHERE i.job_id = j.id AND i.status = 'failed') AS failed`

// Prepare stores a draft job of kind on callID's items with params, in
// sc's name, and returns it with its confirmation token. Nothing runs
// until Confirm. The targets must already be checked against the scope
// (see CallTargets); none, too many or a repeated one is Invalid.
func (s *Store) Prepare(ctx context.Context, sc access.Scope, kind string, callID int64, params any, targets []Target) (Job, error) {
	st := sc.Store()
	if st.UserID == 0 {
		return Job{}, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	if _, ok := s.Actions[kind]; !ok {
		return Job{}, fmt.Errorf("bulk: no action %q", kind)
	}
	if err := checkTargets(targets); err != nil {
		return Job{}, err
	}
	pj, err := json.Marshal(params)
	if err != nil {
		return Job{}, fmt.Errorf("bulk: params: %w", err)
	}
	token, err := newToken()
	if err != nil {
		return Job{}, err
	}
	ids := make([]string, len(st.OrgIDs))
	for i, id := range st.OrgIDs {
		ids[i] = strconv.FormatInt(id, 10)
	}
	var id int64
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		id, err = db.InsertID(ctx, tx, `INSERT INTO bulk_jobs (kind, call_id, params, token, requested_by, role, relation,
			org_ids, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, kind, callID, string(pj), token,
			st.UserID, st.Role, string(st.Relation), strings.Join(ids, ","), Draft, s.Now())
		if err != nil {
			return fmt.Errorf("bulk: prepare: %w", err)
		}
		for i, t := range targets {
			if _, err := db.Exec(ctx, tx, `INSERT INTO bulk_job_items (job_id, position, item_id, label) VALUES (?, ?, ?, ?)`,
				id, i, t.ID, t.Label); err != nil {
				return fmt.Errorf("bulk: prepare item: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return Job{}, err
	}
	return s.Job(ctx, id, sc)
}

func checkTargets(targets []Target) error {
	switch {
	case len(targets) == 0:
		return apperr.Field("ids", "bulk.error.none_selected")
	case len(targets) > MaxItems:
		return apperr.Field("ids", "bulk.error.too_many")
	}
	seen := map[int64]bool{}
	for _, t := range targets {
		if seen[t.ID] {
			return apperr.Field("ids", "bulk.error.repeated")
		}
		seen[t.ID] = true
	}
	return nil
}

func newToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("bulk: token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// Confirm queues a draft job of sc's user when token is its token. A
// wrong or missing token changes nothing (Invalid on the field "token");
// a job already confirmed is a Conflict; another user's job is NotFound.
func (s *Store) Confirm(ctx context.Context, id int64, sc access.Scope, token string) error {
	j, err := s.Job(ctx, id, sc)
	if err != nil {
		return err
	}
	if j.Status != Draft {
		return apperr.New(apperr.Conflict, "bulk.error.confirmed")
	}
	if token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(j.Token)) != 1 {
		return apperr.Field("token", "bulk.error.token")
	}
	res, err := db.Exec(ctx, s.DB, `UPDATE bulk_jobs SET status = ?, confirmed_at = ? WHERE id = ? AND status = ? AND token = ?`,
		Queued, s.Now(), id, Draft, token)
	if err != nil {
		return fmt.Errorf("bulk: confirm: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.Conflict, "bulk.error.confirmed")
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
	return nil
}

// Job is a job sc's user prepared; NotFound for anyone else's.
func (s *Store) Job(ctx context.Context, id int64, sc access.Scope) (Job, error) {
	cond, args := sc.BulkJobs("j")
	var j Job
	err := db.Get(ctx, s.DB, &j, `SELECT `+jobCols+` FROM bulk_jobs j WHERE j.id = ? AND `+cond, append([]any{id}, args...)...)
	if err != nil {
		return Job{}, err
	}
	j.CreatedAt = j.CreatedAt.UTC()
	return j, nil
}

// File is a file one item of a job made.
type File struct {
	Name    string `db:"file_name"`
	Content []byte `db:"content"`
}

// Files are the files the job's done items made, in item order, for the
// job of sc's user only (NotFound otherwise).
func (s *Store) Files(ctx context.Context, jobID int64, sc access.Scope) ([]File, error) {
	if _, err := s.Job(ctx, jobID, sc); err != nil {
		return nil, err
	}
	out := []File{}
	if err := db.Select(ctx, s.DB, &out, `SELECT file_name, content FROM bulk_job_items WHERE job_id = ? AND status = 'done'
		AND file_name <> '' ORDER BY position, id`, jobID); err != nil {
		return nil, fmt.Errorf("bulk: files: %w", err)
	}
	return out, nil
}

// Items lists a job's items in the order they were selected.
func (s *Store) Items(ctx context.Context, jobID int64) ([]Item, error) {
	out := []Item{}
	if err := db.Select(ctx, s.DB, &out, `SELECT id, job_id, position, item_id, label, status, error_key FROM bulk_job_items
		WHERE job_id = ? ORDER BY position, id`, jobID); err != nil {
		return nil, fmt.Errorf("bulk: items: %w", err)
	}
	return out, nil
}
