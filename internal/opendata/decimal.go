package opendata

import "strconv"

// decimal writes v hundredths as a decimal with two places, exactly:
// minor units of a two-digit currency (123456 → "1234.56", -5 → "-0.05"),
// or basis points of a percent. No float is involved.
func decimal(v int64) string {
	neg := v < 0
	u := uint64(v)
	if neg {
		u = -u
	}
	s := strconv.FormatUint(u/100, 10) + "." + strconv.FormatUint(100+u%100, 10)[1:]
	if neg {
		return "-" + s
	}
	return s
}

// Amount is the decimal form of minor units of a currency with two minor
// digits (every currency the portal allows, money.MinorDigits).
func Amount(minor int64) string { return decimal(minor) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
