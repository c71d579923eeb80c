package evaldoc

import (
	"fmt"
	"strconv"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
)

// EvaluationReport renders the committee's report on a call's stage: the
// call, the grid and its rules, the session (members present with their
// roles, date, place, minutes), then per lot the ranking with the funding
// line, the scores per section, the reserve list, the rejections with
// their reasons and the totals against the lot's budget, and a summary of
// every lot.
func (r *Renderer) EvaluationReport(lang i18n.Lang, in ReportInput) ([]byte, error) {
	if err := checkCall(in.Call); err != nil {
		return nil, err
	}
	for _, l := range in.Lots {
		for _, row := range l.Rows {
			if err := checkDecision(row.Decision); err != nil {
				return nil, err
			}
		}
	}
	title := r.t(lang, "evaldoc.report.title", "call", in.Call.Title)
	d := pdfdoc.Open(pdfdoc.Frame{Cat: r.Cat, Lang: lang, Title: title, Programme: in.Call.Programme,
		Reference: ReportReference(in.Call), Generated: in.Generated, Letterhead: in.Call.Issuer.Letterhead})
	r.reportCall(d, lang, in)
	r.reportGrid(d, lang, in.Grid)
	r.reportSession(d, lang, in.Session)
	for _, l := range in.Lots {
		d.PageBreak()
		r.reportLot(d, lang, in, l)
	}
	r.reportSummary(d, lang, in)
	d.Signature(in.Call.publisher(), in.Call.Issuer.Signatory)
	b, err := d.Bytes()
	if err != nil {
		return nil, fmt.Errorf("evaldoc: report %s: %w", in.Call.Reference, err)
	}
	return b, nil
}

// ReportReference is the evaluation report's reference number: the call's
// reference and the stage.
func ReportReference(c Call) string { return "EV/" + c.Reference + "/" + c.Stage }

func (r *Renderer) reportCall(d *pdfdoc.Doc, lang i18n.Lang, in ReportInput) {
	c := in.Call
	d.Heading(r.t(lang, "evaldoc.report.call"))
	f := [][2]string{
		{r.t(lang, "evaldoc.field.reference"), c.Reference},
		{r.t(lang, "evaldoc.field.title"), c.Title},
		{r.t(lang, "evaldoc.field.programme"), c.Programme},
	}
	if pub := c.publisher(); pub != "" {
		f = append(f, [2]string{r.t(lang, "evaldoc.field.publisher"), pub})
	}
	f = append(f, [2]string{r.t(lang, "evaldoc.field.stage"), r.t(lang, "evaldoc.stage."+c.Stage)})
	if c.Stage == StageFull {
		f = append(f, [2]string{r.t(lang, "evaldoc.field.budget"), money(lang, c.BudgetMinor, c)},
			[2]string{r.t(lang, "evaldoc.field.grant_range"), money(lang, c.MinGrantMinor, c) + " – " + money(lang, c.MaxGrantMinor, c)})
	}
	d.Fields(f)
}

func (r *Renderer) reportGrid(d *pdfdoc.Doc, lang i18n.Lang, g Grid) {
	d.Heading(r.t(lang, "evaldoc.report.grid"))
	tie := g.TieBreak
	rows := [][]string{}
	for i, s := range g.Sections {
		if s.Code == g.TieBreak {
			tie = s.Title
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), s.Title, "", strconv.Itoa(s.Max(g.ScaleMax)), strconv.Itoa(s.Threshold)})
		for _, c := range s.Criteria {
			title := c.Title
			if title == "" {
				title = c.Code
			}
			rows = append(rows, []string{c.Code, "   " + title, "×" + strconv.Itoa(c.Weight), strconv.Itoa(g.ScaleMax * c.Weight), ""})
		}
	}
	rows = append(rows, []string{"", r.t(lang, "evaldoc.col.total"), "", strconv.Itoa(g.Max()), strconv.Itoa(g.PassMark)})
	d.Table([]string{r.t(lang, "evaldoc.col.code"), r.t(lang, "evaldoc.col.criterion"), r.t(lang, "evaldoc.col.weight"),
		r.t(lang, "evaldoc.col.max"), r.t(lang, "evaldoc.col.threshold")},
		rows, []float64{22, 92, 18, 21, 21}, []string{"L", "L", "R", "R", "R"})
	d.Para(r.Cat.N(lang, "evaldoc.report.grid_rules", int64(g.EvaluatorsPerApp), "min", g.ScaleMin, "max", g.ScaleMax, "pass", g.PassMark,
		"total", g.Max(), "rule", r.finalRule(lang, g.FinalRule), "tie", tie))
}

