package i18n

import (
	"strconv"
	"strings"
	"time"
)

// separators returns the thousands and decimal separators of a language.
func separators(l Lang) (thousands, decimal string) {
	if l == EN {
		return ",", "."
	}
	return ".", ","
}

// Number formats an integer with the language's thousands separator.
func Number(l Lang, n int64) string {
	th, _ := separators(l)
	return group(n, th)
}

func group(n int64, sep string) string {
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	s := strconv.FormatUint(u, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

var symbols = map[string]string{"EUR": "€", "USD": "US$", "GBP": "£", "ALL": "Lek", "CHF": "CHF"}

// Money formats minor units (cents) of a currency: "1.234,56 €" in Albanian
// and Serbian, "€1,234.56" in English.
func Money(l Lang, minor int64, currency string) string {
	th, dec := separators(l)
	neg := minor < 0
	u := uint64(minor)
	if neg {
		u = uint64(-minor)
	}
	whole := group(int64(u/100), th)
	frac := strconv.FormatUint(u%100+100, 10)[1:]
	num := whole + dec + frac
	sym, ok := symbols[currency]
	if !ok {
		sym = currency
	}
	sign := ""
	if neg {
		sign = "-"
	}
	if l == EN {
		if sym == "€" || sym == "£" || sym == "US$" {
			return sign + sym + num
		}
		return sign + sym + " " + num
	}
	return sign + num + " " + sym
}

var monthNames = map[Lang][12]string{
	SQ:     {"janar", "shkurt", "mars", "prill", "maj", "qershor", "korrik", "gusht", "shtator", "tetor", "nëntor", "dhjetor"},
	EN:     {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	SR:     {"januar", "februar", "mart", "april", "maj", "jun", "jul", "avgust", "septembar", "oktobar", "novembar", "decembar"},
	SRCyrl: {"јануар", "фебруар", "март", "април", "мај", "јун", "јул", "август", "септембар", "октобар", "новембар", "децембар"},
}

// Date formats a day in words: "22 nëntor 2026", "22 November 2026",
// "22. novembar 2026.", "22. новембар 2026.". An unknown language gets
// the default's month names.
func Date(l Lang, t time.Time) string {
	names, ok := monthNames[l]
	if !ok {
		names = monthNames[Default]
	}
	m := names[t.Month()-1]
	switch l {
	case SR, SRCyrl:
		return strconv.Itoa(t.Day()) + ". " + m + " " + strconv.Itoa(t.Year()) + "."
	default:
		return strconv.Itoa(t.Day()) + " " + m + " " + strconv.Itoa(t.Year())
	}
}

// DateTime formats a moment in the given zone with a 24-hour clock.
func DateTime(l Lang, t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	return Date(l, t) + " " + t.Format("15:04")
}
