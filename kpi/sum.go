package kpi

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/validation"
)

// pow10 holds 10^0 … 10^18, every power of ten that fits an int64.
var pow10 = [...]int64{
	1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
	1_000_000_000, 10_000_000_000, 100_000_000_000, 1_000_000_000_000,
	10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
	10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000,
}

// small returns d as coefficient × 10^exponent when the coefficient has at
// most 18 digits, so that it fits an int64. It does not allocate for such
// values (decimal's NumDigits, CoefficientInt64 and Exponent read the
// big.Int in place).
func small(d decimal.Decimal) (coef int64, exp int32, ok bool) {
	if d.NumDigits() > 18 {
		return 0, 0, false
	}
	return d.CoefficientInt64(), d.Exponent(), true
}

// scaleUp returns c × 10^k, or false when that does not fit an int64.
func scaleUp(c int64, k int64) (int64, bool) {
	if c == 0 {
		return 0, true
	}
	if k < 0 || k >= int64(len(pow10)) {
		return 0, false
	}
	m := pow10[k]
	if c > math.MaxInt64/m || c < math.MinInt64/m {
		return 0, false
	}
	return c * m, true
}

// acc is an exact sum of int64 values: a 128-bit two's complement integer
// (hi:lo). Adding fewer than 2^63 int64 values cannot overflow it.
type acc struct{ hi, lo uint64 }

// add adds one value.
func (a *acc) add(x int64) {
	var c uint64
	a.lo, c = bits.Add64(a.lo, uint64(x), 0)
	a.hi += uint64(x>>63) + c
}

// sub returns a − b. A difference of two running totals of fewer than 2^63
// values is exact: the arithmetic wraps modulo 2^128 and the true
// difference fits.
func (a acc) sub(b acc) acc {
	lo, borrow := bits.Sub64(a.lo, b.lo, 0)
	return acc{hi: a.hi - b.hi - borrow, lo: lo}
}

// decimal returns the sum as a decimal with the given exponent.
func (a acc) decimal(exp int32) decimal.Decimal {
	if a.hi == uint64(int64(a.lo)>>63) {
		return decimal.New(int64(a.lo), exp)
	}
	hi, lo := a.hi, a.lo
	neg := int64(hi) < 0
	if neg {
		// Two's complement negation of the 128-bit value.
		lo, hi = ^lo+1, ^hi
		if lo == 0 {
			hi++
		}
	}
	v := new(big.Int).SetUint64(hi)
	v.Lsh(v, 64)
	v.Or(v, new(big.Int).SetUint64(lo))
	if neg {
		v.Neg(v)
	}
	return decimal.NewFromBigInt(v, exp)
}

// Sum returns the exact sum of values; the sum of none is zero.
//
// It is much faster than a loop of decimal.Add: values whose coefficient has
// at most 18 digits are added as int64 coefficients at a common exponent
// into a 128-bit accumulator, which allocates nothing per value and cannot
// overflow. A value that does not fit, or whose exponent would push the
// common one out of range, is added with decimal.Add instead, so the result
// is always exact.
//
// Every value must be within validation's bounds (validation.DecimalWithin);
// otherwise Sum adds nothing and returns a *validation.Error naming each
// value that is not ([3]), as an exact sum of a value with exponent 10^9
// would take gigabytes.
func Sum(values []decimal.Decimal) (decimal.Decimal, error) {
	var (
		a       acc
		exp     int32
		started bool
		rest    decimal.Decimal // the part added the slow way
	)
	for _, d := range values {
		// Checked in the same pass as the sum: each value is read from
		// memory once.
		if !validation.DecimalWithin(d) {
			return decimal.Decimal{}, checkSamples(values)
		}
		c, e, ok := small(d)
		if !ok {
			rest = rest.Add(d)
			continue
		}
		if !started {
			exp, started = e, true
		}
		switch {
		case e > exp:
			if c, ok = scaleUp(c, int64(e)-int64(exp)); !ok {
				rest = rest.Add(d)
				continue
			}
		case e < exp:
			// A finer exponent: move what was added so far aside and
			// continue at the new exponent.
			rest = rest.Add(a.decimal(exp))
			a, exp = acc{}, e
		}
		a.add(c)
	}
	if !started {
		return rest, nil
	}
	return a.decimal(exp).Add(rest), nil
}
