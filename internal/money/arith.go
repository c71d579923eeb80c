package money

import (
	"errors"
	"math"
	"math/bits"
)

// ErrOverflow is a sum, difference or product outside int64.
var ErrOverflow = errors.New("money: arithmetic overflow")

// Add returns a+b, or ErrOverflow instead of wrapping around.
func Add(a, b int64) (int64, error) {
	c := a + b
	if (b > 0 && c < a) || (b < 0 && c > a) {
		return 0, ErrOverflow
	}
	return c, nil
}

// Sub returns a-b, or ErrOverflow instead of wrapping around.
func Sub(a, b int64) (int64, error) {
	c := a - b
	if (b > 0 && c > a) || (b < 0 && c < a) {
		return 0, ErrOverflow
	}
	return c, nil
}

// Sum adds all values, failing on the first overflow.
func Sum(values ...int64) (int64, error) {
	var total int64
	for _, v := range values {
		var err error
		if total, err = Add(total, v); err != nil {
			return 0, err
		}
	}
	return total, nil
}

// Mul returns a×b (units × unit rate), or ErrOverflow.
func Mul(a, b int64) (int64, error) {
	hi, lo := bits.Mul64(abs(a), abs(b))
	return signed(hi, lo, (a < 0) != (b < 0))
}

// Percent returns part/whole in basis points (1 bp = 0.01 %, so 10000 is
// 100 %), rounded to the nearest basis point with halves away from zero:
// 1 of 8 is 1250, 1 of 3 is 3333, 2 of 3 is 6667. A zero whole gives 0; a
// result outside int64 saturates. For a limit such as "at most 90 %",
// compare part with PercentOf(whole, 9000) instead: that test is exact.
func Percent(part, whole int64) int64 {
	if whole == 0 || part == 0 {
		return 0
	}
	neg := (part < 0) != (whole < 0)
	w := abs(whole)
	hi, lo := bits.Mul64(abs(part), 10000)
	if hi >= w {
		return saturate(neg)
	}
	q, r := bits.Div64(hi, lo, w)
	if r >= w-r { // r ≥ w/2 without overflowing 2r
		q++
	}
	v, err := signed(0, q, neg)
	if err != nil {
		return saturate(neg)
	}
	return v
}

// PercentOf returns bp basis points of amount, rounded toward zero: the 80 %
// pre-financing of a grant, the 7 % ceiling of indirect costs. For
// non-negative values it rounds down, so "x ≤ PercentOf(total, bp)" holds
// exactly when x/total ≤ bp/10000 and a ceiling is never exceeded.
func PercentOf(amount, bp int64) (int64, error) {
	hi, lo := bits.Mul64(abs(amount), abs(bp))
	if hi >= 10000 {
		return 0, ErrOverflow
	}
	q, _ := bits.Div64(hi, lo, 10000)
	return signed(0, q, (amount < 0) != (bp < 0))
}

// abs is |v| as uint64, correct for math.MinInt64 too.
func abs(v int64) uint64 {
	if v < 0 {
		return -uint64(v)
	}
	return uint64(v)
}

// signed turns a 128-bit magnitude and a sign into an int64, or ErrOverflow.
func signed(hi, lo uint64, neg bool) (int64, error) {
	switch {
	case hi != 0:
		return 0, ErrOverflow
	case neg && lo == 1<<63:
		return math.MinInt64, nil
	case lo > math.MaxInt64:
		return 0, ErrOverflow
	case neg:
		return -int64(lo), nil
	}
	return int64(lo), nil
}

func saturate(neg bool) int64 {
	if neg {
		return math.MinInt64
	}
	return math.MaxInt64
}
