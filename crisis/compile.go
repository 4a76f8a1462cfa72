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
	reachT struct {
		bit   uint64
		scope int
		floor int64
	}
	devT struct {
		bit    uint64
		scope  int
		metric int
		test   devTest
		// the smoothing factor α = 2/(warm+1) and 1 − α, in units of
		// 2^-alphaShift
		alpha, beta uint64
		warm        int
		most        int64 // the largest mean: the scope's largest count, in fixed point
		// state: the moving mean and variance, in fixed point
		mean int64
		vr   u128
		n    int // buckets folded into the baseline during warm-up
		held int // buckets in a row left out of the baseline
		// the baseline the bucket just closed was judged against
		pMean   int64
		pVr     u128
		pJudged bool
	}
)

// kinds of compiled trigger.
const (
	kWindow = iota
	kShare
	kVolume
	kReach
	kDeviation
)

// MaxTriggers is the most triggers a plan may have.
const MaxTriggers = 64

// trig is what every trigger has: its confirmation run, its cooldown, and
// what its evidence shows.
type trig struct {
	kind     int
	k        int // index in the slice of its kind (wins for window, share and volume triggers)
	confirm  int
	cooldown int64 // buckets, rounded up
	// state
	run   int
	since int64
	fired bool
	last  int64
	// for evidence and near misses: the plan's numbers, exact
	name      string
	tkind     TriggerKind
	ch        channel.Channel
	level     int // index in Plan.Levels
	threshold decimal.Decimal
	share     decimal.Decimal // negative share
	thr       *big.Rat        // Threshold, or Share for a negative share
	thrKeep   *big.Rat        // thr·(1 − margin)
	c         *big.Rat        // volume: the ratio scaled by window / baseline
	kd        *big.Rat        // deviation: K
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
	d := &Detector{fingerprint: fp, loc: loc, w: w, keep: keep}
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
			tkind:     t.Kind,
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
		wt := winT{bit: bit, scope: sc, a: metric, b: metric, lagA: window, ratio: ratio{0, 1}}
		switch t.Kind {
		case TriggerVolume:
			base := buckets(t.Baseline)
			ct.kind = kVolume
			wt.b1, wt.b2, wt.need, wt.fA, wt.known = window, window+base, window+base, floor, min(window, base)
			ct.c = new(big.Rat).Mul(t.Ratio.Rat(), big.NewRat(int64(window), int64(base)))
			wt.ratio = reduce64(ct.c, int64(window)*most, int64(base)*most)
		case TriggerDeviation:
			ct.kind, ct.k, ct.kd = kDeviation, len(d.devs), t.K.Rat()
			warm := buckets(t.Span)
			u := new(big.Int).Lsh(big.NewInt(most), meanShift) // the largest mean
			u2 := new(big.Int).Mul(u, u)                       // the largest D² and variance
			num, den := reduce(new(big.Rat).Mul(ct.kd, ct.kd), u2, u2)
			test := devTest{floor: floor, k2: ratio128{num: u128From(num), den: u128From(den)}}
			test.k2f, _ = new(big.Rat).SetFrac(num, den).Float64()
			alpha, beta := smoothing(warm)
			d.devs = append(d.devs, devT{
				bit: bit, scope: sc, metric: metric, test: test, alpha: alpha, beta: beta, warm: warm, most: u.Int64(),
			})
			d.horizon = max(d.horizon, int64(warm))
		case TriggerNegativeShare:
			ct.kind, ct.share = kShare, t.Share
			wt.a, wt.b, wt.b2, wt.fB, wt.known = mNegative, mMentions, window, max(floor, 1), window
			wt.ratio = reduce64(t.Share.Rat(), int64(window)*most, int64(window)*most)
		case TriggerReach:
			ct.kind, ct.k = kReach, len(d.reaches)
			d.reaches = append(d.reaches, reachT{bit: bit, scope: sc, floor: floor})
		default: // keyword, absolute
			if t.Kind == TriggerKeyword {
				wt.a, wt.b = mHits, mHits
			}
			ct.kind, wt.fA, wt.known = kWindow, floor, window
		}
		ct.thr = t.Threshold.Rat()
		if ct.kind == kShare {
			ct.thr = t.Share.Rat()
		}
		ct.thrKeep = new(big.Rat).Mul(ct.thr, keep)
		if ct.kind == kWindow || ct.kind == kShare || ct.kind == kVolume {
			wt.c, _ = new(big.Rat).SetFrac(new(big.Int).SetUint64(wt.ratio.num), new(big.Int).SetUint64(wt.ratio.den)).Float64()
			ct.k = len(d.wins)
			d.wins = append(d.wins, wt)
			d.guarded |= bit
			history[sc] = max(history[sc], wt.lagA, wt.b2)
			d.horizon = max(d.horizon, int64(wt.b2))
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
