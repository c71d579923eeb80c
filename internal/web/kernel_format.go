package web

import (
	"strconv"

	"github.com/subgrant/portal/internal/i18n"
)

// hundredths writes a number kept in hundredths (points ×100, money in
// minor units) with two decimals and lang's decimal mark, ungrouped:
// 1950 is "19,50" in Albanian and Serbian, "19.50" in English.
func hundredths(lang i18n.Lang, v int64) string {
	dec := ","
	if lang == i18n.EN {
		dec = "."
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return sign + strconv.FormatInt(v/100, 10) + dec + strconv.FormatInt(100+v%100, 10)[1:]
}
