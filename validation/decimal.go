package validation

import (
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"
)

// The size of every decimal tandem accepts. A decimal is a coefficient
// times a power of ten; tandem bounds both itself, wherever a decimal
// enters (Validate, decoding, and the functions that compute with a
// caller's decimals), rather than rely on shopspring/decimal's
// MaxDecodeExponent, a package-level variable that any package in the
// process may change. Arithmetic on bounded decimals stays small: the sum
// of two of them has at most MaxDecimalDigits + 2×MaxDecimalExponent + 1
// digits, whatever their exponents.
const (
	// MaxDecimalDigits is the most digits a decimal's coefficient may have
	// (leading zeros do not count; trailing ones do: 1500 has four, 1.5e3
	// two). 38 is the widest precision of the SQL DECIMAL and NUMERIC types
	// of most databases (SQL Server, Oracle, Snowflake, BigQuery NUMERIC),
	// so an amount, rate or count read from a database fits; it holds
	// every int64 and a 128-bit integer's worth of digits.
	MaxDecimalDigits = 38
	// MaxDecimalExponent bounds a decimal's exponent from both sides: at
	// most 28 digits after the point (0.0000000000000000000000000001),
	// and an exponent of at most 28 (1e28 is accepted, 1e29 written with
	// an exponent is not; 10000000000000000000000000000 with 29 digits
	// is). 28 places is decimal's and .NET's System.Decimal scale, finer
	// than any currency, rate or duration needs.
	MaxDecimalExponent = 28
	// MaxDecimalLength is the most bytes a decimal may take where tandem
	// decodes it from text (JSON, between the quotes): every decimal within
	// the bounds above prints in at most 67 (sign, 38 digits and 28 zeros),
	// and the rest leaves room for leading zeros, a "+" or an exponent.
	MaxDecimalLength = 100
)

// decimalBound holds ±10^MaxDecimalDigits at one exponent: a decimal d with
// that exponent is in bounds when lo < d < hi. Comparing at the same
// exponent reads the coefficients in place (no allocation, no rescaling).
type decimalBound struct{ lo, hi decimal.Decimal }

// decimalBounds holds one decimalBound per accepted exponent, from
// −MaxDecimalExponent (index 0) to +MaxDecimalExponent. It is built once
// and never changed.
var decimalBounds = func() (t [2*MaxDecimalExponent + 1]decimalBound) {
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(MaxDecimalDigits), nil)
	neg := new(big.Int).Neg(limit)
	for i := range t {
		e := int32(i - MaxDecimalExponent)
		t[i] = decimalBound{lo: decimal.NewFromBigInt(neg, e), hi: decimal.NewFromBigInt(limit, e)}
	}
	return t
}()

// DecimalWithin reports whether d has at most MaxDecimalDigits digits and
// an exponent within ±MaxDecimalExponent. It takes constant time whatever
// the size of d, and does not allocate.
func DecimalWithin(d decimal.Decimal) bool {
	e := d.Exponent()
	if e < -MaxDecimalExponent || e > MaxDecimalExponent {
		return false
	}
	b := &decimalBounds[e+MaxDecimalExponent]
	return d.Cmp(b.lo) > 0 && d.Cmp(b.hi) < 0
}

// CheckDecimal returns nil when d is within the bounds of [DecimalWithin],
// and otherwise an out_of_range FieldError at p. The error shows the value
// only in a short form (coefficient and exponent), so that neither building
// nor printing it costs more than the value's own size. Callers check a
// decimal with it before any arithmetic on it.
func CheckDecimal(p *Path, d decimal.Decimal) *FieldError {
	if DecimalWithin(d) {
		return nil
	}
	e := d.Exponent()
	c := d.Coefficient() // copies, in time linear in the size of d
	var value any
	if c.BitLen() <= maxShownBits {
		value = fmt.Sprintf("%se%d", c, e)
	}
	if e < -MaxDecimalExponent || e > MaxDecimalExponent {
		return OutOfRange(p, value, fmt.Sprintf("has exponent %d; a decimal may have at most %d digits after the point and an exponent of at most %d",
			e, MaxDecimalExponent, MaxDecimalExponent))
	}
	// ⌊BitLen × log10(2)⌋ + 1 is the digit count or one more.
	digits := max(int64(c.BitLen())*30103/100000+1, MaxDecimalDigits+1)
	return OutOfRange(p, value, fmt.Sprintf("has about %d digits; a decimal may have at most %d", digits, MaxDecimalDigits))
}

// maxShownBits bounds the coefficient that an error shows: about 150
// digits, printed in microseconds.
const maxShownBits = 512
