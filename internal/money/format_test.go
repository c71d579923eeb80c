package money_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/money"
)

// The formatting lives in i18n; these tests pin what money's users see.
func TestI18nMoney(t *testing.T) {
	tests := []struct {
		lang     i18n.Lang
		minor    int64
		currency string
		want     string
	}{
		{i18n.SQ, 123456, "EUR", "1.234,56 €"},
		{i18n.EN, 123456, "EUR", "€1,234.56"},
		{i18n.SR, 123456, "EUR", "1.234,56 €"},
		{i18n.SQ, -123456, "EUR", "-1.234,56 €"},
		{i18n.EN, -123456, "EUR", "-€1,234.56"},
		{i18n.SR, -5, "EUR", "-0,05 €"},
		{i18n.SQ, 0, "EUR", "0,00 €"},
		{i18n.EN, 0, "EUR", "€0.00"},
		{i18n.EN, 7, "EUR", "€0.07"},
		{i18n.SQ, 100, "EUR", "1,00 €"},
		{i18n.SQ, 99999, "EUR", "999,99 €"},
		{i18n.SQ, 100000, "EUR", "1.000,00 €"},
		{i18n.SQ, money.Max, "EUR", "10.000.000.000.000,00 €"},
		{i18n.EN, money.Max, "EUR", "€10,000,000,000,000.00"},
		{i18n.SQ, math.MaxInt64, "EUR", "92.233.720.368.547.758,07 €"},
		{i18n.SQ, math.MinInt64, "EUR", "-92.233.720.368.547.758,08 €"},
		{i18n.EN, math.MinInt64, "EUR", "-€92,233,720,368,547,758.08"},
		{i18n.EN, 6000000, "USD", "US$60,000.00"},
		{i18n.EN, 123456, "GBP", "£1,234.56"},
		{i18n.EN, 123456, "CHF", "CHF 1,234.56"},
		{i18n.SQ, 123456, "CHF", "1.234,56 CHF"},
		{i18n.SQ, 123456, "ALL", "1.234,56 Lek"},
		{i18n.SQ, 123456, "XYZ", "1.234,56 XYZ"},
	}
	for _, tt := range tests {
		if got := i18n.Money(tt.lang, tt.minor, tt.currency); got != tt.want {
			t.Errorf("Money(%s, %d, %s) = %q, want %q", tt.lang, tt.minor, tt.currency, got, tt.want)
		}
	}
}

func TestI18nNumber(t *testing.T) {
	tests := []struct {
		lang i18n.Lang
		n    int64
		want string
	}{
		{i18n.SQ, 0, "0"},
		{i18n.SQ, 999, "999"},
		{i18n.SQ, 1000, "1.000"},
		{i18n.EN, 1234567, "1,234,567"},
		{i18n.SR, -1234567, "-1.234.567"},
		{i18n.EN, math.MinInt64, "-9,223,372,036,854,775,808"},
	}
	for _, tt := range tests {
		if got := i18n.Number(tt.lang, tt.n); got != tt.want {
			t.Errorf("Number(%s, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestAmountJSON(t *testing.T) {
	b, err := json.Marshal(money.Amount{Minor: 123456, Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"amount_minor":123456,"currency":"EUR"}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
