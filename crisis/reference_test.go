package crisis_test

// A reference detector written from the package documentation alone (doc.go
// and the godoc of the exported names), sharing no code and no data
// structure with the detector: no rings, no running totals, no guards. At
// every bucket that closes it recomputes every trigger's window from the raw
// signals it has kept, decides each threshold with big.Rat, and builds the
// alert the documentation describes. The differential tests and the fuzz
// target below require the detector to give exactly the same alerts, for
// plans that vary as much as the signals do.
//
// Where the documentation is silent the reference follows what the
// detector does through its public API; each such point is marked "doc
// gap" below.
//
// Deviation triggers are left out: their moving mean and variance are kept
// in a fixed point whose update rule the documentation does not give (see
// the "doc gap" on refKinds).

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

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

// ---- the differential harness ----

// refStep is one thing fed to both detectors: a signal, or an Advance.
type refStep struct {
	sig     crisis.Signal
	advance time.Time // set for an Advance
}

// diffAlerts reports the first difference between two alert lists.
func diffAlerts(want, got []crisis.Alert) string {
	for i := range max(len(want), len(got)) {
		if i >= len(want) {
			return fmt.Sprintf("extra alert %d: %s", i, fmtAlert(got[i]))
		}
		if i >= len(got) {
			return fmt.Sprintf("missing alert %d: %s", i, fmtAlert(want[i]))
		}
		if fmtAlert(want[i]) != fmtAlert(got[i]) {
			return fmt.Sprintf("alert %d:\nwant %s\ngot  %s", i, fmtAlert(want[i]), fmtAlert(got[i]))
		}
	}
	return ""
}

// fmtAlert prints every field of an alert; decimals are printed in their
// shortest exact form so that equal values print alike.
func fmtAlert(a crisis.Alert) string {
	s := fmt.Sprintf("at=%s since=%s level=%s uncertain=%v", a.At.UTC().Format(time.RFC3339), a.Since.UTC().Format(time.RFC3339), a.Level, a.Uncertain)
	for _, e := range a.Evidence {
		since := "-"
		if !e.Since.IsZero() {
			since = e.Since.UTC().Format(time.RFC3339)
		}
		s += fmt.Sprintf("\n    [%s %s %s ch=%q fired=%v since=%s obs=%s base=%s thr=%s]", e.Trigger, e.Kind, e.Level, e.Channel, e.Fired, since,
			e.Observed.String(), e.Baseline.String(), e.Threshold.String())
	}
	return s
}

// runBoth feeds the steps to the detector, one Observe at a time and in
// batches, and to the reference, and fails on the first difference.
func runBoth(t *testing.T, p *crisis.Plan, steps []refStep) []crisis.Alert {
	t.Helper()
	require.NoError(t, p.Validate())
	ref := newRefDetector(p)
	var want []crisis.Alert
	for _, st := range steps {
		if st.advance.IsZero() {
			want = append(want, ref.observe(st.sig)...)
		} else {
			want = append(want, ref.advance(st.advance)...)
		}
	}

	one, err := crisis.NewDetector(p)
	require.NoError(t, err)
	require.Equal(t, time.Duration(ref.horizon)*ref.width, one.Horizon(), "horizon")
	var got []crisis.Alert
	for i, st := range steps {
		if st.advance.IsZero() {
			got, err = one.Observe(st.sig, got)
		} else {
			got, err = one.Advance(st.advance, got)
		}
		require.NoError(t, err, "step %d", i)
	}
	if d := diffAlerts(want, got); d != "" {
		if testing.Verbose() {
			for _, a := range want {
				t.Log("want", fmtAlert(a))
			}
			for _, a := range got {
				t.Log("got ", fmtAlert(a))
			}
		}
		t.Fatalf("Observe differs from the reference: %s\nplan triggers: %s\ndetection: %v", d, fmtTriggers(p), p.Detection)
	}

	// ObserveBatch over the runs of signals between Advances.
	batch, err := crisis.NewDetector(p)
	require.NoError(t, err)
	var gotB []crisis.Alert
	var pending []crisis.Signal
	flush := func() {
		var n int
		gotB, n, err = batch.ObserveBatch(pending, gotB)
		require.NoError(t, err)
		require.Equal(t, len(pending), n)
		pending = pending[:0]
	}
	for _, st := range steps {
		if st.advance.IsZero() {
			pending = append(pending, st.sig)
			continue
		}
		flush()
		gotB, err = batch.Advance(st.advance, gotB)
		require.NoError(t, err)
	}
	flush()
	if d := diffAlerts(want, gotB); d != "" {
		t.Fatalf("ObserveBatch differs from the reference: %s\nplan triggers: %s", d, fmtTriggers(p))
	}
	return want
}

