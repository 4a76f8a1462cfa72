package crisis

import (
	"math"
	"math/bits"
)

// quietPlan says how [Detector.ObserveBatch] may take a run of signals of
// one channel, one signal per bucket, in a loop that keeps the detector's
// state in local variables: the quiet loop. It is compiled per channel by
// NewDetector. The quiet loop closes a bucket itself only while nothing can
// hold in it (no guard due or whose bounds would rise, no reach at a
// trigger's floor, no deviation that holds, no confirmation running);
// any other bucket it leaves to close, which it calls with the state
// written back. It changes no result, only the work.
type quietPlan struct {
	ok       bool  // the quiet loop may take signals of this channel
	ring     int   // the one scope with a ring, which sees the channel
	minReach int64 // the least floor of the reach triggers that see the channel
	dev      bool  // one deviation trigger, d.deviations[0]
	dm       int   // the metric it reads of the channel's counts, or -1 if its scope does not see the channel
}

// sees reports whether scope s takes the counts of channel c.
func (s *scope) sees(c int) bool { return s.ch < 0 || s.ch == c }

// planQuiet compiles d.quiet: the quiet loop needs exactly one scope with a
// ring, seeing the channel, and at most one deviation trigger.
func (d *Detector) planQuiet() {
	for c := range d.quiet {
		q := quietPlan{ring: -1, minReach: math.MaxInt64}
		ok := len(d.deviations) <= 1
		for i := range d.scopes {
			s := &d.scopes[i]
			if len(s.ring) == 0 {
				continue
			}
			if q.ring >= 0 || !s.sees(c) {
				ok = false
			}
			q.ring = i
		}
		for _, t := range d.reaches {
			if d.scopes[t.scope].sees(c) {
				q.minReach = min(q.minReach, t.floor)
			}
		}
		if len(d.deviations) == 1 {
			q.dev, q.dm = true, d.deviations[0].metric&metricMask
			if !d.scopes[d.deviations[0].scope].sees(c) {
				q.dm = -1
			}
		}
		q.ok = ok && q.ring >= 0
		d.quiet[c] = q
	}
}

// canQuiet reports whether the quiet loop can take over: one channel in
// the bucket being filled, a quiet plan for it, no confirmation running,
// and the deviation trigger, if any, warmed up with a small baseline.
func (d *Detector) canQuiet() bool {
	seen := d.seen
	return d.started && d.running == 0 && seen != 0 && seen&(seen-1) == 0 &&
		d.quiet[bits.TrailingZeros32(seen)&(maxChannels-1)].ok && (len(d.deviations) == 0 || d.deviations[0].folded >= d.deviations[0].warm && d.deviations[0].small())
}

// small reports whether v's baseline is one the quiet loop folds: it does
// so in 64-bit words ([foldSmall]), which hold a mean below 8,192 counts
// and a variance below 2^29 counts squared with room for the buckets of a
// run. A larger one makes ObserveBatch observe each signal as Observe
// does; within a run, the loop leaves any bucket foldSmall cannot fold to
// close.
func (v *deviationTrig) small() bool {
	return v.mean < 1<<29 && v.variance.hi == 0 && v.variance.lo < 1<<61
}

// quietBlock is how many signals the quiet loop checks before it closes
// their buckets: it checks them in a loop of their own, which keeps few
// variables live, and the block bounds the checks wasted when a bucket
// leaves the loop early. Of 16 to 256, 64 was fastest in BenchmarkDetector:
// larger blocks leave the cache, smaller ones cost more loop overhead.
const quietBlock = 64

// quietPrefix returns how many signals, from the first, pass the checks of
// fast for a signal of the next bucket on channel c: each is valid, on c,
// and at the instant next, then next+w, and so on.
func quietPrefix(sigs []Signal, c int, next, w int64) int {
	for j := range sigs {
		s := &sigs[j]
		if channelIndex(s.Channel) != c || !s.countsOK() || s.At.Nanosecond() != 0 || s.At.Unix() != next {
			return j
		}
		next += w
	}
	return len(sigs)
}

