package crisis

import (
	"math/big"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/internal/enum"
)

// A kind of trigger is defined in this file and nowhere else. To add one:
//
//  1. add its constant below, saying when it holds, and add it to
//     triggerKinds;
//  2. add its row to kindRules: the optional fields it uses (Trigger.Validate
//     requires those and refuses the others), how it compiles onto one of
//     the detector's three engines, and what its evidence shows;
//  3. add it to the reference evaluator (refDetector.judge in the tests), which
//     checks the detector against the package doc, and to the table in
//     Trigger's doc comment.
//
// The engines are what the hot loop runs, kind-blind:
//
//   - the window engine (window.go, windowtrig.go) compares two windowed totals
//     of a scope's counts, A over the recent window and B over a window
//     before or the same: A ≥ floorA, B ≥ floorB and A·den ≥ num·B. Counts,
//     volumes and shares are all that test with other totals and numbers;
//   - the reach engine compares the largest reach of the bucket with a
//     floor;
//   - the deviation engine keeps an exact moving mean and variance
//     (deviation.go).
//
// A kind that fits none of them needs a fourth engine: its state in
// Detector, its test in judge.go's close, and its save and restore in
// state.go and statecheck.go.

// TriggerKind is what a trigger watches.
type TriggerKind string

// The kinds of trigger.
const (
	// TriggerVolume compares a count over the recent Window with the same
	// count over the Baseline window before it (the last hour against the
	// previous twelve): it holds when the recent count is at least Ratio
	// times the baseline's count scaled to the recent window, and at least
	// Threshold.
	TriggerVolume TriggerKind = "volume"
	// TriggerDeviation compares a count per bucket with its exponentially
	// weighted moving mean and standard deviation over Span: it holds when
	// the count is at least mean + K·stddev, and at least Threshold.
	TriggerDeviation TriggerKind = "deviation"
	// TriggerNegativeShare holds when negative mentions are at least Share
	// of all mentions over Window, counting at least Threshold mentions.
	TriggerNegativeShare TriggerKind = "negative_share"
	// TriggerKeyword holds when the mentions that matched the plan's
	// keyword rule over Window are at least Threshold.
	TriggerKeyword TriggerKind = "keyword"
	// TriggerReach holds when an author whose audience is at least
	// Threshold people took part in a bucket (Signal.Reach).
	TriggerReach TriggerKind = "reach"
	// TriggerAbsolute holds when a count over Window is at least
	// Threshold, whatever the baseline.
	TriggerAbsolute TriggerKind = "absolute"
)

// triggerKinds lists the kinds in the order errors name them.
var triggerKinds = []TriggerKind{TriggerVolume, TriggerDeviation, TriggerNegativeShare, TriggerKeyword, TriggerReach, TriggerAbsolute}

// IsValid reports whether k is a known trigger kind.
func (k TriggerKind) IsValid() bool { return enum.Valid(k, triggerKinds) }

// String returns the identifier of k.
func (k TriggerKind) String() string { return string(k) }

// MarshalText encodes k; an unknown value is an error.
func (k TriggerKind) MarshalText() ([]byte, error) {
	return enum.Marshal("crisis.TriggerKind", k, triggerKinds)
}

// UnmarshalText accepts exactly the known identifiers.
func (k *TriggerKind) UnmarshalText(text []byte) error {
	return enum.Unmarshal("crisis.TriggerKind", text, triggerKinds, k)
}

// kindRule is what a kind of trigger is to the detector.
type kindRule struct {
	// uses lists the optional fields of Trigger the kind uses.
	uses fieldUse
	// keywords says the kind reads Signal.Hits, so a plan that has it
	// needs keyword rules (Plan.Validate).
	keywords bool
	// compile sets up trigger t on its engine: ct.engine, and for the
	// window engine c.window's totals and test; for the others, an entry
	// appended to the engine's slice of d. ct.exactThreshold is t's
	// Threshold unless compile sets it.
	compile func(c *compiling, t Trigger, ct *trig)
	// measure is what the trigger saw in the bucket just closed, read
	// from the same totals its test read; its evidence shows it.
	measure func(d *Detector, t *trig) reading
}