func fmtTriggers(p *crisis.Plan) string {
	s := ""
	for _, t := range p.Triggers {
		s += fmt.Sprintf("\n  %s %s level=%s ch=%q metric=%s window=%v base=%v ratio=%s share=%s thr=%s confirm=%v cooldown=%v",
			t.Name, t.Kind, t.Level, t.Channel, t.Metric, time.Duration(t.Window), time.Duration(t.Baseline), t.Ratio, t.Share, t.Threshold,
			time.Duration(t.Confirm), time.Duration(t.Cooldown))
	}
	return s
}

// ---- random plans and streams from bytes ----

// refBytes reads choices from fuzz bytes; past the end every choice is 0.
type refBytes struct{ b []byte }

func (r *refBytes) n(k int) int {
	if len(r.b) == 0 || k <= 1 {
		return 0
	}
	v := int(r.b[0])
	r.b = r.b[1:]
	return v % k
}

func pick[T any](r *refBytes, xs ...T) T { return xs[r.n(len(xs))] }

var refChannels = []channel.Channel{channel.Instagram, channel.X}

// refPlan builds a valid plan from bytes: one to five triggers of any kind
// the reference covers, on any level, channel and metric, with windows,
// thresholds, confirmations and cooldowns of a few buckets, and a bucket
// width and margin of its own.
func refPlan(r *refBytes) *crisis.Plan {
	p := samplePlan()
	p.Detection = crisis.Detection{
		Bucket: crisis.Duration(pick(r, 5*time.Minute, time.Minute, time.Hour, 15*time.Minute)),
		Margin: num(pick(r, "0.1", "0", "0.25", "0.5", "0.05", "0.9")),
	}
	bk := time.Duration(p.Detection.Bucket)
	bs := func(n int) crisis.Duration { return crisis.Duration(time.Duration(n) * bk) }
	levels := []string{"low", "moderate", "high", "critical"}
	p.Triggers = nil
	for k := range 1 + r.n(5) {
		t := crisis.Trigger{
			Name:     fmt.Sprintf("t%d", k),
			Kind:     pick(r, refKinds...),
			Level:    pick(r, levels...),
			Channel:  pick(r, "", channel.Instagram, channel.X),
			Confirm:  bs(1 + r.n(3)),
			Cooldown: bs(r.n(5)),
		}
		if t.Cooldown == 0 {
			t.Cooldown = bs(1)
		}
		metric := pick(r, crisis.MetricMentions, crisis.MetricNegative, crisis.MetricKeywordHits)
		window := bs(1 + r.n(6))
		switch t.Kind {
		case crisis.TriggerVolume:
			t.Metric, t.Window, t.Baseline = metric, window, bs(1+r.n(8))
			t.Ratio = num(pick(r, "2", "1.1", "1.5", "3", "1.25", "1.0001"))
			t.Threshold = num(pick(r, "1", "5", "20", "2.5", "0.5"))
		case crisis.TriggerNegativeShare:
			t.Window = window
			t.Share = num(pick(r, "0.5", "0.07", "0.3", "0.3333", "1", "0.12345"))
			t.Threshold = num(pick(r, "1", "10", "25", "3.5"))
		case crisis.TriggerKeyword:
			t.Window = window
			t.Threshold = num(pick(r, "3", "1", "10", "7.5"))
		case crisis.TriggerReach:
			t.Threshold = num(pick(r, "1000", "500", "999.5", "5000"))
		case crisis.TriggerAbsolute:
			t.Metric, t.Window = metric, window
			t.Threshold = num(pick(r, "30", "10", "60", "12.5", "1"))
		}
		p.Triggers = append(p.Triggers, t)
	}
	return p
}