// finalRule is the label of a final-score rule; an unknown one shows as given.
func (r *Renderer) finalRule(lang i18n.Lang, rule string) string {
	if rule == "mean_all" || rule == "mean_two_closest" {
		return r.t(lang, "evaldoc.rule."+rule)
	}
	return rule
}

func (r *Renderer) reportSession(d *pdfdoc.Doc, lang i18n.Lang, s Session) {
	d.Heading(r.t(lang, "evaldoc.report.committee"))
	status := r.t(lang, "evaldoc.session.draft")
	if s.ApprovedAt != nil {
		status = r.t(lang, "evaldoc.session.approved", "name", s.ApprovedBy, "date", i18n.Date(lang, *s.ApprovedAt))
	}
	f := [][2]string{{r.t(lang, "evaldoc.field.date"), i18n.Date(lang, s.HeldOn)}}
	if s.Location != "" {
		f = append(f, [2]string{r.t(lang, "evaldoc.field.location"), s.Location})
	}
	d.Fields(append(f, [2]string{r.t(lang, "evaldoc.field.status"), status}))
	d.Heading(r.t(lang, "evaldoc.report.present"))
	if len(s.Present) == 0 {
		d.Para(r.t(lang, "evaldoc.report.none"))
	} else {
		rows := make([][]string, 0, len(s.Present))
		for _, m := range s.Present {
			rows = append(rows, []string{m.Name, r.role(lang, m.Role)})
		}
		d.Table([]string{r.t(lang, "evaldoc.col.name"), r.t(lang, "evaldoc.col.role")}, rows, []float64{100, 74}, []string{"L", "L"})
	}
	d.Heading(r.t(lang, "evaldoc.report.minutes"))
	if s.Minutes == "" {
		d.Para(r.t(lang, "evaldoc.report.no_minutes"))
	} else {
		d.Para(s.Minutes)
	}
}

// lotTotals counts a lot's decisions and sums its awards.
type lotTotals struct {
	awarded int64
	count   map[string]int
}

func totalsOf(l Lot) lotTotals {
	t := lotTotals{count: map[string]int{}}
	for _, row := range l.Rows {
		t.count[row.Decision]++
		if row.Decision == Award {
			t.awarded += row.AmountMinor
		}
	}
	return t
}

func (r *Renderer) counts(lang i18n.Lang, t lotTotals) string {
	return r.t(lang, "evaldoc.report.counts", "award", t.count[Award], "reserve", t.count[Reserve],
		"reject", t.count[Reject], "shortlist", t.count[Shortlist])
}

func (r *Renderer) reportSummary(d *pdfdoc.Doc, lang i18n.Lang, in ReportInput) {
	if len(in.Lots) == 0 {
		return
	}
	d.PageBreak()
	d.Heading(r.t(lang, "evaldoc.report.summary"))
	if in.Call.Stage == StageConcept {
		rows := [][]string{}
		for _, l := range in.Lots {
			t := totalsOf(l)
			rows = append(rows, []string{l.Name, strconv.Itoa(t.count[Shortlist]), strconv.Itoa(t.count[Reject])})
		}
		d.Table([]string{r.t(lang, "evaldoc.col.lot"), r.decision(lang, Shortlist), r.decision(lang, Reject)},
			rows, []float64{110, 32, 32}, []string{"L", "R", "R"})
		return
	}
	rows := [][]string{}
	var budget, awarded int64
	for _, l := range in.Lots {
		t := totalsOf(l)
		budget, awarded = budget+l.BudgetMinor, awarded+t.awarded
		rows = append(rows, []string{l.Name, money(lang, l.BudgetMinor, in.Call), money(lang, t.awarded, in.Call),
			money(lang, l.BudgetMinor-t.awarded, in.Call), strconv.Itoa(t.count[Award])})
	}
	rows = append(rows, []string{r.t(lang, "evaldoc.col.total"), money(lang, budget, in.Call), money(lang, awarded, in.Call),
		money(lang, budget-awarded, in.Call), ""})
	d.Table([]string{r.t(lang, "evaldoc.col.lot"), r.t(lang, "evaldoc.field.lot_budget"), r.t(lang, "evaldoc.field.awarded"),
		r.t(lang, "evaldoc.field.remaining"), r.decision(lang, Award)},
		rows, []float64{46, 32, 32, 32, 32}, []string{"L", "R", "R", "R", "R"})
}
