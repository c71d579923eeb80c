package dashboard

import (
	"context"
	"time"
)

// Finance is the finance officer's dashboard: payment requests waiting by
// status and age, paid against committed per programme, and the tranches
// coming due.
type Finance struct {
	Waiting    []AgeBand
	Programmes []ProgrammeMoney
	Tranches   []Tranche
}

// The age bands of waiting payment requests, in days since the request.
const (
	AgeWeek  = "week"  // under 7 days
	AgeMonth = "month" // 7 to 30 days
	AgeOlder = "older" // over 30 days
)

// AgeBand is the number of payment requests in one status and age band.
type AgeBand struct {
	Status string `db:"status"`
	Band   string `db:"band"`
	N      int64  `db:"n"`
}

// ProgrammeMoney is one programme's committed and paid amounts in one
// currency (grants of a terminated agreement count what was paid).
type ProgrammeMoney struct {
	ProgrammeID int64  `db:"programme_id"`
	Title       string `db:"title"`
	Currency    string `db:"currency"`
	Committed   int64  `db:"committed_minor"`
	Paid        int64  `db:"paid_minor"`
	Verified    int64  `db:"verified_minor"`
}

// Tranche is a tranche not yet paid, by due date.
type Tranche struct {
	GrantID  int64  `db:"grant_id"`
	Contract string `db:"contract_number"`
	Kind     string `db:"kind"`
	Status   string `db:"status"`
	Currency string `db:"currency"`
	Amount   int64  `db:"amount_minor"`
	DueOn    string `db:"due_on"`
}

// WaitingStatuses are the payment request statuses waiting for finance:
// to verify, to approve, to pay.
var WaitingStatuses = []string{"requested", "verified", "approved"}

// Finance reads the finance officer's dashboard at now.
func (s *Store) Finance(ctx context.Context, sc Scopes, now time.Time) (Finance, error) {
	var out Finance
	gc, ga := sc.Grants.Grants("g")
	week, month := now.UTC().AddDate(0, 0, -7), now.UTC().AddDate(0, 0, -30)
	out.Waiting = []AgeBand{}
	if err := s.sel(ctx, &out.Waiting, `SELECT b.status, b.band, COUNT(*) AS n FROM (
		SELECT pr.status, CASE WHEN pr.requested_at > ? THEN 'week' WHEN pr.requested_at > ? THEN 'month' ELSE 'older' END AS band
		FROM payment_requests pr JOIN grants g ON g.id = pr.grant_id
		WHERE pr.status IN ('requested', 'verified', 'approved') AND `+gc+`) b
		GROUP BY b.status, b.band ORDER BY b.status, b.band`, args([]any{week, month}, ga)...); err != nil {
		return out, err
	}
	var err error
	if out.Programmes, err = s.programmeMoney(ctx, sc); err != nil {
		return out, err
	}
	out.Tranches = []Tranche{}
	err = s.sel(ctx, &out.Tranches, `SELECT g.id AS grant_id, g.contract_number, t.kind, t.status, g.currency, t.amount_minor, t.due_on
		FROM grant_tranches t JOIN grants g ON g.id = t.grant_id
		WHERE t.status IN ('planned', 'due', 'requested') AND g.status IN ('signed', 'active') AND `+gc+`
		ORDER BY t.due_on, g.contract_number, t.position LIMIT 10`, ga...)
	return out, err
}

// programmeMoney sums the grants of sc per programme and currency; verified
// is the eligible spending of approved reports.
func (s *Store) programmeMoney(ctx context.Context, sc Scopes) ([]ProgrammeMoney, error) {
	gc, ga := sc.Grants.Grants("g")
	out := []ProgrammeMoney{}
	return out, s.sel(ctx, &out, `SELECT p.id AS programme_id, p.title, g.currency,
		SUM(CASE WHEN g.status = 'terminated' THEN g.paid_minor ELSE g.amount_minor END) AS committed_minor,
		SUM(g.paid_minor) AS paid_minor,
		COALESCE(SUM((SELECT SUM(e.amount_minor) FROM expenditures e JOIN grantee_reports r ON r.id = e.report_id
			WHERE r.grant_id = g.id AND r.status = 'approved' AND e.eligible = ?)), 0) AS verified_minor
		FROM grants g JOIN programmes p ON p.id = g.programme_id
		WHERE g.status <> 'draft' AND `+gc+` GROUP BY p.id, p.title, g.currency ORDER BY p.title, g.currency`,
		append([]any{true}, ga...)...)
}
