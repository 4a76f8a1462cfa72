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
// of two of them has at most MaxDecimalDigits + MaxDecimalExponent + 1
// digits, whatever their exponents.
const (
	// MaxDecimalDigits is the most digits a decimal may have, written out
	// without an exponent: leading zeros do not count, trailing ones do
	// (1500 and 1.5e3 have four digits, 0.0015 two, 1.50 three). Counted so,
	// a decimal has as many digits as the decimal its own JSON decodes to,
	// so every accepted value round-trips. 38 is the widest precision of the
	// SQL DECIMAL and NUMERIC types of most databases (SQL Server, Oracle,
	// Snowflake, BigQuery NUMERIC), so an amount, rate or count read from a
	// database fits; it holds every int64, and every sum of a million of
	// them.
	MaxDecimalDigits = 38
	// MaxDecimalExponent bounds a decimal's exponent from both sides: at
	// most 28 digits after the point (0.0000000000000000000000000001),
	// and an exponent of at most 28 (1e28 is accepted, 1e29 written with
	// an exponent is not; 100000000000000000000000000000 with 30 digits
	// is). 28 places is .NET's System.Decimal scale, finer than any
	// currency, rate or duration needs.
	MaxDecimalExponent = 28
	// MaxDecimalLength is the most bytes a decimal may take where tandem
	// decodes it from text (JSON, between the quotes): every decimal within
	// the bounds above prints in at most 40 (a sign, 38 digits and a
	// point), and the rest leaves room for leading zeros, a "+" or an
	// exponent.
	MaxDecimalLength = 100
)

// decimalBound holds the open interval (lo, hi) that a decimal with one
// exponent e must lie in: ±10^MaxDecimalDigits at exponent e when e ≤ 0,
// and ±10^MaxDecimalDigits at exponent 0 (written out, the coefficient
// and e zeros) when e > 0, both stored with exponent e. Comparing at the
// same exponent reads the coefficients in place (no allocation, no
// rescaling).
type decimalBound struct{ lo, hi decimal.Decimal }

// decimalBounds holds one decimalBound per accepted exponent, from
// −MaxDecimalExponent (index 0) to +MaxDecimalExponent. It is built once
// and never changed.
var decimalBounds = func() (t [2*MaxDecimalExponent + 1]decimalBound) {
	for i := range t {
		e := i - MaxDecimalExponent
		limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(MaxDecimalDigits-max(e, 0))), nil)
		t[i] = decimalBound{lo: decimal.NewFromBigInt(new(big.Int).Neg(limit), int32(e)), hi: decimal.NewFromBigInt(limit, int32(e))}
	}
	return t
}()

// DecimalWithin reports whether d has at most MaxDecimalDigits digits
// (written out) and an exponent within ±MaxDecimalExponent. It takes
// constant time whatever the size of d, and does not allocate.
func DecimalWithin(d decimal.Decimal) bool {
	e := d.Exponent()
	if e < -MaxDecimalExponent || e > MaxDecimalExponent {
		return false
	}
	b := &decimalBounds[e+MaxDecimalExponent]
	if d.Sign() < 0 {
		return d.Cmp(b.lo) > 0
	}
	return d.Cmp(b.hi) < 0
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
	// ⌊BitLen × log10(2)⌋ + 1 is the coefficient's digit count or one
	// more; written out, a positive exponent adds as many zeros.
	digits := max(int64(c.BitLen())*30103/100000+1+int64(max(e, 0)), MaxDecimalDigits+1)
	return OutOfRange(p, value, fmt.Sprintf("has about %d digits written out; a decimal may have at most %d", digits, MaxDecimalDigits))
}

// maxShownBits bounds the coefficient that an error shows: about 150
// digits, printed in microseconds.
const maxShownBits = 512