// fieldUse lists which optional fields a kind uses.
type fieldUse struct {
	metric, window, baseline, span, ratio, k, share bool
}

// kindRules holds every kind's rule; a test checks that each of
// triggerKinds has one.
var kindRules = map[TriggerKind]kindRule{
	TriggerVolume: {
		uses: fieldUse{metric: true, window: true, baseline: true, ratio: true},
		compile: func(c *compiling, t Trigger, ct *trig) {
			// A over the window, B over the baseline before it:
			// A·base ≥ Ratio·window·B, and A ≥ ⌈Threshold⌉, once window +
			// baseline buckets are known.
			base := c.buckets(t.Baseline)
			w := &c.window
			w.fromB, w.toB, w.minFilled, w.floorA = c.windowLen, c.windowLen+base, c.windowLen+base, c.floor
			ct.scaledRatio = new(big.Rat).Mul(t.Ratio.Rat(), big.NewRat(int64(c.windowLen), int64(base)))
			w.ratio = reduce64(ct.scaledRatio, int64(c.windowLen)*c.most, int64(base)*c.most)
			ct.engine = engineWindow
		},
		measure: (*Detector).volumeReading,
	},
	TriggerDeviation: {
		uses:    fieldUse{metric: true, span: true, k: true},
		compile: compileDeviation,
		measure: (*Detector).deviationReading,
	},
	TriggerNegativeShare: {
		uses: fieldUse{window: true, share: true},
		compile: func(c *compiling, t Trigger, ct *trig) {
			// A negative, B mentions, both over the window: A·den ≥
			// num·B for Share = num/den, and B ≥ the fewest mentions.
			// Those imply A ≥ Share·floorB, so A ≥ ⌈Share·floorB⌉: the
			// floor on A that lets judgeWins skip the trigger while its
			// negatives are too few (it changes no decision).
			w := &c.window
			w.metricA, w.metricB, w.toB, w.floorB = mNegative, mMentions, c.windowLen, max(c.floor, 1)
			w.floorA = t.Share.Mul(decimal.NewFromInt(w.floorB)).Ceil().IntPart()
			w.ratio = reduce64(t.Share.Rat(), int64(c.windowLen)*c.most, int64(c.windowLen)*c.most)
			ct.share, ct.exactThreshold = t.Share, t.Share.Rat()
			ct.engine = engineWindow
		},
		measure: (*Detector).shareReading,
	},
	TriggerKeyword: {
		uses:     fieldUse{window: true},
		keywords: true,
		compile: func(c *compiling, t Trigger, ct *trig) {
			c.window.metricA, c.window.metricB = mHits, mHits
			compileCount(c, t, ct)
		},
		measure: (*Detector).countReading,
	},
	TriggerReach: {
		compile: func(c *compiling, t Trigger, ct *trig) {
			ct.engine, ct.slot = engineReach, len(c.d.reaches)
			c.d.reaches = append(c.d.reaches, reachTrig{bit: c.bit, scope: c.scope, floor: c.floor})
		},
		measure: func(d *Detector, t *trig) reading {
			return t.countReading(d.scopes[d.reaches[t.slot].scope].maxReach)
		},
	},
	TriggerAbsolute: {
		uses:    fieldUse{metric: true, window: true},
		compile: compileCount,
		measure: (*Detector).countReading,
	},
}

// compileCount compiles a count over the window: A ≥ ⌈Threshold⌉.
func compileCount(c *compiling, _ Trigger, ct *trig) {
	c.window.floorA = c.floor
	ct.engine = engineWindow
}

func (k TriggerKind) uses() fieldUse { return kindRules[k].uses }