// runQuiet observes signals, as fast does, while each is the one signal of
// the next bucket on the channel of the bucket being filled; it closes the
// buckets nothing can hold in itself. It returns how many signals it
// observed; the detector's state is written back whenever it calls
// another method and before it returns.
//
// It checks a block of signals first (quietPrefix), then closes their
// buckets in runs (quietRun.close) that end where the ring wraps, where an
// epoch ends or where a guard is due, so that the loop closing them keeps
// few variables live and they stay in registers.
func (d *Detector) runQuiet(sigs []Signal, dst []Alert) ([]Alert, int) {
	c := bits.TrailingZeros32(d.seen) & (maxChannels - 1)
	q := &d.quiet[c]
	sc := &d.scopes[q.ring]
	n := len(sc.ring)
	o := &d.open[c]
	// one has the counts of the bucket being filled, the first to close.
	one := [1]Signal{signalOf(o, d.reach[c])}
	w, cur0 := d.bucketSec, d.cur
	next := (cur0 + 1) * w // the instant of the next signal
	if next > maxUnix {
		return dst, 0
	}
	if lim := (maxUnix-next)/w + 1; int64(len(sigs)) > lim {
		sigs = sigs[:lim]
	}
	r := quietRun{sc: sc, pos: sc.pos, cum: sc.cum, minReach: q.minReach, dm: q.dm}
	var dv *deviationTrig
	if q.dev {
		dv = &d.deviations[0]
		r.dev, r.mean, r.vr, r.test, r.alpha, r.beta = true, dv.mean, dv.variance, dv.test, dv.alpha, dv.beta
	}
	filled0 := sc.filled
	left := n - sc.epoch // buckets to close before the epoch ends
	// Bucket cur0+k is closed when sigs[k] arrives; a guard is due when
	// bucket cur0+due is closed.
	due := dueAt(d.nextGuard, cur0)
	var pending uint64 // triggers that hold in the bucket closed last, but for its confirmation

	// k signals are taken: the bucket being filled is cur0+k, by sigs[k-1]
	// (or one[0] while k is 0).
	k := 0
blocks:
	for k < len(sigs) {
		stop := min(k+quietBlock, len(sigs))
		end := k + quietPrefix(sigs[k:stop], c, next+int64(k)*w, w)
		for k < end {
			// Close buckets cur0+k and after, up to where the ring
			// wraps, the epoch ends or a guard is due.
			bs := one[:]
			if k > 0 {
				bs = sigs[k-1 : k-1+min(end-k, n-r.pos, left, max(due-k, 0)+1)]
			}
			done := r.close(bs)
			k += done
			if r.pos == n {
				r.pos = 0
			}
			if left -= done; left == 0 {
				sc.endEpoch()
				left = n
			}
			if done < len(bs) {
				break blocks // something may hold in bucket cur0+k: close judges it
			}
			if k > due {
				// A guard is due: judge the window triggers from the
				// ring, written back. If one holds, leave this bucket's
				// confirmation to the end.
				d.cur = cur0 + int64(k-1)
				sc.pos, sc.filled, sc.cum = r.pos, min(filled0+k, n), r.cum
				hold := d.judgeWins()
				due = dueAt(d.nextGuard, cur0)
				if hold != 0 {
					pending = hold
					break blocks
				}
			}
		}
		if end < stop {
			break // sigs[end] failed the checks
		}
	}

	// Write the state back: k buckets were closed, the last by last, and
	// prev fills the bucket after them.
	if k == 0 {
		return dst, 0
	}
	prev, last := &sigs[k-1], &one[0]
	if k >= 2 {
		last = &sigs[k-2]
	}
	d.cur = cur0 + int64(k)
	if pending != 0 {
		d.cur-- // the bucket closed last is confirmed below
	}
	d.curSec = d.cur * w
	sc.pos, sc.filled, sc.cum = r.pos, min(filled0+k, n), r.cum
	sc.epoch = n - left
	for i := range d.scopes {
		s := &d.scopes[i]
		if s.sees(c) {
			s.last, s.maxReach = countsOf(last), last.Reach
		} else {
			s.last, s.maxReach = counts{}, 0
		}
	}
	if dv != nil {
		dv.mean, dv.variance, dv.held = r.mean, r.vr, 0
		dv.judgedMean, dv.judgedVar, dv.wasJudged = r.pm, r.pv, true
	}
	if pending != 0 {
		// Bucket d.cur is closed but for its confirmation; then prev
		// opens the next bucket, as in fast.
		dst = d.confirm(pending, dst)
		d.cur++
		d.curSec = d.cur * w
	}
	setCounts(o, prev)
	d.reach[c] = prev.Reach
	return dst, k
}

// quietRun is the state the quiet loop closes buckets with.
type quietRun struct {
	sc       *scope
	pos      int             // the ring slot the next bucket closed goes to
	cum      [nMetrics]int64 // the scope's running totals
	minReach int64
	// the deviation trigger, if dev, warmed up: its baseline (and the one
	// the bucket closed last was judged against), parameters and metric
	dev         bool
	dm          int
	mean, pm    int64
	vr, pv      u128
	alpha, beta uint64
	test        devTest
}

// close closes the buckets whose counts bs hold, one signal each, as close
// does while nothing holds: it stops before the first in which something
// may hold or whose counts are outside the scope's bounds, and returns how
// many it closed. The ring must not wrap, nor the epoch end, before the
// last.
func (r *quietRun) close(bs []Signal) int {
	sc := r.sc
	ring := sc.ring[r.pos:][:len(bs)]
	cum := r.cum
	// The deviation's baseline: its variance fits in 64 bits (canQuiet),
	// and the loop stops before it would not.
	mean, vlo := r.mean, r.vr.lo
	dev, dm := r.dev, r.dm
	i := 0
	for ; i < len(bs); i++ {
		b := &bs[i]
		if b.Reach >= r.minReach {
			break
		}
		cnt := countsOf(b)
		if sc.isRecord(&cnt) {
			if sc.outside(&cnt) {
				break
			}
			sc.record(&cnt)
		}
		if dev {
			x := cnt[dm&metricMask] // a dm of -1 (its scope does not see the channel) reads the padding, 0
			// The test and fold, as in close, for a bucket in which the
			// condition plainly does not hold and the numbers are small
			// (nearly always); close takes any other bucket. There is
			// no call here, and the parameters are read from r: the
			// loop's values stay in registers. The baseline the bucket
			// was judged against is read only at the end: it is kept
			// in r.
			vr := u128{lo: vlo}
			diff := x<<meanShift - mean
			if x >= r.test.floor && diff > 0 && !r.test.under(diff, vr) {
				break
			}
			nm, nv, ok := foldSmall(mean, vr, r.alpha, r.beta, diff)
			if !ok {
				break
			}
			r.pm, r.pv = mean, vr
			mean, vlo = nm, nv.lo // nv.hi is 0
		}
		addCounts(&cum, &cnt)
		copyCounts(&ring[i], &cum)
	}
	r.pos += i
	r.cum = cum
	if dev {
		r.mean, r.vr = mean, u128{lo: vlo}
	}
	return i
}

// dueAt returns the k at which the quiet loop, which closes bucket cur0+k
// with its k-th signal, reaches bucket b: when a guard comes due.
func dueAt(b, cur0 int64) int {
	switch {
	case b <= cur0:
		return 0
	case b-cur0 > math.MaxInt32:
		return math.MaxInt32
	}
	return int(b - cur0)
}
