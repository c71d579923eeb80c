package remind

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

// titles are a call's title in the three stored languages.
type titles struct {
	SQ string `db:"title_sq"`
	EN string `db:"title_en"`
	SR string `db:"title_sr"`
}

// in is the title for a reader of l, the Albanian one where it is missing.
func (t titles) in(l i18n.Lang) string {
	s := map[i18n.Lang]string{i18n.SQ: t.SQ, i18n.EN: t.EN, i18n.SR: t.SR}[l.Base()]
	if s == "" {
		s = t.SQ
	}
	return l.Script(s)
}

// user is the recipient columns a query selects next to its item.
type user struct {
	UserID int64  `db:"user_id"`
	Email  string `db:"email"`
	Lang   string `db:"lang"`
}

func (u user) recipient() notify.Recipient {
	return notify.Recipient{UserID: u.UserID, Email: u.Email, Lang: u.Lang}
}

// dueText is the text of an item due on a date: the keys under prefix
// (which ends in a dot) "due" or, once late, "overdue", given the date in
// the reader's language and args.
func (r *Runner) dueText(prefix string, dueOn time.Time, late bool, args func(l i18n.Lang) []any) func(l i18n.Lang) (string, string) {
	key := prefix + "due"
	if late {
		key = prefix + "overdue"
	}
	return func(l i18n.Lang) (string, string) {
		a := append([]any{"due", i18n.Date(l, dueOn)}, args(l)...)
		return r.Cat.T(l, key+".subject", a...), r.Cat.T(l, key+".body", a...)
	}
}

// reviews are the active assignments of the zone's calls whose review is
// not submitted and is due within ReviewAhead days or overdue. The
// evaluator gets one notice per call and bucket naming the applications
// (an evaluator of a call has tens of them, usually due together); each
// assignment is guarded on its own, so one added later is reminded too.
func (r *Runner) reviews(ctx context.Context, d day) ([]reminder, error) {
	var rows []struct {
		ID        int64     `db:"id"`
		CallID    int64     `db:"call_id"`
		DueAt     time.Time `db:"due_at"`
		Reference string    `db:"reference"`
		user
		titles
	}
	err := db.Select(ctx, r.DB, &rows, `SELECT ra.id, c.id AS call_id, ra.due_at, COALESCE(a.reference, '') AS reference,
		c.title_sq, c.title_en, c.title_sr, u.id AS user_id, u.email, u.lang
		FROM review_assignments ra JOIN applications a ON a.id = ra.application_id JOIN calls c ON c.id = a.call_id
		JOIN users u ON u.id = ra.user_id LEFT JOIN reviews rv ON rv.assignment_id = ra.id
		WHERE c.time_zone = ? AND ra.status = 'active' AND u.disabled = ? AND ra.due_at IS NOT NULL AND ra.due_at < ?
		AND (rv.status IS NULL OR rv.status <> 'submitted') ORDER BY u.id, c.id, ra.id`, d.zone, false, d.endOfDay(ReviewAhead))
	if err != nil {
		return nil, fmt.Errorf("reviews due: %w", err)
	}
	type group struct {
		user, call int64
		bucket     string
	}
	var out []reminder
	at := map[group]int{}
	for _, row := range rows {
		dueOn := d.date(row.DueAt)
		bucket, late := d.bucket(dueOn)
		g := group{row.UserID, row.CallID, bucket}
		i, ok := at[g]
		if !ok {
			i = len(out)
			at[g] = i
			out = append(out, reminder{kind: KindReview, bucket: bucket, event: notify.EventReviewReminder,
				link: "/reviews", to: row.recipient(), text: r.reviewText(dueOn, late, row.titles)})
		}
		out[i].items = append(out[i].items, item{id: row.ID, label: row.Reference})
	}
	return out, nil
}

// reviewText names the applications whose review is due on dueOn (or
// was, when late), counted in the subject.
func (r *Runner) reviewText(dueOn time.Time, late bool, t titles) func(i18n.Lang, []string) (string, string) {
	key := "remind.review.due." // + "subject" or "body"
	if late {
		key = "remind.review.overdue."
	}
	return func(l i18n.Lang, refs []string) (string, string) {
		a := []any{"due", i18n.Date(l, dueOn), "call", t.in(l), "references", strings.Join(refs, ", ")}
		return r.Cat.N(l, key+"subject", int64(len(refs)), a...), r.Cat.T(l, key+"body", a...)
	}
}

// infoRequests are the unanswered requests for information of the zone's
// calls whose deadline is within InfoAhead days or past, while the
// application still waits for the answer; the applicant's members are
// reminded.
func (r *Runner) infoRequests(ctx context.Context, d day) ([]reminder, error) {
	var rows []struct {
		ID        int64     `db:"id"`
		AppID     int64     `db:"application_id"`
		OrgID     int64     `db:"org_id"`
		DueAt     time.Time `db:"due_at"`
		Reference string    `db:"reference"`
	}
	err := db.Select(ctx, r.DB, &rows, `SELECT ir.id, ir.application_id, a.org_id, ir.due_at, COALESCE(a.reference, '') AS reference
		FROM info_requests ir JOIN applications a ON a.id = ir.application_id JOIN calls c ON c.id = a.call_id
		WHERE c.time_zone = ? AND ir.answered_at IS NULL AND ir.due_at IS NOT NULL AND ir.due_at < ?
		AND a.status = 'info_requested' ORDER BY ir.id`, d.zone, d.endOfDay(InfoAhead))
	if err != nil {
		return nil, fmt.Errorf("requests for information due: %w", err)
	}
	var out []reminder
	for _, row := range rows {
		dueOn := d.date(row.DueAt)
		bucket, late := d.bucket(dueOn)
		ref, loc, at := row.Reference, d.loc, row.DueAt
		text := r.dueText("remind.info.", dueOn, late, func(l i18n.Lang) []any {
			return []any{"reference", ref, "deadline", i18n.DateTime(l, at, loc)}
		})
		rs, err := r.toMembers(ctx, row.OrgID, reminder{kind: KindInfo, items: []item{{id: row.ID}}, bucket: bucket,
			event: notify.EventInfoRequested, link: fmt.Sprintf("/applications/%d/info-requests", row.AppID), text: single(text)})
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

// toMembers is rm addressed to each member of organisation orgID.
func (r *Runner) toMembers(ctx context.Context, orgID int64, rm reminder) ([]reminder, error) {
	to, err := notify.Members(ctx, r.DB, orgID)
	if err != nil {
		return nil, err
	}
	out := make([]reminder, 0, len(to))
	for _, u := range to {
		rm.to = u
		out = append(out, rm)
	}
	return out, nil
}
