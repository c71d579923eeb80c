package web

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/money"
)

// budgetCols are the grid's input columns, in order; each cell is labelled
// by its column header and its line number.
var budgetCols = []string{"heading", "description", "unit", "units", "unit_rate", "requested", "cofinancing"}

// gridLine is one row of the budget grid.
type gridLine struct {
	N, Index int // the line's number (from 1) and its index in the form
	Cells    []gridCell
	Total    string // the line total, "" while the line has an error
	Error    bool
	Remove   string // the remove button's accessible name
}

// gridCell is one input of the grid: its field and column.
type gridCell struct {
	FieldView
	Col string
	Num bool // a number, aligned right
}

// gridCol is a column header of the grid.
type gridCol struct{ ID, Label, Hint string }

// headingTotal is one heading's sums.
type headingTotal struct {
	Label, Total, Requested, Cofinancing string
}

// budgetGrid is the budget section's table.
type budgetGrid struct {
	File     FieldView // the workbook to upload
	XLSX     string    // where the workbook is uploaded and downloaded
	Cols     []gridCol
	Lines    []gridLine
	Headings []headingTotal
	Caps     []string // indirect costs and contingency allowed, in words
}

// budget builds the grid: a row per line, every cell labelled, errors
// that name their line in the cell and in the summary.
func (b *editBuilder) budget(ac *appCtx) {
	g := &budgetGrid{}
	for _, col := range budgetCols {
		gc := gridCol{ID: "bg-col-" + col, Label: b.p.T("apppages.field." + col)}
		if col == "requested" || col == "cofinancing" {
			gc.Hint = b.p.T("apppages.hint." + col)
		}
		g.Cols = append(g.Cols, gc)
	}
	if b.f.Named == nil {
		b.f.Named = map[string]string{}
	}
	has := b.has("budget_", "_description", "_unit", "_units", "_unit_rate", "_requested", "_cofinancing")
	for i := range b.rows("budget", has) {
		p := "budget_" + strconv.Itoa(i) + "_"
		ln := gridLine{N: i + 1, Index: i, Remove: b.p.T("budgetgrid.remove_n", "n", i+1)}
		for _, col := range budgetCols {
			typ := "text"
			if col == "heading" {
				typ = "select"
			}
			v := b.view(p+col, typ, "apppages.field."+col)
			v.Label = b.p.T("budgetgrid.cell", "col", v.Label, "n", i+1)
			b.f.Named[p+col] = v.Label
			if col == "heading" {
				v.Options = append(v.Options, OptionView{Value: "", Label: b.p.T("apppages.choose"), Selected: b.st.vals[p+"heading"] == ""})
				for _, hd := range ac.profile.Headings {
					v.Options = append(v.Options, OptionView{Value: hd.Code, Label: hd.Code + ". " + hd.Label.In(string(b.p.Lang)),
						Selected: b.st.vals[p+"heading"] == hd.Code})
				}
			}
			if v.Error != "" {
				ln.Error = true
				v.Error = b.p.T("budgetgrid.line_error", "n", i+1, "msg", v.Error)
			}
			ln.Cells = append(ln.Cells, gridCell{FieldView: v, Col: col, Num: col == "units" || col == "unit_rate" || col == "requested" || col == "cofinancing"})
		}
		if !ln.Error && i < len(b.st.parsed) && b.st.parsed[i].TotalMinor != 0 {
			ln.Total = b.p.Money(b.st.parsed[i].TotalMinor, ac.app.Currency)
		}
		g.Lines = append(g.Lines, ln)
	}
	g.File = b.view("budget_file", "file", "budgetgrid.xlsx.file", "hint=budgetgrid.xlsx.hint")
	g.XLSX = appPath(ac.app.ID, "/budget.xlsx")
	b.d.Grid = g
	b.d.Totals = totalsOf(b.p, b.st.lines, ac.profile, ac.app.Currency)
	g.Headings = headingTotals(b.p, b.st.lines, ac.profile, ac.app.Currency)
	g.Caps = caps(b.p, b.st.lines, ac.profile, ac.app.Currency)
}

// headingTotals sums the lines per heading of the profile, in its order,
// leaving out headings with no line.
func headingTotals(p *Page, lines []application.BudgetLine, profile *donor.Profile, cur string) []headingTotal {
	if profile == nil {
		return nil
	}
	var out []headingTotal
	for _, hd := range profile.Headings {
		var t, r, c int64
		n := 0
		for _, l := range lines {
			if l.Heading != hd.Code {
				continue
			}
			var e1, e2, e3 error
			t, e1 = money.Add(t, l.TotalMinor)
			r, e2 = money.Add(r, l.RequestedMinor)
			c, e3 = money.Add(c, l.CofinancingMinor)
			if e1 != nil || e2 != nil || e3 != nil {
				return nil
			}
			n++
		}
		if n > 0 {
			out = append(out, headingTotal{Label: hd.Code + ". " + hd.Label.In(string(p.Lang)), Total: p.Money(t, cur),
				Requested: p.Money(r, cur), Cofinancing: p.Money(c, cur)})
		}
	}
	return out
}

// caps computes, from the donor's percentages, how much indirect costs
// and contingency may be given the direct costs typed so far.
func caps(p *Page, lines []application.BudgetLine, profile *donor.Profile, cur string) []string {
	t, err := application.Sum(lines, profile)
	if err != nil || profile == nil {
		return nil
	}
	var out []string
	for _, c := range []struct {
		key string
		bp  int64
	}{{"budgetgrid.cap_indirect", profile.IndirectMaxBP}, {"budgetgrid.cap_contingency", profile.ContingencyMaxBP}} {
		if c.bp == 0 {
			continue
		}
		v, err := money.PercentOf(t.Direct, c.bp)
		if err != nil {
			return nil
		}
		out = append(out, p.T(c.key, "pct", p.PercentBP(c.bp), "amount", p.Money(v, cur)))
	}
	return out
}

// removeLine takes budget line i out of the posted form, moving the lines
// after it up, so the page shows the rest with nothing else lost.
func removeLine(c *gin.Context, s string) {
	i, err := strconv.Atoi(s)
	n := rowCount(c, "budget", 0, 0, "")
	if err != nil || i < 0 || i >= n {
		return
	}
	pf := c.Request.PostForm
	for j := i; j < n; j++ {
		for _, col := range budgetCols {
			to, from := "budget_"+strconv.Itoa(j)+"_"+col, "budget_"+strconv.Itoa(j+1)+"_"+col
			if j+1 < n {
				pf[to] = pf[from]
			} else {
				delete(pf, to)
			}
		}
	}
	pf.Set("budget_rows", strconv.Itoa(max(n-1, 1)))
}
