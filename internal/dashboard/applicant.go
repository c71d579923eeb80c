package dashboard

import (
	"context"
	"time"
)

// Applicant is the applicant's dashboard: its organisations' applications
// by state, the open calls' closing dates, the requests for information
// and reports it owes, and its grants' money.
type Applicant struct {
	ByStatus     []Count
	Deadlines    []Deadline
	InfoRequests []InfoRequest
	Reports      []ReportDue
	Grants       []GrantMoney
}

// Deadline is an open call and when it closes.
type Deadline struct {
	CallID    int64      `db:"id"`
	Reference string     `db:"reference"`
	TitleSQ   string     `db:"title_sq"`
	TitleEN   string     `db:"title_en"`
	TitleSR   string     `db:"title_sr"`
	ClosesAt  *time.Time `db:"closes_at"`
	Drafts    int64      `db:"drafts"` // the user's applications still in draft there
}

// InfoRequest is an unanswered request for information.
type InfoRequest struct {
	ID            int64      `db:"id"`
	ApplicationID int64      `db:"application_id"`
	Reference     string     `db:"reference"`
	Title         string     `db:"title"`
	DueAt         *time.Time `db:"due_at"`
}

// ReportDue is a grantee report not yet submitted or sent back.
type ReportDue struct {
	ID       int64  `db:"id"`
	GrantID  int64  `db:"grant_id"`
	Contract string `db:"contract_number"`
	Kind     string `db:"kind"`
	DueOn    string `db:"due_on"`
	Status   string `db:"status"`
}

// GrantMoney is a grant's amount, what was paid and what is due now
// (tranches due or requested).
type GrantMoney struct {
	ID       int64  `db:"id"`
	Contract string `db:"contract_number"`
	Status   string `db:"status"`
	Currency string `db:"currency"`
	Amount   int64  `db:"amount_minor"`
	Paid     int64  `db:"paid_minor"`
	Due      int64  `db:"due_minor"`
}

// statusCounts counts the applications of sc by status.
func (s *Store) statusCounts(ctx context.Context, sc Scopes) ([]Count, error) {
	cond, a := sc.Applications.Applications("a")
	out := []Count{}
	err := s.sel(ctx, &out, `SELECT a.status AS k, COUNT(*) AS n FROM applications a WHERE `+cond+`
		GROUP BY a.status ORDER BY a.status`, a...)
	return out, err
}

// Applicant reads the applicant's dashboard at now.
func (s *Store) Applicant(ctx context.Context, sc Scopes, now time.Time) (Applicant, error) {
	var out Applicant
	var err error
	if out.ByStatus, err = s.statusCounts(ctx, sc); err != nil {
		return out, err
	}
	cc, ca := sc.Calls.Calls("c")
	ac, aa := sc.Applications.Applications("a")
	out.Deadlines = []Deadline{}
	if err = s.sel(ctx, &out.Deadlines, `SELECT c.id, c.reference, c.title_sq, c.title_en, c.title_sr, c.closes_at,
		(SELECT COUNT(*) FROM applications a WHERE a.call_id = c.id AND a.status = 'draft' AND `+ac+`) AS drafts
		FROM calls c WHERE c.state = 'published' AND c.closes_at > ? AND `+cc+`
		ORDER BY c.closes_at, c.id LIMIT 10`, args(aa, []any{now.UTC()}, ca)...); err != nil {
		return out, err
	}
	for i := range out.Deadlines {
		out.Deadlines[i].ClosesAt = utc(out.Deadlines[i].ClosesAt)
	}
	out.InfoRequests = []InfoRequest{}
	if err = s.sel(ctx, &out.InfoRequests, `SELECT ir.id, a.id AS application_id, COALESCE(a.reference, '') AS reference,
		a.title, ir.due_at FROM info_requests ir JOIN applications a ON a.id = ir.application_id
		WHERE ir.answered_at IS NULL AND a.status = 'info_requested' AND `+ac+`
		ORDER BY CASE WHEN ir.due_at IS NULL THEN 1 ELSE 0 END, ir.due_at, ir.id`, aa...); err != nil {
		return out, err
	}
	for i := range out.InfoRequests {
		out.InfoRequests[i].DueAt = utc(out.InfoRequests[i].DueAt)
	}
	if out.Reports, err = s.reportsOwed(ctx, sc, "", 20); err != nil {
		return out, err
	}
	out.Grants, err = s.grantMoney(ctx, sc)
	return out, err
}

// reportsOwed lists the reports not yet submitted (or sent back), due
// before `before` when it is not empty, earliest first.
func (s *Store) reportsOwed(ctx context.Context, sc Scopes, before string, limit int) ([]ReportDue, error) {
	gc, ga := sc.Grants.Grants("g")
	q := `SELECT r.id, g.id AS grant_id, g.contract_number, r.kind, r.due_on, r.status
		FROM grantee_reports r JOIN grants g ON g.id = r.grant_id
		WHERE r.status IN ('due', 'draft', 'changes_requested') AND g.status IN ('signed', 'active') AND ` + gc
	if before != "" {
		q += ` AND r.due_on < ?`
		ga = append(ga, before)
	}
	q += ` ORDER BY r.due_on, r.id LIMIT ?`
	out := []ReportDue{}
	return out, s.sel(ctx, &out, q, append(ga, limit)...)
}

func (s *Store) grantMoney(ctx context.Context, sc Scopes) ([]GrantMoney, error) {
	gc, ga := sc.Grants.Grants("g")
	out := []GrantMoney{}
	return out, s.sel(ctx, &out, `SELECT g.id, g.contract_number, g.status, g.currency, g.amount_minor, g.paid_minor,
		COALESCE((SELECT SUM(t.amount_minor) FROM grant_tranches t WHERE t.grant_id = g.id AND t.status IN ('due', 'requested')), 0) AS due_minor
		FROM grants g WHERE g.status <> 'draft' AND `+gc+` ORDER BY g.contract_number`, ga...)
}
