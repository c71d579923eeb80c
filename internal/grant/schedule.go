package grant

import (
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/donor"
)

const day = "2006-01-02"

// Period is the agreement's start and end from the application's start
// month (YYYY-MM) and duration: the first day of the month to the day
// before the same day duration months later.
func Period(startMonth string, months int) (starts, ends string, err error) {
	t, err := time.Parse("2006-01", startMonth)
	if err != nil || months <= 0 {
		return "", "", fmt.Errorf("grant: period from start month %q and %d months", startMonth, months)
	}
	return t.Format(day), t.AddDate(0, months, -1).Format(day), nil
}

// Months is the number of whole months from starts to ends (inclusive of
// the last month begun).
func Months(starts, ends string) int {
	s, err1 := time.Parse(day, starts)
	e, err2 := time.Parse(day, ends)
	if err1 != nil || err2 != nil || e.Before(s) {
		return 0
	}
	end := e.AddDate(0, 0, 1)
	m := 0
	for m < 1200 && s.AddDate(0, m, 0).Before(end) {
		m++
	}
	return m
}

// RuleFor is the schedule option of a grant of amount over months under
// the profile's payment rules: option 1 (pre-financing and balance) up to
// short_grant_months and short_grant_max_minor, option 2 (yearly) beyond.
// The amount is compared in the programme's currency.
func RuleFor(p *donor.Profile, amount int64, months int) ScheduleRule {
	pay := p.Payments
	if months <= pay.ShortGrantMonths && (pay.ShortGrantMaxMinor == 0 || amount <= pay.ShortGrantMaxMinor) {
		return PrefinancingBalance
	}
	return Yearly
}

// Schedule builds the tranches of a grant of amount from starts to ends
// under rule and the profile's payment rules. The amounts add up exactly
// to amount. Option 1: pre-financing (prefinancing_bp of the amount,
// after signature) and the balance (after the final report; left out when
// the pre-financing is the whole amount). Option 2: one pre-financing per
// year of the period, the first after signature and the next ones each
// after the yearly report, splitting prefinancing_bp of the amount in
// proportion to the months of each year, and the balance after the final
// report. The balance is due final_due_months after the end.
func Schedule(p *donor.Profile, rule ScheduleRule, amount int64, starts, ends string) ([]Tranche, error) {
	s, err := time.Parse(day, starts)
	if err != nil {
		return nil, fmt.Errorf("grant: start %q: %w", starts, err)
	}
	e, err := time.Parse(day, ends)
	if err != nil || e.Before(s) {
		return nil, fmt.Errorf("grant: end %q before start %q", ends, starts)
	}
	if amount <= 0 {
		return nil, fmt.Errorf("grant: amount %d", amount)
	}
	pre := amount / 10000 * p.Payments.PrefinancingBP
	pre += amount % 10000 * p.Payments.PrefinancingBP / 10000
	balanceDue := e.AddDate(0, 0, 1).AddDate(0, p.Reporting.FinalDueMonths, -1).Format(day)
	var out []Tranche
	if rule == PrefinancingBalance {
		out = append(out, Tranche{Position: 1, Kind: Prefinancing, AmountMinor: pre, DueOn: starts, Requires: NeedsSignature, Status: Planned})
	} else {
		months := Months(starts, ends)
		years := (months + 11) / 12
		shares := make([]int64, years)
		var given int64
		for y := range years {
			m := min(12, months-12*y)
			shares[y] = pre / int64(months) * int64(m)
			given += shares[y]
		}
		shares[0] += pre - given // the rounding remainder on the first year
		for y, a := range shares {
			t := Tranche{Position: y + 1, Kind: Prefinancing, AmountMinor: a, DueOn: s.AddDate(y, 0, 0).Format(day), Requires: NeedsReport, Status: Planned}
			if y == 0 {
				t.Requires = NeedsSignature
			} else {
				t.Kind = Interim
			}
			out = append(out, t)
		}
	}
	if rest := amount - pre; rest > 0 {
		out = append(out, Tranche{Position: len(out) + 1, Kind: Balance, AmountMinor: rest, DueOn: balanceDue, Requires: NeedsFinalReport, Status: Planned})
	}
	return out, nil
}
