package web

import (
	"strings"
)

// dashChart is one bar chart of a dashboard, drawn as SVG on the server:
// one horizontal bar per row, the longest as wide as the chart. Its text
// alternative (Summary) and the table drawn under it carry the same
// figures as the bars.
type dashChart struct {
	ID, Title, Head  string // Head names the figures' column in the table
	ItemHead, NoData string // the rows' column head; the text shown for no rows
	Rows             []dashBar
	Height           int
}

// dashBar is one row of a chart: its label, its figure as shown, and the
// bar's geometry in the chart's 400-unit-wide view box.
type dashBar struct {
	Label, Text, Link string
	Fig               string // the figure beside the bar (Text when empty)
	Value             int64
	Y, W              int
}

// Chart geometry in view-box units.
const (
	chartRow   = 28  // height of one row
	chartLabel = 150 // width of the label column
	chartBar   = 190 // width of the longest bar
)

// newChart lays out rows (their Value and Text set) under title.
func newChart(p *Page, id, title, head string, rows []dashBar) dashChart {
	var maxV int64
	for _, r := range rows {
		maxV = max(maxV, r.Value)
	}
	for i := range rows {
		rows[i].Y = i * chartRow
		if rows[i].Fig == "" {
			rows[i].Fig = rows[i].Text
		}
		if maxV > 0 && rows[i].Value > 0 {
			rows[i].W = max(2, int(rows[i].Value*chartBar/maxV))
		}
	}
	return dashChart{ID: id, Title: title, Head: head, Rows: rows, Height: max(1, len(rows)) * chartRow,
		ItemHead: p.T("dash.col.item"), NoData: p.T("dash.no_data")}
}

// Summary is the chart's text alternative: its title, then each row's
// label and figure.
func (c dashChart) Summary() string {
	parts := make([]string, 0, len(c.Rows))
	for _, r := range c.Rows {
		parts = append(parts, r.Label+": "+r.Text)
	}
	return c.Title + ". " + strings.Join(parts, "; ")
}

// LabelX, BarX and TextX place a row's label, bar and figure.
func (dashChart) LabelX() int { return chartLabel - 6 }
func (dashChart) BarX() int   { return chartLabel }
func (dashChart) TextX(b dashBar) int {
	return chartLabel + b.W + 6
}

// Short cuts a label to what the label column holds; the table and the
// text alternative keep the whole label.
func (b dashBar) Short() string {
	r := []rune(b.Label)
	if len(r) <= 20 {
		return b.Label
	}
	return strings.TrimSpace(string(r[:19])) + "…"
}
