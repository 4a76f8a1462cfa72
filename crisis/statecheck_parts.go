package crisis

import (
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/validation"
)

// ringProblem reports why a saved ring is not one the detector could have
// written for a scope whose buckets count at most most, or nil: every
// bucket's counts (differences of running totals, which may wrap) are
// within [0, most], its negative mentions and keyword hits within its
// mentions, the padding slot is 0, the running totals end at cum, and a
// ring not filled yet is filled from its start, the rest zero. So a
// restored window total is never negative nor beyond the bounds the exact
// tests assume. p is the scope's path.
func ringProblem(p *validation.Path, ss *scopeState, most int64) *validation.FieldError {
	n := len(ss.Ring)
	if n == 0 {
		if ss.Cum != [nMetrics]int64{} {
			return validation.Conflict(p.Child("cum"), ss.Cum, "a scope without a ring keeps no running totals")
		}
		return nil
	}
	if ss.Filled < n {
		if ss.Pos != ss.Filled {
			return validation.Conflict(p.Child("pos"), ss.Pos, fmt.Sprintf("a ring with %d of its %d buckets filled is at position %d", ss.Filled, n, ss.Filled))
		}
		for i := ss.Pos; i < n; i++ {
			if ss.Ring[i] != [nMetrics]int64{} {
				return validation.Conflict(p.Child("ring").Index(i), ss.Ring[i], "a slot not filled yet holds no totals")
			}
		}
	}
	if newest := (ss.Pos + n - 1) % n; ss.Cum != ss.Ring[newest] {
		return validation.Conflict(p.Child("cum"), ss.Cum, fmt.Sprintf("the running totals must be those of the newest bucket, ring[%d]", newest))
	}
	for i, e := range ss.Ring {
		if e[3] != 0 {
			return validation.Invalid(p.Child("ring").Index(i), e, "the fourth slot is padding, always 0")
		}
	}
	for k := range n - 1 { // every bucket but the oldest, newest first
		i := (ss.Pos - 1 - k + 2*n) % n
		a, b := ss.Ring[i], ss.Ring[(i+n-1)%n]
		m, g, h := a[mMentions]-b[mMentions], a[mNegative]-b[mNegative], a[mHits]-b[mHits]
		if m < 0 || m > most || g < 0 || g > m || h < 0 || h > m {
			return validation.OutOfRange(p.Child("ring").Index(i), a, fmt.Sprintf(
				"the bucket counts %d mentions, %d negative and %d keyword hits: each must be at least 0, the parts at most the mentions, the mentions at most %d", m, g, h, most))
		}
	}
	return nil
}

// stateTotal is [scope.total] on a saved ring: the total of metric m over
// the buckets from lag from to lag to, not included (to < len(ring)).
func stateTotal(ss *scopeState, m, from, to int) int64 {
	n := len(ss.Ring)
	i, j := (ss.Pos-1-from+2*n)%n, (ss.Pos-1-to+2*n)%n
	return ss.Ring[i][m&metricMask] - ss.Ring[j][m&metricMask]
}

// known returns how many of the latest buckets a saved ring knows the
// counts of: those closed since the start, up to one less than its length.
func (ss *scopeState) known() int { return min(ss.Filled, len(ss.Ring)-1) }

// openProblem reports why a saved open signal has counts no [Signal] may
// have, or nil: [Signal.check] for the counts the state keeps.
func openProblem(p *validation.Path, o openState) *validation.FieldError {
	switch {
	case o.Mentions < 0 || o.Mentions > MaxCount:
		return validation.OutOfRange(p.Child("mentions"), o.Mentions, fmt.Sprintf("must be within 0 to %d", int64(MaxCount)))
	case o.Negative < 0 || o.Negative > o.Mentions:
		return validation.OutOfRange(p.Child("negative"), o.Negative, fmt.Sprintf("must be within 0 to the mentions, %d", o.Mentions))
	case o.KeywordHits < 0 || o.KeywordHits > o.Mentions:
		return validation.OutOfRange(p.Child("keywordHits"), o.KeywordHits, fmt.Sprintf("must be within 0 to the mentions, %d", o.Mentions))
	case o.Reach < 0 || o.Reach > MaxReach:
		return validation.OutOfRange(p.Child("reach"), o.Reach, fmt.Sprintf("must be within 0 to %d", int64(MaxReach)))
	}
	return nil
}

// baseline returns the fixed-point value x·2^shift of a saved moving mean
// or variance, which must be within [0, most]: on the fixed-point grid,
// or, for a version-1 state (round), rounded to it.
func baseline(p *validation.Path, x decimal.Decimal, shift uint, round bool, most *big.Int) (*big.Int, *validation.FieldError) {
	// Beyond 10^40 is beyond every bound (a variance is below 2^120 units
	// of 2^-32): refused before any arithmetic.
	if x.Sign() < 0 || int64(x.Exponent())+int64(x.NumDigits()) > 40 {
		return nil, validation.OutOfRange(p, x.String(), fmt.Sprintf("must be within 0 to %s", fixedDecimal(most, shift)))
	}
	v, ok := fixed(x, shift, round)
	if !ok {
		return nil, validation.Invalid(p, x.String(), fmt.Sprintf("must be a whole number of units of 2^-%d", shift))
	}
	if v.Cmp(most) > 0 {
		return nil, validation.OutOfRange(p, x.String(), fmt.Sprintf("must be within 0 to %s", fixedDecimal(most, shift)))
	}
	return v, nil
}
