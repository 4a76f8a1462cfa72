package crisis

import (
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Exact threshold tests.
//
// Counts are integers and thresholds are the plan's decimals, so every test
// the detector makes is a comparison of rationals, and it is decided
// exactly: never in floating point. A test with a ratio (a negative share
// of 0.07, a volume ratio, a deviation's K²) reads "A ≥ c·B" for window
// totals or fixed-point values A and B, and is decided as A·den ≥ num·B in
// integers.
//
// The fraction num/den is not always the decimal's own: a share of
// 0.0700000000000000000001 has a 22-digit denominator, and a product with
// it would overflow. But A and B are bounded (a window total is below
// 2^60, see MaxCount), and among the fractions A/B with B up to a bound
// there is a least one at or above c: deciding A/B ≥ that fraction is
// deciding A/B ≥ c, for every A and B in range (see [reduce]). Its
// numerator and denominator are within the bounds of A and B, so the
// products fit in 128 bits (two words, math/bits) for window totals, and
// in 256 bits for the deviation's fixed-point squares. Hence no bound on
// the number of decimal places in a plan: the bounds are the counts'.

// ratio decides A ≥ (num/den)·B for window totals A and B below 2^63, with
// num and den below 2^64: both products fit in 128 bits.
type ratio struct{ num, den uint64 }

// holds reports whether a·den ≥ num·b.
func (r ratio) holds(a, b uint64) bool {
	ah, al := bits.Mul64(a, r.den)
	bh, bl := bits.Mul64(b, r.num)
	return ah > bh || ah == bh && al >= bl
}

// u128 is an unsigned 128-bit integer.
type u128 struct{ hi, lo uint64 }

func (x u128) big() *big.Int {
	z := new(big.Int).SetUint64(x.hi)
	return z.Lsh(z, 64).Or(z, new(big.Int).SetUint64(x.lo))
}

// u128From returns z as a u128; z must be in [0, 2^128).
func u128From(z *big.Int) u128 {
	lo := new(big.Int).And(z, new(big.Int).SetUint64(^uint64(0)))
	return u128{hi: new(big.Int).Rsh(z, 64).Uint64(), lo: lo.Uint64()}
}

// float returns x as the nearest float64, or close to it: for the filter
// of ratio128, which only needs a few parts in 10^15.
func (x u128) float() float64 { return float64(x.hi)*0x1p64 + float64(x.lo) }

// mul128 returns the 256-bit product x·y, least significant word first.
func mul128(x, y u128) [4]uint64 {
	h00, l00 := bits.Mul64(x.lo, y.lo)
	h01, l01 := bits.Mul64(x.lo, y.hi)
	h10, l10 := bits.Mul64(x.hi, y.lo)
	h11, l11 := bits.Mul64(x.hi, y.hi)
	w1, c1 := bits.Add64(h00, l01, 0)
	w1, c2 := bits.Add64(w1, l10, 0)
	w2, c3 := bits.Add64(h01, h10, 0)
	w2, c4 := bits.Add64(w2, l11, 0)
	w2, c5 := bits.Add64(w2, c1+c2, 0)
	return [4]uint64{l00, w1, w2, h11 + c3 + c4 + c5}
}

// ratio128 decides A ≥ (num/den)·B for A, B, num and den below 2^128: both
// products fit in 256 bits.
type ratio128 struct{ num, den u128 }

// holds reports whether a·den ≥ num·b.
func (r ratio128) holds(a, b u128) bool {
	x, y := mul128(a, r.den), mul128(b, r.num)
	for i := 3; i >= 0; i-- {
		if x[i] != y[i] {
			return x[i] > y[i]
		}
	}
	return true
}

// reduce returns num/den such that, for all integers 0 ≤ a ≤ maxA and
// 0 ≤ b ≤ maxB, a ≥ c·b exactly when a·den ≥ num·b; c ≥ 0, maxA ≥ 0,
// maxB ≥ 1. It keeps num ≤ maxA+1 and den ≤ maxB.
//
// When b is 0 both tests hold. When c·b > maxA neither does. Between, a/b
// is a fraction whose denominator is at most n = min(maxB, ⌊maxA/c⌋), so
// a/b ≥ c exactly when a/b is at or above the least such fraction that is
// ≥ c: [fareyCeil]. That fraction is at most ⌈c·n⌉/n, whose numerator is
// at most maxA.
func reduce(c *big.Rat, maxA, maxB *big.Int) (num, den *big.Int) {
	if c.Sign() == 0 {
		return big.NewInt(0), big.NewInt(1)
	}
	n := new(big.Int).Mul(maxA, c.Denom())
	n.Quo(n, c.Num()) // ⌊maxA/c⌋
	if n.Cmp(maxB) > 0 {
		n.Set(maxB)
	}
	if n.Sign() == 0 { // c > maxA: only b = 0 holds
		return new(big.Int).Add(maxA, big.NewInt(1)), big.NewInt(1)
	}
	return fareyCeil(c, n)
}

// fareyCeil returns the least fraction p/q ≥ c with 1 ≤ q ≤ n, for c > 0
// and n ≥ 1.
//
// If c's own denominator is at most n, that is c. Otherwise c lies
// strictly between two neighbours in the Farey sequence of order n, and
// the continued fraction of c gives both (as in Python's
// Fraction.limit_denominator): its last convergent p1/q1 with q1 ≤ n and
// the semiconvergent (p0+k·p1)/(q0+k·q1) with the largest k that keeps the
// denominator within n. One is below c and one above; the one above is the
// answer.
func fareyCeil(c *big.Rat, n *big.Int) (p, q *big.Int) {
	if c.Denom().Cmp(n) <= 0 {
		return new(big.Int).Set(c.Num()), new(big.Int).Set(c.Denom())
	}
	p0, q0, p1, q1 := big.NewInt(0), big.NewInt(1), big.NewInt(1), big.NewInt(0)
	num, den := new(big.Int).Set(c.Num()), new(big.Int).Set(c.Denom())
	a, q2, t := new(big.Int), new(big.Int), new(big.Int)
	for {
		a.Quo(num, den)
		q2.Mul(a, q1).Add(q2, q0)
		if q2.Cmp(n) > 0 {
			break
		}
		t.Mul(a, p1).Add(t, p0)
		p0, q0, p1, q1 = p1, q1, new(big.Int).Set(t), new(big.Int).Set(q2)
		t.Mul(a, den)
		num, den = den, new(big.Int).Sub(num, t)
	}
	k := new(big.Int).Sub(n, q0)
	k.Quo(k, q1)
	sp := new(big.Int).Mul(k, p1)
	sp.Add(sp, p0)
	sq := new(big.Int).Mul(k, q1)
	sq.Add(sq, q0)
	// p1/q1 ≥ c?
	if new(big.Rat).SetFrac(p1, q1).Cmp(c) >= 0 {
		return p1, q1
	}
	return sp, sq
}

// reduce64 is reduce for window totals: num and den fit in 64 bits.
func reduce64(c *big.Rat, maxA, maxB int64) ratio {
	num, den := reduce(c, big.NewInt(maxA), big.NewInt(maxB))
	return ratio{num: num.Uint64(), den: den.Uint64()}
}

// places returns how many decimal places x is written with.
func places(x decimal.Decimal) int32 { return max(-x.Exponent(), 0) }

// floorAt returns ⌊r⌋ to n decimal places; ceilAt ⌈r⌉, roundAt r
// rounded half up. A count c ≥ r exactly when c ≥ ceilAt(r, n); for a t of
// at most n places, v ≥ t exactly when floorAt(v, n) ≥ t, and v ≥ t
// implies roundAt(v, n) ≥ t: evidence rounded this way stays on its side
// of the threshold.
func floorAt(r *big.Rat, n int32) decimal.Decimal {
	q := new(big.Int).Mul(r.Num(), pow10(n))
	q.Div(q, r.Denom()) // Euclidean: the floor, for a positive divisor
	return decimal.NewFromBigInt(q, -n)
}

func ceilAt(r *big.Rat, n int32) decimal.Decimal {
	return floorAt(new(big.Rat).Neg(r), n).Neg()
}

func roundAt(r *big.Rat, n int32) decimal.Decimal {
	half := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Lsh(pow10(n), 1))
	return floorAt(new(big.Rat).Add(r, half), n)
}

