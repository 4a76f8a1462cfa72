package crisis

import (
	"math"
	"math/big"
	"math/bits"
	"time"

	"github.com/shopspring/decimal"
)

// reading is what a trigger saw in the bucket just closed, from the same
// window totals and baselines its test read: the trigger holds exactly
// when it is judged and num/den ≥ exactThreshold (both exact). observed,
// baseline and threshold are what its evidence shows: observed ≥
// threshold exactly when num/den ≥ exactThreshold, so evidence never shows
// a value on the other side of its threshold.
type reading struct {
	judged                        bool  // the trigger could judge the bucket (warmed up, enough mentions)
	num, den                      int64 // the observed value num/den, den > 0
	exactThreshold                *big.Rat
	nearFrom                      *big.Rat // exactThreshold·(1 − margin): a near miss from there; nil when exactThreshold is not the trigger's own
	observed, baseline, threshold decimal.Decimal
}

// near reports whether r is within the margin of its threshold: judged,
// and num/den ≥ exactThreshold·keep exactly (keep = 1 − margin).
func (r *reading) near(keep *big.Rat) bool {
	if !r.judged {
		return false
	}
	tk := r.nearFrom
	if tk == nil {
		tk = new(big.Rat).Mul(r.exactThreshold, keep)
	}
	return cmpFrac(r.num, r.den, tk) >= 0
}

// countReading returns the reading of count x against t's threshold: a
// count x ≥ Threshold exactly when x ≥ ⌈Threshold⌉, the floor its test
// compares with.
func (t *trig) countReading(x int64) reading {
	return reading{judged: true, num: x, den: 1, exactThreshold: t.exactThreshold, nearFrom: t.nearFrom, observed: decimal.NewFromInt(x), threshold: t.threshold}
}

// measure returns what trigger t saw in the bucket just closed.
func (d *Detector) measure(t *trig) reading { return t.measure(d, t) }

// countReading is the reading of a count over a window (absolute,
// keyword).
func (d *Detector) countReading(t *trig) reading {
	a, _ := d.totals(&d.windowTrigs[t.slot])
	return t.countReading(a)
}

// shareReading is the reading of a negative share.
func (d *Detector) shareReading(t *trig) reading {
	g := &d.windowTrigs[t.slot]
	neg, men := d.totals(g)
	if men < g.floorB {
		return reading{} // too few mentions to judge
	}
	// The share is shown rounded to at least as many places as the
	// threshold has, so it stays at or over the threshold when it is; one
	// just under that would round up to it is cut instead.
	n := max(4, places(t.share))
	shown := roundFrac(neg, men, n)
	if cmpFrac(neg, men, t.exactThreshold) < 0 && shown.GreaterThanOrEqual(t.share) {
		shown = floorFrac(neg, men, n)
	}
	return reading{judged: true, num: neg, den: men, exactThreshold: t.exactThreshold, nearFrom: t.nearFrom, observed: shown, threshold: t.share}
}

// volumeReading is the reading of a volume: the count against the larger
// of the threshold and the baseline scaled by the ratio.
func (d *Detector) volumeReading(t *trig) reading {
	g := &d.windowTrigs[t.slot]
	a, b := d.totals(g)
	r := t.countReading(a)
	r.judged = d.scopes[g.scope].filled >= g.minFilled
	expect := new(big.Rat).Mul(t.scaledRatio, big.NewRat(b, 1))
	r.baseline = roundAt(expect, 4)
	if expect.Cmp(r.exactThreshold) > 0 {
		// A count reaches expect exactly when it reaches expect rounded
		// up.
		r.exactThreshold, r.nearFrom, r.threshold = expect, nil, ceilAt(expect, 4)
	}
	return r
}

// deviationReading is the reading of a deviation: the count against the
// least count at which the test holds.
func (d *Detector) deviationReading(t *trig) reading {
	v := &d.deviations[t.slot]
	x := d.scopes[v.scope].last[v.metric&metricMask]
	least := v.least(t.devK)
	return reading{
		judged: v.wasJudged, num: x, den: 1, exactThreshold: new(big.Rat).SetInt(least),
		observed: decimal.NewFromInt(x), threshold: decimal.NewFromBigInt(least, 0),
		baseline: roundAt(big.NewRat(v.judgedMean, 1<<meanShift), 4),
	}
}

// least returns the least count at which v holds against the baseline the
// bucket just closed was judged against: x ≥ floor, and D = X − mean (in
// units of 2^-16) with D ≥ 1 and D² ≥ K²·V. Since D² is whole, that is
// D ≥ ⌈√⌈K²·V⌉⌉, so X ≥ mean + that. It is exact, like the test, and the
// test holds for a count exactly when the count is at least this.
func (v *deviationTrig) least(k *big.Rat) *big.Int {
	q := new(big.Rat).Mul(k, k)
	q.Mul(q, new(big.Rat).SetInt(v.judgedVar.big()))
	n := ceilAt(q, 0).BigInt()
	dm := new(big.Int).Sqrt(n)
	if new(big.Int).Mul(dm, dm).Cmp(n) < 0 {
		dm.Add(dm, big.NewInt(1))
	}
	if dm.Sign() == 0 {
		dm.SetInt64(1)
	}
	x := dm.Add(dm, big.NewInt(v.judgedMean+(1<<meanShift-1)))
	x.Rsh(x, meanShift) // ⌈(mean + D)/2^16⌉
	if x.Cmp(big.NewInt(v.test.floor)) < 0 {
		x.SetInt64(v.test.floor)
	}
	return x
}

// alert builds the alert for bucket b from the triggers in fire. It is the
// only place the detector allocates.
func (d *Detector) alert(b int64, fire uint64) Alert {
	top, since := -1, int64(math.MaxInt64)
	for m := fire; m != 0; m &= m - 1 {
		t := &d.trigs[bits.TrailingZeros64(m)]
		top = max(top, t.level)
		since = min(since, t.since)
	}
	a := Alert{
		At:    time.Unix((b+1)*d.bucketSec, 0).In(d.loc),
		Since: time.Unix(since*d.bucketSec, 0).In(d.loc),
	}
	level := top
	for m := fire; m != 0; m &= m - 1 {
		t := &d.trigs[bits.TrailingZeros64(m)]
		t.fired, t.last = true, b
		a.Evidence = append(a.Evidence, d.evidence(t, d.measure(t), true))
	}
	for i := range d.trigs {
		t := &d.trigs[i]
		if fire&(1<<i) != 0 || t.level <= top {
			continue
		}
		if r := d.measure(t); r.near(d.keep) {
			level = max(level, t.level)
			a.Evidence = append(a.Evidence, d.evidence(t, r, false))
		}
	}
	a.Level = d.levels[level]
	a.Uncertain = level > top
	return a
}

// evidence is what trigger t shows in an alert, from its reading r.
func (d *Detector) evidence(t *trig, r reading, fired bool) Evidence {
	e := Evidence{
		Trigger:   t.name,
		Kind:      t.planKind,
		Level:     d.levels[t.level],
		Channel:   t.ch,
		Fired:     fired,
		Observed:  r.observed,
		Baseline:  r.baseline,
		Threshold: r.threshold,
	}
	if t.run > 0 {
		e.Since = time.Unix(t.since*d.bucketSec, 0).In(d.loc)
	}
	return e
}
