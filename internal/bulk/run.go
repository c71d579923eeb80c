package bulk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
)

// staleAfter is how long an item may stay claimed: a worker that died
// while running it leaves it running, and after this long the item is
// marked failed ("interrupted"), never run again, since its action may
// have committed before the crash.
const staleAfter = 10 * time.Minute

// Retention: a draft never confirmed is dropped after draftLife; the
// files (letters) of a finished job are dropped after fileLife. The job,
// its items' outcomes and its audit rows stay.
const (
	draftLife = 24 * time.Hour
	fileLife  = 7 * 24 * time.Hour
)

// Purge drops stale drafts and old files (see draftLife, fileLife).
func (s *Store) Purge(ctx context.Context) error {
	now := s.Now()
	if _, err := db.Exec(ctx, s.DB, `DELETE FROM bulk_jobs WHERE status = ? AND created_at < ?`, Draft, now.Add(-draftLife)); err != nil {
		return fmt.Errorf("bulk: purge drafts: %w", err)
	}
	if _, err := db.Exec(ctx, s.DB, `UPDATE bulk_job_items SET file_name = '', content = NULL
		WHERE file_name <> '' AND finished_at < ?`, now.Add(-fileLife)); err != nil {
		return fmt.Errorf("bulk: purge files: %w", err)
	}
	return nil
}

// RunJobs is the worker: it works queued jobs until ctx ends, waking at
// every Confirm and at least every interval, and purges hourly. Any
// number of workers (on any number of servers) may run; they share the
// items.
func (s *Store) RunJobs(ctx context.Context, every time.Duration) {
	var purged time.Time
	for {
		if time.Since(purged) > time.Hour {
			if err := s.Purge(ctx); err != nil && ctx.Err() == nil && s.Log != nil {
				s.Log.Error("bulk purge", "error", err.Error())
			}
			purged = time.Now()
		}
		for {
			ran, err := s.RunNext(ctx)
			if err != nil && ctx.Err() == nil && s.Log != nil {
				s.Log.Error("bulk job", "error", err.Error())
			}
			if !ran || ctx.Err() != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-time.After(every):
		}
	}
}

// RunNext works the oldest confirmed job that has items pending; false
// when there is none. Jobs whose items have all ended but that were never
// closed (a worker died) are closed first.
func (s *Store) RunNext(ctx context.Context) (bool, error) {
	if err := s.failStale(ctx); err != nil {
		return false, err
	}
	var open []Job
	if err := db.Select(ctx, s.DB, &open, `SELECT `+jobCols+` FROM bulk_jobs j WHERE j.status = 'running'
		AND NOT EXISTS (SELECT 1 FROM bulk_job_items i WHERE i.job_id = j.id AND i.status IN ('pending', 'running'))`); err != nil {
		return false, fmt.Errorf("bulk: open jobs: %w", err)
	}
	for _, j := range open {
		if err := s.finish(s.actorCtx(ctx, j), j); err != nil {
			return false, err
		}
	}
	var ids []int64
	if err := db.Select(ctx, s.DB, &ids, `SELECT j.id FROM bulk_jobs j WHERE j.status IN ('queued', 'running')
		AND EXISTS (SELECT 1 FROM bulk_job_items i WHERE i.job_id = j.id AND i.status = 'pending') ORDER BY j.id LIMIT 1`); err != nil {
		return false, fmt.Errorf("bulk: next job: %w", err)
	}
	if len(ids) == 0 {
		return false, nil
	}
	return true, s.Work(ctx, ids[0])
}

// actorCtx is ctx acting as the job's requester, for the audit rows.
func (s *Store) actorCtx(ctx context.Context, j Job) context.Context {
	return audit.WithActor(ctx, audit.Actor{UserID: j.RequestedBy, Role: j.Role, RequestID: "bulk-" + strconv.FormatInt(j.ID, 10)})
}

// Work runs the items of confirmed job id until none is left, then ends
// the job. Several workers may work one job at once: each item is claimed
// by a conditional update, so it runs exactly once; the job ends (and its
// summary audit row is written) exactly once, by whichever worker sees the
// last item end. A draft or finished job is left as it is.
func (s *Store) Work(ctx context.Context, id int64) error {
	var j Job
	if err := db.Get(ctx, s.DB, &j, `SELECT `+jobCols+` FROM bulk_jobs j WHERE j.id = ?`, id); err != nil {
		return err
	}
	if j.Status != Queued && j.Status != Running {
		return nil
	}
	act, ok := s.Actions[j.Kind]
	if !ok {
		return fmt.Errorf("bulk: job %d: no action %q", j.ID, j.Kind)
	}
	if _, err := db.Exec(ctx, s.DB, `UPDATE bulk_jobs SET status = ? WHERE id = ? AND status = ?`, Running, j.ID, Queued); err != nil {
		return fmt.Errorf("bulk: start job: %w", err)
	}
	sc := restore(j)
	actx := s.actorCtx(ctx, j)
	for ctx.Err() == nil {
		it, ok, err := s.claim(ctx, j.ID)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if err := s.runItem(actx, act, sc, j, it); err != nil {
			return err
		}
	}
	return s.finish(actx, j)
}

