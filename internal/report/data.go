package report

import (
	"context"
	"fmt"

	"github.com/subgrant/portal/internal/db"
)

// GrantFacts are a sub-grant as the reports show it.
type GrantFacts struct {
	ID           int64  `db:"id"`
	ProgrammeID  int64  `db:"programme_id"`
	Contract     string `db:"contract_number"`
	OrgID        int64  `db:"org_id"`
	Grantee      string `db:"grantee"`
	Municipality string `db:"municipality"`
	Purpose      string `db:"purpose"`
	Currency     string `db:"currency"`
	Amount       int64  `db:"amount_minor"`
	Paid         int64  `db:"paid_minor"`
	StartsOn     string `db:"starts_on"`
	EndsOn       string `db:"ends_on"`
	Status       string `db:"status"`
}

// grantCols read a grant with its grantee (the legal name when the profile
// has one), the grantee's municipality and the title of its application.
const grantCols = `g.id, g.programme_id, g.contract_number, g.org_id,
	COALESCE(NULLIF(op.legal_name, ''), o.name) AS grantee, COALESCE(op.municipality, '') AS municipality,
	a.title AS purpose, g.currency, g.amount_minor, g.paid_minor, g.starts_on, g.ends_on, g.status
	FROM grants g JOIN organisations o ON o.id = g.org_id
	LEFT JOIN organisation_profiles op ON op.org_id = g.org_id
	JOIN applications a ON a.id = g.application_id`

// awardedStatuses are the grants a report counts: signed and after, never
// a draft or a terminated agreement.
const awardedStatuses = `g.status IN ('signed', 'active', 'suspended', 'closed')`

func (b *Build) grantFacts(ctx context.Context) (GrantFacts, error) {
	var g GrantFacts
	cond, args := b.Scope.Grants("g")
	err := db.Get(ctx, b.deps.DB, &g, `SELECT `+grantCols+` WHERE g.id = ? AND `+cond, append([]any{b.GrantID}, args...)...)
	return g, err
}

// grants are the programme's awarded grants the scope reaches, by contract.
func (b *Build) grants(ctx context.Context) ([]GrantFacts, error) {
	out := []GrantFacts{}
	cond, args := b.Scope.Grants("g")
	err := db.Select(ctx, b.deps.DB, &out, `SELECT `+grantCols+` WHERE g.programme_id = ? AND `+awardedStatuses+` AND `+cond+
		` ORDER BY g.contract_number, g.id`, append([]any{b.ProgrammeID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("report: grants: %w", err)
	}
	return out, nil
}

// amounts are a grant's figures under one budget heading.
type amounts struct {
	Budget     int64 // the grant's budget lines
	Period     int64 // eligible expenditure of the latest report submitted or approved
	Cumulative int64 // eligible expenditure of every report submitted or approved
	Reported   int64 // every expenditure of those reports, eligible or not
	Accepted   int64 // eligible expenditure of approved reports
	Explain    []string
}

// figures are every grant's amounts by heading: figures[grantID][heading].
type figures map[int64]map[string]*amounts

func (f figures) at(grant int64, heading string) *amounts {
	if f[grant] == nil {
		f[grant] = map[string]*amounts{}
	}
	if f[grant][heading] == nil {
		f[grant][heading] = &amounts{}
	}
	return f[grant][heading]
}

// figuresOf reads the budget, the expenditure and the explanations of the
// given grants (already reached through the scope) by heading.
func (b *Build) figuresOf(ctx context.Context, gs []GrantFacts) (figures, error) {
	f := figures{}
	if len(gs) == 0 {
		return f, nil
	}
	ids, args := idList(gs)
	var lines []struct {
		Grant   int64  `db:"grant_id"`
		Heading string `db:"heading"`
		Total   int64  `db:"total"`
	}
	if err := db.Select(ctx, b.deps.DB, &lines, `SELECT grant_id, heading, SUM(total_minor) AS total FROM grant_budget_lines
		WHERE grant_id IN (`+ids+`) GROUP BY grant_id, heading`, args...); err != nil {
		return nil, fmt.Errorf("report: budget lines: %w", err)
	}
	for _, l := range lines {
		f.at(l.Grant, l.Heading).Budget += l.Total
	}
	var spent []struct {
		Grant    int64  `db:"grant_id"`
		Heading  string `db:"heading"`
		Latest   bool   `db:"latest"`
		Approved bool   `db:"approved"`
		Eligible bool   `db:"eligible"`
		Amount   int64  `db:"amount"`
	}
	if err := db.Select(ctx, b.deps.DB, &spent, `SELECT r.grant_id, e.heading,
		CASE WHEN r.position = (SELECT MAX(x.position) FROM grantee_reports x WHERE x.grant_id = r.grant_id
			AND x.status IN ('submitted', 'approved')) THEN 1 ELSE 0 END AS latest,
		CASE WHEN r.status = 'approved' THEN 1 ELSE 0 END AS approved,
		CASE WHEN e.eligible THEN 1 ELSE 0 END AS eligible, SUM(e.amount_minor) AS amount
		FROM expenditures e JOIN grantee_reports r ON r.id = e.report_id
		WHERE r.grant_id IN (`+ids+`) AND r.status IN ('submitted', 'approved')
		GROUP BY r.grant_id, e.heading, r.position, r.status, e.eligible`, args...); err != nil {
		return nil, fmt.Errorf("report: expenditure: %w", err)
	}
	for _, s := range spent {
		a := f.at(s.Grant, s.Heading)
		a.Reported += s.Amount
		if !s.Eligible {
			continue
		}
		a.Cumulative += s.Amount
		if s.Latest {
			a.Period += s.Amount
		}
		if s.Approved {
			a.Accepted += s.Amount
		}
	}
	var ex []struct {
		Grant   int64  `db:"grant_id"`
		Heading string `db:"heading"`
		Text    string `db:"explanation"`
	}
	if err := db.Select(ctx, b.deps.DB, &ex, `SELECT r.grant_id, l.heading, x.explanation
		FROM report_line_explanations x JOIN grantee_reports r ON r.id = x.report_id
		JOIN grant_budget_lines l ON l.grant_id = r.grant_id AND l.position = x.line_position
		WHERE r.grant_id IN (`+ids+`) AND r.status IN ('submitted', 'approved')
		AND r.position = (SELECT MAX(y.position) FROM grantee_reports y WHERE y.grant_id = r.grant_id AND y.status IN ('submitted', 'approved'))
		ORDER BY r.grant_id, l.position`, args...); err != nil {
		return nil, fmt.Errorf("report: explanations: %w", err)
	}
	for _, e := range ex {
		a := f.at(e.Grant, e.Heading)
		a.Explain = append(a.Explain, e.Text)
	}
	return f, nil
}

// idList is "?, ?, ..." for the grants' ids, with the ids: the placeholders
// come from the count, never from input.
func idList(gs []GrantFacts) (string, []any) {
	q := make([]byte, 0, 3*len(gs))
	args := make([]any, len(gs))
	for i, g := range gs {
		if i > 0 {
			q = append(q, ", "...)
		}
		q = append(q, '?')
		args[i] = g.ID
	}
	return string(q), args
}
