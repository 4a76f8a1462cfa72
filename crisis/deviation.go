package crisis

import (
	"math/bits"
)

// A deviation trigger keeps its moving mean and variance in fixed point,
// so that its test is decided exactly on the numbers it keeps, gives the
// same answer on every machine (a float64 recurrence may be fused
// differently by another compiler or CPU), and shows in its evidence what
// it compared.
const (
	// meanShift: the mean is kept in units of 2^-16 of a count, the
	// variance in units of 2^-32 of a count squared (the unit squared).
	// The largest count of a scope, 11 channels of MaxCount, is below
	// 2^44, so a mean fits in 60 bits and a variance in 120.
	meanShift = 16
	// alphaShift: the smoothing factor is kept in units of 2^-32.
	alphaShift = 32
)

// smoothing returns α = 2/(n+1) for a span of n ≥ 1 buckets, rounded to
// units of 2^-alphaShift, and 1 − α.
func smoothing(n int) (alpha, beta uint64) {
	alpha = (1<<(alphaShift+1) + uint64(n+1)/2) / uint64(n+1)
	return alpha, 1<<alphaShift - alpha
}

// devTest is a deviation trigger's test: count x holds, diff D above the
// moving mean (in units of 2^-16), against moving variance V (in units of
// 2^-32), when x ≥ floor, D > 0 and D² ≥ K²·V: x is at least K standard
// deviations above the mean. Both sides are integers: the test is exact.
type devTest struct {
	floor          int64    // ⌈Threshold⌉
	kSquared       ratio128 // K², reduced for D² and V within their bounds
	kSquaredApprox float64  // kSquared's value, for the filter
}

// surges reports whether the test holds for count x, diff above the mean,
// against variance vr. It is small enough to inline: most counts are below
// the floor or the mean, and beyond decides the others.
func (t *devTest) surges(x, diff int64, vr u128) bool {
	return x >= t.floor && diff > 0 && t.beyond(diff, vr)
}

// beyond reports whether diff > 0 is K standard deviations above the mean:
// diff² ≥ K²·vr. Most are far from equality, and under or over decides
// them; the others are decided in 256-bit integers.
func (t *devTest) beyond(diff int64, vr u128) bool {
	switch {
	case t.under(diff, vr):
		return false
	case t.over(diff, vr):
		return true
	}
	hi, lo := bits.Mul64(uint64(diff), uint64(diff))
	return t.kSquared.holds(u128{hi, lo}, vr)
}

// under reports that diff² < K²·vr by a float64 filter: with room for its
// rounding error (a few parts in 10^16 of either side, against room of
// one part in 10^9), so under never says so of a diff that holds; over is
// its mirror. Neither may answer: then the sides are too close to call in
// float64.
func (t *devTest) under(diff int64, vr u128) bool {
	f := float64(diff)
	return f*f < t.kSquaredApprox*vr.float()*(1-1e-9)
}

func (t *devTest) over(diff int64, vr u128) bool {
	f := float64(diff)
	return f*f > t.kSquaredApprox*vr.float()*(1+1e-9)
}

// foldSmall and foldWide fold a count into a moving mean and variance:
// with diff = X − mean (X the count, all in units of 2^-16) and α and
// β = 1 − α in units of 2^-32,
//
//	incr = round(α·diff), mean' = mean + incr, var' = round(β·(var + diff·incr))
//
// each rounded half up to the unit (diff·incr ≥ 0 is exact). mean' lies
// between mean and X, so it stays within [0, U] for U the scope's largest
// count in fixed point; and var' stays within [0, U²]: if var ≤ U², then
// var' ≤ (1−α)(U² + α·U² + U/2) + 1/2 ≤ U² because α ≥ 2^-15 (a span of at
// most 2^16 buckets) and U ≥ 2^30, or α = 1 and var' = 0.
//
// foldSmall computes them in 64-bit words when |diff| < 2^30 and var <
// 2^62, which counts of a few thousand keep, and reports whether it could:
// then diff·α and diff·incr are below 2^62, var + diff·incr below 2^63,
// and β times that below 2^95. It is small enough to inline into the hot
// loops (a call would make them keep their values in memory). foldWide
// takes any value within the bounds, in up to 192 bits. Both give the
// same numbers.
func foldSmall(mean int64, vr u128, alpha, beta uint64, diff int64) (int64, u128, bool) {
	if uint64(diff+1<<30) >= 1<<31 || vr.hi != 0 || vr.lo >= 1<<62 {
		return 0, u128{}, false
	}
	incr := (diff*int64(alpha) + 1<<(alphaShift-1)) >> alphaShift
	hi, lo := bits.Mul64(vr.lo+uint64(diff*incr), beta)
	lo, c := bits.Add64(lo, 1<<(alphaShift-1), 0)
	return mean + incr, u128{lo: (hi+c)<<(64-alphaShift) | lo>>alphaShift}, true
}

// foldWide is foldSmall for any mean and variance within their bounds:
// |diff| below 2^60, products up to 192 bits.
func foldWide(mean int64, vr u128, alpha, beta uint64, diff int64) (int64, u128) {
	// incr: the 128-bit signed product diff·α (the unsigned one, less
	// α·2^64 for a negative diff), plus a half, shifted down.
	sign := diff >> 63
	hi, lo := bits.Mul64(uint64(diff), alpha)
	hi -= alpha & uint64(sign)
	lo, c := bits.Add64(lo, 1<<(alphaShift-1), 0)
	hi += c
	incr := int64(hi<<(64-alphaShift) | lo>>alphaShift)
	// var + diff·incr: incr has diff's sign, or is 0.
	ph, pl := bits.Mul64(uint64((diff^sign)-sign), uint64((incr^sign)-sign))
	sl, c := bits.Add64(vr.lo, pl, 0)
	sh := vr.hi + ph + c
	// β times that, below 2^122: a 192-bit product, plus a half, shifted.
	h0, l0 := bits.Mul64(sl, beta)
	h1, l1 := bits.Mul64(sh, beta)
	mid, c := bits.Add64(l1, h0, 0)
	top := h1 + c
	l0, c = bits.Add64(l0, 1<<(alphaShift-1), 0)
	mid, c = bits.Add64(mid, 0, c)
	top += c
	return mean + incr, u128{hi: top<<(64-alphaShift) | mid>>alphaShift, lo: mid<<(64-alphaShift) | l0>>alphaShift}
}
