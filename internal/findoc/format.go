package findoc

import (
	"strconv"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/place"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// percent is part of whole with one decimal, in lang's separators ("—"
// when whole is zero).
func percent(lang i18n.Lang, part, whole int64) string {
	if whole <= 0 {
		return "—"
	}
	x10 := (part*1000 + whole/2) / whole
	sep := ","
	if lang == i18n.EN {
		sep = "."
	}
	return i18n.Number(lang, x10/10) + sep + strconv.FormatInt(x10%10, 10) + " %"
}

// municipality is a municipality's name in lang; the code itself when the
// place list does not know it, and a label for agreements naming none.
func (r *Renderer) municipality(lang i18n.Lang, code string) string {
	if code == "" {
		return r.t(lang, "findoc.unspecified")
	}
	if m, ok := place.Lookup(code); ok {
		return m.Name(string(lang))
	}
	return code
}

// targetGroup is a target group's label in lang (org.target.*).
func (r *Renderer) targetGroup(lang i18n.Lang, code string) string {
	if code == "" {
		return r.t(lang, "findoc.unspecified")
	}
	key := "org.target." + code
	if r.Cat.Has(key) {
		return r.t(lang, key)
	}
	return code
}
