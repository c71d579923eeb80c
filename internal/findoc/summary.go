package findoc

import (
	"fmt"
	"io"
	"strconv"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
)

// The colours of the charts' series: budget, committed, paid.
var (
	budgetColour    = pdfdoc.Series{R: 165, G: 172, B: 186}
	committedColour = pdfdoc.Series{R: 38, G: 84, B: 158}
	paidColour      = pdfdoc.Series{R: 34, G: 135, B: 86}
)

func series(c pdfdoc.Series, label string) pdfdoc.Series {
	c.Label = label
	return c
}

// SummaryPDF writes the programme's financial summary in lang to w: the
// programme's figures, a chart of budget against committed against paid,
// charts and tables by municipality and by target group, and every
// agreement with what it commits and what is paid. Nothing reaches w when
// the document cannot be built.
func (r *Renderer) SummaryPDF(w io.Writer, lang i18n.Lang, s Summary) error {
	if s.Programme.Currency == "" {
		return fmt.Errorf("findoc: programme %d has no currency", s.Programme.ID)
	}
	p := s.Programme
	m := func(v int64) string { return i18n.Money(lang, v, p.Currency) }
	t := func(key string, args ...any) string { return r.t(lang, key, args...) }
	d := pdfdoc.Open(pdfdoc.Frame{Cat: r.Cat, Lang: lang, Title: t("findoc.summary.title"), Programme: p.Title,
		Reference: s.Reference(), Generated: s.Generated, Letterhead: s.Issuer.Letterhead})
	tot := s.Totals
	d.Fields([][2]string{
		{t("findoc.field.programme"), p.Title},
		{t("findoc.field.donor"), p.Donor},
		{t("findoc.field.period"), p.StartsOn + " – " + p.EndsOn},
		{t("findoc.field.budget"), m(p.BudgetMinor)},
		{t("findoc.field.committed"), m(tot.CommittedMinor) + " (" + t("findoc.of_budget", "pct", percent(lang, tot.CommittedMinor, p.BudgetMinor)) + ")"},
		{t("findoc.field.paid"), m(tot.PaidMinor) + " (" + t("findoc.of_committed", "pct", percent(lang, tot.PaidMinor, tot.CommittedMinor)) + ")"},
		{t("findoc.field.uncommitted"), m(p.BudgetMinor - tot.CommittedMinor)},
		{t("findoc.field.grants"), strconv.Itoa(tot.Grants)},
	})
	d.Heading(t("findoc.summary.overall"))
	d.Bars([]pdfdoc.Series{series(budgetColour, t("findoc.field.budget")), series(committedColour, t("findoc.field.committed")),
		series(paidColour, t("findoc.field.paid"))},
		[]pdfdoc.BarGroup{{Label: p.Title, Values: []int64{p.BudgetMinor, tot.CommittedMinor, tot.PaidMinor},
			Texts: []string{m(p.BudgetMinor), m(tot.CommittedMinor), m(tot.PaidMinor)}}})
	r.splits(d, lang, p.Currency, t("findoc.summary.by_municipality"), t("findoc.col.municipality"), s.ByMunicipality, r.municipality)
	r.splits(d, lang, p.Currency, t("findoc.summary.by_target_group"), t("findoc.col.target_group"), s.ByTargetGroup, r.targetGroup)
	d.Para(t("findoc.summary.split_note"))
	r.grantTable(d, lang, s)
	d.Signature(issuerName(s.Issuer), s.Issuer.Signatory)
	if err := d.Write(w); err != nil {
		return fmt.Errorf("findoc: summary of programme %d: %w", p.ID, err)
	}
	return nil
}

func issuerName(is pdfdoc.Issuer) string {
	if is.Letterhead == nil {
		return ""
	}
	return is.Letterhead.Name
}

// splits writes one breakdown: a chart of committed against paid per
// category, then the same figures as a table with the share paid.
func (r *Renderer) splits(d *pdfdoc.Doc, lang i18n.Lang, cur, title, col string, splits []Split, name func(i18n.Lang, string) string) {
	t := func(key string, args ...any) string { return r.t(lang, key, args...) }
	m := func(v int64) string { return i18n.Money(lang, v, cur) }
	d.Heading(title)
	if len(splits) == 0 {
		d.Para(t("findoc.none"))
		return
	}
	groups := make([]pdfdoc.BarGroup, 0, len(splits))
	rows := make([][]string, 0, len(splits))
	for _, s := range splits {
		label := name(lang, s.Code)
		groups = append(groups, pdfdoc.BarGroup{Label: label, Values: []int64{s.CommittedMinor, s.PaidMinor},
			Texts: []string{m(s.CommittedMinor), m(s.PaidMinor)}})
		rows = append(rows, []string{label, strconv.Itoa(s.Grants), m(s.CommittedMinor), m(s.PaidMinor),
			percent(lang, s.PaidMinor, s.CommittedMinor)})
	}
	d.Bars([]pdfdoc.Series{series(committedColour, t("findoc.field.committed")), series(paidColour, t("findoc.field.paid"))}, groups)
	d.Table([]string{col, t("findoc.col.grants"), t("findoc.field.committed"), t("findoc.field.paid"), t("findoc.col.paid_pct")},
		rows, []float64{54, 26, 36, 36, 22}, []string{"L", "R", "R", "R", "R"})
}

// grantTable lists every agreement with its amount, commitment and payments.
func (r *Renderer) grantTable(d *pdfdoc.Doc, lang i18n.Lang, s Summary) {
	t := func(key string, args ...any) string { return r.t(lang, key, args...) }
	m := func(v int64) string { return i18n.Money(lang, v, s.Programme.Currency) }
	d.Heading(t("findoc.summary.grants"))
	if len(s.Grants) == 0 {
		d.Para(t("findoc.none"))
		return
	}
	rows := make([][]string, 0, len(s.Grants)+1)
	var amount, committed, paid int64
	for _, g := range s.Grants {
		rows = append(rows, []string{g.ContractNumber, g.Organisation + " (" + t("grants.status."+g.Status) + ")",
			m(g.CommittedMinor), m(g.PaidMinor), m(g.CommittedMinor - g.PaidMinor)})
		amount, committed, paid = amount+g.AmountMinor, committed+g.CommittedMinor, paid+g.PaidMinor
	}
	rows = append(rows, []string{t("findoc.col.total"), "", m(committed), m(paid), m(committed - paid)})
	d.TableFontSize(8.5)
	d.Table([]string{t("findoc.col.contract"), t("findoc.col.organisation"), t("findoc.field.committed"),
		t("findoc.field.paid"), t("findoc.col.balance")},
		rows, []float64{46, 38, 30, 30, 30}, []string{"L", "L", "R", "R", "R"})
	d.TableFontSize(0)
}
