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

// kinds of compiled trigger.
const (
	kindWindow = iota
	kindShare
	kindVolume
	kindReach
	kindDeviation
)

// MaxTriggers is the most triggers a plan may have.
const MaxTriggers = 64

// trig is what every trigger has: its confirmation run, its cooldown, and
// what its evidence shows.
type trig struct {
	kind     int // kindWindow, …: which slice slot indexes
	slot     int // index in the slice of its kind: Detector.windowTrigs (window, share and volume), reaches or deviations
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
		ct := trig{
			name:      t.Name,
			planKind:  t.Kind,
			ch:        t.Channel,
			level:     li,
			confirm:   buckets(t.Confirm),
			threshold: t.Threshold,
		}
		// A cooldown that is not a whole number of buckets is rounded up.
		ct.cooldown = int64((time.Duration(t.Cooldown) + d.Bucket() - 1) / d.Bucket())
		d.horizon = max(d.horizon, int64(ct.confirm))
		bit := uint64(1) << i
		floor := t.Threshold.Ceil().IntPart() // counts are whole: x ≥ Threshold is x ≥ floor
		sc := scopeOf(t.Channel)
		metric := metricIndex(t.Metric)
		window := buckets(t.Window)
		d.horizon = max(d.horizon, int64(window))
		most := maxCount(d.scopes[sc].ch) // the largest count of a bucket
		wt := windowTrig{bit: bit, scope: sc, metricA: metric, metricB: metric, windowA: window, ratio: ratio{0, 1}}
		switch t.Kind {
		case TriggerVolume:
			base := buckets(t.Baseline)
			ct.kind = kindVolume
			wt.fromB, wt.toB, wt.minFilled, wt.floorA, wt.known = window, window+base, window+base, floor, min(window, base)
			ct.scaledRatio = new(big.Rat).Mul(t.Ratio.Rat(), big.NewRat(int64(window), int64(base)))
			wt.ratio = reduce64(ct.scaledRatio, int64(window)*most, int64(base)*most)
		case TriggerDeviation:
			ct.kind, ct.slot, ct.devK = kindDeviation, len(d.deviations), t.K.Rat()
			warm := buckets(t.Span)
			u := new(big.Int).Lsh(big.NewInt(most), meanShift) // the largest mean
			u2 := new(big.Int).Mul(u, u)                       // the largest D² and variance
			num, den := reduce(new(big.Rat).Mul(ct.devK, ct.devK), u2, u2)
			test := devTest{floor: floor, kSquared: ratio128{num: u128From(num), den: u128From(den)}}
			test.kSquaredApprox, _ = new(big.Rat).SetFrac(num, den).Float64()
			alpha, beta := smoothing(warm)
			d.deviations = append(d.deviations, deviationTrig{
				bit: bit, scope: sc, metric: metric, test: test, alpha: alpha, beta: beta, warm: warm, maxMean: u.Int64(),
			})
			d.horizon = max(d.horizon, int64(warm))
		case TriggerNegativeShare:
			ct.kind, ct.share = kindShare, t.Share
			wt.metricA, wt.metricB, wt.toB, wt.floorB, wt.known = mNegative, mMentions, window, max(floor, 1), window
			wt.ratio = reduce64(t.Share.Rat(), int64(window)*most, int64(window)*most)
		case TriggerReach:
			ct.kind, ct.slot = kindReach, len(d.reaches)
			d.reaches = append(d.reaches, reachTrig{bit: bit, scope: sc, floor: floor})
		default: // keyword, absolute
			if t.Kind == TriggerKeyword {
				wt.metricA, wt.metricB = mHits, mHits
			}
			ct.kind, wt.floorA, wt.known = kindWindow, floor, window
		}
		ct.exactThreshold = t.Threshold.Rat()
		if ct.kind == kindShare {
			ct.exactThreshold = t.Share.Rat()
		}
		ct.nearFrom = new(big.Rat).Mul(ct.exactThreshold, keep)
		if ct.kind == kindWindow || ct.kind == kindShare || ct.kind == kindVolume {
			wt.ratioApprox, _ = new(big.Rat).SetFrac(new(big.Int).SetUint64(wt.ratio.num), new(big.Int).SetUint64(wt.ratio.den)).Float64()
			ct.slot = len(d.windowTrigs)
			d.windowTrigs = append(d.windowTrigs, wt)
			d.guarded |= bit
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
	for i := range d.scopes {
		d.scopes[i].emptyBounds()
	}
	d.dueGuards()
	d.planQuiet()
	return d, nil
}
