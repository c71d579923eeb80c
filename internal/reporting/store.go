package reporting

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
)

const cols = `r.id, r.grant_id, r.kind, r.position, r.period_start, r.period_end, r.due_on, r.status, r.difficulties,
	r.submitted_by, r.submitted_at, r.decided_by, r.decided_at, r.reason, r.created_at, r.updated_at,
	g.contract_number, g.org_id, o.name AS org_name, g.programme_id, g.application_id, g.currency,
	COALESCE((SELECT SUM(e.amount_minor) FROM expenditures e WHERE e.report_id = r.id), 0) AS spent_minor,
	COALESCE((SELECT SUM(e.amount_minor) FROM expenditures e WHERE e.report_id = r.id AND e.eligible = ?), 0) AS eligible_minor`

const from = ` FROM grantee_reports r JOIN grants g ON g.id = r.grant_id JOIN organisations o ON o.id = g.org_id`

// Get returns report id; NotFound when there is none or the scope does not
// reach its grant.
func (s *Store) Get(ctx context.Context, sc access.Scope, id int64) (Report, error) {
	return get(ctx, s.DB, sc, id)
}

func get(ctx context.Context, c db.Conn, sc access.Scope, id int64) (Report, error) {
	cond, args := sc.Grants("g")
	var r Report
	err := db.Get(ctx, c, &r, `SELECT `+cols+from+` WHERE r.id = ? AND `+cond, append([]any{true, id}, args...)...)
	return r, err
}

// ForGrant lists the reports of grant grantID in calendar order; NotFound
// when the scope does not reach the grant.
func (s *Store) ForGrant(ctx context.Context, sc access.Scope, grantID int64) ([]Report, error) {
	cond, args := sc.Grants("g")
	var n int
	if err := db.Get(ctx, s.DB, &n, `SELECT COUNT(*) FROM grants g WHERE g.id = ? AND `+cond,
		append([]any{grantID}, args...)...); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, notFound()
	}
	out := []Report{}
	err := db.Select(ctx, s.DB, &out, `SELECT `+cols+from+` WHERE r.grant_id = ? AND `+cond+` ORDER BY r.position`,
		append([]any{true, grantID}, args...)...)
	return out, err
}

// Filter narrows the list of reports.
type Filter struct {
	Status  Status // one state, or "" for every state
	Open    bool   // only reports not yet approved
	Overdue bool   // only overdue ones (editable, due before today)
}

// List returns the reports the scope reaches, earliest due first.
func (s *Store) List(ctx context.Context, sc access.Scope, f Filter) ([]Report, error) {
	cond, args := sc.Grants("g")
	q := `SELECT ` + cols + from + ` WHERE ` + cond
	args = append([]any{true}, args...)
	if f.Status != "" {
		q += ` AND r.status = ?`
		args = append(args, f.Status)
	}
	if f.Open {
		q += ` AND r.status <> 'approved'`
	}
	if f.Overdue {
		q += ` AND r.status IN ('due', 'draft', 'changes_requested') AND r.due_on < ?`
		args = append(args, s.Today())
	}
	out := []Report{}
	err := db.Select(ctx, s.DB, &out, q+` ORDER BY r.due_on, r.id`, args...)
	return out, err
}

// BudgetLine is a line of the grant's budget as a report names it: its
// position (1-based, in the budget's order) and heading.
type BudgetLine struct {
	Position    int    `db:"position" json:"position"`
	Heading     string `db:"heading" json:"heading"`
	Description string `db:"description" json:"description"`
	TotalMinor  int64  `db:"total_minor" json:"total_minor"`
}

// budget reads the grant's budget: the lines of the application it was
// awarded on, in order. (A grant whose budget the officer corrected keeps
// the same lines in the same order; when grant_budget_lines exists the
// integration points this one query at it.)
func budget(ctx context.Context, c db.Conn, applicationID int64) ([]BudgetLine, error) {
	var raw []BudgetLine
	if err := db.Select(ctx, c, &raw, `SELECT position, heading, description, total_minor FROM application_budget_lines
		WHERE application_id = ? ORDER BY position, id`, applicationID); err != nil {
		return nil, fmt.Errorf("budget: %w", err)
	}
	for i := range raw {
		raw[i].Position = i + 1
	}
	return raw, nil
}

// IndicatorRow is the progress of one logframe indicator.
type IndicatorRow struct {
	Position             int    `db:"position" json:"position"`
	Result               string `db:"result" json:"result"`
	Indicator            string `db:"indicator" json:"indicator"`
	Target               string `db:"target" json:"target"`
	ProgrammeIndicatorID *int64 `db:"programme_indicator_id" json:"programme_indicator_id"`
	Achieved             int64  `db:"achieved" json:"achieved"`
}

