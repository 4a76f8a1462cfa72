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
	devSees  bool  // whose scope sees the channel
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
			q.dev, q.devSees = true, d.scopes[d.devs[0].scope].sees(c)
		}
		q.ok = ok && q.ring >= 0
		d.quiet[c] = q
	}
}

// canQuiet reports whether the quiet loop can take over: one channel in
// the bucket being filled, a quiet plan for it, no confirmation running.
func (d *Detector) canQuiet() bool {
	seen := d.seen
	return d.started && !d.exact && d.running == 0 && seen != 0 && seen&(seen-1) == 0 &&
		d.quiet[bits.TrailingZeros32(seen)&(maxChannels-1)].ok
}

// runQuiet observes signals, as fast does, while each is the one signal of
// the next bucket on the channel of the bucket being filled; it closes the
// buckets nothing can hold in itself. It returns how many signals it
// observed; the detector's state is written back whenever it calls
// another method and before it returns.
func (d *Detector) runQuiet(sigs []Signal, dst []Alert) ([]Alert, int) {
	c := bits.TrailingZeros32(d.seen) & (maxChannels - 1)
	q := d.quiet[c]
	sc := &d.scopes[q.ring]
	ring := sc.ring
	rlen := len(ring)
	pos, filled, epoch := sc.pos, sc.filled, sc.epoch
	c0, c1, c2 := sc.cum[0], sc.cum[1], sc.cum[2]
	x0, x1, x2 := sc.curMax[0], sc.curMax[1], sc.curMax[2]
	o := &d.open[c]
	om, og, oh, orr := o[mMentions], o[mNegative], o[mHits], d.reach[c]
	cur, curSec, w := d.cur, d.curSec, d.w
	nextGuard, minReach := d.nextGuard, q.minReach

	var dv *devT
	var mean, vr, alpha, k2 float64
	var dn, warm, held, dm int
	var dfloor int64
	if q.dev {
		dv = &d.devs[0]
		mean, vr, alpha, k2 = dv.mean, dv.vr, dv.alpha, dv.k2
		dn, warm, held, dfloor, dm = dv.n, dv.warm, dv.held, dv.floor, dv.metric&3
		if !q.devSees {
			dm = -1
		}
	}
	var pm, pv float64
	var pj bool
	var lm, lg, lh, lr int64 // the counts of the last bucket closed here
	closed := false
	var pending uint64 // triggers that hold in bucket cur, closed but for its confirmation

	k := 0
	for ; k < len(sigs); k++ {
		s := &sigs[k]
		// The checks of fast, for a signal of the next bucket on channel c.
		if channelIndex(s.Channel) != c || uint64(s.Mentions) > MaxCount || uint64(s.Negative) > uint64(s.Mentions) ||
			uint64(s.Positive) > uint64(s.Mentions-s.Negative) || uint64(s.KeywordHits) > uint64(s.Mentions) ||
			uint64(s.Reach) > MaxReach || s.At.Nanosecond() != 0 {
			break
		}
		sec := s.At.Unix()
		if sec != curSec+w || sec > maxUnix {
			break
		}
		// Close bucket cur, holding om, og, oh, orr, unless something
		// may hold in it or a bound would rise: close does those.
		if orr >= minReach || om > x0 || og > x1 || oh > x2 {
			break
		}
		var v int64
		switch dm {
		case mMentions:
			v = om
		case mNegative:
			v = og
		case mHits:
			v = oh
		}
		diff := float64(v) - mean
		judged := dn >= warm
		if dv != nil && judged && v >= dfloor && diff > 0 && diff*diff >= k2*vr {
			break
		}
		if dv != nil {
			pm, pv, pj = mean, vr, judged
			incr := alpha * diff
			mean += incr
			vr = (1 - alpha) * (vr + diff*incr)
			held = 0
			if dn < warm {
				dn++
			}
		}
		c0 += om
		c1 += og
		c2 += oh
		e := &ring[pos]
		e[0], e[1], e[2] = c0, c1, c2
		if pos++; pos == rlen {
			pos = 0
		}
		if filled < rlen {
			filled++
		}
		lm, lg, lh, lr, closed = om, og, oh, orr, true
		if epoch++; epoch == rlen {
			sc.curMax[0], sc.curMax[1], sc.curMax[2] = x0, x1, x2
			sc.epoch, sc.prevMax, sc.curMax = 0, sc.curMax, [nMetrics]int64{}
			sc.setBound()
			epoch, x0, x1, x2 = 0, 0, 0, 0
		}
		if cur >= nextGuard {
			// A guard is due: judge the window triggers from the
			// ring, written back. If one holds, leave this bucket's
			// confirmation to close's second half.
			d.cur = cur
			sc.pos, sc.filled = pos, filled
			sc.cum[0], sc.cum[1], sc.cum[2] = c0, c1, c2
			if hold := d.judgeGuarded(); hold != 0 {
				pending = hold
				break
			}
			nextGuard = d.nextGuard
		}
		// Open the next bucket with s.
		cur++
		curSec = sec
		om, og, oh, orr = s.Mentions, s.Negative, s.KeywordHits, s.Reach
	}
	// Write the local state back.
	d.cur, d.curSec = cur, curSec
	o[mMentions], o[mNegative], o[mHits], d.reach[c] = om, og, oh, orr
	sc.pos, sc.filled, sc.epoch = pos, filled, epoch
	sc.cum[0], sc.cum[1], sc.cum[2] = c0, c1, c2
	sc.curMax[0], sc.curMax[1], sc.curMax[2] = x0, x1, x2
	if !closed {
		return dst, k
	}
	for i := range d.scopes {
		s := &d.scopes[i]
		if s.sees(c) {
			s.last[0], s.last[1], s.last[2], s.closed = lm, lg, lh, lr
		} else {
			s.last[0], s.last[1], s.last[2], s.closed = 0, 0, 0, 0
		}
	}
	if dv != nil {
		dv.mean, dv.vr, dv.n, dv.held = mean, vr, dn, held
		dv.pMean, dv.pVr, dv.pJudged = pm, pv, pj
	}
	if pending != 0 {
		// Bucket cur is closed but for its confirmation; then sigs[k]
		// opens the next bucket, as in fast.
		dst = d.confirm(pending, dst)
		s := &sigs[k]
		d.cur++
		d.curSec = s.At.Unix()
		o[mMentions], o[mNegative], o[mHits], d.reach[c] = s.Mentions, s.Negative, s.KeywordHits, s.Reach
		k++
	}
	return dst, k
}
