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
	dev      bool  // one deviation trigger, d.devs[0]
	dm       int   // the metric it reads of the channel's counts, or -1 if its scope does not see the channel
}

// sees reports whether scope s takes the counts of channel c.
func (s *scope) sees(c int) bool { return s.ch < 0 || s.ch == c }

// planQuiet compiles d.quiet: the quiet loop needs exactly one scope with a
// ring, seeing the channel, and at most one deviation trigger.
func (d *Detector) planQuiet() {
	for c := range d.quiet {
		q := quietPlan{ring: -1, minReach: math.MaxInt64}
		ok := len(d.devs) <= 1
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
		if len(d.devs) == 1 {
			q.dev, q.dm = true, d.devs[0].metric&3
			if !d.scopes[d.devs[0].scope].sees(c) {
				q.dm = -1
			}
		}
		q.ok = ok && q.ring >= 0
		d.quiet[c] = q
	}
}

// canQuiet reports whether the quiet loop can take over: one channel in
// the bucket being filled, a quiet plan for it, no confirmation running,
// and the deviation trigger, if any, warmed up.
func (d *Detector) canQuiet() bool {
	seen := d.seen
	return d.started && !d.exact && d.running == 0 && seen != 0 && seen&(seen-1) == 0 &&
		d.quiet[bits.TrailingZeros32(seen)&(maxChannels-1)].ok && (len(d.devs) == 0 || d.devs[0].n >= d.devs[0].warm)
}

// quietBlock is how many signals the quiet loop checks before it closes
// their buckets: it checks them in a loop of their own, which keeps few
// variables live, and the block bounds the checks wasted when a bucket
// leaves the loop early.
const quietBlock = 128

