package remind

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/db"
)

// staleRun is how long a claimed run may stay unfinished before another
// check takes it over (its process died mid-pass).
const staleRun = time.Hour

// Tick runs the morning pass of every zone where it is now MorningHour or
// later and whose run of the local day nobody claimed yet; it returns how
// many reminders it sent. Any number of processes may tick at once: a
// zone's day is claimed by one of them, and the reminders' guard keeps
// each one once even so.
func (r *Runner) Tick(ctx context.Context) (int, error) {
	now := r.now()
	zones, err := r.Zones(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, zone := range zones {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			r.log().Warn("remind: unknown time zone, skipped", "zone", zone, "err", err)
			continue
		}
		local := now.In(loc)
		if local.Hour() < MorningHour {
			continue
		}
		today := local.Format(dateLayout)
		claimed, err := r.claim(ctx, zone, today, now)
		if err != nil || !claimed {
			if err != nil {
				return sent, err
			}
			continue
		}
		n, err := r.Pass(ctx, zone, now)
		sent += n
		if err != nil {
			// free the day so that the next check tries again; what was
			// sent is guarded and will not go twice
			_, _ = db.Exec(ctx, r.DB, `DELETE FROM remind_runs WHERE zone = ? AND day = ? AND finished_at IS NULL`, zone, today)
			return sent, fmt.Errorf("reminders of %s on %s: %w", zone, today, err)
		}
		if _, err := db.Exec(ctx, r.DB, `UPDATE remind_runs SET finished_at = ?, sent = ? WHERE zone = ? AND day = ?`,
			r.now(), n, zone, today); err != nil {
			return sent, fmt.Errorf("finish the run of %s: %w", zone, err)
		}
		r.log().Info("remind: morning run", "zone", zone, "day", today, "sent", n)
	}
	return sent, nil
}

// claim takes zone's run of day: a new row, or one whose process left it
// unfinished for longer than staleRun.
func (r *Runner) claim(ctx context.Context, zone, day string, now time.Time) (bool, error) {
	res, err := db.Exec(ctx, r.DB, `INSERT INTO remind_runs (zone, day, started_at) VALUES (?, ?, ?)
		ON CONFLICT (zone, day) DO NOTHING`, zone, day, now)
	if err != nil {
		return false, fmt.Errorf("claim the run of %s: %w", zone, err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return true, nil
	}
	res, err = db.Exec(ctx, r.DB, `UPDATE remind_runs SET started_at = ? WHERE zone = ? AND day = ?
		AND finished_at IS NULL AND started_at < ?`, now, zone, day, now.Add(-staleRun))
	if err != nil {
		return false, fmt.Errorf("take over the run of %s: %w", zone, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// RunOnce runs the pass of every zone at once, whatever the hour and
// whether its morning run happened: `portal remind`. What was already
// sent is not sent again.
func (r *Runner) RunOnce(ctx context.Context) (int, error) {
	zones, err := r.Zones(ctx)
	if err != nil {
		return 0, err
	}
	now, sent := r.now(), 0
	for _, zone := range zones {
		if _, err := time.LoadLocation(zone); err != nil {
			r.log().Warn("remind: unknown time zone, skipped", "zone", zone, "err", err)
			continue
		}
		n, err := r.Pass(ctx, zone, now)
		sent += n
		if err != nil {
			return sent, fmt.Errorf("reminders of %s: %w", zone, err)
		}
	}
	return sent, nil
}

// Run ticks every interval until ctx ends (portal serve starts it), the
// first time at once; a failed tick is logged and retried at the next.
func (r *Runner) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := r.Tick(ctx); err != nil && ctx.Err() == nil {
			r.log().Error("remind: run failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