// refStream builds a valid stream of signals and Advances from bytes:
// several channels per bucket in any order, quiet stretches longer and
// shorter than the horizon, spikes, and Advances to bucket ends and into
// the bucket being filled.
func refStream(r *refBytes, p *crisis.Plan, n int) []refStep {
	bk := time.Duration(p.Detection.Bucket)
	horizon := newRefDetector(p).horizon
	var steps []refStep
	b := t0
	for range n {
		what := r.n(8)
		if what == 0 { // a quiet stretch
			b = b.Add(time.Duration(1+r.n(int(2*horizon+3))) * bk)
			continue
		}
		chs := slices.Clone(refChannels)
		if r.n(2) == 1 {
			chs[0], chs[1] = chs[1], chs[0]
		}
		chs = chs[:1+r.n(2)]
		spike := int64(1)
		if r.n(5) == 0 {
			spike = int64(3 + r.n(10))
		}
		for _, c := range chs {
			m := int64(r.n(30)) * spike
			neg := int64(0)
			if m > 0 {
				neg = int64(r.n(int(m) + 1))
			}
			pos := int64(0)
			if m-neg > 0 {
				pos = int64(r.n(int(m-neg) + 1))
			}
			kw := int64(0)
			if m > 0 {
				kw = int64(r.n(int(m)/2 + 1))
			}
			reach := int64(r.n(7)) * 250
			steps = append(steps, refStep{sig: crisis.Signal{At: b, Channel: c, Mentions: m, Negative: neg, Positive: pos, KeywordHits: kw, Reach: reach}})
		}
		next := b.Add(bk)
		if what == 1 { // an Advance, into this bucket, to its end or past it
			adv := b.Add(pick(r, bk, bk/2, 2*bk, bk*time.Duration(horizon+2), bk+bk/3))
			steps = append(steps, refStep{advance: adv})
			// The next signal may not be in a bucket the Advance closed.
			for !next.Add(bk).After(adv) {
				next = next.Add(bk)
			}
		}
		b = next
	}
	steps = append(steps, refStep{advance: b.Add(bk)})
	return steps
}

// ---- the tests ----

func TestDetectorMatchesReferenceHandWritten(t *testing.T) {
	bk := 5 * time.Minute
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * bk) }
	flat := func(n int, f func(i int) []crisis.Signal) []refStep {
		var out []refStep
		for i := range n {
			for _, s := range f(i) {
				s.At = at(i)
				out = append(out, refStep{sig: s})
			}
		}
		return append(out, refStep{advance: at(n)})
	}
	sample := samplePlan().Triggers
	var noDeviation []crisis.Trigger
	for _, tr := range sample {
		if tr.Kind != crisis.TriggerDeviation {
			noDeviation = append(noDeviation, tr)
		}
	}
	tests := []struct {
		name     string
		triggers []crisis.Trigger
		margin   string
		steps    []refStep
	}{
		{"sample plan, a surge on both channels", noDeviation, "0.1", flat(200, func(i int) []crisis.Signal {
			m := int64(20)
			if i > 160 {
				m = int64(20 + (i-160)*12)
			}
			return []crisis.Signal{
				{Channel: channel.Instagram, Mentions: m, Negative: m / 2, KeywordHits: m / 6},
				{Channel: channel.X, Mentions: m / 2, Negative: m / 3, Reach: int64(i) * 10_000},
			}
		})},
		{"volume exactly at its ratio", []crisis.Trigger{
			{Name: "v", Kind: crisis.TriggerVolume, Level: "moderate", Metric: crisis.MetricMentions, Window: d("10m"), Baseline: d("30m"), Ratio: num("1.1"), Threshold: num("1"), Confirm: d("5m"), Cooldown: d("5m")},
		}, "0", flat(12, func(i int) []crisis.Signal {
			m := int64(100)
			if i == 9 {
				m = 120 // 100+120 = 220 = 1.1 · 600·2/6
			}
			return []crisis.Signal{{Channel: channel.Instagram, Mentions: m}}
		})},
		{"share one mention under, then at", []crisis.Trigger{
			{Name: "s", Kind: crisis.TriggerNegativeShare, Level: "high", Window: d("5m"), Share: num("0.07"), Threshold: num("100"), Confirm: d("5m"), Cooldown: d("5m")},
			{Name: "a", Kind: crisis.TriggerAbsolute, Level: "low", Metric: crisis.MetricMentions, Window: d("5m"), Threshold: num("100"), Confirm: d("5m"), Cooldown: d("5m")},
		}, "0.1", flat(3, func(i int) []crisis.Signal {
			return []crisis.Signal{{Channel: channel.X, Mentions: 100, Negative: int64(6 + i)}}
		})},
		{"channel filter and quiet stretch", []crisis.Trigger{
			{Name: "x", Kind: crisis.TriggerKeyword, Level: "critical", Channel: channel.X, Window: d("15m"), Threshold: num("3"), Confirm: d("10m"), Cooldown: d("15m")},
			{Name: "r", Kind: crisis.TriggerReach, Level: "low", Threshold: num("1000"), Confirm: d("5m"), Cooldown: d("5m")},
		}, "0.5", append(flat(6, func(i int) []crisis.Signal {
			return []crisis.Signal{{Channel: channel.Instagram, Mentions: 9, KeywordHits: 9, Reach: 2000}, {Channel: channel.X, Mentions: 2, KeywordHits: 2}}
		}), refStep{sig: crisis.Signal{At: at(40), Channel: channel.X, Mentions: 5, KeywordHits: 5, Reach: 999}}, refStep{advance: at(45)})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := samplePlan()
			p.Triggers = tt.triggers
			p.Detection.Margin = num(tt.margin)
			alerts := runBoth(t, p, tt.steps)
			require.NotEmpty(t, alerts, "a hand-written case must raise alerts")
		})
	}
}

