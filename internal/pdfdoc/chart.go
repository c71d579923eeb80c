package pdfdoc

// Series is one kind of bar in a chart (budget, committed, paid) and its
// colour; the legend names it.
type Series struct {
	Label   string
	R, G, B int
}

// BarGroup is one category of a chart (a municipality, a target group)
// with a value per series and the text printed beside each bar (the
// amount, formatted by the caller).
type BarGroup struct {
	Label  string
	Values []int64
	Texts  []string
}

const (
	barH      = 4.2
	barGap    = 3.0
	barLabelW = 48.0
	barTextW  = 32.0
)

// Bars draws a horizontal grouped bar chart with fpdf's own rectangles:
// a legend, then per group its label and one bar per series, scaled to the
// largest value, each followed by its text. A group is never split across
// pages; the legend is repeated on each page the chart continues on.
func (d *Doc) Bars(series []Series, groups []BarGroup) {
	p := d.pdf
	var top int64
	for _, g := range groups {
		for _, v := range g.Values {
			top = max(top, v)
		}
	}
	area := d.textWidth() - barLabelW - barTextW
	groupH := func(g BarGroup) float64 {
		p.SetFont(family, "", 9)
		lines := len(p.SplitText(clean(g.Label), barLabelW-2))
		return max(float64(len(series))*barH, float64(lines)*4) + barGap
	}
	legend := func() {
		p.SetFont(family, "", 8.5)
		x, y := margin, p.GetY()
		for _, s := range series {
			p.SetFillColor(s.R, s.G, s.B)
			p.Rect(x, y+0.8, 4, 3, "F")
			label := clean(s.Label)
			w := p.GetStringWidth(label) + 4
			p.SetXY(x+5, y)
			p.CellFormat(w, 4.5, label, "", 0, "L", false, 0, "")
			x += 5 + w + 3
		}
		p.SetXY(margin, y+7)
	}
	first := 7.0
	if len(groups) > 0 {
		first += groupH(groups[0])
	}
	d.flushLabel(first)
	if !d.room(first) {
		d.addPage()
	}
	legend()
	for _, g := range groups {
		h := groupH(g)
		if !d.room(h) {
			d.addPage()
			legend()
		}
		y := p.GetY()
		p.SetFont(family, "", 9)
		p.SetXY(margin, y)
		p.MultiCell(barLabelW-2, 4, clean(g.Label), "", "L", false)
		for i, s := range series {
			var v int64
			if i < len(g.Values) {
				v = g.Values[i]
			}
			w := 0.0
			if top > 0 && v > 0 {
				w = max(area*float64(v)/float64(top), 0.4)
			}
			by := y + float64(i)*barH
			p.SetFillColor(s.R, s.G, s.B)
			if w > 0 {
				p.Rect(margin+barLabelW, by+0.4, w, barH-0.8, "F")
			}
			text := ""
			if i < len(g.Texts) {
				text = clean(g.Texts[i])
			}
			p.SetFont(family, "", 8)
			p.SetXY(margin+barLabelW+w+1.5, by)
			p.CellFormat(barTextW, barH, text, "", 0, "L", false, 0, "")
		}
		p.SetXY(margin, y+h)
	}
	p.Ln(2)
}