// Beneficiary is one cell of the beneficiaries table.
type Beneficiary struct {
	TargetGroup string `db:"target_group" json:"target_group"`
	Gender      string `db:"gender" json:"gender"`
	AgeBand     string `db:"age_band" json:"age_band"`
	Disability  bool   `db:"disability" json:"disability"`
	Count       int64  `db:"count" json:"count"`
}

// Expenditure is one cost of the expenditure list.
type Expenditure struct {
	ID               int64   `db:"id" json:"id"`
	ReportID         int64   `db:"report_id" json:"-"`
	LinePosition     int     `db:"line_position" json:"line_position"`
	Heading          string  `db:"heading" json:"heading"`
	SpentOn          string  `db:"spent_on" json:"spent_on"`
	Supplier         string  `db:"supplier" json:"supplier"`
	Description      string  `db:"description" json:"description"`
	AmountMinor      int64   `db:"amount_minor" json:"amount_minor"`
	DocumentRef      string  `db:"document_ref" json:"document_ref"`
	FileName         string  `db:"file_name" json:"file_name"`
	StoredName       *string `db:"stored_name" json:"-"`
	ContentType      string  `db:"content_type" json:"-"`
	SizeBytes        int64   `db:"size_bytes" json:"-"`
	SHA256           string  `db:"sha256" json:"sha256,omitempty"`
	Eligible         bool    `db:"eligible" json:"eligible"`
	IneligibleReason string  `db:"ineligible_reason" json:"ineligible_reason"`
}

// Detail is a report with its sections and its financial table.
type Detail struct {
	Report
	Indicators    []IndicatorRow `json:"indicators"`
	Beneficiaries []Beneficiary  `json:"beneficiaries"`
	Expenditures  []Expenditure  `json:"expenditures"`
	Explanations  map[int]string `json:"-"`
	Budget        []BudgetLine   `json:"-"`
	Lines         []Line         `json:"lines"`
	ThresholdBP   int64          `json:"variance_explain_bp"`
	Rollup        []Rollup       `json:"rollup"`
	Settlement    *Settlement    `json:"settlement,omitempty"`
	Recovery      *RecoveryOrder `json:"recovery_order,omitempty"`
	// Groups are the target groups of the beneficiaries table: the
	// application's and any the report already counts.
	Groups []string `json:"-"`
}

// Rollup is the achievement of the grant's indicators summed per programme
// indicator.
type Rollup struct {
	ProgrammeIndicatorID int64  `db:"id" json:"programme_indicator_id"`
	Result               string `db:"result" json:"result"`
	Indicator            string `db:"indicator" json:"indicator"`
	Target               string `db:"target" json:"target"`
	Achieved             int64  `db:"-" json:"achieved"`
}

type programmeIndicator struct {
	ID        int64  `db:"id"`
	Result    string `db:"result"`
	Indicator string `db:"indicator"`
	Target    string `db:"target"`
}

