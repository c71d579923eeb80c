package programme

import (
	"errors"
	"strings"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/money"
)

// AmountErrorKey names the catalogue message for an error of money.Parse,
// one message per thing a person can get wrong.
func AmountErrorKey(err error) string {
	switch {
	case errors.Is(err, money.ErrEmpty):
		return "programmes.error.required"
	case errors.Is(err, money.ErrNegative):
		return "programmes.error.amount_negative"
	case errors.Is(err, money.ErrDecimals):
		return "programmes.error.amount_decimals"
	case errors.Is(err, money.ErrGrouping):
		return "programmes.error.amount_grouping"
	case errors.Is(err, money.ErrTooLarge):
		return "programmes.error.amount_too_large"
	default:
		return "programmes.error.amount_letters"
	}
}

// ParseAmount reads an amount typed in lang into minor units, recording a
// field error when it is wrong. An empty optional amount is 0.
func ParseAmount(fe apperr.FieldErrors, field, lang, s string, required bool) int64 {
	s = strings.TrimSpace(s)
	if s == "" && !required {
		return 0
	}
	v, err := money.Parse(lang, s)
	if err != nil {
		fe.Add(field, AmountErrorKey(err))
		return 0
	}
	return v
}

// FormatAmount writes minor units back the way a person of lang types them
// ("1234,50" in Albanian and Serbian, "1234.50" in English), for forms.
func FormatAmount(lang string, minor int64) string {
	sep := ","
	if lang == "en" {
		sep = "."
	}
	whole, frac := minor/100, minor%100
	if frac < 0 {
		frac = -frac
	}
	s := itoa(whole)
	if frac == 0 {
		return s
	}
	f := itoa(frac)
	if frac < 10 {
		f = "0" + f
	}
	return s + sep + f
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}
