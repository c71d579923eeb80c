package report

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
)

// BackgroundRows is the size from which a report is built in the
// background: the 100,000-row ledger takes about 1.4 s on the 2-core
// reference machine (docs/benchmarks.md), so about 50,000 rows take a
// second.
const BackgroundRows = 50_000

// Job states.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// keepJobs is how long a finished job's file stays for its requester.
const keepJobs = 7 * 24 * time.Hour

// staleAfter is how long a running job may go without finishing before a
// worker takes it again (its server died).
const staleAfter = 15 * time.Minute

// Job is a report built in the background.
type Job struct {
	ID          int64      `db:"id"`
	Name        string     `db:"name"`
	Format      string     `db:"format"`
	Lang        string     `db:"lang"`
	ProgrammeID int64      `db:"programme_id"`
	CallID      int64      `db:"call_id"`
	Stage       string     `db:"stage"`
	GrantID     int64      `db:"grant_id"`
	RequestedBy int64      `db:"requested_by"`
	Role        string     `db:"role"`
	Relation    string     `db:"relation"`
	OrgIDs      string     `db:"org_ids"`
	Status      string     `db:"status"`
	DoneRows    int        `db:"done_rows"`
	TotalRows   int        `db:"total_rows"`
	ErrorKey    string     `db:"error_key"`
	FileName    string     `db:"file_name"`
	ContentType string     `db:"content_type"`
	CreatedAt   time.Time  `db:"created_at"`
	StartedAt   *time.Time `db:"started_at"`
	FinishedAt  *time.Time `db:"finished_at"`
}

// Percent is how far the job is, 0 to 100.
func (j Job) Percent() int {
	switch {
	case j.Status == JobDone:
		return 100
	case j.TotalRows <= 0:
		return 0
	}
	return min(99, j.DoneRows*100/j.TotalRows)
}

const jobCols = `j.id, j.name, j.format, j.lang, j.programme_id, j.call_id, j.stage, j.grant_id, j.requested_by, j.role,
	j.relation, j.org_ids, j.status, j.done_rows, j.total_rows, j.error_key, j.file_name, j.content_type, j.created_at,
	j.started_at, j.finished_at`

// Large reports whether a report of rows rows is built in the background.
func (r *Registry) Large(rows int) bool {
	limit := r.deps.BackgroundRows
	if limit <= 0 {
		limit = BackgroundRows
	}
	return rows >= limit
}

// Rows estimates the rows of a report (0 when it has no estimator), read
// through the request's scope.
func (r *Registry) Rows(ctx context.Context, req Request) (int, error) {
	rep, err := r.Check(req)
	if err != nil {
		return 0, err
	}
	if rep.Rows == nil {
		return 0, nil
	}
	b := &Build{Request: req, deps: r.deps, now: r.deps.Now().UTC()}
	if err := b.load(ctx, rep); err != nil {
		return 0, err
	}
	return rep.Rows(b, ctx)
}

