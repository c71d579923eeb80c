package opendata

import (
	"math/big"
	"time"
)

// period is a budget period: its first and last day (YYYY-MM-DD) and its
// share of the amount in minor units.
type period struct {
	Start, End string
	Minor      int64
}

// yearly splits amount over start..end (both days included) into periods
// of at most a year each (IATI's rule for budgets), from the start date on,
// in proportion to their days; the minor units lost to rounding down go to
// the last period, so the periods add up exactly to amount. Dates that do
// not parse, or an end before the start, give one period as written.
func yearly(start, end string, amount int64) []period {
	s, err1 := time.Parse(time.DateOnly, start)
	e, err2 := time.Parse(time.DateOnly, end)
	if err1 != nil || err2 != nil || e.Before(s) {
		return []period{{start, end, amount}}
	}
	var out []period
	var days []int64
	var total int64
	for from := s; !from.After(e); {
		to := from.AddDate(1, 0, -1)
		if to.After(e) {
			to = e
		}
		n := int64(to.Sub(from).Hours()/24) + 1
		out = append(out, period{Start: from.Format(time.DateOnly), End: to.Format(time.DateOnly)})
		days, total = append(days, n), total+n
		from = to.AddDate(0, 0, 1)
	}
	var given int64
	for i := range out {
		share := new(big.Int).Mul(big.NewInt(amount), big.NewInt(days[i]))
		out[i].Minor = share.Quo(share, big.NewInt(total)).Int64()
		given += out[i].Minor
	}
	out[len(out)-1].Minor += amount - given
	return out
}

// budgets are the activity's yearly budgets of type original with status.
func budgets(start, end string, amount int64, currency, status string) []budgetEl {
	var out []budgetEl
	for _, p := range yearly(start, end, amount) {
		out = append(out, budgetEl{Type: budgetOriginal, Status: status, PeriodStart: dateEl{p.Start}, PeriodEnd: dateEl{p.End},
			Value: valueEl{Currency: currency, ValueDate: p.Start, Amount: Amount(p.Minor)}})
	}
	return out
}
