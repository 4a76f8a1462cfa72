package crisis_test

// A reference detector written from the package documentation alone (doc.go
// and the godoc of the exported names), sharing no code and no data
// structure with the detector: no rings, no running totals. At
// every bucket that closes it recomputes every trigger's window from the raw
// signals it has kept, decides each threshold with big.Rat, and builds the
// alert the documentation describes. The differential tests and the fuzz
// target in reference_test.go require the detector to give exactly the same
// alerts, for plans that vary as much as the signals do.
//
// Where the documentation is silent the reference follows what the
// detector does through its public API; each such point is marked "doc
// gap" below.
//
// Deviation triggers are left out: their moving mean and variance are kept
// in a fixed point whose update rule the documentation does not give (see
// the "doc gap" on refKinds).

import (
	"math/big"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

// refKinds are the trigger kinds the reference evaluates. Doc gap: for
// TriggerDeviation the documentation gives the smoothing factor and the
// precision of the mean and variance, but not the update formula (which
// EWMA variance, rounded how), how the baseline starts during the warm-up
// ("what its buckets give"), nor what happens to the held buckets of a
// surge once it has lasted a whole Span. An independent reading cannot
// reproduce its decisions bucket for bucket, so it is not covered here.
var refKinds = []crisis.TriggerKind{
	crisis.TriggerVolume, crisis.TriggerNegativeShare, crisis.TriggerKeyword,
	crisis.TriggerReach, crisis.TriggerAbsolute,
}

// refRun is one trigger's memory between buckets: the run of buckets in
// which its condition held, and when it last fired. Nothing else is kept.
type refRun struct {
	holding   bool
	runStart  int64
	fired     bool
	lastFired int64
}

// refDetector evaluates a plan the slow, obvious way.
type refDetector struct {
	plan    *crisis.Plan
	width   time.Duration
	horizon int64 // buckets

	signals []crisis.Signal // every signal seen, in order

	started bool
	filling int64 // index of the bucket being filled
	epoch   int64 // first bucket of the current stretch (warm-ups count from it)
	lastSig int64 // bucket of the latest signal

	runs []refRun
}

func newRefDetector(p *crisis.Plan) *refDetector {
	width := time.Duration(p.Detection.Bucket)
	r := &refDetector{plan: p, width: width, runs: make([]refRun, len(p.Triggers))}
	// Doc gap: Horizon is "the longest stretch of history the detector
	// keeps", without saying which. Observed: the longest look-back of
	// any trigger, in buckets: Window+Baseline, Window, Confirm, and one
	// bucket for a trigger that looks at one bucket.
	for _, t := range p.Triggers {
		n := r.buckets(t.Confirm)
		switch t.Kind {
		case crisis.TriggerVolume:
			n = max(n, r.buckets(t.Window)+r.buckets(t.Baseline))
		case crisis.TriggerNegativeShare, crisis.TriggerKeyword, crisis.TriggerAbsolute:
			n = max(n, r.buckets(t.Window))
		}
		r.horizon = max(r.horizon, n, 1)
	}
	return r
}

func (r *refDetector) buckets(d crisis.Duration) int64 { return int64(time.Duration(d) / r.width) }

// index is the bucket an instant falls in, counted from the Unix epoch.
func (r *refDetector) index(t time.Time) int64 {
	s, w := t.Unix(), int64(r.width/time.Second)
	q := s / w
	if s%w < 0 {
		q--
	}
	return q
}

func (r *refDetector) start(i int64) time.Time {
	return time.Unix(i*int64(r.width/time.Second), 0).UTC()
}

// observe takes one valid signal and returns the alerts of the buckets it
// closes.
func (r *refDetector) observe(s crisis.Signal) []crisis.Alert {
	i := r.index(s.At)
	var out []crisis.Alert
	if !r.started {
		r.started, r.filling, r.epoch = true, i, i
	}
	out = r.closeUpTo(i, out)
	r.lastSig = i
	r.signals = append(r.signals, s)
	return out
}

// advance closes every bucket that ends at or before t.
func (r *refDetector) advance(t time.Time) []crisis.Alert {
	if !r.started {
		return nil
	}
	f := r.filling
	for !r.start(f + 1).After(t) {
		f++
	}
	return r.closeUpTo(f, nil)
}

// judgeQuietGap says whether the buckets of a quiet stretch longer than
// the horizon are judged, as the documentation says every closed bucket
// is. Before issue 17 the detector did not judge them (see
// TestQuietStretchJudgesEveryBucket) and the reference left them out too;
// now it does.
const judgeQuietGap = true

// closeUpTo closes the buckets before f, which becomes the bucket being
// filled.
func (r *refDetector) closeUpTo(f int64, out []crisis.Alert) []crisis.Alert {
	// "When a single Observe or Advance closes the bucket being filled
	// and more than [Detector.Horizon] of empty buckets after it, the
	// detector judges those within the horizon as usual, skips the rest
	// … and starts afresh: its windows and moving baselines are emptied
	// and warm up again from the bucket it fills next, and cooldowns are
	// kept." (crisis/doc.go)
	if f-r.filling > r.horizon+1 {
		last := f
		if !judgeQuietGap {
			last = r.filling + 1
		}
		for ; r.filling < last; r.filling++ {
			out = r.closeBucket(r.filling, out)
		}
		r.filling, r.epoch = f, f
		for k := range r.runs {
			r.runs[k].holding = false
		}
		return out
	}
	for ; r.filling < f; r.filling++ {
		out = r.closeBucket(r.filling, out)
	}
	return out
}

// sum adds up a metric over the buckets [from, to] of the current stretch,
// on one channel or all of them, from the raw signals.
func (r *refDetector) sum(ch channel.Channel, m crisis.Metric, from, to int64) int64 {
	var n int64
	for _, s := range r.signals {
		i := r.index(s.At)
		if i < from || i > to || i < r.epoch || (ch != "" && s.Channel != ch) {
			continue
		}
		switch m {
		case crisis.MetricMentions:
			n += s.Mentions
		case crisis.MetricNegative:
			n += s.Negative
		case crisis.MetricKeywordHits:
			n += s.KeywordHits
		}
	}
	return n
}

func (r *refDetector) maxReach(ch channel.Channel, b int64) int64 {
	var n int64
	for _, s := range r.signals {
		if r.index(s.At) == b && b >= r.epoch && (ch == "" || s.Channel == ch) {
			n = max(n, s.Reach)
		}
	}
	return n
}

// judgement is what one trigger sees in one bucket, exactly.
type judgement struct {
	judged   bool     // warmed up and enough mentions
	holds    bool     // its condition holds
	near     bool     // observed ≥ threshold·(1−margin)
	observed *big.Rat // the value compared
	bound    *big.Rat // the value it had to reach
	baseline *big.Rat // volume: the baseline scaled and multiplied by the ratio
	shown    decimal.Decimal
}

func rint(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }

func atLeast(a, b *big.Rat) bool { return a.Cmp(b) >= 0 }

func (r *refDetector) judge(t crisis.Trigger, b int64) judgement {
	one := big.NewRat(1, 1)
	slack := new(big.Rat).Sub(one, r.plan.Detection.Margin.Rat()) // 1 − margin
	thr := t.Threshold.Rat()
	closed := b - r.epoch + 1
	w := r.buckets(t.Window)
	var j judgement
	switch t.Kind {
	case crisis.TriggerAbsolute, crisis.TriggerKeyword:
		m := t.Metric
		if t.Kind == crisis.TriggerKeyword {
			m = crisis.MetricKeywordHits
		}
		// Doc gap: a window kind other than volume judges from the first
		// bucket, over the part of its window seen so far.
		n := r.sum(t.Channel, m, b-w+1, b)
		j = judgement{judged: true, observed: rint(n), bound: thr, shown: decimal.NewFromInt(n)}
	case crisis.TriggerReach:
		n := r.maxReach(t.Channel, b)
		j = judgement{judged: true, observed: rint(n), bound: thr, shown: decimal.NewFromInt(n)}
	case crisis.TriggerNegativeShare:
		all := r.sum(t.Channel, crisis.MetricMentions, b-w+1, b)
		neg := r.sum(t.Channel, crisis.MetricNegative, b-w+1, b)
		j.judged = atLeast(rint(all), thr)
		j.bound = t.Share.Rat()
		if all > 0 {
			j.observed = big.NewRat(neg, all)
			j.shown = shownShare(neg, all, t.Share)
		}
	case crisis.TriggerVolume:
		base := r.buckets(t.Baseline)
		j.judged = closed >= w+base
		recent := r.sum(t.Channel, t.Metric, b-w+1, b)
		before := r.sum(t.Channel, t.Metric, b-w-base+1, b-w)
		// Ratio times the baseline's count scaled to the recent window.
		j.baseline = new(big.Rat).Mul(big.NewRat(before*w, base), t.Ratio.Rat())
		j.bound = thr
		if j.baseline.Cmp(thr) > 0 {
			j.bound = j.baseline
		}
		j.observed = rint(recent)
		j.shown = decimal.NewFromInt(recent)
	default:
		panic("reference: kind " + string(t.Kind))
	}
	if !j.judged || j.observed == nil {
		return judgement{}
	}
	j.holds = atLeast(j.observed, j.bound)
	j.near = atLeast(j.observed, new(big.Rat).Mul(j.bound, slack))
	return j
}

// shownShare rounds neg/all to four places, or as many as share has if
// more, and never up across share. Doc gap: the rounding of a share that
// does not cross Share is "rounded", without saying half up or half even.
func shownShare(neg, all int64, share decimal.Decimal) decimal.Decimal {
	places := max(int32(4), -share.Exponent())
	v := ratToDecimal(big.NewRat(neg, all), places, false)
	if big.NewRat(neg, all).Cmp(share.Rat()) < 0 && v.Cmp(share) >= 0 {
		v = ratToDecimal(big.NewRat(neg, all), places, true)
	}
	return v
}

// ratToDecimal rounds x to places: half away from zero, or towards zero
// when cut.
func ratToDecimal(x *big.Rat, places int32, cut bool) decimal.Decimal {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	num := new(big.Int).Mul(x.Num(), scale)
	q, m := new(big.Int).QuoRem(num, x.Denom(), new(big.Int))
	if !cut && new(big.Int).Mul(m, big.NewInt(2)).Cmp(x.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	return decimal.NewFromBigInt(q, -places)
}

// ratCeil rounds x ≥ 0 up to places.
func ratCeil(x *big.Rat, places int32) decimal.Decimal {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	num := new(big.Int).Mul(x.Num(), scale)
	q, m := new(big.Int).QuoRem(num, x.Denom(), new(big.Int))
	if m.Sign() != 0 {
		q.Add(q, big.NewInt(1))
	}
	return decimal.NewFromBigInt(q, -places)
}

func (r *refDetector) evidence(t crisis.Trigger, j judgement, fired bool, since time.Time) crisis.Evidence {
	e := crisis.Evidence{Trigger: t.Name, Kind: t.Kind, Level: t.Level, Channel: t.Channel,
		Fired: fired, Since: since, Observed: j.shown}
	switch t.Kind {
	case crisis.TriggerNegativeShare:
		e.Threshold = t.Share
	case crisis.TriggerVolume:
		e.Baseline = ratToDecimal(j.baseline, 4, false)
		e.Threshold = ratCeil(j.bound, 4)
	default:
		e.Threshold = t.Threshold
	}
	return e
}

// closeBucket judges bucket b and appends its alert, if any.
func (r *refDetector) closeBucket(b int64, out []crisis.Alert) []crisis.Alert {
	rank := map[string]int{}
	for _, l := range r.plan.Levels {
		rank[l.Name] = l.Rank
	}
	js := make([]judgement, len(r.plan.Triggers))
	fired := make([]bool, len(r.plan.Triggers))
	top := 0
	for k, t := range r.plan.Triggers {
		j := r.judge(t, b)
		js[k] = j
		run := &r.runs[k]
		if !j.holds {
			run.holding = false
			continue
		}
		if !run.holding {
			run.holding, run.runStart = true, b
		}
		// Confirm: the condition held bucket after bucket that long.
		// Cooldown: the least time between two firings (doc gap: counted
		// between the starts of the two buckets, and a run that goes on
		// fires again once the cooldown is over, without a new
		// confirmation).
		confirmed := b-run.runStart+1 >= r.buckets(t.Confirm)
		cooled := !run.fired || time.Duration(b-run.lastFired)*r.width >= time.Duration(t.Cooldown)
		if confirmed && cooled {
			fired[k] = true
			run.fired, run.lastFired = true, b
			top = max(top, rank[t.Level])
		}
	}
	if top == 0 {
		return out
	}
	a := crisis.Alert{At: r.start(b + 1)}
	level := top
	for k, t := range r.plan.Triggers {
		if !fired[k] {
			continue
		}
		since := r.start(r.runs[k].runStart)
		if a.Since.IsZero() || since.Before(a.Since) {
			a.Since = since
		}
		a.Evidence = append(a.Evidence, r.evidence(t, js[k], true, since))
		if rank[t.Level] == top {
			a.Level = t.Level
		}
	}
	for k, t := range r.plan.Triggers {
		j := js[k]
		if fired[k] || rank[t.Level] <= top || !j.judged || !j.near {
			continue
		}
		var since time.Time
		if j.holds {
			since = r.start(r.runs[k].runStart)
		}
		a.Evidence = append(a.Evidence, r.evidence(t, j, false, since))
		a.Uncertain = true
		if rank[t.Level] > level {
			level, a.Level = rank[t.Level], t.Level
		}
	}
	return append(out, a)
}