// Enqueue checks the request (the report, its parameters, and that the
// scope reaches them) and queues it for the worker; the job remembers the
// scope. It returns the job's id.
func (r *Registry) Enqueue(ctx context.Context, req Request) (int64, error) {
	rep, err := r.Check(req)
	if err != nil {
		return 0, err
	}
	b := &Build{Request: req, deps: r.deps, now: r.deps.Now().UTC()}
	if err := b.load(ctx, rep); err != nil {
		return 0, err
	}
	st := req.Scope.Store()
	if st.UserID == 0 {
		return 0, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	ids := make([]string, len(st.OrgIDs))
	for i, id := range st.OrgIDs {
		ids[i] = strconv.FormatInt(id, 10)
	}
	id, err := db.InsertID(ctx, r.deps.DB, `INSERT INTO report_jobs (name, format, lang, programme_id, call_id, stage, grant_id,
		requested_by, role, relation, org_ids, scope_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		req.Name, req.Format, string(req.Lang), req.ProgrammeID, req.CallID, req.Stage, req.GrantID, st.UserID, st.Role,
		string(st.Relation), strings.Join(ids, ","), req.Scope.Key(), r.deps.Now())
	if err != nil {
		return 0, fmt.Errorf("report: enqueue: %w", err)
	}
	select {
	case r.wake <- struct{}{}:
	default:
	}
	return id, nil
}

// Job is a job the scope may follow (its requester's or its scope's).
func (r *Registry) Job(ctx context.Context, id int64, sc access.Scope) (Job, error) {
	var j Job
	cond, args := sc.ReportJobs("j")
	err := db.Get(ctx, r.deps.DB, &j, `SELECT `+jobCols+` FROM report_jobs j WHERE j.id = ? AND `+cond, append([]any{id}, args...)...)
	return j, err
}

// JobFile is a finished job's file; NotFound before it is done.
func (r *Registry) JobFile(ctx context.Context, id int64, sc access.Scope) (Document, error) {
	var row struct {
		Name    string `db:"file_name"`
		Type    string `db:"content_type"`
		Content []byte `db:"content"`
	}
	cond, args := sc.ReportJobs("j")
	if err := db.Get(ctx, r.deps.DB, &row, `SELECT j.file_name, j.content_type, j.content FROM report_jobs j
		WHERE j.id = ? AND j.status = 'done' AND `+cond, append([]any{id}, args...)...); err != nil {
		return Document{}, err
	}
	return Document{FileName: row.Name, ContentType: row.Type, Body: row.Content}, nil
}

// RunJobs is the worker: it builds queued jobs one after another until ctx
// ends, waking at every Enqueue and at least every interval.
func (r *Registry) RunJobs(ctx context.Context, every time.Duration, log *slog.Logger) {
	var purged time.Time
	for {
		if time.Since(purged) > time.Hour {
			if err := r.PurgeJobs(ctx); err != nil && ctx.Err() == nil && log != nil {
				log.Error("report jobs: purge", "error", err.Error())
			}
			purged = time.Now()
		}
		for {
			ran, err := r.RunNext(ctx)
			if err != nil && ctx.Err() == nil && log != nil {
				log.Error("report job failed", "error", err.Error())
			}
			if !ran {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		case <-time.After(every):
		}
	}
}

// RunNext claims the oldest queued job (or a stale running one) and builds
// it; false when there was none. The claim is a conditional update, so two
// workers never build the same job.
func (r *Registry) RunNext(ctx context.Context) (bool, error) {
	now := r.deps.Now()
	var j Job
	err := db.Get(ctx, r.deps.DB, &j, `SELECT `+jobCols+` FROM report_jobs j WHERE j.status = 'queued'
		OR (j.status = 'running' AND j.started_at < ?) ORDER BY j.id LIMIT 1`, now.Add(-staleAfter))
	if apperr.Is(err, apperr.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	res, err := db.Exec(ctx, r.deps.DB, `UPDATE report_jobs SET status = 'running', started_at = ?, done_rows = 0
		WHERE id = ? AND (status = 'queued' OR (status = 'running' AND started_at < ?))`, now, j.ID, now.Add(-staleAfter))
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return true, nil // another worker took it
	}
	return true, r.run(ctx, j)
}

// run builds a claimed job and stores the file or the failure.
func (r *Registry) run(ctx context.Context, j Job) error {
	var ids []int64
	for _, s := range strings.Split(j.OrgIDs, ",") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	sc := access.Restore(access.Stored{UserID: j.RequestedBy, Role: j.Role, Relation: access.Relation(j.Relation), OrgIDs: ids})
	last := time.Time{}
	req := Request{Name: j.Name, Format: j.Format, Lang: i18n.Lang(j.Lang), ProgrammeID: j.ProgrammeID, CallID: j.CallID,
		Stage: j.Stage, GrantID: j.GrantID, Scope: sc, Progress: func(done, total int) {
			if time.Since(last) < 300*time.Millisecond {
				return
			}
			last = time.Now()
			_, _ = db.Exec(ctx, r.deps.DB, `UPDATE report_jobs SET done_rows = ?, total_rows = ? WHERE id = ?`, done, total, j.ID)
		}}
	doc, err := r.Build(ctx, req)
	if err != nil {
		key := apperr.As(err).Key
		if _, ferr := db.Exec(ctx, r.deps.DB, `UPDATE report_jobs SET status = 'failed', error_key = ?, finished_at = ? WHERE id = ?`,
			key, r.deps.Now(), j.ID); ferr != nil {
			return errors.Join(err, ferr)
		}
		return fmt.Errorf("report job %d (%s): %w", j.ID, j.Name, err)
	}
	_, err = db.Exec(ctx, r.deps.DB, `UPDATE report_jobs SET status = 'done', file_name = ?, content_type = ?, content = ?,
		done_rows = total_rows, finished_at = ? WHERE id = ?`, doc.FileName, doc.ContentType, doc.Body, r.deps.Now(), j.ID)
	return err
}

// Reaches reports whether the request is valid and its scope reaches its
// programme, call or grant (for links: a page links only reports that
// open).
func (r *Registry) Reaches(ctx context.Context, req Request) bool {
	rep, err := r.Check(req)
	if err != nil {
		return false
	}
	b := &Build{Request: req, deps: r.deps, now: r.deps.Now().UTC()}
	return b.load(ctx, rep) == nil
}

// PurgeJobs deletes the jobs finished more than keepJobs ago, with their
// files.
func (r *Registry) PurgeJobs(ctx context.Context) error {
	_, err := db.Exec(ctx, r.deps.DB, `DELETE FROM report_jobs WHERE status IN ('done', 'failed') AND finished_at < ?`,
		r.deps.Now().Add(-keepJobs))
	return err
}
