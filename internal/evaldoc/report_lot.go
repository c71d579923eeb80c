package evaldoc

import (
	"strconv"
	"strings"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
)

// selectedLine is the index of the last awarded (or shortlisted) row: the
// funding line is drawn below it; -1 draws it above every row.
func selectedLine(rows []Row) int {
	line := -1
	for i, row := range rows {
		if row.Decision == Award || row.Decision == Shortlist {
			line = i
		}
	}
	return line
}

// reportLot writes one lot: ranking with the funding line, scores per
// section, reserve list, rejections, reductions and totals.
func (r *Renderer) reportLot(d *pdfdoc.Doc, lang i18n.Lang, in ReportInput, l Lot) {
	d.Heading(r.t(lang, "evaldoc.report.lot", "lot", l.Name))
	if len(l.Rows) == 0 {
		d.Para(r.t(lang, "evaldoc.report.none"))
	} else {
		r.lotRanking(d, lang, in, l)
		r.lotScores(d, lang, in.Grid, l)
	}
	if in.Call.Stage == StageFull {
		r.lotReserve(d, lang, in.Call, l)
	}
	r.lotRejections(d, lang, l)
	if in.Call.Stage == StageFull {
		r.lotReductions(d, lang, in.Call, l)
	}
	t := totalsOf(l)
	d.Heading(r.t(lang, "evaldoc.report.totals"))
	f := [][2]string{}
	if in.Call.Stage == StageFull {
		f = append(f, [2]string{r.t(lang, "evaldoc.field.lot_budget"), money(lang, l.BudgetMinor, in.Call)},
			[2]string{r.t(lang, "evaldoc.field.awarded"), money(lang, t.awarded, in.Call)},
			[2]string{r.t(lang, "evaldoc.field.remaining"), money(lang, l.BudgetMinor-t.awarded, in.Call)})
	}
	d.Fields(append(f, [2]string{r.t(lang, "evaldoc.field.decisions"), r.counts(lang, t)}))
}

func (r *Renderer) lotRanking(d *pdfdoc.Doc, lang i18n.Lang, in ReportInput, l Lot) {
	full := in.Call.Stage == StageFull
	lineKey := "evaldoc.report.funding_line"
	if !full {
		lineKey = "evaldoc.report.shortlist_line"
	}
	header := []string{r.t(lang, "evaldoc.col.rank"), r.t(lang, "evaldoc.col.reference"), r.t(lang, "evaldoc.col.applicant"),
		r.t(lang, "evaldoc.col.score"), r.t(lang, "evaldoc.col.decision")}
	widths, align := []float64{13, 30, 41, 17, 23}, []string{"R", "L", "L", "R", "L"}
	if full {
		header = append(header, r.t(lang, "evaldoc.col.requested"), r.t(lang, "evaldoc.field.awarded"))
		widths, align = append(widths, 25, 25), append(align, "R", "R")
	} else {
		widths[2] += 50
	}
	rows := make([][]string, 0, len(l.Rows))
	for _, row := range l.Rows {
		cells := []string{strconv.Itoa(row.Rank), row.Reference, row.Applicant, points(lang, row.FinalX100), r.decision(lang, row.Decision)}
		if full {
			amount := ""
			if row.Decision == Award {
				amount = money(lang, row.AmountMinor, in.Call)
			}
			cells = append(cells, money(lang, row.RequestedMinor, in.Call), amount)
		}
		rows = append(rows, cells)
	}
	d.Heading(r.t(lang, "evaldoc.report.ranking"))
	d.TableWithLine(header, rows, widths, align, selectedLine(l.Rows), "— "+r.t(lang, lineKey)+" —")
}