// quietPrefix returns how many signals, from the first, pass the checks of
// fast for a signal of the next bucket on channel c: each is valid, on c,
// and at the instant next, then next+w, and so on.
func quietPrefix(sigs []Signal, c int, next, w int64) int {
	for j := range sigs {
		s := &sigs[j]
		if channelIndex(s.Channel) != c || uint64(s.Mentions) > MaxCount || uint64(s.Negative) > uint64(s.Mentions) ||
			uint64(s.Positive) > uint64(s.Mentions-s.Negative) || uint64(s.KeywordHits) > uint64(s.Mentions) ||
			uint64(s.Reach) > MaxReach || s.At.Nanosecond() != 0 || s.At.Unix() != next {
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
// buckets in a loop that keeps few variables live, so that they stay in
// registers: the counts of the bucket being filled are read from the
// signal that opened it, and the epoch is told by the ring position at
// which it ends.
func (d *Detector) runQuiet(sigs []Signal, dst []Alert) ([]Alert, int) {
	c := bits.TrailingZeros32(d.seen) & (maxChannels - 1)
	q := &d.quiet[c]
	sc := &d.scopes[q.ring]
	ring := sc.ring
	n := len(ring)
	pos, filled0 := sc.pos, sc.filled
	endPos := pos - sc.epoch // the epoch ends when pos comes round to it
	if endPos < 0 {
		endPos += n
	}
	c0, c1, c2 := sc.cum[0], sc.cum[1], sc.cum[2]
	o := &d.open[c]
	// prev has the counts of the bucket being filled.
	first := Signal{Mentions: o[mMentions], Negative: o[mNegative], KeywordHits: o[mHits], Reach: d.reach[c]}
	prev := &first
	w, cur0 := d.w, d.cur
	next := (cur0 + 1) * w // the instant of the next signal
	if next > maxUnix {
		return dst, 0
	}
	if lim := (maxUnix-next)/w + 1; int64(len(sigs)) > lim {
		sigs = sigs[:lim]
	}
	// Bucket cur0+k is closed by sigs[k]; a guard is due when k reaches due.
	due := d.dueAt(d.nextGuard, cur0)
	minReach := q.minReach

	// The deviation trigger, warmed up (canQuiet).
	var dv *devT
	var mean, vr, pm, pv, k2, alpha float64
	var floor int64
	dm := q.dm
	if q.dev {
		dv = &d.devs[0]
		mean, vr, k2, alpha, floor = dv.mean, dv.vr, dv.k2, dv.alpha, dv.floor
	}
	var pending uint64 // triggers that hold in the bucket closed last, but for its confirmation

	k := 0
blocks:
	for k < len(sigs) {
		stop := min(k+quietBlock, len(sigs))
		end := k + quietPrefix(sigs[k:stop], c, next+int64(k)*w, w)
		for ; k < end; k++ {
			// Close the bucket prev filled, unless something may hold
			// in it or its counts widen the bounds: close does those.
			if prev.Reach >= minReach {
				break blocks
			}
			if sc.isRecord(prev.Mentions, prev.Negative, prev.KeywordHits) {
				if sc.outside(prev.Mentions, prev.Negative, prev.KeywordHits) {
					break blocks
				}
				sc.record(prev.Mentions, prev.Negative, prev.KeywordHits)
			}
			if dv != nil {
				var v int64
				switch dm {
				case mMentions:
					v = prev.Mentions
				case mNegative:
					v = prev.Negative
				case mHits:
					v = prev.KeywordHits
				}
				diff := float64(v) - mean
				if v >= floor && diff > 0 && diff*diff >= k2*vr {
					break blocks
				}
				// As in close, for a bucket in which the condition does
				// not hold.
				pm, pv = mean, vr
				incr := alpha * diff
				mean += incr
				vr = (1 - alpha) * (vr + diff*incr)
			}
			c0 += prev.Mentions
			c1 += prev.Negative
			c2 += prev.KeywordHits
			e := &ring[pos]
			e[0], e[1], e[2] = c0, c1, c2
			if pos++; pos == n {
				pos = 0
			}
			if pos == endPos {
				sc.endEpoch()
			}
			if k >= due {
				// A guard is due: judge the window triggers from the
				// ring, written back. If one holds, leave this bucket's
				// confirmation to the end.
				d.cur = cur0 + int64(k)
				sc.pos, sc.filled = pos, min(filled0+k+1, n)
				sc.cum[0], sc.cum[1], sc.cum[2] = c0, c1, c2
				hold, nextGuard := d.judgeDue(d.cur)
				due = d.dueAt(nextGuard, cur0)
				if hold != 0 {
					pending = hold
					break blocks
				}
			}
			// sigs[k] opens the next bucket.
			prev = &sigs[k]
		}
		if end < stop {
			break // sigs[end] failed the checks
		}
	}

	// Write the state back. The loop closed k buckets, and one more if a
	// trigger is pending; last has the counts of the last one closed.
	closed := k
	if pending != 0 {
		closed++
	}
	d.cur = cur0 + int64(k)
	d.curSec = d.cur * w
	o[mMentions], o[mNegative], o[mHits], d.reach[c] = prev.Mentions, prev.Negative, prev.KeywordHits, prev.Reach
	sc.pos, sc.filled = pos, min(filled0+closed, n)
	sc.epoch = pos - endPos
	if sc.epoch < 0 {
		sc.epoch += n
	}
	sc.cum[0], sc.cum[1], sc.cum[2] = c0, c1, c2
	if closed == 0 {
		return dst, k
	}
	last := prev
	if pending == 0 {
		last = &first
		if k >= 2 {
			last = &sigs[k-2]
		}
	}
	for i := range d.scopes {
		s := &d.scopes[i]
		if s.sees(c) {
			s.last[0], s.last[1], s.last[2], s.closed = last.Mentions, last.Negative, last.KeywordHits, last.Reach
		} else {
			s.last[0], s.last[1], s.last[2], s.closed = 0, 0, 0, 0
		}
	}
	if dv != nil {
		dv.mean, dv.vr, dv.held = mean, vr, 0
		dv.pMean, dv.pVr, dv.pJudged = pm, pv, true
	}
	if pending != 0 {
		// Bucket d.cur is closed but for its confirmation; then sigs[k]
		// opens the next bucket, as in fast.
		dst = d.confirm(pending, dst)
		s := &sigs[k]
		d.cur++
		d.curSec = d.cur * w
		o[mMentions], o[mNegative], o[mHits], d.reach[c] = s.Mentions, s.Negative, s.KeywordHits, s.Reach
		k++
	}
	return dst, k
}

// dueAt returns the k at which the quiet loop, which closes bucket cur0+k
// with its k-th signal, reaches bucket b: when a guard comes due.
func (d *Detector) dueAt(b, cur0 int64) int {
	switch {
	case b <= cur0:
		return 0
	case b-cur0 > math.MaxInt32:
		return math.MaxInt32
	}
	return int(b - cur0)
}

// judgeDue is judgeGuarded for the quiet loop, where no trigger's
// condition held in the bucket before and every guard is used: it judges
// the triggers whose guard is due in bucket cur, in one pass, and returns
// those that hold and the first bucket in which a guard is due next.
func (d *Detector) judgeDue(cur int64) (hold uint64, next int64) {
	next = math.MaxInt64
	due := false
	for k := range d.guards {
		g := &d.guards[k]
		if g.next <= cur {
			due = true
			if d.judge(k) {
				hold |= g.bit
			}
		}
		next = min(next, g.next)
	}
	if due { // as judgeGuarded, which judges nothing otherwise
		d.nextGuard = next
	}
	return hold, d.nextGuard
}
