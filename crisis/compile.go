package crisis

import (
	"math/big"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
)

// The other compiled triggers, one slice per kind so that the hot loop
// has no switch. bit is the trigger's bit in the masks (1 << its plan
// index).
type (
	reachTrig struct {
		bit   uint64
		scope int
		floor int64 // ⌈Threshold⌉: it holds when the largest reach is at least this
	}
	deviationTrig struct {
		bit    uint64
		scope  int
		metric int     // the metric index it reads
		test   devTest // its test, exact
		// the smoothing factor α = 2/(warm+1) and 1 − α, in units of
		// 2^-alphaShift
		alpha, beta uint64
		warm        int   // the span in buckets: the warm-up, and the longest run held out of the baseline
		maxMean     int64 // the largest mean: the scope's largest count, in fixed point
		// state: the moving mean and variance, in fixed point
		mean     int64
		variance u128
		folded   int // buckets folded into the baseline during warm-up
		held     int // buckets in a row left out of the baseline
		// the baseline the bucket just closed was judged against, and
		// whether it was judged (warmed up): its evidence shows them
		judgedMean int64
		judgedVar  u128
		wasJudged  bool
	}
)

// engine is which of the detector's engines runs a trigger (see kinds.go).
type engine int

const (
	engineWindow    engine = iota // Detector.windowTrigs: two windowed totals
	engineReach                   // Detector.reaches: the largest reach
	engineDeviation               // Detector.deviations: a moving mean and variance
)

// MaxTriggers is the most triggers a plan may have.
const MaxTriggers = 64

// trig is what every trigger has: its confirmation run, its cooldown, and
// what its evidence shows.
type trig struct {
	engine   engine // which slice slot indexes
	slot     int    // index in its engine's slice: Detector.windowTrigs, reaches or deviations
	confirm  int
	cooldown int64 // buckets, rounded up
	// state
	run   int
	since int64
	fired bool
	last  int64
	// for evidence and near misses: the plan's numbers, exact
	name           string
	planKind       TriggerKind
	measure        func(d *Detector, t *trig) reading // its kind's rule
	ch             channel.Channel
	level          int // index in Plan.Levels
	threshold      decimal.Decimal
	share          decimal.Decimal // negative share
	exactThreshold *big.Rat        // Threshold, or Share for a negative share
	nearFrom       *big.Rat        // exactThreshold·(1 − margin): a near miss from there
	scaledRatio    *big.Rat        // volume: the ratio scaled by window / baseline
	devK           *big.Rat        // deviation: K
}

// NewDetector compiles p's triggers into a detector. The plan must be valid.
func NewDetector(p *Plan) (*Detector, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(p.Zone)
	if err != nil {
		return nil, err
	}
	fp, err := fingerprint(p)
	if err != nil {
		return nil, err
	}
	w := int64(time.Duration(p.Detection.Bucket) / time.Second)
	keep := new(big.Rat).Sub(big.NewRat(1, 1), p.Detection.Margin.Rat())
	d := &Detector{fingerprint: fp, loc: loc, bucketSec: w, keep: keep}
	for _, l := range p.Levels {
		d.levels = append(d.levels, l.Name)
	}
	scopeOf := func(c channel.Channel) int {
		ci := -1
		if c != "" {
			ci = channelIndex(c)
		}
		for i, s := range d.scopes {
			if s.ch == ci {
				return i
			}
		}
		d.scopes = append(d.scopes, scope{ch: ci})
		return len(d.scopes) - 1
	}
	history := map[int]int{} // scope → buckets of history its triggers read
	buckets := func(x Duration) int { return int(time.Duration(x) / time.Second / time.Duration(w)) }
	for i, t := range p.Triggers {
		_, li, _ := p.Level(t.Level)
		rule := kindRules[t.Kind]
		ct := trig{
			name:           t.Name,
			planKind:       t.Kind,
			measure:        rule.measure,
			ch:             t.Channel,
			level:          li,
			confirm:        buckets(t.Confirm),
			threshold:      t.Threshold,
			exactThreshold: t.Threshold.Rat(),
		}
		// A cooldown that is not a whole number of buckets is rounded up.
		ct.cooldown = int64((time.Duration(t.Cooldown) + d.Bucket() - 1) / d.Bucket())
		d.horizon = max(d.horizon, int64(ct.confirm))
		sc := scopeOf(t.Channel)
		metric := metricIndex(t.Metric)
		c := compiling{
			d:         d,
			buckets:   buckets,
			bit:       uint64(1) << i,
			scope:     sc,
			metric:    metric,
			windowLen: buckets(t.Window),
			floor:     t.Threshold.Ceil().IntPart(), // counts are whole: x ≥ Threshold is x ≥ floor
			most:      maxCount(d.scopes[sc].ch),
		}
		// By default the window engine counts the metric over the window.
		c.window = windowTrig{bit: c.bit, scope: sc, metricA: metric, metricB: metric, windowA: c.windowLen, ratio: ratio{0, 1}}
		d.horizon = max(d.horizon, int64(c.windowLen))
		rule.compile(&c, t, &ct)
		ct.nearFrom = new(big.Rat).Mul(ct.exactThreshold, keep)
		if ct.engine == engineWindow {
			wt := c.window
			ct.slot = len(d.windowTrigs)
			d.windowTrigs = append(d.windowTrigs, wt)
			history[sc] = max(history[sc], wt.windowA, wt.toB)
			d.horizon = max(d.horizon, int64(wt.toB))
		}
		d.trigs = append(d.trigs, ct)
	}
	for i := range d.scopes {
		if h, ok := history[i]; ok {
			d.scopes[i].ring = make([][nMetrics]int64, h+1)
		}
	}
	return d, nil
}

// compiling is what a kind's compile step reads and writes for one trigger.
type compiling struct {
	d         *Detector
	buckets   func(Duration) int // a duration in buckets
	bit       uint64             // the trigger's bit in the masks (1 << its plan index)
	scope     int                // the scope of its channel
	metric    int                // the index of its metric
	windowLen int                // Window in buckets
	floor     int64              // ⌈Threshold⌉
	most      int64              // the largest count of a bucket in the scope
	// window is the trigger on the window engine, when the kind runs on
	// it; it starts as a count of metric over the window, judged against
	// nothing.
	window windowTrig
}

// compileDeviation puts a deviation trigger on the deviation engine.
func compileDeviation(c *compiling, t Trigger, ct *trig) {
	d := c.d
	ct.engine, ct.slot, ct.devK = engineDeviation, len(d.deviations), t.K.Rat()
	warm := c.buckets(t.Span)
	u := new(big.Int).Lsh(big.NewInt(c.most), meanShift) // the largest mean
	u2 := new(big.Int).Mul(u, u)                         // the largest D² and variance
	num, den := reduce(new(big.Rat).Mul(ct.devK, ct.devK), u2, u2)
	test := devTest{floor: c.floor, kSquared: ratio128{num: u128From(num), den: u128From(den)}}
	test.kSquaredApprox, _ = new(big.Rat).SetFrac(num, den).Float64()
	alpha, beta := smoothing(warm)
	d.deviations = append(d.deviations, deviationTrig{
		bit: c.bit, scope: c.scope, metric: c.metric, test: test, alpha: alpha, beta: beta, warm: warm, maxMean: u.Int64(),
	})
	d.horizon = max(d.horizon, int64(warm))
}