// lotScores writes each application's section means; a mean below the
// section's threshold is marked with an asterisk.
func (r *Renderer) lotScores(d *pdfdoc.Doc, lang i18n.Lang, g Grid, l Lot) {
	if len(g.Sections) == 0 {
		return
	}
	d.Heading(r.t(lang, "evaldoc.report.section_scores"))
	header := []string{r.t(lang, "evaldoc.col.reference")}
	w := (174.0 - 30 - 20) / float64(len(g.Sections))
	widths, align := []float64{30}, []string{"L"}
	for _, s := range g.Sections {
		header = append(header, s.Title)
		widths, align = append(widths, w), append(align, "R")
	}
	header = append(header, r.t(lang, "evaldoc.col.total"))
	widths, align = append(widths, 20), append(align, "R")
	rows := make([][]string, 0, len(l.Rows))
	for _, row := range l.Rows {
		byCode := map[string]Section{}
		for _, s := range row.Sections {
			byCode[s.Code] = s
		}
		cells := []string{row.Reference}
		for _, gs := range g.Sections {
			s, ok := byCode[gs.Code]
			switch {
			case !ok:
				cells = append(cells, "")
			case s.MeanX100 < int64(gs.Threshold)*100:
				cells = append(cells, "* "+points(lang, s.MeanX100))
			default:
				cells = append(cells, points(lang, s.MeanX100))
			}
		}
		rows = append(rows, append(cells, points(lang, row.FinalX100)))
	}
	d.Table(header, rows, widths, align)
	d.Para(r.t(lang, "evaldoc.report.below_mark"))
}

func (r *Renderer) lotReserve(d *pdfdoc.Doc, lang i18n.Lang, c Call, l Lot) {
	d.Heading(r.t(lang, "evaldoc.report.reserve"))
	rows := [][]string{}
	for _, row := range l.Rows {
		if row.Decision == Reserve {
			rows = append(rows, []string{strconv.Itoa(row.ReserveRank), row.Reference, row.Applicant,
				points(lang, row.FinalX100), money(lang, row.RequestedMinor, c)})
		}
	}
	if len(rows) == 0 {
		d.Para(r.t(lang, "evaldoc.report.none"))
		return
	}
	d.Table([]string{r.t(lang, "evaldoc.col.rank"), r.t(lang, "evaldoc.col.reference"), r.t(lang, "evaldoc.col.applicant"),
		r.t(lang, "evaldoc.col.score"), r.t(lang, "evaldoc.col.requested")},
		rows, []float64{16, 32, 74, 22, 30}, []string{"R", "L", "L", "R", "R"})
}

// lotRejections lists each rejected application with every reason, in
// full: a table cell would cut them.
func (r *Renderer) lotRejections(d *pdfdoc.Doc, lang i18n.Lang, l Lot) {
	d.Heading(r.t(lang, "evaldoc.report.rejections"))
	items := []string{}
	for _, row := range l.Rows {
		if row.Decision != Reject {
			continue
		}
		rs := r.reasons(lang, row.Reasons, sectionTitles(row.Sections))
		items = append(items, r.t(lang, "evaldoc.report.rejection", "reference", row.Reference, "applicant", row.Applicant,
			"score", points(lang, row.FinalX100), "reasons", strings.Join(rs, "; ")))
	}
	if len(items) == 0 {
		d.Para(r.t(lang, "evaldoc.report.none"))
		return
	}
	d.Bullets(items)
}

// lotReductions lists the awards below the amount requested, with why.
func (r *Renderer) lotReductions(d *pdfdoc.Doc, lang i18n.Lang, c Call, l Lot) {
	items := []string{}
	for _, row := range l.Rows {
		if row.Decision == Award && row.AmountMinor < row.RequestedMinor {
			why := r.reasons(lang, row.Reasons, sectionTitles(row.Sections))
			if row.ReducedReason != "" {
				why = append(why, row.ReducedReason)
			}
			items = append(items, r.t(lang, "evaldoc.report.reduction", "reference", row.Reference, "applicant", row.Applicant,
				"requested", money(lang, row.RequestedMinor, c), "amount", money(lang, row.AmountMinor, c),
				"reason", strings.Join(why, "; ")))
		}
	}
	if len(items) > 0 {
		d.Heading(r.t(lang, "evaldoc.report.reductions"))
		d.Bullets(items)
	}
}
