package report

import (
	"context"
	"fmt"
	"io"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/place"
)

// thirdPartiesWorkbook is the list of third parties receiving financial
// support, for publication: each grantee with its municipality, the
// amount, the purpose and the dates, and the total as a formula.
func (b *Build) thirdPartiesWorkbook(ctx context.Context, w io.Writer) error {
	gs, err := b.grants(ctx)
	if err != nil {
		return err
	}
	k, err := b.newBook(b.T("report.third-parties.title"), donorFormats(b))
	if err != nil {
		return err
	}
	const header = 4
	cols := []col{{Width: 36}, {Width: 18}, {Width: 16}, {Width: 9}, {Width: 50}, {Width: 12}, {Width: 12}, {Width: 20}}
	s, err := k.newSheet(k.uniqueName(b.T("report.sheet.third_parties")), cols, sheetOpts{Header: header, Filter: len(gs)})
	if err != nil {
		k.close()
		return err
	}
	rows := [][]any{
		{k.title(b.T("report.third-parties.title"))},
		{k.text(b.Programme.Title), nil, k.text(b.T("report.generated_at", "at", b.now.Format("2006-01-02 15:04 UTC")))},
		{},
		k.headers(b.T("report.col.name"), b.T("report.col.municipality"), b.T("report.col.amount"), b.T("report.col.currency"),
			b.T("report.col.purpose"), b.T("report.col.starts_on"), b.T("report.col.ends_on"), b.T("report.col.contract")),
	}
	var total int64
	for _, g := range gs {
		total += g.Amount
		rows = append(rows, []any{k.text(g.Grantee), k.text(b.municipality(g.Municipality)), k.money(g.Amount), k.text(g.Currency),
			k.wrapped(g.Purpose), k.date(g.StartsOn), k.date(g.EndsOn), k.text(g.Contract)})
	}
	rows = append(rows, []any{}, []any{k.totalLabel(b.T("report.col.total")), nil,
		k.formula(k.st.totalMoney, "SUM("+ref(3, header+1)+":"+ref(3, max(header+len(gs), header+1))+")", major(total))})
	if err := s.addAll(rows); err != nil {
		k.close()
		return err
	}
	return k.write(w)
}

// expenditureRow is one cost of a grantee's expenditure list.
type expenditureRow struct {
	Kind     string `db:"kind"`
	Position int    `db:"position"`
	Start    string `db:"period_start"`
	End      string `db:"period_end"`
	Status   string `db:"status"`
	SpentOn  string `db:"spent_on"`
	Heading  string `db:"heading"`
	Supplier string `db:"supplier"`
	Desc     string `db:"description"`
	DocRef   string `db:"document_ref"`
	Amount   int64  `db:"amount_minor"`
	Eligible bool   `db:"eligible"`
	Reason   string `db:"ineligible_reason"`
}

// expenditureRows counts the grant's costs.
func (b *Build) expenditureRows(ctx context.Context) (int, error) {
	cond, args := b.Scope.Grants("g")
	var n int
	err := db.Get(ctx, b.deps.DB, &n, `SELECT COUNT(*) FROM expenditures e JOIN grantee_reports r ON r.id = e.report_id
		JOIN grants g ON g.id = r.grant_id WHERE g.id = ? AND `+cond, append([]any{b.GrantID}, args...)...)
	return n, err
}

// expenditureWorkbook is a grantee's expenditure list: every cost of every
// report of the grant (reached through the scope with the grant), the
// amount and the amount accepted, totals as formulas.
func (b *Build) expenditureWorkbook(ctx context.Context, w io.Writer) error {
	var es []expenditureRow
	cond, args := b.Scope.Grants("g")
	if err := db.Select(ctx, b.deps.DB, &es, `SELECT r.kind, r.position, r.period_start, r.period_end, r.status,
		e.spent_on, e.heading, e.supplier, e.description, e.document_ref, e.amount_minor, e.eligible, e.ineligible_reason
		FROM expenditures e JOIN grantee_reports r ON r.id = e.report_id JOIN grants g ON g.id = r.grant_id
		WHERE g.id = ? AND `+cond+` ORDER BY r.position, e.spent_on, e.id`, append([]any{b.GrantID}, args...)...); err != nil {
		return fmt.Errorf("report: expenditures: %w", err)
	}
	k, err := b.newBook(b.T("report.expenditure-list.title"), donorFormats(b))
	if err != nil {
		return err
	}
	const header = 5
	cols := []col{{Width: 24}, {Width: 12}, {Width: 10}, {Width: 26}, {Width: 40}, {Width: 18}, {Width: 14}, {Width: 14}, {Width: 30}}
	s, err := k.newSheet(k.uniqueName(b.T("report.sheet.expenditures")), cols, sheetOpts{Header: header, Filter: len(es)})
	if err != nil {
		k.close()
		return err
	}
	g := b.Grant
	rows := [][]any{
		{k.title(b.T("report.expenditure-list.title"))},
		{k.text(g.Grantee), nil, k.text(g.Contract)},
		{k.text(b.Programme.Title), nil, k.text(b.T("report.currency", "currency", g.Currency))},
		{k.text(b.T("report.generated_at", "at", b.now.Format("2006-01-02 15:04 UTC")))},
		k.headers(b.T("report.col.report"), b.T("report.col.spent_on"), b.T("report.col.heading"), b.T("report.col.supplier"),
			b.T("report.col.description"), b.T("report.col.document"), b.T("report.col.amount"), b.T("report.col.accepted"),
			b.T("report.col.ineligible_reason")),
	}
	var total, accepted int64
	for _, e := range es {
		ok := int64(0)
		if e.Eligible {
			ok = e.Amount
		}
		total, accepted = total+e.Amount, accepted+ok
		rep := b.T("report.report_of", "kind", b.T("report.kind."+e.Kind), "n", e.Position, "from", e.Start, "to", e.End)
		rows = append(rows, []any{k.text(rep), k.date(e.SpentOn), k.text(e.Heading), k.text(e.Supplier), k.wrapped(e.Desc),
			k.text(e.DocRef), k.money(e.Amount), k.money(ok), k.wrapped(e.Reason)})
	}
	last := max(header+len(es), header+1)
	rows = append(rows, []any{}, []any{k.totalLabel(b.T("report.col.total")), nil, nil, nil, nil, nil,
		k.formula(k.st.totalMoney, "SUM("+ref(7, header+1)+":"+ref(7, last)+")", major(total)),
		k.formula(k.st.totalMoney, "SUM("+ref(8, header+1)+":"+ref(8, last)+")", major(accepted))})
	if err := s.addAll(rows); err != nil {
		k.close()
		return err
	}
	return k.write(w)
}

// municipality is a municipality's name in the report's language (the
// stored code when it is not one of the portal's places).
func (b *Build) municipality(code string) string {
	if m, ok := place.Lookup(code); ok {
		return m.Name(string(b.Lang))
	}
	return code
}
