// Package remind sends the scheduled reminders of issue 12 once every
// morning in each programme's time zone: reviews due, grantee reports due
// and overdue, requests for information awaiting an answer, calls closing
// for organisations with a draft, and organisation documents about to
// expire. Each reminder goes once per (kind, item, recipient, bucket): a
// row of reminders_sent written in the notice's own transaction guards it.
package remind

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

// The windows of the reminders.
const (
	ReviewAhead   = 3  // days before a review's due date it is reminded
	ReportAhead   = 7  // days before a report's due date
	InfoAhead     = 3  // days before a request for information's deadline
	CallAhead     = 3  // days before a call closes, for organisations with a draft
	DocumentAhead = 30 // days before an organisation document expires
	OverdueEvery  = 7  // an overdue item is reminded again every this many days
	MorningHour   = 7  // the local hour the daily run starts at (or after)
)

// The kinds of reminder, the first part of their guard's key.
const (
	KindReview   = "review"
	KindReport   = "report"
	KindInfo     = "info"
	KindCall     = "call"
	KindDocument = "document"
)

// DefaultZone is the clock of the reminders that belong to no call (an
// organisation's documents) when the runner names none.
const DefaultZone = "Europe/Tirane"

// Runner finds what is due and sends each reminder once.
type Runner struct {
	DB  *db.DB
	Cat *i18n.Catalogue
	Now func() time.Time
	Log *slog.Logger
	// Zone is the clock of reminders that belong to no call; empty means
	// DefaultZone.
	Zone string
}

// New is a runner on d with the database clock.
func New(d *db.DB, cat *i18n.Catalogue) *Runner {
	return &Runner{DB: d, Cat: cat, Now: db.Now, Log: slog.New(slog.DiscardHandler)}
}

func (r *Runner) now() time.Time {
	if r.Now == nil {
		return db.Now()
	}
	return r.Now().UTC()
}

func (r *Runner) log() *slog.Logger {
	if r.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return r.Log
}

func (r *Runner) zone() string {
	if r.Zone == "" {
		return DefaultZone
	}
	return r.Zone
}

// reminder is one notice to one recipient about one item, or several of
// one call (an evaluator's reviews), each item guarded once in its bucket.
type reminder struct {
	kind   string
	items  []item
	bucket string
	event  string
	link   string
	to     notify.Recipient
	// text writes the notice in l for the items not reminded before
	// (their labels, in order).
	text func(l i18n.Lang, labels []string) (subject, body string)
}

// item is what a reminder is about: its id (the guard's item_id) and how
// a grouped notice names it.
type item struct {
	id    int64
	label string
}

// single is a reminder's text about one item.
func single(text func(l i18n.Lang) (string, string)) func(i18n.Lang, []string) (string, string) {
	return func(l i18n.Lang, _ []string) (string, string) { return text(l) }
}

// Zones lists the time zones reminders run in: every call's, and the
// runner's own for documents.
func (r *Runner) Zones(ctx context.Context) ([]string, error) {
	var zones []string
	if err := db.Select(ctx, r.DB, &zones, `SELECT DISTINCT time_zone FROM calls ORDER BY time_zone`); err != nil {
		return nil, fmt.Errorf("zones of calls: %w", err)
	}
	for _, z := range zones {
		if z == r.zone() {
			return zones, nil
		}
	}
	return append(zones, r.zone()), nil
}

// Pass sends the reminders of zone due at now (its local day), each at
// most once whatever runs at the same time, and returns how many it sent.
func (r *Runner) Pass(ctx context.Context, zone string, now time.Time) (int, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return 0, fmt.Errorf("time zone %q: %w", zone, err)
	}
	d := day{now: now.UTC(), loc: loc, zone: zone}
	var all []reminder
	for _, find := range []func(context.Context, day) ([]reminder, error){r.reviews, r.reports, r.infoRequests, r.closingCalls} {
		rs, err := find(ctx, d)
		if err != nil {
			return 0, err
		}
		all = append(all, rs...)
	}
	if zone == r.zone() {
		rs, err := r.documents(ctx, d)
		if err != nil {
			return 0, err
		}
		all = append(all, rs...)
	}
	sent := 0
	for _, rm := range all {
		ok, err := r.sendOnce(ctx, rm, d.now)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}
