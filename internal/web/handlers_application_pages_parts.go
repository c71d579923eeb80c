package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/money"
)

// totalsView is a budget's sums and shares formatted for the page.
type totalsView struct {
	Direct, Indirect, Contingency, Total, Requested, Cofinancing string
	IndirectPct, ContingencyPct, DonorSharePct, CofinancingPct   string
	IndirectMax, ContingencyMax                                  string
	OK                                                           bool // the sums could be computed
}

// totalsOf sums a budget and formats the percentages of indirect costs and
// contingency (of direct costs) and the donor's share (of the total).
func totalsOf(p *Page, lines []application.BudgetLine, profile *donor.Profile, cur string) totalsView {
	t, err := application.Sum(lines, profile)
	if err != nil {
		return totalsView{}
	}
	m := func(v int64) string { return p.Money(v, cur) }
	v := totalsView{OK: true, Direct: m(t.Direct), Indirect: m(t.Indirect), Contingency: m(t.Contingency), Total: m(t.Total),
		Requested: m(t.Requested), Cofinancing: m(t.Cofinancing),
		IndirectPct: p.PercentBP(money.Percent(t.Indirect, t.Direct)), ContingencyPct: p.PercentBP(money.Percent(t.Contingency, t.Direct)),
		DonorSharePct: p.PercentBP(money.Percent(t.Requested, t.Total)), CofinancingPct: p.PercentBP(money.Percent(t.Cofinancing, t.Total))}
	if profile != nil {
		v.IndirectMax, v.ContingencyMax = p.PercentBP(profile.IndirectMaxBP), p.PercentBP(profile.ContingencyMaxBP)
	}
	return v
}

// sortLink is a column header that sorts the list by its key, ascending
// first, descending when it is already ascending.
type sortLink struct {
	Href string
	Sort string // "ascending", "descending" or "none" for aria-sort
}

func sortLinkOf(u *url.URL, key string) sortLink {
	q := u.Query()
	cur := q.Get("sort")
	l := sortLink{Sort: "none"}
	next := key
	switch cur {
	case key:
		l.Sort, next = "ascending", "-"+key
	case "-" + key:
		l.Sort = "descending"
	}
	q.Set("sort", next)
	q.Del("page")
	l.Href = u.Path + "?" + q.Encode()
	return l
}

// inputDecimal writes hundredths (amounts in minor units, quantities ×100)
// as the language's decimal number without grouping, which money.Parse
// reads back: 1200 is "12", 125050 is "1250,50" (sq, sr) or "1250.50" (en).
func inputDecimal(lang i18n.Lang, v int64) string {
	s := strconv.FormatInt(v/100, 10)
	if v < 0 && v > -100 {
		s = "-0"
	}
	if r := v % 100; r != 0 {
		sep := ","
		if lang == i18n.EN {
			sep = "."
		}
		s += sep + strconv.FormatInt(100+abs64(r), 10)[1:]
	}
	return s
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// sectionOf names the editor section where a problem's field is entered.
func sectionOf(field string) string {
	switch {
	case strings.HasPrefix(field, "target_groups"):
		return "target_groups"
	case strings.HasPrefix(field, "municipalities"):
		return "municipalities"
	case strings.HasPrefix(field, "logframe"):
		return "logframe"
	case strings.HasPrefix(field, "activities"):
		return "workplan"
	case strings.HasPrefix(field, "budget"):
		return "budget"
	case strings.HasPrefix(field, "partners"):
		return "partners"
	case strings.HasPrefix(field, "attachments"):
		return "attachments"
	case field == "declaration_accepted":
		return "declaration"
	case field == "call":
		return ""
	}
	return "summary"
}

// pathName turns a domain field path ("budget[2].unit_rate") into the
// page's field name ("budget_2_unit_rate", whose id is f-budget-2-unit-rate).
// Rows are numbered as parsed (empty rows left out, as the page shows them
// again); codes are the chosen target groups in order.
func pathName(path string, codes []string) string {
	open := strings.Index(path, "[")
	end := strings.Index(path, "]")
	if open < 0 || end < open {
		return strings.ReplaceAll(path, ".", "_")
	}
	group, rest := path[:open], strings.ReplaceAll(path[end+1:], ".", "_")
	k, _ := strconv.Atoi(path[open+1 : end])
	switch group {
	case "municipalities":
		return "municipalities"
	case "target_groups":
		if k < len(codes) && rest == "_beneficiaries" {
			return "tg_" + codes[k] + "_n"
		}
		return "target_groups"
	}
	return strings.ReplaceAll(group, ".", "_") + "_" + strconv.Itoa(k) + rest
}
