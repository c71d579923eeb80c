package evaldoc

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/subgrant/portal/internal/celltext"
	"github.com/subgrant/portal/internal/i18n"
)

// t translates a catalogue key.
func (r *Renderer) t(lang i18n.Lang, key string, args ...any) string {
	return r.Cat.T(lang, key, args...)
}

// points formats hundredths of a point with the language's separators:
// 2350 is "23,50" in Albanian and Serbian, "23.50" in English.
func points(lang i18n.Lang, x100 int64) string {
	sign := ""
	if x100 < 0 {
		sign, x100 = "-", -x100
	}
	dec := ","
	if lang == i18n.EN {
		dec = "."
	}
	return sign + i18n.Number(lang, x100/100) + dec + strconv.FormatInt(100+x100%100, 10)[1:]
}

// money formats minor units of the call's currency.
func money(lang i18n.Lang, minor int64, c Call) string { return i18n.Money(lang, minor, c.Currency) }

// checkDecision refuses a decision the documents have no words for.
func checkDecision(d string) error {
	switch d {
	case Award, Reserve, Reject, Shortlist:
		return nil
	}
	return fmt.Errorf("evaldoc: unknown decision %q", d)
}

// checkCall refuses a call without the facts every document names.
func checkCall(c Call) error {
	if c.Stage != StageConcept && c.Stage != StageFull {
		return fmt.Errorf("evaldoc: unknown stage %q", c.Stage)
	}
	if c.Currency == "" {
		return fmt.Errorf("evaldoc: call %q has no currency", c.Reference)
	}
	return nil
}

// decision is a decision's label.
func (r *Renderer) decision(lang i18n.Lang, d string) string {
	return r.t(lang, "evaldoc.decision."+d)
}

// role is a committee role's label; an unknown role shows as given.
func (r *Renderer) role(lang i18n.Lang, role string) string {
	switch role {
	case "chair", "secretary", "evaluator", "observer":
		return r.t(lang, "evaldoc.role."+role)
	}
	return role
}

// sectionTitles maps section codes to titles.
func sectionTitles(secs []Section) map[string]string {
	m := make(map[string]string, len(secs))
	for _, s := range secs {
		m[s.Code] = s.Title
	}
	return m
}

// reason renders one reason in lang; titles resolves section codes.
func (r *Renderer) reason(lang i18n.Lang, rs Reason, titles map[string]string) string {
	title := titles[rs.Section]
	if title == "" {
		title = rs.Section
	}
	var text string
	if rs.Key != "" {
		text = r.t(lang, rs.Key, "section", title)
		if title != "" && !strings.Contains(text, title) {
			text += " (" + title + ")"
		}
	}
	switch {
	case rs.Text == "":
		return text
	case text == "":
		return rs.Text
	}
	return text + ": " + rs.Text
}

// reasons renders every reason of a row.
func (r *Renderer) reasons(lang i18n.Lang, rs []Reason, titles map[string]string) []string {
	out := make([]string, 0, len(rs))
	for _, x := range rs {
		if s := r.reason(lang, x, titles); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// MaxCellChars is the most characters (UTF-16 units) a spreadsheet cell
// holds (celltext.MaxChars).
const MaxCellChars = celltext.MaxChars

// SafeCell neutralises a text a spreadsheet would run as a formula and
// clips it to a cell: the portal's one neutraliser, celltext.Safe.
func SafeCell(s string) string { return celltext.Safe(s) }

// utf16Len counts the UTF-16 units of s.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
