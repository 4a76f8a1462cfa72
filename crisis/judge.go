package crisis

import (
	"math/bits"
)

// close judges the bucket being filled (d.cur), empties it, and appends an
// alert if triggers fire. It is the detector's hot loop.
func (d *Detector) close(dst []Alert) []Alert {
	scopes := d.scopes // read once: stores through s would make the loops reload it
	for i := range scopes {
		s := &scopes[i]
		if s.ch >= 0 {
			// The channel's counts if it has a signal in the bucket,
			// else 0: masked rather than branched on, since which
			// channels report a bucket follows no pattern.
			c := s.ch & (maxChannels - 1)
			keep := -int64(d.seen >> c & 1)
			maskCounts(&s.last, &d.open[c], keep)
			s.maxReach = d.reach[c] & keep
		} else {
			s.last, s.maxReach = counts{}, 0
			for seen := d.seen; seen != 0; seen &= seen - 1 {
				c := bits.TrailingZeros32(seen) & (maxChannels - 1)
				addCounts(&s.last, &d.open[c])
				s.maxReach = max(s.maxReach, d.reach[c])
			}
		}
		// Record it in the ring: the running totals after it. (Written
		// out here: as a method, too big to inline, the loop cost 6% more
		// on BenchmarkDetector/plan=realistic.)
		if len(s.ring) == 0 {
			continue
		}
		addCounts(&s.cum, &s.last)
		copyCounts(&s.ring[s.pos], &s.cum)
		if s.pos++; s.pos == len(s.ring) {
			s.pos = 0
		}
		if s.filled < len(s.ring) {
			s.filled++
		}
	}
	d.seen = 0

	hold := d.judgeWins()
	for k := range d.reaches {
		t := &d.reaches[k]
		if scopes[t.scope].maxReach >= t.floor {
			hold |= t.bit
		}
	}
	for k := range d.deviations {
		t := &d.deviations[k]
		x := scopes[t.scope].last[t.metric&metricMask]
		diff := x<<meanShift - t.mean
		judged := t.folded >= t.warm
		holds := judged && t.test.surges(x, diff, t.variance)
		t.judgedMean, t.judgedVar, t.wasJudged = t.mean, t.variance, judged
		// A bucket in which the condition holds stays out of the
		// baseline, until the surge has lasted a whole span.
		if !holds || t.held >= t.warm {
			if m, v, ok := foldSmall(t.mean, t.variance, t.alpha, t.beta, diff); ok {
				t.mean, t.variance = m, v
			} else {
				t.mean, t.variance = foldWide(t.mean, t.variance, t.alpha, t.beta, diff)
			}
		}
		switch {
		case !holds:
			t.held = 0
		case t.held < t.warm:
			t.held++
		}
		if t.folded < t.warm {
			t.folded++
		}
		if holds {
			hold |= t.bit
		}
	}
	if hold|d.running == 0 {
		return dst
	}
	return d.confirm(hold, dst)
}

// confirm advances the confirmation runs of the triggers that hold or held,
// and raises an alert for those confirmed and not cooling down.
func (d *Detector) confirm(hold uint64, dst []Alert) []Alert {
	b := d.cur
	var fire uint64
	for m := hold | d.running; m != 0; m &= m - 1 {
		i := bits.TrailingZeros64(m)
		t := &d.trigs[i]
		bit := uint64(1) << i
		if hold&bit == 0 {
			t.run = 0
			d.running &^= bit
			continue
		}
		if t.run == 0 {
			t.since = b
			d.running |= bit
		}
		if t.run < t.confirm {
			t.run++
		}
		if t.run >= t.confirm && (!t.fired || b-t.last >= t.cooldown) {
			fire |= bit
		}
	}
	if fire != 0 {
		dst = append(dst, d.alert(b, fire))
	}
	return dst
}
