package findoc

import (
	"fmt"
	"io"
	"strconv"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
)

// StatementPDF writes a grant's statement in lang to w: the agreement, its
// payment schedule, every payment with the running total, and the balance
// left to pay. Nothing reaches w when the document cannot be built.
func (r *Renderer) StatementPDF(w io.Writer, lang i18n.Lang, s Statement) error {
	g := s.Grant
	if g.Currency == "" {
		return fmt.Errorf("findoc: grant %d has no currency", g.ID)
	}
	t := func(key string, args ...any) string { return r.t(lang, key, args...) }
	m := func(v int64) string { return i18n.Money(lang, v, g.Currency) }
	d := pdfdoc.Open(pdfdoc.Frame{Cat: r.Cat, Lang: lang, Title: t("findoc.statement.title", "number", g.ContractNumber),
		Programme: g.Programme, Reference: s.Reference(), Generated: s.Generated, Letterhead: s.Issuer.Letterhead})
	d.Fields([][2]string{
		{t("findoc.col.contract"), g.ContractNumber},
		{t("findoc.field.grantee"), g.Organisation},
		{t("findoc.field.programme"), g.Programme},
		{t("findoc.field.call"), g.Call},
		{t("findoc.field.period"), g.StartsOn + " – " + g.EndsOn},
		{t("findoc.col.status"), t("grants.status." + g.Status)},
		{t("findoc.field.amount"), m(g.AmountMinor)},
		{t("findoc.field.paid"), m(g.PaidMinor) + " (" + percent(lang, g.PaidMinor, g.AmountMinor) + ")"},
		{t("findoc.col.balance"), m(s.Balance())},
	})
	d.Heading(t("findoc.statement.schedule"))
	if len(s.Tranches) == 0 {
		d.Para(t("findoc.none"))
	} else {
		rows := make([][]string, 0, len(s.Tranches)+1)
		var sum int64
		for _, tr := range s.Tranches {
			rows = append(rows, []string{strconv.Itoa(tr.Position), t("grants.kind." + tr.Kind), tr.DueOn,
				t("grants.tranche." + tr.Status), m(tr.AmountMinor)})
			sum += tr.AmountMinor
		}
		rows = append(rows, []string{"", t("findoc.col.total"), "", "", m(sum)})
		d.Table([]string{"#", t("findoc.col.tranche"), t("findoc.col.due_on"), t("findoc.col.status"), t("findoc.field.amount")},
			rows, []float64{10, 50, 30, 40, 44}, []string{"R", "L", "L", "L", "R"})
	}
	d.Heading(t("findoc.statement.payments"))
	if len(s.Payments) == 0 {
		d.Para(t("findoc.statement.no_payments"))
	} else {
		rows := make([][]string, 0, len(s.Payments)+1)
		var run int64
		for _, p := range s.Payments {
			if p.Currency == g.Currency {
				run += p.AmountMinor
			}
			rows = append(rows, []string{p.PaidOn, p.BankReference, i18n.Money(lang, p.AmountMinor, p.Currency), m(run)})
		}
		d.Table([]string{t("findoc.col.paid_on"), t("findoc.col.bank_reference"), t("findoc.field.amount"), t("findoc.col.cumulative")},
			rows, []float64{30, 64, 40, 40}, []string{"L", "L", "R", "R"})
	}
	d.Heading(t("findoc.col.balance"))
	d.Para(t("findoc.statement.balance", "amount", m(g.AmountMinor), "paid", m(g.PaidMinor), "balance", m(s.Balance())))
	d.Signature(issuerName(s.Issuer), s.Issuer.Signatory)
	if err := d.Write(w); err != nil {
		return fmt.Errorf("findoc: statement of grant %s: %w", g.ContractNumber, err)
	}
	return nil
}
