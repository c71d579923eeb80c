package evaldoc

import (
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/i18n"
)

// frozenHeader keeps the first row in view while scrolling.
var frozenHeader = &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}

// lotSheet writes one lot's ranking, one row per application in rank
// order, under an AutoFilter; a marked row shows where the funding line
// runs and a total row adds up the amounts requested and awarded with
// formulas.
func (r *Renderer) lotSheet(f *excelize.File, name string, st styles, lang i18n.Lang, in RankingInput, l Lot) error {
	cur := " (" + in.Call.Currency + ")"
	labels := []string{r.t(lang, "evaldoc.col.rank"), r.t(lang, "evaldoc.col.reference"),
		r.t(lang, "evaldoc.col.applicant"), r.t(lang, "evaldoc.col.title")}
	widths := []float64{7, 20, 32, 40}
	for _, s := range in.Grid.Sections {
		title := s.Title
		if title == "" {
			title = s.Code
		}
		labels, widths = append(labels, title), append(widths, 16)
	}
	labels = append(labels, r.t(lang, "evaldoc.col.final"), r.t(lang, "evaldoc.col.fundable"), r.t(lang, "evaldoc.col.decision"),
		r.t(lang, "evaldoc.col.requested")+cur, r.t(lang, "evaldoc.col.amount")+cur, r.t(lang, "evaldoc.col.reserve_rank"),
		r.t(lang, "evaldoc.col.reasons"))
	widths = append(widths, 12, 14, 16, 16, 16, 12, 70)
	marker := 0
	if l.LineAfter > 0 && l.LineAfter < len(l.Rows) {
		marker = 1
	}
	last, _ := excelize.CoordinatesToCellName(len(labels), len(l.Rows)+marker+1)
	if err := f.AutoFilter(name, "A1:"+last, nil); err != nil {
		return err
	}
	// The autofilter replaces the sheet's properties, fit-to-page among
	// them; the stream writer keeps what is set before it starts.
	if err := printLandscape(f, name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(frozenHeader); err != nil {
		return err
	}
	if err := sw.SetRow("A1", headerRow(labels, st)); err != nil {
		return err
	}
	row := 1
	var requested, awarded int64
	for _, x := range l.Rows {
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, r.lotRow(lang, st, in.Grid, x)); err != nil {
			return err
		}
		requested, awarded = requested+x.RequestedMinor, awarded+x.AmountMinor
		if x.Rank == l.LineAfter && marker == 1 {
			row++
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, []any{excelize.Cell{StyleID: st.line, Value: SafeCell(r.t(lang, "evaldoc.funding_line"))}},
				excelize.RowOpts{StyleID: st.line}); err != nil {
				return err
			}
		}
	}
	return r.lotTotals(sw, st, lang, in.Grid, l, row, requested, awarded)
}