// claim takes the job's next pending item; ok false when none is left.
func (s *Store) claim(ctx context.Context, jobID int64) (Item, bool, error) {
	for {
		var its []Item
		if err := db.Select(ctx, s.DB, &its, `SELECT id, job_id, position, item_id, label, status, error_key FROM bulk_job_items
			WHERE job_id = ? AND status = ? ORDER BY position, id LIMIT 1`, jobID, ItemPending); err != nil {
			return Item{}, false, fmt.Errorf("bulk: next item: %w", err)
		}
		if len(its) == 0 {
			return Item{}, false, nil
		}
		res, err := db.Exec(ctx, s.DB, `UPDATE bulk_job_items SET status = ?, claimed_at = ? WHERE id = ? AND status = ?`,
			ItemRunning, s.Now(), its[0].ID, ItemPending)
		if err != nil {
			return Item{}, false, fmt.Errorf("bulk: claim item: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return its[0], true, nil
		}
		// another worker took it: try the next one
	}
}

// runItem runs the action on one claimed item and records its outcome:
// done, or failed with the catalogue key of the reason.
func (s *Store) runItem(ctx context.Context, act Action, sc access.Scope, j Job, it Item) error {
	out, err := act(ctx, sc, j.RequestedBy, it.ItemID, json.RawMessage(j.Params))
	status, key := ItemDone, ""
	if err != nil {
		status, key = ItemFailed, reasonKey(err)
		if apperr.CodeOf(err) == apperr.Internal && s.Log != nil {
			s.Log.Error("bulk item failed", "job", j.ID, "item", it.ItemID, "error", err.Error())
		}
	}
	if err != nil {
		out = Output{}
	}
	if _, uerr := db.Exec(context.WithoutCancel(ctx), s.DB, `UPDATE bulk_job_items SET status = ?, error_key = ?, finished_at = ?,
		file_name = ?, content = ? WHERE id = ?`, status, key, s.Now(), out.FileName, out.Content, it.ID); uerr != nil {
		return errors.Join(fmt.Errorf("bulk: record item: %w", uerr), err)
	}
	return nil
}

// reasonKey is the catalogue key that explains err to the officer: the
// field error of an invalid request, the error's own key, or a generic one
// for an internal error (whose detail goes to the log only).
func reasonKey(err error) string {
	e := apperr.As(err)
	if e.Code == apperr.Internal {
		return "bulk.error.internal"
	}
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for _, k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return keys[0]
	}
	if e.Key == "" {
		return "bulk.error.internal"
	}
	return e.Key
}

// finish ends the job once no item is pending or running, with one audit
// row for the whole action (kind, call and counts). The conditional
// update lets exactly one worker do it.
func (s *Store) finish(ctx context.Context, j Job) error {
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		res, err := db.Exec(ctx, tx, `UPDATE bulk_jobs SET status = ?, finished_at = ? WHERE id = ? AND status = ?
			AND NOT EXISTS (SELECT 1 FROM bulk_job_items i WHERE i.job_id = ? AND i.status IN ('pending', 'running'))`,
			Done, s.Now(), j.ID, Running, j.ID)
		if err != nil {
			return fmt.Errorf("bulk: finish: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		var rows []struct {
			ItemID int64  `db:"item_id"`
			Status string `db:"status"`
		}
		if err := db.Select(ctx, tx, &rows, `SELECT item_id, status FROM bulk_job_items WHERE job_id = ? ORDER BY position, id`,
			j.ID); err != nil {
			return fmt.Errorf("bulk: outcomes: %w", err)
		}
		ok, failed := []int64{}, []int64{}
		for _, r := range rows {
			if r.Status == ItemDone {
				ok = append(ok, r.ItemID)
			} else {
				failed = append(failed, r.ItemID)
			}
		}
		return audit.Write(ctx, tx, audit.Entry{Action: "bulk." + j.Kind, Object: "bulk_job", ObjectID: j.ID,
			Payload: map[string]any{"kind": j.Kind, "call_id": j.CallID, "params": json.RawMessage(j.Params),
				"total": len(rows), "succeeded": len(ok), "failed": len(failed), "succeeded_ids": ok, "failed_ids": failed}})
	})
}

// failStale marks failed the items claimed longer than staleAfter ago (a
// worker died while running them) and lets their jobs end.
func (s *Store) failStale(ctx context.Context) error {
	var jobs []int64
	cutoff := s.Now().Add(-staleAfter)
	if err := db.Select(ctx, s.DB, &jobs, `SELECT DISTINCT job_id FROM bulk_job_items WHERE status = ? AND claimed_at < ?`,
		ItemRunning, cutoff); err != nil || len(jobs) == 0 {
		return err
	}
	if _, err := db.Exec(ctx, s.DB, `UPDATE bulk_job_items SET status = ?, error_key = 'bulk.error.interrupted', finished_at = ?
		WHERE status = ? AND claimed_at < ?`, ItemFailed, s.Now(), ItemRunning, cutoff); err != nil {
		return fmt.Errorf("bulk: stale items: %w", err)
	}
	return nil
}

// restore is the scope the job was prepared under.
func restore(j Job) access.Scope {
	var ids []int64
	for _, p := range strings.Split(j.OrgIDs, ",") {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return access.Restore(access.Stored{UserID: j.RequestedBy, Role: j.Role, Relation: access.Relation(j.Relation), OrgIDs: ids})
}
