package crisis

// windowTrig is a trigger judged on window totals of one scope: a keyword,
// absolute, negative-share or volume trigger. A is the total of metric
// metricA over the last windowA buckets; B is the total of metric metricB
// over the buckets from lag fromB (0 is the bucket just closed) to lag
// toB, not included. The trigger holds when A ≥ floorA, B ≥ floorB,
// A ≥ c·B (c is ratio), and the scope has closed minFilled buckets:
//
//   - keyword and absolute: A is the count over the window, floorA the
//     floor, c 0 (B is empty);
//   - negative share: A the negative mentions and B the mentions over the
//     window, floorB the floor (at least 1), c the share;
//   - volume: A the count over the window, B over the baseline before it,
//     floorA the floor, c the ratio scaled by window / baseline, minFilled
//     the window and baseline.
//
// A ≥ c·B is decided exactly, in integers (ratio, see exact.go). Judging
// a trigger is two differences of running totals and three comparisons;
// judgeWins skips it while an integer bound on A is below floorA. (Until
// issue 17 a guard with a float epsilon skipped the buckets in which a
// trigger could not hold, and a quiet loop ran single-channel feeds; on a
// feed of four networks the guard cost more than it saved, and the quiet
// loop took no signal: both went, and BenchmarkDetector/plan=realistic got
// faster.)
type windowTrig struct {
	ratio            ratio  // c, exactly: A ≥ c·B is ratio.holds(A, B)
	bit              uint64 // the trigger's bit in the masks (1 << its plan index)
	scope            int    // index in Detector.scopes of the scope it reads
	metricA, metricB int    // the metrics (mMentions, mNegative, mHits) A and B total
	windowA          int    // A totals lags 0 to windowA, not included
	fromB, toB       int    // B totals lags fromB to toB, not included
	floorA, floorB   int64  // the least A and B at which it holds
	minFilled        int    // the buckets the scope must have closed before it holds
	// most is a bound on A: at least A through the bucket just closed.
	// See judgeWins.
	most int64
}

// judgeWins judges the window triggers in the bucket just closed, and
// returns the bits of those that hold.
//
// A trigger whose A cannot have reached floorA is not judged: counts are
// never negative, so a bucket raises A by at most its own count, and most
// (A when the trigger was last judged, plus the counts of A's metric closed
// since) bounds A from above, in integers. A trigger with a floor far above
// its usual A (a flood of mentions, keyword hits that are usually none)
// is judged only when the bound gets there; the others, every bucket.
// (Judging every trigger in every bucket cost 8% more on
// BenchmarkDetector/plan=realistic/batch.)
func (d *Detector) judgeWins() (hold uint64) {
	scopes := d.scopes // not reloaded after each store through g
	for k := range d.windowTrigs {
		g := &d.windowTrigs[k]
		s := &scopes[g.scope]
		if g.most += s.last[g.metricA&metricMask]; g.most < g.floorA {
			continue
		}
		a, b := s.recent(g.metricA, g.windowA), s.total(g.metricB, g.fromB, g.toB)
		g.most = a
		if g.holds(a, b, s.filled) {
			hold |= g.bit
		}
	}
	return hold
}

// boundWins sets every window trigger's bound on A to A. A restore must
// (the rings it writes may hold more than the bound); after a reset the
// old bound still holds (A drops to 0) and this only tightens it.
func (d *Detector) boundWins() {
	for k := range d.windowTrigs {
		g := &d.windowTrigs[k]
		g.most, _ = d.totals(g)
	}
}

// totals returns g's window totals A and B through the bucket just closed.
func (d *Detector) totals(g *windowTrig) (a, b int64) {
	s := &d.scopes[g.scope]
	return s.recent(g.metricA, g.windowA), s.total(g.metricB, g.fromB, g.toB)
}

// holds reports whether g's condition holds for window totals a and b in
// a scope that has closed filled buckets. The ring holds no negative count
// (UnmarshalJSON checks a restored one), so totals are never negative.
func (g *windowTrig) holds(a, b int64, filled int) bool {
	return a >= g.floorA && b >= g.floorB && g.ratio.holds(uint64(a), uint64(b)) && filled >= g.minFilled
}
