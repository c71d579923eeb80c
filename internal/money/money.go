// Package money holds amounts as int64 minor units (cents) with an ISO 4217
// currency, parses what people type into amount fields and does checked
// arithmetic. There are no floats anywhere: a float cannot hold 0.10 exactly
// and a rounding error in a payment is a finding in an audit.
package money

import "errors"

// Amount is a sum of money: minor units of one currency.
type Amount struct {
	Minor    int64  `json:"amount_minor"`
	Currency string `json:"currency"`
}

// MinorDigits is the number of minor digits of every allowed currency; Parse
// accepts at most this many decimals.
const MinorDigits = 2

// Max is the largest amount, in minor units, that Parse accepts: ten
// trillion in major units, far above any programme, far below int64 limits.
const Max int64 = 1_000_000_000_000_000

// Currencies returns the ISO 4217 codes a programme may use, all with two
// minor digits.
func Currencies() []string {
	return []string{"EUR", "USD", "ALL", "CHF", "GBP"}
}

// IsCurrency reports whether code is one of the allowed currencies.
func IsCurrency(code string) bool {
	for _, c := range Currencies() {
		if c == code {
			return true
		}
	}
	return false
}

// ErrCurrency is an unknown or not allowed currency code.
var ErrCurrency = errors.New("money: currency not allowed")

// ErrCurrencyMismatch is arithmetic between amounts of different currencies.
var ErrCurrencyMismatch = errors.New("money: different currencies")

// Validate checks the currency and that the amount is within ±Max.
func (a Amount) Validate() error {
	if !IsCurrency(a.Currency) {
		return ErrCurrency
	}
	if a.Minor > Max || a.Minor < -Max {
		return ErrTooLarge
	}
	return nil
}

// Add returns a+b; both must be in the same currency.
func (a Amount) Add(b Amount) (Amount, error) {
	if a.Currency != b.Currency {
		return Amount{}, ErrCurrencyMismatch
	}
	sum, err := Add(a.Minor, b.Minor)
	if err != nil {
		return Amount{}, err
	}
	return Amount{Minor: sum, Currency: a.Currency}, nil
}
