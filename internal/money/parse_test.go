package money

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		lang, in string
		want     int64
		err      error
	}{
		// plain and decimal, any language
		{"sq", "1234", 123400, nil},
		{"en", "1234", 123400, nil},
		{"sq", "0", 0, nil},
		{"sq", "007", 700, nil},
		{"sq", "1234,5", 123450, nil},
		{"sq", "1234,56", 123456, nil},
		{"sq", "1234.5", 123450, nil},
		{"sq", "1234.56", 123456, nil},
		{"en", "1234.5", 123450, nil},
		{"en", "1234,56", 123456, nil},
		{"sr", "0,05", 5, nil},
		{"en", "0.5", 50, nil},
		{"sq", "  12,30\t", 1230, nil},
		{"sq", "\u00a012\u00a0", 1200, nil},

		// grouped, both separators: the last is decimal
		{"sq", "1.234,56", 123456, nil},
		{"en", "1.234,56", 123456, nil},
		{"en", "1,234.56", 123456, nil},
		{"sq", "1,234.56", 123456, nil},
		{"sr", "1.234.567,89", 123456789, nil},
		{"en", "1,234,567.8", 123456780, nil},

		// grouped with spaces
		{"sq", "1 234,56", 123456, nil},
		{"sq", "1\u00a0234,56", 123456, nil},
		{"sq", "1\u202f234\u202f567", 123456700, nil},
		{"en", "1 234.56", 123456, nil},
		{"en", "12 345 678", 1234567800, nil},

		// one separator followed by three digits: the language decides
		{"sq", "1.234", 123400, nil},
		{"sr", "1.234", 123400, nil},
		{"en", "1,234", 123400, nil},
		{"sq", "12,345", 0, ErrDecimals},
		{"sr", "1,234", 0, ErrDecimals},
		{"en", "1.234", 0, ErrDecimals},
		{"en", "1.2345", 0, ErrDecimals},
		{"sq", "1,2345", 0, ErrDecimals},
		{"xx", "1.234", 123400, nil}, // unknown language reads like sq
		{"en-GB", "1,234", 123400, nil},

		// one separator repeated: grouping
		{"sq", "1.234.567", 123456700, nil},
		{"en", "1,234,567", 123456700, nil},
		{"en", "1.234.567", 123456700, nil},
		{"sq", "1,234,567", 123456700, nil},

		// more than two decimals
		{"sq", "1.234,567", 0, ErrDecimals},
		{"en", "1,234.567", 0, ErrDecimals},
		{"en", "0.001", 0, ErrDecimals},

		// malformed grouping
		{"sq", "1.23.4", 0, ErrGrouping},
		{"en", "1,23,4", 0, ErrGrouping},
		{"sq", "1.234.56", 0, ErrGrouping},
		{"sq", "1 23", 0, ErrGrouping},
		{"sq", "1  234", 0, ErrGrouping},
		{"sq", "1..234", 0, ErrGrouping},
		{"sq", "1.,23", 0, ErrGrouping},
		{"sq", "1234.567", 0, ErrGrouping},
		{"en", "1234,567", 0, ErrGrouping},
		{"sq", "1.2345", 0, ErrGrouping},
		{"sq", "0.123", 0, ErrGrouping},
		{"sq", "1 234.567", 0, ErrGrouping},
		{"sq", "1.234 567", 0, ErrGrouping},
		{"sq", "1.234,56,7", 0, ErrGrouping},
		{"en", "1,234,56.7", 0, ErrGrouping},
		{"sq", "1,5 00", 0, ErrGrouping},

		// not a number
		{"sq", "12a", 0, ErrSyntax},
		{"en", "1e3", 0, ErrSyntax},
		{"en", "NaN", 0, ErrSyntax},
		{"en", "Inf", 0, ErrSyntax},
		{"en", "+Inf", 0, ErrSyntax},
		{"en", "0x10", 0, ErrSyntax},
		{"sq", "€12", 0, ErrSyntax},
		{"sq", "12 €", 0, ErrSyntax},
		{"en", "+12", 0, ErrSyntax},
		{"sq", ",50", 0, ErrSyntax},
		{"sq", "12,", 0, ErrSyntax},
		{"sq", "12.", 0, ErrSyntax},
		{"sq", "-", 0, ErrSyntax},
		{"sq", "--1", 0, ErrSyntax},
		{"sq", "- 1", 0, ErrSyntax},
		{"sq", "1-", 0, ErrSyntax},
		{"sq", "1\t234", 0, ErrSyntax},
		{"sq", "1'234", 0, ErrSyntax},
		{"sq", "١٢", 0, ErrSyntax}, // Arabic-Indic digits
		{"sq", "１２", 0, ErrSyntax}, // full-width digits
		{"sq", "\xff", 0, ErrSyntax},
		{"sq", "-12a", 0, ErrSyntax},

		// empty
		{"sq", "", 0, ErrEmpty},
		{"sq", "   ", 0, ErrEmpty},
		{"sq", "\u00a0", 0, ErrEmpty},

		// negative
		{"sq", "-1", 0, ErrNegative},
		{"sq", "-0", 0, ErrNegative},
		{"en", "-1,234.56", 0, ErrNegative},

		// too large
		{"sq", "10.000.000.000.000", Max, nil},
		{"sq", "10.000.000.000.000,01", 0, ErrTooLarge},
		{"en", "9223372036854775807", 0, ErrTooLarge},
		{"en", "99999999999999999999999999999", 0, ErrTooLarge},
		{"en", "00000000000000000000000000001", 100, nil},
	}
	for _, tt := range tests {
		got, err := Parse(tt.lang, tt.in)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("Parse(%q, %q) = %d, %v; want %d, %v", tt.lang, tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestParseSigned(t *testing.T) {
	tests := []struct {
		lang, in string
		want     int64
		err      error
	}{
		{"sq", "-1", -100, nil},
		{"sq", "-0", 0, nil},
		{"sq", "-1.234,56", -123456, nil},
		{"en", "-1,234.56", -123456, nil},
		{"en", " -0.05 ", -5, nil},
		{"en", "12", 1200, nil},
		{"sq", "-10.000.000.000.000", -Max, nil},
		{"sq", "-10.000.000.000.000,01", 0, ErrTooLarge},
		{"sq", "-", 0, ErrSyntax},
		{"sq", "-1e3", 0, ErrSyntax},
		{"sq", "-,5", 0, ErrSyntax},
	}
	for _, tt := range tests {
		got, err := ParseSigned(tt.lang, tt.in)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("ParseSigned(%q, %q) = %d, %v; want %d, %v", tt.lang, tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestErrorsDistinct(t *testing.T) {
	all := []error{ErrEmpty, ErrSyntax, ErrDecimals, ErrGrouping, ErrNegative, ErrTooLarge, ErrOverflow, ErrCurrency, ErrCurrencyMismatch}
	for i, a := range all {
		for _, b := range all[i+1:] {
			if errors.Is(a, b) || a.Error() == b.Error() {
				t.Errorf("%v and %v are not distinct", a, b)
			}
		}
	}
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, err := Parse("sq", "1.234.567,89"); err != nil {
			b.Fatal(err)
		}
	}
}
