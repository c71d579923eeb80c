package report

import (
	"context"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/donor"
)

// maxFormula is the longest formula a cell holds; a consolidation over
// more grantees than fit is written as its value.
const maxFormula = 8000

// layoutTop is the first row of a layout's table (after the title block);
// its header is the row above.
const layoutTop = 6

// financialWorkbook is the programme financial report in the donor's
// format: the consolidated table on the first sheet, then one annex per
// grantee in the donor's annex layout (UNICEF: the FACE form). Sums are
// formulas; the first sheet's heading rows add up the annexes' cells.
func (b *Build) financialWorkbook(ctx context.Context, w io.Writer) error {
	gs, err := b.grants(ctx)
	if err != nil {
		return err
	}
	fig, err := b.figuresOf(ctx, gs)
	if err != nil {
		return err
	}
	fm := b.Profile.Formats
	main, annex := fm.Financial, fm.AnnexLayout()
	k, err := b.newBook(main.Title.In(string(b.Lang)), fm)
	if err != nil {
		return err
	}
	mainName := k.uniqueName(b.T("report.sheet.programme"))
	names := make([]string, len(gs))
	for i, g := range gs {
		names[i] = k.uniqueName(g.Contract + " " + g.Grantee)
	}
	t := &layoutTable{b: b, k: k, l: main, fig: fig, grants: gs}
	t.annexRefs = func(value, code string) []string { return annexRefs(annex, names, value, code) }
	if err := t.write(mainName, b.Programme.Title, ""); err != nil {
		k.close()
		return err
	}
	for i, g := range gs {
		t := &layoutTable{b: b, k: k, l: annex, fig: fig, grants: gs[i : i+1]}
		if err := t.write(names[i], g.Grantee+" · "+g.Contract, g.Purpose); err != nil {
			k.close()
			return err
		}
		b.progress(i+1, len(gs))
	}
	return k.write(w)
}

// annexRefs are the cells of column value in row code on every annex
// sheet; nil when the annex layout has no such column or row.
func annexRefs(l donor.Layout, names []string, value, code string) []string {
	c, r := -1, -1
	for i, x := range l.Columns {
		if x.Value == value {
			c = i + 1
		}
	}
	for i, x := range l.Rows {
		if x.Code() == code {
			r = layoutTop + i
		}
	}
	if c < 0 || r < 0 || len(names) == 0 {
		return nil
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "'" + strings.ReplaceAll(n, "'", "''") + "'!" + ref(c, r)
	}
	return out
}

// layoutTable writes one layout for some grants: their figures added up
// per heading row, formulas for sums, percentages, variances and balances.
type layoutTable struct {
	b         *Build
	k         *book
	l         donor.Layout
	fig       figures
	grants    []GrantFacts
	annexRefs func(value, code string) []string // the first sheet's consolidation (nil on annexes)
	rowOf     map[string]int
	cached    map[string]map[string]float64 // row code -> column value -> value
}

func (t *layoutTable) write(name, subject, purpose string) error {
	b, k := t.b, t.k
	cols := make([]col, len(t.l.Columns))
	labels := make([]string, len(t.l.Columns))
	for i, c := range t.l.Columns {
		cols[i], labels[i] = col{Width: c.Width}, c.Label.In(string(b.Lang))
	}
	s, err := k.newSheet(name, cols, sheetOpts{Header: layoutTop - 1})
	if err != nil {
		return err
	}
	for _, r := range [][]any{
		{k.title(t.l.Title.In(string(b.Lang)))},
		{k.text(subject), nil, k.text(purpose)},
		{k.text(b.T("report.currency", "currency", b.Programme.Currency)), nil,
			k.text(b.T("report.generated_at", "at", b.now.Format("2006-01-02 15:04 UTC")))},
		{},
		k.headers(labels...),
	} {
		if err := s.add(r...); err != nil {
			return err
		}
	}
	t.rowOf, t.cached = map[string]int{}, map[string]map[string]float64{}
	for i, r := range t.l.Rows {
		t.rowOf[r.Code()] = layoutTop + i
	}
	for _, r := range t.l.Rows {
		if err := s.add(t.cells(r)...); err != nil {
			return err
		}
	}
	return s.done()
}

// colOf is the column number of a value in the layout.
func (t *layoutTable) colOf(value string) int {
	for i, c := range t.l.Columns {
		if c.Value == value {
			return i + 1
		}
	}
	return 0
}