// floorFrac returns ⌊a/b⌋ to n decimal places, and roundFrac a/b rounded
// half up, for b > 0: floorAt and roundAt of a fraction of counts, without
// building a normalised big.Rat (the alert path builds many).
func floorFrac(a, b int64, n int32) decimal.Decimal {
	q := new(big.Int).Mul(big.NewInt(a), pow10(n))
	return decimal.NewFromBigInt(q.Div(q, big.NewInt(b)), -n)
}

func roundFrac(a, b int64, n int32) decimal.Decimal {
	q := new(big.Int).Mul(big.NewInt(a), pow10(n))
	q.Lsh(q, 1).Add(q, big.NewInt(b)) // (2a·10^n + b) / 2b
	return decimal.NewFromBigInt(q.Div(q, big.NewInt(2*b)), -n)
}

// cmpFrac compares a/b with r, for b > 0.
func cmpFrac(a, b int64, r *big.Rat) int {
	x := new(big.Int).Mul(big.NewInt(a), r.Denom())
	return x.Cmp(new(big.Int).Mul(big.NewInt(b), r.Num()))
}

// pow10 returns 10^n, n ≥ 0.
func pow10(n int32) *big.Int {
	if n < 19 {
		p := int64(1)
		for range n {
			p *= 10
		}
		return big.NewInt(p)
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}