func TestDetectorMatchesReferenceRandom(t *testing.T) {
	alerts := 0
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 17))
		data := make([]byte, 600)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		r := &refBytes{b: data}
		p := refPlan(r)
		steps := refStream(r, p, 40+rng.IntN(80))
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			alerts += len(runBoth(t, p, steps))
		})
	}
	require.Greater(t, alerts, 100, "the random cases must raise alerts to compare")
}

func FuzzDetectorReference(f *testing.F) {
	f.Add([]byte{0, 0, 3, 1, 2, 1, 1, 1, 1, 5, 5, 5, 5, 5, 5, 5})
	f.Add([]byte("a plan and a stream of signals, any bytes will do"))
	for seed := range uint64(8) {
		rng := rand.New(rand.NewPCG(seed, 17))
		data := make([]byte, 300)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &refBytes{b: data}
		p := refPlan(r)
		runBoth(t, p, refStream(r, p, 120))
	})
}

// TestQuietStretchJudgesEveryBucket is the detector bug the reference
// found: a keyword trigger over three buckets still holds two buckets after
// the last hit, but when the next signal (or Advance) closed more than
// Horizon+1 buckets at once, the detector started afresh without judging
// them, so whether bucket 2 alerted depended on when bucket 6 was observed.
// The documentation says every bucket is judged when it closes, and an
// empty one counts as zero mentions. Fixed in issue 17.
func TestQuietStretchJudgesEveryBucket(t *testing.T) {
	p := samplePlan()
	p.Triggers = []crisis.Trigger{{Name: "kw", Kind: crisis.TriggerKeyword, Level: "low", Window: d("15m"), Threshold: num("1"), Confirm: d("5m"), Cooldown: d("5m")}}
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * 5 * time.Minute) }
	hits := func(i int) refStep {
		return refStep{sig: crisis.Signal{At: at(i), Channel: channel.X, Mentions: 5, KeywordHits: 5}}
	}
	stepwise := runBoth(t, p, []refStep{hits(0), hits(1), {advance: at(4)}, {advance: at(6)}})
	atOnce := runBoth(t, p, []refStep{hits(0), hits(1), {advance: at(6)}})
	require.Len(t, stepwise, 4)
	require.Empty(t, diffAlerts(stepwise, atOnce))
}