// cells are one row's cells, left to right.
func (t *layoutTable) cells(r donor.Row) []any {
	k, lang := t.k, string(t.b.Lang)
	bold := r.Sum != ""
	moneyStyle, pctStyle := k.st.money, k.st.percent
	if bold {
		moneyStyle, pctStyle = k.st.totalMoney, k.st.totalPercent
	}
	row := t.rowOf[r.Code()]
	t.cached[r.Code()] = map[string]float64{}
	out := make([]any, len(t.l.Columns))
	for i, c := range t.l.Columns {
		switch {
		case c.Value == donor.ColCode:
			out[i] = k.text(r.Code())
		case c.Value == donor.ColLabel:
			label := r.Label.In(lang)
			if h, ok := t.b.Profile.Heading(r.Heading); ok && r.Heading != "" {
				label = h.Label.In(lang)
			}
			out[i] = k.wrapped(label) // a long heading wraps rather than runs under the next column
			if bold {
				out[i] = excelize.Cell{StyleID: k.st.totalText, Value: k.text(label).Value}
			}
		case c.Value == donor.ColExplanation:
			out[i] = k.wrapped(t.explanation(r))
		case donor.Money(c.Value) && c.Value != donor.ColVariance && c.Value != donor.ColBalance:
			out[i] = t.amount(r, c.Value, moneyStyle)
		}
	}
	// Formula columns come last: they read the row's amounts.
	for i, c := range t.l.Columns {
		cell := func(v string) string { return ref(t.colOf(v), row) }
		get := func(v string) float64 { return t.cached[r.Code()][v] }
		switch c.Value {
		case donor.ColVariance:
			v := get(donor.ColBudget) - get(donor.ColCumulative)
			out[i] = k.formula(moneyStyle, cell(donor.ColBudget)+"-"+cell(donor.ColCumulative), round2(v))
		case donor.ColBalance:
			v := get(donor.ColAuthorised) - get(donor.ColAccepted)
			out[i] = k.formula(moneyStyle, cell(donor.ColAuthorised)+"-"+cell(donor.ColAccepted), round2(v))
		case donor.ColPercent:
			v := 0.0
			if get(donor.ColBudget) != 0 {
				v = get(donor.ColCumulative) / get(donor.ColBudget)
			}
			out[i] = k.formula(pctStyle, "IF("+cell(donor.ColBudget)+"=0,0,"+cell(donor.ColCumulative)+"/"+cell(donor.ColBudget)+")", v)
		}
	}
	return out
}

// amount is a money cell of a row: a heading's figures, a sum's formula or
// the memo's committed and paid sub-grants.
func (t *layoutTable) amount(r donor.Row, value string, style int) any {
	k := t.k
	switch {
	case r.Sum != "":
		var refs []string
		total := 0.0
		for _, code := range r.Of {
			refs = append(refs, ref(t.colOf(value), t.rowOf[code]))
			total += t.cached[code][value]
		}
		t.cached[r.Code()][value] = round2(total)
		return k.formula(style, "SUM("+strings.Join(refs, ",")+")", round2(total))
	case r.Memo != "":
		var minor int64
		for _, g := range t.grants {
			switch value {
			case donor.ColBudget, donor.ColAuthorised:
				minor += g.Amount
			case donor.ColCumulative, donor.ColReported, donor.ColAccepted:
				minor += g.Paid
			}
		}
		if value == donor.ColPeriod {
			return nil
		}
		t.cached[r.Code()][value] = major(minor)
		return excelize.Cell{StyleID: style, Value: major(minor)}
	}
	var minor int64
	for _, g := range t.grants {
		if a := t.fig[g.ID][r.Heading]; a != nil {
			minor += pick(a, value)
		}
	}
	t.cached[r.Code()][value] = major(minor)
	if t.annexRefs != nil {
		if refs := t.annexRefs(value, r.Code()); refs != nil {
			if f := "SUM(" + strings.Join(refs, ",") + ")"; len(f) <= maxFormula {
				return k.formula(style, f, major(minor))
			}
		}
	}
	return excelize.Cell{StyleID: style, Value: major(minor)}
}

// pick is the figure a money column shows.
func pick(a *amounts, value string) int64 {
	switch value {
	case donor.ColBudget, donor.ColAuthorised:
		return a.Budget
	case donor.ColPeriod:
		return a.Period
	case donor.ColCumulative:
		return a.Cumulative
	case donor.ColReported:
		return a.Reported
	case donor.ColAccepted:
		return a.Accepted
	}
	return 0
}

// explanation joins the grantees' explanations of a heading row, each
// after its contract number when the table adds up several grantees.
func (t *layoutTable) explanation(r donor.Row) string {
	var parts []string
	seen := map[string]bool{} // a heading's lines often share one explanation
	for _, g := range t.grants {
		a := t.fig[g.ID][r.Heading]
		if a == nil || r.Heading == "" {
			continue
		}
		for _, e := range a.Explain {
			if len(t.grants) > 1 {
				e = g.Contract + ": " + e
			}
			if !seen[e] {
				seen[e] = true
				parts = append(parts, e)
			}
		}
	}
	return strings.Join(parts, "; ")
}

// round2 rounds to the cent, as the sums of cents are.
func round2(v float64) float64 {
	if v < 0 {
		return -float64(int64(-v*100+0.5)) / 100
	}
	return float64(int64(v*100+0.5)) / 100
}