func norm(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// rollupTo is the programme indicator an application indicator rolls up to:
// the one measuring the same result (compared without case or extra
// spaces), or nil.
func rollupTo(pis []programmeIndicator, result string) *int64 {
	for _, pi := range pis {
		if norm(pi.Result) == norm(result) {
			id := pi.ID
			return &id
		}
	}
	return nil
}

type logframe struct {
	Indicators []struct {
		Result    string `json:"result"`
		Indicator string `json:"indicator"`
		Target    string `json:"target"`
	} `json:"indicators"`
}

// indicators is the report's indicator table: every logframe indicator of
// the application with what the report records as achieved.
func indicators(ctx context.Context, c db.Conn, r Report) ([]IndicatorRow, []programmeIndicator, error) {
	var raw string
	if err := db.Get(ctx, c, &raw, `SELECT logframe FROM applications WHERE id = ?`, r.ApplicationID); err != nil {
		return nil, nil, err
	}
	var lf logframe
	if err := json.Unmarshal([]byte(raw), &lf); err != nil {
		return nil, nil, fmt.Errorf("logframe: %w", err)
	}
	var pis []programmeIndicator
	if err := db.Select(ctx, c, &pis, `SELECT id, result, indicator, target FROM programme_indicators
		WHERE programme_id = ? ORDER BY position, id`, r.ProgrammeID); err != nil {
		return nil, nil, err
	}
	var saved []IndicatorRow
	if err := db.Select(ctx, c, &saved, `SELECT position, result, indicator, target, programme_indicator_id, achieved
		FROM report_indicators WHERE report_id = ?`, r.ID); err != nil {
		return nil, nil, err
	}
	got := map[int]int64{}
	for _, s := range saved {
		got[s.Position] = s.Achieved
	}
	out := []IndicatorRow{}
	for i, in := range lf.Indicators {
		out = append(out, IndicatorRow{Position: i + 1, Result: in.Result, Indicator: in.Indicator, Target: in.Target,
			ProgrammeIndicatorID: rollupTo(pis, in.Result), Achieved: got[i+1]})
	}
	return out, pis, nil
}

// Load returns report id with its sections; NotFound when the scope does
// not reach its grant.
func (s *Store) Load(ctx context.Context, sc access.Scope, id int64) (Detail, error) {
	return s.load(ctx, s.DB, sc, id)
}

func (s *Store) load(ctx context.Context, c db.Conn, sc access.Scope, id int64) (Detail, error) {
	r, err := get(ctx, c, sc, id)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Report: r, Explanations: map[int]string{}}
	var pis []programmeIndicator
	if d.Indicators, pis, err = indicators(ctx, c, r); err != nil {
		return d, err
	}
	for _, pi := range pis {
		ru := Rollup{ProgrammeIndicatorID: pi.ID, Result: pi.Result, Indicator: pi.Indicator, Target: pi.Target}
		for _, in := range d.Indicators {
			if in.ProgrammeIndicatorID != nil && *in.ProgrammeIndicatorID == pi.ID {
				ru.Achieved += in.Achieved
			}
		}
		d.Rollup = append(d.Rollup, ru)
	}
	d.Beneficiaries = []Beneficiary{}
	if err := db.Select(ctx, c, &d.Beneficiaries, `SELECT target_group, gender, age_band, disability, count
		FROM report_beneficiaries WHERE report_id = ? ORDER BY target_group, gender, age_band, disability`, id); err != nil {
		return d, err
	}
	if err := db.Select(ctx, c, &d.Groups, `SELECT target_group FROM application_target_groups WHERE application_id = ?
		UNION SELECT target_group FROM report_beneficiaries WHERE report_id = ? ORDER BY 1`, r.ApplicationID, id); err != nil {
		return d, err
	}
	d.Expenditures = []Expenditure{}
	if err := db.Select(ctx, c, &d.Expenditures, `SELECT id, report_id, line_position, heading, spent_on, supplier,
		description, amount_minor, document_ref, file_name, stored_name, content_type, size_bytes, sha256, eligible,
		ineligible_reason FROM expenditures WHERE report_id = ? ORDER BY spent_on, id`, id); err != nil {
		return d, err
	}
	var ex []struct {
		Line        int    `db:"line_position"`
		Explanation string `db:"explanation"`
	}
	if err := db.Select(ctx, c, &ex, `SELECT line_position, explanation FROM report_line_explanations
		WHERE report_id = ?`, id); err != nil {
		return d, err
	}
	for _, e := range ex {
		d.Explanations[e.Line] = e.Explanation
	}
	g, err := loadGrant(ctx, c, r.GrantID, false)
	if err != nil {
		return d, err
	}
	p, err := s.profile(g.Profile)
	if err != nil {
		return d, err
	}
	d.ThresholdBP = p.Reporting.VarianceExplainBP
	if d.Budget, err = budget(ctx, c, g.ApplicationID); err != nil {
		return d, err
	}
	earlier, err := earlierSpending(ctx, c, r)
	if err != nil {
		return d, err
	}
	d.Lines = lines(g, r, d.Budget, earlier, d.Expenditures, d.Explanations, d.ThresholdBP)
	if r.Kind == Final {
		st, err := settlementOf(ctx, c, g, r)
		if err != nil {
			return d, err
		}
		d.Settlement = &st
		var ro []RecoveryOrder
		if err := db.Select(ctx, c, &ro, `SELECT `+recoveryCols+` FROM recovery_orders ro WHERE ro.grant_id = ?`,
			r.GrantID); err != nil {
			return d, err
		}
		if len(ro) > 0 {
			d.Recovery = &ro[0]
		}
	}
	return d, nil
}

// earlierSpending is the eligible spending per budget line of the grant's
// approved reports before r.
func earlierSpending(ctx context.Context, c db.Conn, r Report) (map[int]int64, error) {
	var rows []struct {
		Line   int   `db:"line_position"`
		Amount int64 `db:"amount"`
	}
	err := db.Select(ctx, c, &rows, `SELECT e.line_position, SUM(e.amount_minor) AS amount FROM expenditures e
		JOIN grantee_reports r ON r.id = e.report_id
		WHERE r.grant_id = ? AND r.position < ? AND r.status = 'approved' AND e.eligible = ?
		GROUP BY e.line_position`, r.GrantID, r.Position, true)
	out := map[int]int64{}
	for _, x := range rows {
		out[x.Line] = x.Amount
	}
	return out, err
}