// lotTotals writes the lot's total row under its table (after an empty
// row): the sums of the amounts requested and awarded as formulas, their
// values cached for readers that do not recalculate.
func (r *Renderer) lotTotals(sw *excelize.StreamWriter, st styles, lang i18n.Lang, g Grid, l Lot, lastRow int, requested, awarded int64) error {
	reqCol := len(g.Sections) + 8
	cells := make([]any, reqCol+1)
	cells[1] = excelize.Cell{StyleID: st.header, Value: SafeCell(r.t(lang, "evaldoc.col.total"))}
	for i, v := range []int64{requested, awarded} {
		from, _ := excelize.CoordinatesToCellName(reqCol+i, 2)
		to, _ := excelize.CoordinatesToCellName(reqCol+i, max(lastRow, 2))
		cells[reqCol+i-1] = excelize.Cell{StyleID: st.total, Formula: "SUM(" + from + ":" + to + ")", Value: float64(v) / 100}
	}
	cell, _ := excelize.CoordinatesToCellName(1, lastRow+2)
	if err := sw.SetRow(cell, cells); err != nil {
		return err
	}
	if len(l.Rows) > 0 {
		cell, _ = excelize.CoordinatesToCellName(1, lastRow+3)
		if err := sw.SetRow(cell, r.lotAverages(st, lang, g, l, lastRow)); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// lotAverages is the row of the lot's mean score per section and of the
// final score: AVERAGE formulas (empty cells, like the funding line's
// row, do not count), the value cached.
func (r *Renderer) lotAverages(st styles, lang i18n.Lang, g Grid, l Lot, lastRow int) []any {
	sections := len(g.Sections)
	cells := make([]any, sections+6)
	cells[1] = excelize.Cell{StyleID: st.header, Value: SafeCell(r.t(lang, "evaldoc.col.average"))}
	for i := 0; i <= sections; i++ {
		var sum, n int64
		for _, x := range l.Rows {
			if i == sections {
				sum, n = sum+x.FinalX100, n+1
				continue
			}
			for _, sec := range x.Sections {
				if sec.Code == g.Sections[i].Code {
					sum, n = sum+sec.MeanX100, n+1
				}
			}
		}
		if n == 0 {
			continue
		}
		from, _ := excelize.CoordinatesToCellName(5+i, 2)
		to, _ := excelize.CoordinatesToCellName(5+i, max(lastRow, 2))
		cells[4+i] = excelize.Cell{StyleID: st.avg, Formula: "AVERAGE(" + from + ":" + to + ")", Value: float64(sum) / float64(n) / 100}
	}
	return cells
}

// lotRow is one application's cells; a section without a score is empty.
func (r *Renderer) lotRow(lang i18n.Lang, st styles, g Grid, row Row) []any {
	cells := []any{row.Rank, text(row.Reference), text(row.Applicant), text(row.Title)}
	byCode := map[string]int64{}
	for _, s := range row.Sections {
		byCode[s.Code] = s.MeanX100
	}
	for _, s := range g.Sections {
		if v, ok := byCode[s.Code]; ok {
			cells = append(cells, scoreCell(v, st))
		} else {
			cells = append(cells, nil)
		}
	}
	fundable := r.t(lang, "evaldoc.no")
	if row.Fundable {
		fundable = r.t(lang, "evaldoc.yes")
	}
	var reserve any
	if row.ReserveRank > 0 {
		reserve = row.ReserveRank
	}
	reasons := r.reasons(lang, row.Reasons, sectionTitles(row.Sections))
	if row.ReducedReason != "" {
		reasons = append(reasons, row.ReducedReason)
	}
	return append(cells, scoreCell(row.FinalX100, st), text(fundable), text(r.decision(lang, row.Decision)),
		moneyCell(row.RequestedMinor, st), moneyCell(row.AmountMinor, st), reserve, text(strings.Join(reasons, "; ")))
}

// summarySheet writes the call's facts and one line per lot with its
// budget, the sum awarded, what remains and the number of each decision.
func (r *Renderer) summarySheet(f *excelize.File, name string, st styles, lang i18n.Lang, in RankingInput) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, w := range []float64{48, 18, 18, 18, 14, 14, 14, 14} {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	c := in.Call
	bold := func(s string) excelize.Cell { return excelize.Cell{StyleID: st.header, Value: SafeCell(s)} }
	rows := [][]any{
		{bold(r.t(lang, "evaldoc.field.reference")), text(c.Reference)},
		{bold(r.t(lang, "evaldoc.field.title")), text(c.Title)},
		{bold(r.t(lang, "evaldoc.field.programme")), text(c.Programme)},
		{bold(r.t(lang, "evaldoc.field.stage")), text(r.t(lang, "evaldoc.stage."+c.Stage))},
		{bold(r.t(lang, "evaldoc.col.currency")), text(c.Currency)},
		{bold(r.t(lang, "evaldoc.field.budget")), moneyCell(c.BudgetMinor, st)},
		{},
		headerRow([]string{r.t(lang, "evaldoc.col.lot"), r.t(lang, "evaldoc.field.lot_budget"), r.t(lang, "evaldoc.field.awarded"),
			r.t(lang, "evaldoc.field.remaining"), r.decision(lang, Award), r.decision(lang, Reserve),
			r.decision(lang, Reject), r.decision(lang, Shortlist)}, st),
	}
	var budget, awarded int64
	first := len(rows) + 1
	for _, l := range in.Lots {
		t := totalsOf(l)
		budget, awarded = budget+l.BudgetMinor, awarded+t.awarded
		n := len(rows) + 1
		rows = append(rows, []any{text(l.Name), moneyCell(l.BudgetMinor, st), moneyCell(t.awarded, st),
			excelize.Cell{StyleID: st.money, Formula: "B" + strconv.Itoa(n) + "-C" + strconv.Itoa(n), Value: float64(l.BudgetMinor-t.awarded) / 100},
			t.count[Award], t.count[Reserve], t.count[Reject], t.count[Shortlist]})
	}
	// The totals are formulas over the lots' rows, so a donor can audit them.
	last := max(len(rows), first)
	sum := func(col string, v int64) excelize.Cell {
		return excelize.Cell{StyleID: st.total, Formula: "SUM(" + col + strconv.Itoa(first) + ":" + col + strconv.Itoa(last) + ")", Value: float64(v) / 100}
	}
	rows = append(rows, []any{bold(r.t(lang, "evaldoc.col.total")), sum("B", budget), sum("C", awarded), sum("D", budget-awarded)})
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	// The call's title and programme are long: each spans the columns of
	// the lots' table instead of running under the next column.
	for _, row := range []string{"2", "3"} {
		if err := sw.MergeCell("B"+row, "H"+row); err != nil {
			return err
		}
	}
	return sw.Flush()
}
