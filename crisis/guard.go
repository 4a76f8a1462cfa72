package crisis

import (
	"math"
)

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
// A ≥ c·B is decided exactly, in integers (ratio, see exact.go). The
// guard spares the hot loop that judgement while the trigger cannot
// possibly hold: see [windowTrig.ahead].
type windowTrig struct {
	next             int64   // the first bucket in which the trigger may hold
	ratio            ratio   // c, exactly: A ≥ c·B is ratio.holds(A, B)
	ratioApprox      float64 // c, the float64 nearest ratio: the guard's estimate only
	bit              uint64  // the trigger's bit in the masks (1 << its plan index)
	scope            int     // index in Detector.scopes of the scope it reads
	metricA, metricB int     // the metrics (mMentions, mNegative, mHits) A and B total
	windowA          int     // A totals lags 0 to windowA, not included
	fromB, toB       int     // B totals lags fromB to toB, not included
	floorA, floorB   int64   // the least A and B at which it holds
	minFilled        int     // the buckets the scope must have closed before it holds
	known            int     // how many buckets ahead the counts leaving A and B are in the ring
}

// maxSkip caps how many buckets a guard skips, keeping bucket arithmetic
// far from overflow.
const maxSkip = 1 << 40

// ahead returns how many buckets after the one just closed g cannot hold
// in, from its window totals a and b now.
//
// The trigger needs h more: the more of floorA − A and c·B − A; it cannot hold
// while h > 0. Each bucket moves a window total by a count coming in less
// one going out, and every count in the ring is within the scope's bounds
// (a count outside them brings every guard of its scope due at once), so
// a bucket spends at most the spread of a plus c times the spread of b: h
// cannot be spent in fewer buckets than h over that pace, less the room
// left for rounding ([slack]).
//
// Two things let the guard look further. If h stays above that room even
// with every count in the windows at its worst bound, the trigger cannot
// hold until the bounds widen: the guard sleeps. Otherwise, the counts
// that leave the windows in the buckets ahead are no unknowns: they are in
// the ring. So after those buckets, a lower bound on h (the counts coming
// in at their bounds, those going out as they are) lets the guard look
// further, a few times over.
//
// The guard only decides when to judge, never whether the trigger holds:
// its float64 arithmetic (c is the float64 nearest g.ratio) errs by a few
// parts in 10^16 of the terms, far within the room it leaves, so it never
// skips a bucket in which the exact test could hold.
func (g *windowTrig) ahead(s *scope, a, b int64) int64 {
	hiA, loB := float64(s.hi[g.metricA&metricMask]), float64(s.lo[g.metricB&metricMask])
	fA := float64(g.floorA)
	mostA, leastB := float64(g.windowA)*hiA, g.ratioApprox*float64(g.toB-g.fromB)*loB
	if worst := max(fA-mostA, leastB-mostA); worst-slack(fA+mostA+leastB) >= 0 {
		return maxSkip
	}
	pace := s.spread[g.metricA&metricMask] + g.ratioApprox*s.spread[g.metricB&metricMask]
	inv := 1 / pace
	most, least := float64(a), g.ratioApprox*float64(b) // the largest A and least c·B ahead
	h := max(fA-most, least-most)
	var k int64
	for range 4 {
		budget := h - slack(fA+most+least)
		if !(budget >= 0) {
			break
		}
		if pace <= 0 {
			return maxSkip // no count can move: h stays above the room
		}
		step := budget * inv
		if step >= maxSkip {
			return maxSkip
		}
		if step < 1 {
			break
		}
		// While k·pace ≤ budget, k buckets cannot spend the need.
		k += int64(step)
		if k > int64(g.known) {
			break
		}
		// After k buckets, the counts that stay (exact, in integers) and
		// k counts coming in at their bounds.
		kk := float64(k)
		most = float64(a-s.total(g.metricA, g.windowA-int(k), g.windowA)) + kk*hiA
		h = fA - most
		if g.ratioApprox != 0 { // B is empty otherwise
			least = g.ratioApprox * (float64(b-s.total(g.metricB, g.toB-int(k), g.toB)) + kk*loB)
			h = max(h, least-most)
		}
	}
	return min(k, maxSkip)
}

// slack is the room a guard leaves for rounding when the terms of its
// need add up to mag in size: one count, and a part in 10^9 of mag.
func slack(mag float64) float64 { return 1 + 1e-9*mag }

// judgeGuarded judges the triggers in wins when one holds in the bucket
// before or a guard is due, and returns the bits of those that hold in
// the bucket just closed (d.cur).
func (d *Detector) judgeGuarded() uint64 {
	if d.cur < d.nextGuard && d.running&d.guarded == 0 {
		return 0
	}
	return d.judgeWins()
}

// judgeWins judges exactly the triggers in wins that are due or held in
// the bucket before, schedules each one's next judgement, and returns the
// bits of those that hold in the bucket just closed. The others cannot
// hold in it: their guards said so. (On the realistic plan of
// BenchmarkDetector, six window triggers with horizons from none to days,
// judging all of them whenever one was due made 5.6 judgements a
// judging bucket; judging only those due cut the time a signal by a
// quarter.)
func (d *Detector) judgeWins() (hold uint64) {
	next := int64(math.MaxInt64)
	for k := range d.windowTrigs {
		g := &d.windowTrigs[k]
		if g.next <= d.cur || d.running&g.bit != 0 {
			if d.judge(g) {
				hold |= g.bit
			}
		}
		next = min(next, g.next)
	}
	d.nextGuard = next
	return hold
}

// totals returns g's window totals A and B through the bucket just closed.
func (d *Detector) totals(g *windowTrig) (a, b int64) {
	s := &d.scopes[g.scope]
	return s.total(g.metricA, 0, g.windowA), s.total(g.metricB, g.fromB, g.toB)
}

// judge decides exactly whether g holds in the bucket just closed, and
// schedules its next judgement.
func (d *Detector) judge(g *windowTrig) bool {
	s := &d.scopes[g.scope]
	a, b := d.totals(g)
	// A schedule made earlier stays good (the bounds it assumed have not
	// widened, or the guard would be due): the later of the two stands.
	g.next = max(g.next, d.cur+1+g.ahead(s, a, b))
	return g.holds(a, b, s.filled)
}

// holds reports whether g's condition holds for window totals a and b in
// a scope that has closed filled buckets. The ring holds no negative count
// (UnmarshalJSON checks a restored one), so totals are never negative.
func (g *windowTrig) holds(a, b int64, filled int) bool {
	return a >= g.floorA && b >= g.floorB && g.ratio.holds(uint64(a), uint64(b)) && filled >= g.minFilled
}

// dueScope makes the guarded triggers of scope i due for an exact
// judgement: the bounds their schedules assumed rose.
func (d *Detector) dueScope(i int) {
	for k := range d.windowTrigs {
		if g := &d.windowTrigs[k]; g.scope == i {
			g.next = math.MinInt64
		}
	}
	d.nextGuard = math.MinInt64
}

// dueGuards makes every guarded trigger due for an exact judgement.
func (d *Detector) dueGuards() {
	for i := range d.windowTrigs {
		d.windowTrigs[i].next = math.MinInt64
	}
	d.nextGuard = math.MinInt64
}
