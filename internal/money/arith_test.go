package money

import (
	"errors"
	"math"
	"testing"
)

func TestAddSub(t *testing.T) {
	tests := []struct {
		a, b           int64
		sum, diff      int64
		sumErr, subErr error
	}{
		{1, 2, 3, -1, nil, nil},
		{-5, 3, -2, -8, nil, nil},
		{math.MaxInt64, 0, math.MaxInt64, math.MaxInt64, nil, nil},
		{math.MaxInt64, 1, 0, math.MaxInt64 - 1, ErrOverflow, nil},
		{math.MinInt64, -1, 0, math.MinInt64 + 1, ErrOverflow, nil},
		{math.MinInt64, 1, math.MinInt64 + 1, 0, nil, ErrOverflow},
		{0, math.MinInt64, math.MinInt64, 0, nil, ErrOverflow},
		{-1, math.MinInt64, 0, math.MaxInt64, ErrOverflow, nil},
		{math.MaxInt64, math.MinInt64, -1, 0, nil, ErrOverflow},
	}
	for _, tt := range tests {
		got, err := Add(tt.a, tt.b)
		if got != tt.sum || !errors.Is(err, tt.sumErr) {
			t.Errorf("Add(%d, %d) = %d, %v; want %d, %v", tt.a, tt.b, got, err, tt.sum, tt.sumErr)
		}
		got, err = Sub(tt.a, tt.b)
		if got != tt.diff || !errors.Is(err, tt.subErr) {
			t.Errorf("Sub(%d, %d) = %d, %v; want %d, %v", tt.a, tt.b, got, err, tt.diff, tt.subErr)
		}
	}
}

func TestSum(t *testing.T) {
	if got, err := Sum(); got != 0 || err != nil {
		t.Errorf("Sum() = %d, %v", got, err)
	}
	if got, err := Sum(100, 250, -50); got != 300 || err != nil {
		t.Errorf("Sum(100, 250, -50) = %d, %v", got, err)
	}
	if _, err := Sum(math.MaxInt64, 1, -1); !errors.Is(err, ErrOverflow) {
		t.Errorf("Sum past MaxInt64: err = %v, want ErrOverflow", err)
	}
}

func TestMul(t *testing.T) {
	tests := []struct {
		a, b, want int64
		err        error
	}{
		{12, 150000, 1800000, nil},
		{-3, 7, -21, nil},
		{-3, -7, 21, nil},
		{0, math.MinInt64, 0, nil},
		{math.MinInt64, 1, math.MinInt64, nil},
		{math.MinInt64, -1, 0, ErrOverflow},
		{math.MaxInt64, -1, -math.MaxInt64, nil},
		{math.MaxInt64, 2, 0, ErrOverflow},
		{1 << 62, -2, math.MinInt64, nil},
		{1 << 62, 2, 0, ErrOverflow},
		{1 << 32, 1 << 32, 0, ErrOverflow},
	}
	for _, tt := range tests {
		got, err := Mul(tt.a, tt.b)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("Mul(%d, %d) = %d, %v; want %d, %v", tt.a, tt.b, got, err, tt.want, tt.err)
		}
	}
}

func TestPercent(t *testing.T) {
	tests := []struct{ part, whole, want int64 }{
		{1, 8, 1250},
		{1, 3, 3333},
		{2, 3, 6667},
		{1, 20000, 1},   // 0.5 bp rounds away from zero
		{1, 20001, 0},   // just under half
		{-1, 20000, -1}, // halves away from zero when negative too
		{1, -3, -3333},
		{-2, -3, 6667},
		{9000, 10000, 9000},
		{123456, 123456, 10000},
		{3, 2, 15000},
		{0, 5, 0},
		{5, 0, 0},
		{Max, Max, 10000},
		{Max, 1, math.MaxInt64},  // saturates
		{-Max, 1, math.MinInt64}, // saturates
		{math.MinInt64, math.MinInt64, 10000},
		{math.MaxInt64, math.MaxInt64 - 1, 10000},
		{math.MaxInt64 / 10000, 1, math.MaxInt64 / 10000 * 10000},
	}
	for _, tt := range tests {
		if got := Percent(tt.part, tt.whole); got != tt.want {
			t.Errorf("Percent(%d, %d) = %d, want %d", tt.part, tt.whole, got, tt.want)
		}
	}
}

func TestPercentOf(t *testing.T) {
	tests := []struct {
		amount, bp, want int64
		err              error
	}{
		{100000, 8000, 80000, nil},
		{1001, 8000, 800, nil}, // 800.8 rounds down
		{999, 700, 69, nil},    // 69.93 rounds down
		{-1001, 8000, -800, nil},
		{Max, 10000, Max, nil},
		{Max, 5000, Max / 2, nil},
		{math.MaxInt64, 10000, math.MaxInt64, nil},
		{math.MaxInt64, 10001, 0, ErrOverflow},
		{math.MinInt64, 10000, math.MinInt64, nil},
	}
	for _, tt := range tests {
		got, err := PercentOf(tt.amount, tt.bp)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("PercentOf(%d, %d) = %d, %v; want %d, %v", tt.amount, tt.bp, got, err, tt.want, tt.err)
		}
	}
}

// A ceiling from PercentOf agrees with exact cross-multiplication.
func TestPercentOfIsExactCeiling(t *testing.T) {
	for total := int64(0); total < 400; total++ {
		for _, bp := range []int64{0, 1, 700, 500, 6000, 9000, 10000} {
			ceiling, err := PercentOf(total, bp)
			if err != nil {
				t.Fatal(err)
			}
			for x := int64(0); x <= total; x++ {
				if exact := x*10000 <= total*bp; exact != (x <= ceiling) {
					t.Fatalf("total %d, bp %d, x %d: exact %v, ceiling %d", total, bp, x, exact, ceiling)
				}
			}
		}
	}
}

func TestAmount(t *testing.T) {
	a := Amount{Minor: 150, Currency: "EUR"}
	if got, err := a.Add(Amount{Minor: 50, Currency: "EUR"}); err != nil || got != (Amount{200, "EUR"}) {
		t.Errorf("EUR + EUR = %v, %v", got, err)
	}
	if _, err := a.Add(Amount{Minor: 50, Currency: "USD"}); !errors.Is(err, ErrCurrencyMismatch) {
		t.Errorf("EUR + USD: err = %v, want ErrCurrencyMismatch", err)
	}
	if _, err := (Amount{math.MaxInt64, "EUR"}).Add(a); !errors.Is(err, ErrOverflow) {
		t.Errorf("overflowing add: err = %v, want ErrOverflow", err)
	}
	for _, c := range Currencies() {
		if err := (Amount{Minor: -Max, Currency: c}).Validate(); err != nil {
			t.Errorf("%s: %v", c, err)
		}
	}
	for _, tt := range []struct {
		a   Amount
		err error
	}{
		{Amount{1, "eur"}, ErrCurrency},
		{Amount{1, "RSD"}, ErrCurrency},
		{Amount{1, ""}, ErrCurrency},
		{Amount{Max + 1, "EUR"}, ErrTooLarge},
		{Amount{-Max - 1, "EUR"}, ErrTooLarge},
	} {
		if err := tt.a.Validate(); !errors.Is(err, tt.err) {
			t.Errorf("%v.Validate() = %v, want %v", tt.a, err, tt.err)
		}
	}
}

func TestCurrenciesFresh(t *testing.T) {
	Currencies()[0] = "XXX"
	if !IsCurrency("EUR") || IsCurrency("XXX") {
		t.Error("Currencies returned shared state")
	}
}
