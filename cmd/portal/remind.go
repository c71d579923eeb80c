package main

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/remind"
)

// remindEvery is how often portal serve checks whether a zone's morning
// run of the reminders is due.
const remindEvery = 5 * time.Minute

// newReminders is the runner of the scheduled reminders on d.
func newReminders(d *db.DB) (*remind.Runner, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	return remind.New(d, cat), nil
}

// runRemind sends the reminders due now (or at --now) in every time zone
// at once, whatever the hour; what was sent before is not sent again.
func runRemind(ctx context.Context, cio cmdIO, args []string) error {
	fs, f := newFlags(cio, "remind [--now RFC3339] [flags]",
		"Send the reminders due now in every programme's time zone, once each (portal serve does this every morning by itself).")
	at := fs.String("now", "", "act as if it were this moment, e.g. 2026-12-07T07:00:00+01:00 (default: now)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var now time.Time
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return fmt.Errorf("--now: %w", err)
		}
		now = t.UTC()
	}
	_, d, err := openDB(ctx, fs, f)
	if err != nil {
		return err
	}
	defer d.Close()
	r, err := newReminders(d)
	if err != nil {
		return err
	}
	if !now.IsZero() {
		r.Now = func() time.Time { return now }
	}
	n, err := r.RunOnce(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(cio.out, "reminders sent: %d (their e-mails wait in the outbox for portal serve)\n", n)
	return nil
}
