package reporting

import (
	"context"
	"time"

	"github.com/subgrant/portal/internal/db"
)

// Line is one budget line of a financial report: the budget, what was
// planned to be spent by the end of the report's period, what was spent
// (eligible costs of the earlier approved reports and of this one), the
// variance in amount and in basis points of the planned amount, and its
// explanation.
type Line struct {
	Position         int    `json:"position"`
	Heading          string `json:"heading"`
	Description      string `json:"description"`
	BudgetMinor      int64  `json:"budget_minor"`
	PlannedMinor     int64  `json:"planned_minor"`
	PeriodMinor      int64  `json:"period_spent_minor"`
	SpentMinor       int64  `json:"spent_minor"`
	VarianceMinor    int64  `json:"variance_minor"`
	VarianceBP       *int64 `json:"variance_bp"` // nil when nothing was planned
	NeedsExplanation bool   `json:"needs_explanation"`
	Explanation      string `json:"explanation"`
}

func days(from, to string) int64 {
	a, err1 := time.Parse(dateLayout, from)
	b, err2 := time.Parse(dateLayout, to)
	if err1 != nil || err2 != nil || b.Before(a) {
		return 0
	}
	return int64(b.Sub(a).Hours()/24) + 1
}

// Planned is the part of a line's budget planned to be spent by periodEnd:
// total × the grant's days up to periodEnd / the grant's days, rounded
// down; the whole budget at (or after) the grant's end.
func Planned(total int64, grantStart, grantEnd, periodEnd string) int64 {
	all := days(grantStart, grantEnd)
	if all == 0 || periodEnd >= grantEnd {
		return total
	}
	return total * days(grantStart, periodEnd) / all
}

// NeedsExplanation reports whether a variance needs an explanation: above
// thresholdBP basis points of the planned amount, over or under; anything
// spent on a line with nothing planned.
func NeedsExplanation(planned, spent, thresholdBP int64) bool {
	v := spent - planned
	if v < 0 {
		v = -v
	}
	if planned == 0 {
		return spent > 0
	}
	return v*10000 > thresholdBP*planned
}

func lines(g grantFacts, r Report, budget []BudgetLine, earlier map[int]int64, exps []Expenditure,
	expl map[int]string, thresholdBP int64) []Line {
	period := map[int]int64{}
	for _, e := range exps {
		if e.Eligible {
			period[e.LinePosition] += e.AmountMinor
		}
	}
	out := make([]Line, 0, len(budget))
	for _, b := range budget {
		l := Line{Position: b.Position, Heading: b.Heading, Description: b.Description, BudgetMinor: b.TotalMinor,
			PlannedMinor: Planned(b.TotalMinor, g.StartsOn, g.EndsOn, r.PeriodEnd), PeriodMinor: period[b.Position],
			Explanation: expl[b.Position]}
		l.SpentMinor = earlier[b.Position] + l.PeriodMinor
		l.VarianceMinor = l.SpentMinor - l.PlannedMinor
		if l.PlannedMinor > 0 {
			bp := l.VarianceMinor * 10000 / l.PlannedMinor
			l.VarianceBP = &bp
		}
		l.NeedsExplanation = NeedsExplanation(l.PlannedMinor, l.SpentMinor, thresholdBP)
		out = append(out, l)
	}
	return out
}

// Settlement is the final settlement of a grant: the accepted eligible
// costs, the donor's share of them capped at the grant amount, what was
// paid, and the balance (negative: to recover).
type Settlement struct {
	Currency      string `json:"currency"`
	AcceptedMinor int64  `json:"accepted_minor"`
	DonorShareBP  int64  `json:"donor_share_bp"`
	CoveredMinor  int64  `json:"covered_minor"`
	AmountMinor   int64  `json:"grant_amount_minor"`
	PaidMinor     int64  `json:"paid_minor"`
	BalanceMinor  int64  `json:"balance_minor"`
}

// Settle is balance = min(accepted × shareBP / 10000, amount) − paid, the
// donor's share rounded down to the minor unit (never more than the share).
func Settle(accepted, shareBP, amount, paid int64) (covered, balance int64) {
	covered = accepted * shareBP / 10000
	if covered > amount {
		covered = amount
	}
	return covered, covered - paid
}

// settlementOf is the settlement the final report r gives: the eligible
// costs of the grant's approved reports before it and of r itself.
func settlementOf(ctx context.Context, c db.Conn, g grantFacts, r Report) (Settlement, error) {
	var accepted int64
	if err := db.Get(ctx, c, &accepted, `SELECT COALESCE(SUM(e.amount_minor), 0) FROM expenditures e
		JOIN grantee_reports r ON r.id = e.report_id
		WHERE r.grant_id = ? AND e.eligible = ? AND (r.id = ? OR (r.status = 'approved' AND r.position < ?))`,
		g.ID, true, r.ID, r.Position); err != nil {
		return Settlement{}, err
	}
	st := Settlement{Currency: g.Currency, AcceptedMinor: accepted, DonorShareBP: g.DonorShareBP,
		AmountMinor: g.AmountMinor, PaidMinor: g.PaidMinor}
	st.CoveredMinor, st.BalanceMinor = Settle(accepted, g.DonorShareBP, g.AmountMinor, g.PaidMinor)
	return st, nil
}

// RecoveryOrder is what a grantee pays back after the final settlement,
// and how it was settled: recovered (the repayment's date, amount and bank
// reference) or waived (the reason, proposed by one user and approved by
// another).
type RecoveryOrder struct {
	ID               int64      `db:"id" json:"id"`
	GrantID          int64      `db:"grant_id" json:"grant_id"`
	ReportID         int64      `db:"report_id" json:"report_id"`
	Currency         string     `db:"currency" json:"currency"`
	AmountMinor      int64      `db:"amount_minor" json:"amount_minor"`
	Reason           string     `db:"reason" json:"reason"`
	Status           string     `db:"status" json:"status"`
	CreatedAt        time.Time  `db:"created_at" json:"created_at"`
	RecoveredMinor   int64      `db:"recovered_minor" json:"recovered_minor"`
	RecoveredOn      string     `db:"recovered_on" json:"recovered_on,omitempty"`
	BankReference    string     `db:"bank_reference" json:"bank_reference,omitempty"`
	WaiverReason     string     `db:"waiver_reason" json:"waiver_reason,omitempty"`
	WaiverProposedBy *int64     `db:"waiver_proposed_by" json:"waiver_proposed_by,omitempty"`
	WaiverProposedAt *time.Time `db:"waiver_proposed_at" json:"waiver_proposed_at,omitempty"`
	SettledBy        *int64     `db:"settled_by" json:"settled_by,omitempty"`
	SettledAt        *time.Time `db:"settled_at" json:"settled_at,omitempty"`
}
