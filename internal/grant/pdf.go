package grant

import (
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
)

// Document is what the agreement PDF prints.
type Document struct {
	Grant    Agreement
	Lines    []Line
	Tranches []Tranche
	Sources  []Source // the programme's funding sources, printed beside the schedule
	Profile  *donor.Profile
	Issuer   string // the intermediary's name, first party
	// Head is the intermediary's letterhead and signatory (empty: none).
	Head pdfdoc.Issuer
	Date time.Time
}

// PDF renders the agreement in the grantee's language (the grant's lang):
// the parties, contract number, amount, period and account, the special
// conditions, the payment schedule and the budget as an annex.
func PDF(cat *i18n.Catalogue, doc Document) ([]byte, error) {
	lang, ok := i18n.ParseLang(doc.Grant.Lang)
	if !ok {
		lang = i18n.Default
	}
	g := doc.Grant
	t := func(key string, args ...any) string { return cat.T(lang, key, args...) }
	amount := func(v int64) string { return i18n.Money(lang, v, g.Currency) }
	d := pdfdoc.Open(pdfdoc.Frame{Cat: cat, Lang: lang, Title: t("grants.pdf.title", "number", g.ContractNumber),
		Programme: g.ProgrammeTitle, Reference: t("grants.pdf.footer", "number", g.ContractNumber, "version", g.Version),
		Generated: doc.Date, Letterhead: doc.Head.Letterhead})
	iban := g.IBAN
	if iban != "" {
		iban = FormatIBAN(iban)
	} else {
		iban = t("grants.pdf.iban_at_signature")
	}
	d.Fields([][2]string{
		{t("grants.field.contract_number"), g.ContractNumber},
		{t("grants.pdf.first_party"), doc.Issuer},
		{t("grants.pdf.second_party"), g.OrgName},
		{t("grants.field.programme"), g.ProgrammeTitle},
		{t("grants.field.call"), g.CallReference},
		{t("grants.field.action"), g.AppReference + " — " + g.AppTitle},
		{t("grants.field.amount"), amount(g.AmountMinor)},
		{t("grants.field.donor_share"), percent(lang, int64(g.DonorShareBP))},
		{t("grants.field.period"), g.StartsOn + " – " + g.EndsOn},
		{t("grants.field.iban"), iban},
		{t("grants.field.version"), fmt.Sprint(g.Version)},
	})
	d.Heading(t("grants.pdf.object"))
	d.Para(t("grants.pdf.object_text", "org", g.OrgName, "action", g.AppTitle, "amount", amount(g.AmountMinor),
		"starts", g.StartsOn, "ends", g.EndsOn))
	d.Heading(t("grants.field.special_conditions"))
	if g.SpecialConditions != "" {
		d.Para(g.SpecialConditions)
	} else {
		d.Para(t("grants.pdf.no_special_conditions"))
	}
	d.Heading(t("grants.pdf.schedule"))
	d.Para(t("grants.pdf.rule." + string(g.ScheduleRule)))
	rows := make([][]string, 0, len(doc.Tranches))
	for _, tr := range doc.Tranches {
		rows = append(rows, []string{fmt.Sprint(tr.Position), t("grants.kind." + string(tr.Kind)), tr.DueOn,
			t("grants.requires." + string(tr.Requires)), amount(tr.AmountMinor)})
	}
	d.Table([]string{"#", t("grants.field.tranche"), t("grants.field.due_on"), t("grants.field.requires"), t("grants.field.amount")},
		rows, []float64{10, 38, 28, 58, 46}, []string{"L", "L", "L", "L", "R"})
	if len(doc.Sources) > 0 {
		d.Heading(t("grants.sources"))
		rows = rows[:0]
		for _, src := range doc.Sources {
			rows = append(rows, []string{src.Name, amount(src.AmountMinor), percent(lang, src.ShareBP)})
		}
		d.Table([]string{t("grants.field.source"), t("grants.field.contribution"), t("grants.field.share")},
			rows, []float64{100, 45, 35}, []string{"L", "R", "R"})
	}
	d.Heading(t("grants.pdf.signatures"))
	d.Fields([][2]string{
		{g.OrgName, dateOr(t, g.GranteeSignedOn)},
		{doc.Issuer, dateOr(t, g.OrgSignedOn)},
	})
	d.Signature(doc.Issuer, doc.Head.Signatory)
	d.PageBreak()
	d.Heading(t("grants.pdf.annex_budget"))
	rows = rows[:0]
	var total, donorSum int64
	for _, l := range doc.Lines {
		label := l.Heading
		if doc.Profile != nil {
			if h, ok := doc.Profile.Heading(l.Heading); ok {
				label = l.Heading + " " + h.Label.In(string(lang))
			}
		}
		rows = append(rows, []string{label, l.Description, amount(l.TotalMinor), amount(l.DonorMinor)})
		total += l.TotalMinor
		donorSum += l.DonorMinor
	}
	rows = append(rows, []string{t("grants.field.total"), "", amount(total), amount(donorSum)})
	d.Table([]string{t("grants.field.heading"), t("grants.field.description"), t("grants.field.line_total"), t("grants.field.donor_part")},
		rows, []float64{48, 60, 33, 33}, []string{"L", "L", "R", "R"}) // descriptions wrap in their column, never cut
	b, err := d.Bytes()
	if err != nil {
		return nil, fmt.Errorf("grant: agreement %s: %w", g.ContractNumber, err)
	}
	return b, nil
}

func dateOr(t func(string, ...any) string, d string) string {
	if d == "" {
		return t("grants.pdf.not_signed")
	}
	return d
}

// percent shows basis points as a percentage with two decimals.
func percent(lang i18n.Lang, bp int64) string {
	s := i18n.Number(lang, bp/100)
	if r := bp % 100; r != 0 {
		sep := ","
		if lang == i18n.EN {
			sep = "."
		}
		s += fmt.Sprintf("%s%02d", sep, r)
	}
	return s + " %"
}
