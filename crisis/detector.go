package crisis

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
)

// The counts a scope keeps per bucket. The fourth slot is padding: metric
// indexes are masked with 3, which spares the hot loop its bounds checks.
const (
	mMentions = iota
	mNegative
	mHits
	nMetrics = 4
)

func metricIndex(m Metric) int {
	switch m {
	case MetricNegative:
		return mNegative
	case MetricKeywordHits:
		return mHits
	}
	return mMentions
}

// The instants a detector accepts: the years 1 to 9999 (which JSON can
// write), less one day so that the end of any bucket is still in range.
const (
	minUnix = -62135596800
	maxUnix = 253402300799 - 86400
)

// channelIndex numbers the channels in the order of channel.All; -1 for an
// unknown channel. A switch is faster than a map or a loop on the hot path;
// a test checks it against channel.All.
func channelIndex(c channel.Channel) int {
	switch c {
	case channel.Instagram:
		return 0
	case channel.Facebook:
		return 1
	case channel.X:
		return 2
	case channel.LinkedIn:
		return 3
	case channel.TikTok:
		return 4
	case channel.YouTube:
		return 5
	case channel.Pinterest:
		return 6
	case channel.Threads:
		return 7
	case channel.Bluesky:
		return 8
	case channel.Mastodon:
		return 9
	case channel.Reddit:
		return 10
	}
	return -1
}

// maxChannels bounds the channel indexes (the seen mask is a uint32).
const maxChannels = 16

// maxCount returns the largest count of one bucket in a scope of channel
// index ch (-1 for all channels): MaxCount for each channel it sees. A
// window total of at most 2^16 buckets is below 2^60.
func maxCount(ch int) int64 {
	if ch >= 0 {
		return MaxCount
	}
	return int64(len(channel.All())) * MaxCount
}

// scope is the history of the signals that a group of triggers watches:
// all channels together, or one channel.
type scope struct {
	ch     int             // channel index, or -1 for all channels
	pos    int             // ring slot the next closed bucket is written to
	filled int             // buckets closed since the start or a reset, up to len(ring)
	cum    [nMetrics]int64 // running totals through the last closed bucket
	last   [nMetrics]int64 // the counts of the bucket just closed
	closed int64           // the largest reach in the bucket just closed
	// ring[i] holds the running totals after a closed bucket; a window
	// total is a difference of two of them, exact even if they wrap.
	ring [][nMetrics]int64
	// Bounds on the counts in the ring, for the guards: every count in it
	// was closed in this epoch or the one before, and an epoch is as long
	// as the ring. The buckets before the first are empty, so they count
	// as the epoch before it with counts of 0.
	epoch            int
	curMax, curMin   [nMetrics]int64 // this epoch's extremes; curMin is noMin before its first bucket
	prevMax, prevMin [nMetrics]int64 // the epoch before's
	hi, lo           [nMetrics]int64 // the bounds: the extremes of both
	// spread is hi − lo: the most one bucket moves a window total of the
	// metric towards a threshold, the new count coming in and an old one
	// going out. The guards read it.
	spread [nMetrics]float64
}

// noMin is an epoch's least count before its first bucket.
func noMin() [nMetrics]int64 {
	return [nMetrics]int64{math.MaxInt64, math.MaxInt64, math.MaxInt64, math.MaxInt64}
}

// push records a closed bucket, and reports whether its counts widened
// the bounds. It copies the counts one by one: copying a whole array just
// written field by field stalls the CPU's store forwarding.
func (s *scope) push(m, g, h, reach int64) (widened bool) {
	s.last[0], s.last[1], s.last[2] = m, g, h
	s.closed = reach
	if len(s.ring) == 0 {
		return false
	}
	// The bounds change rarely: when a count is outside them, or an epoch
	// ends (then they can only narrow).
	if s.isRecord(m, g, h) {
		widened = s.outside(m, g, h)
		s.record(m, g, h)
	}
	m += s.cum[0]
	g += s.cum[1]
	h += s.cum[2]
	s.cum[0], s.cum[1], s.cum[2] = m, g, h
	e := &s.ring[s.pos]
	e[0], e[1], e[2] = m, g, h
	s.pos++
	if s.pos == len(s.ring) {
		s.pos = 0
	}
	if s.filled < len(s.ring) {
		s.filled++
	}
	if s.epoch++; s.epoch == len(s.ring) {
		s.endEpoch()
	}
	return widened
}

// isRecord reports whether counts m, g, h beat this epoch's extremes.
func (s *scope) isRecord(m, g, h int64) bool {
	return m > s.curMax[0] || g > s.curMax[1] || h > s.curMax[2] ||
		m < s.curMin[0] || g < s.curMin[1] || h < s.curMin[2]
}

// outside reports whether counts m, g, h are outside the bounds.
func (s *scope) outside(m, g, h int64) bool {
	return m > s.hi[0] || g > s.hi[1] || h > s.hi[2] || m < s.lo[0] || g < s.lo[1] || h < s.lo[2]
}

// record folds counts m, g, h into this epoch's extremes.
func (s *scope) record(m, g, h int64) {
	s.curMax[0], s.curMax[1], s.curMax[2] = max(s.curMax[0], m), max(s.curMax[1], g), max(s.curMax[2], h)
	s.curMin[0], s.curMin[1], s.curMin[2] = min(s.curMin[0], m), min(s.curMin[1], g), min(s.curMin[2], h)
	s.setBound()
}

// endEpoch starts an epoch: the counts of the one before it leave the
// ring, so the bounds can only narrow.
func (s *scope) endEpoch() {
	s.epoch = 0
	s.prevMax, s.curMax = s.curMax, [nMetrics]int64{}
	s.prevMin, s.curMin = s.curMin, noMin()
	s.setBound()
}

func (s *scope) setBound() {
	for m := range 3 {
		s.hi[m] = max(s.curMax[m], s.prevMax[m])
		s.lo[m] = min(s.curMin[m], s.prevMin[m])
		s.spread[m] = float64(s.hi[m] - s.lo[m])
	}
}

// emptyBounds sets the bounds of a ring of empty buckets.
func (s *scope) emptyBounds() {
	s.epoch = 0
	s.curMax, s.prevMax, s.curMin, s.prevMin = [nMetrics]int64{}, [nMetrics]int64{}, noMin(), [nMetrics]int64{}
	s.setBound()
}

// rebound recomputes the bounds from the ring, after a restore.
func (s *scope) rebound() {
	s.emptyBounds()
	n := len(s.ring)
	if n == 0 {
		return
	}
	s.prevMin = noMin()
	for k := 0; k < n-1; k++ {
		i := s.pos - 1 - k
		if i < 0 {
			i += n
		}
		j := i - 1
		if j < 0 {
			j += n
		}
		for m := range 3 {
			c := s.ring[i][m] - s.ring[j][m]
			s.prevMax[m] = max(s.prevMax[m], c)
			s.prevMin[m] = min(s.prevMin[m], c)
		}
	}
	if s.filled < n {
		// Empty buckets from before the start are still in the ring.
		s.prevMin = [nMetrics]int64{}
	}
	s.setBound()
}

// winT is a trigger judged on window totals of one scope: a keyword,
// absolute, negative-share or volume trigger. A is the total of metric a
// over the last lagA buckets; B is the total of metric b over the buckets
// from lag b1 (0 is the bucket just closed) to lag b2, not included. The
// trigger holds when A ≥ fA, B ≥ fB, A ≥ c·B, and the scope has closed
// need buckets:
//
//   - keyword and absolute: A is the count over the window, fA the floor,
//     c 0 (B is empty);
//   - negative share: A the negative mentions and B the mentions over the
//     window, fB the floor (at least 1), c the share;
//   - volume: A the count over the window, B over the baseline before it,
//     fA the floor, c the ratio scaled by window / baseline, need the
//     window and baseline.
//
// A ≥ c·B is decided exactly, in integers (ratio, see exact.go). The
// guard spares the hot loop that judgement while the trigger cannot
// possibly hold: see [winT.ahead].
type winT struct {
	next   int64 // the first bucket in which the trigger may hold
	ratio  ratio // c, exactly: A ≥ c·B is ratio.holds(A, B)
	c      float64
	bit    uint64
	scope  int
	a, b   int // metrics
	lagA   int
	b1, b2 int // lags
	fA, fB int64
	need   int
	known  int // how many buckets ahead the counts leaving A and B are in the ring
}

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

// A deviation trigger keeps its moving mean and variance in fixed point,
// so that its test is decided exactly on the numbers it keeps, gives the
// same answer on every machine (a float64 recurrence may be fused
// differently by another compiler or CPU), and shows in its evidence what
// it compared.
const (
	// meanShift: the mean is kept in units of 2^-16 of a count, the
	// variance in units of 2^-32 of a count squared (the unit squared).
	// The largest count of a scope, 11 channels of MaxCount, is below
	// 2^44, so a mean fits in 60 bits and a variance in 120.
	meanShift = 16
	// alphaShift: the smoothing factor is kept in units of 2^-32.
	alphaShift = 32
)

// smoothing returns α = 2/(n+1) for a span of n ≥ 1 buckets, rounded to
// units of 2^-alphaShift, and 1 − α.
func smoothing(n int) (alpha, beta uint64) {
	alpha = (1<<(alphaShift+1) + uint64(n+1)/2) / uint64(n+1)
	return alpha, 1<<alphaShift - alpha
}

// devTest is a deviation trigger's test: count x holds, diff D above the
// moving mean (in units of 2^-16), against moving variance V (in units of
// 2^-32), when x ≥ floor, D > 0 and D² ≥ K²·V: x is at least K standard
// deviations above the mean. Both sides are integers: the test is exact.
type devTest struct {
	floor int64    // ⌈Threshold⌉
	k2    ratio128 // K², reduced for D² and V within their bounds
	k2f   float64  // k2's value, for the filter
}

// surges reports whether the test holds for count x, diff above the mean,
// against variance vr. It is small enough to inline: most counts are below
// the floor or the mean, and beyond decides the others.
func (t *devTest) surges(x, diff int64, vr u128) bool {
	return x >= t.floor && diff > 0 && t.beyond(diff, vr)
}

// beyond reports whether diff > 0 is K standard deviations above the mean:
// diff² ≥ K²·vr. Most are far from equality, and under or over decides
// them; the others are decided in 256-bit integers.
func (t *devTest) beyond(diff int64, vr u128) bool {
	switch {
	case t.under(diff, vr):
		return false
	case t.over(diff, vr):
		return true
	}
	hi, lo := bits.Mul64(uint64(diff), uint64(diff))
	return t.k2.holds(u128{hi, lo}, vr)
}

// under reports that diff² < K²·vr by a float64 filter: with room for its
// rounding error (a few parts in 10^16 of either side, against room of
// one part in 10^9), so under never says so of a diff that holds; over is
// its mirror. Neither may answer: then the sides are too close to call in
// float64.
func (t *devTest) under(diff int64, vr u128) bool {
	f := float64(diff)
	return f*f < t.k2f*vr.float()*(1-1e-9)
}

func (t *devTest) over(diff int64, vr u128) bool {
	f := float64(diff)
	return f*f > t.k2f*vr.float()*(1+1e-9)
}

// foldSmall and foldWide fold a count into a moving mean and variance:
// with diff = X − mean (X the count, all in units of 2^-16) and α and
// β = 1 − α in units of 2^-32,
//
//	incr = round(α·diff), mean' = mean + incr, var' = round(β·(var + diff·incr))
//
// each rounded half up to the unit (diff·incr ≥ 0 is exact). mean' lies
// between mean and X, so it stays within [0, U] for U the scope's largest
// count in fixed point; and var' stays within [0, U²]: if var ≤ U², then
// var' ≤ (1−α)(U² + α·U² + U/2) + 1/2 ≤ U² because α ≥ 2^-15 (a span of at
// most 2^16 buckets) and U ≥ 2^30, or α = 1 and var' = 0.
//
// foldSmall computes them in 64-bit words when |diff| < 2^30 and var <
// 2^62, which counts of a few thousand keep, and reports whether it could:
// then diff·α and diff·incr are below 2^62, var + diff·incr below 2^63,
// and β times that below 2^95. It is small enough to inline into the hot
// loops (a call would make them keep their values in memory). foldWide
// takes any value within the bounds, in up to 192 bits. Both give the
// same numbers.
func foldSmall(mean int64, vr u128, alpha, beta uint64, diff int64) (int64, u128, bool) {
	if uint64(diff+1<<30) >= 1<<31 || vr.hi != 0 || vr.lo >= 1<<62 {
		return 0, u128{}, false
	}
	incr := (diff*int64(alpha) + 1<<(alphaShift-1)) >> alphaShift
	hi, lo := bits.Mul64(vr.lo+uint64(diff*incr), beta)
	lo, c := bits.Add64(lo, 1<<(alphaShift-1), 0)
	return mean + incr, u128{lo: (hi+c)<<(64-alphaShift) | lo>>alphaShift}, true
}

// foldWide is foldSmall for any mean and variance within their bounds:
// |diff| below 2^60, products up to 192 bits.
func foldWide(mean int64, vr u128, alpha, beta uint64, diff int64) (int64, u128) {
	// incr: the 128-bit signed product diff·α (the unsigned one, less
	// α·2^64 for a negative diff), plus a half, shifted down.
	sign := diff >> 63
	hi, lo := bits.Mul64(uint64(diff), alpha)
	hi -= alpha & uint64(sign)
	lo, c := bits.Add64(lo, 1<<(alphaShift-1), 0)
	hi += c
	incr := int64(hi<<(64-alphaShift) | lo>>alphaShift)
	// var + diff·incr: incr has diff's sign, or is 0.
	ph, pl := bits.Mul64(uint64((diff^sign)-sign), uint64((incr^sign)-sign))
	sl, c := bits.Add64(vr.lo, pl, 0)
	sh := vr.hi + ph + c
	// β times that, below 2^122: a 192-bit product, plus a half, shifted.
	h0, l0 := bits.Mul64(sl, beta)
	h1, l1 := bits.Mul64(sh, beta)
	mid, c := bits.Add64(l1, h0, 0)
	top := h1 + c
	l0, c = bits.Add64(l0, 1<<(alphaShift-1), 0)
	mid, c = bits.Add64(mid, 0, c)
	top += c
	return mean + incr, u128{hi: top<<(64-alphaShift) | mid>>alphaShift, lo: mid<<(64-alphaShift) | l0>>alphaShift}
}

// maxSkip caps how many buckets a guard skips, keeping bucket arithmetic
// far from overflow.
const maxSkip = 1 << 40

// ahead returns how many buckets after the one just closed g cannot hold
// in, from its window totals a and b now.
//
// The trigger needs h more: the more of fA − A and c·B − A; it cannot hold
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
func (g *winT) ahead(s *scope, a, b int64) int64 {
	hiA, loB := float64(s.hi[g.a&3]), float64(s.lo[g.b&3])
	fA := float64(g.fA)
	mostA, leastB := float64(g.lagA)*hiA, g.c*float64(g.b2-g.b1)*loB
	if worst := max(fA-mostA, leastB-mostA); worst-slack(fA+mostA+leastB) >= 0 {
		return maxSkip
	}
	pace := s.spread[g.a&3] + g.c*s.spread[g.b&3]
	inv := 1 / pace
	most, least := float64(a), g.c*float64(b) // the largest A and least c·B ahead
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
		most = float64(a-s.total(g.a, g.lagA-int(k), g.lagA)) + kk*hiA
		h = fA - most
		if g.c != 0 { // B is empty otherwise
			least = g.c * (float64(b-s.total(g.b, g.b2-int(k), g.b2)) + kk*loB)
			h = max(h, least-most)
		}
	}
	return min(k, maxSkip)
}

// slack is the room a guard leaves for rounding when the terms of its
// need add up to mag in size: one count, and a part in 10^9 of mag.
func slack(mag float64) float64 { return 1 + 1e-9*mag }

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

// Detector reads time-bucketed signals in order and raises alerts. Build one
// with [NewDetector]; save and restore it with encoding/json. A Detector is
// not safe for concurrent use.
//
// Each signal costs constant work and no allocation: counts go into ring
// buffers sized from the plan when the detector is built, and triggers are
// judged when a bucket closes, that is when a signal for a later bucket
// arrives or [Detector.Advance] moves past it.
type Detector struct {
	fingerprint string
	levels      []string
	loc         *time.Location
	w           int64    // bucket width in seconds
	keep        *big.Rat // 1 − Detection.Margin
	horizon     int64

	// the bucket being filled
	started bool
	cur     int64 // its index
	curSec  int64 // its start, in Unix seconds
	seen    uint32
	open    [maxChannels][nMetrics]int64
	reach   [maxChannels]int64

	scopes  []scope
	wins    []winT
	guarded uint64 // the triggers in wins
	// nextGuard is the first bucket in which any guarded trigger may hold.
	nextGuard int64
	exact     bool // judge every trigger every bucket (tests compare)
	trigs     []trig
	reaches   []reachT
	devs      []devT
	running   uint64 // triggers whose condition held in the bucket before
	quiet     [maxChannels]quietPlan
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

// built reports whether d was built by [NewDetector]: a zero or nil
// Detector has no plan, and every method refuses it.
func (d *Detector) built() bool { return d != nil && d.loc != nil }

// errZero is the error of a method called on a Detector that NewDetector
// did not build.
func errZero() error {
	return fmt.Errorf("%w: the detector was not built with NewDetector", ErrBadState)
}

// Bucket returns the width of the detector's buckets; zero for a Detector
// that [NewDetector] did not build.
func (d *Detector) Bucket() time.Duration {
	if !d.built() {
		return 0
	}
	return time.Duration(d.w) * time.Second
}

// Horizon returns the longest stretch of history the detector keeps: the
// longest window (with its baseline), span or confirmation of its
// triggers, in whole buckets. When one Observe or Advance closes more than
// Horizon empty buckets after the bucket being filled, the detector judges
// the first Horizon of them as it judges every bucket, skips the others,
// in which no window holds a count, and starts afresh: its windows and
// moving baselines are emptied and must warm up again (the cooldowns of
// triggers that fired are kept). It is zero for a Detector that
// [NewDetector] did not build.
func (d *Detector) Horizon() time.Duration {
	if !d.built() {
		return 0
	}
	return time.Duration(d.horizon*d.w) * time.Second
}

// Observe feeds one signal. Signals come in order of their bucket; within a
// bucket, one signal per channel, in any order. When s starts a later bucket
// than the one being filled, that bucket (and any empty buckets in between)
// is closed and judged first; alerts raised are appended to dst and the
// extended slice is returned. Nothing is allocated unless an alert is
// raised.
//
// A signal earlier than the bucket being filled is [ErrOutOfOrder]; a
// second signal for the same bucket and channel is [ErrDuplicate]; an
// instant that is not the start of a bucket is [ErrMisaligned]; bad counts
// and a zero or out-of-range instant are [ErrInvalidSignal]. On error, dst is returned unchanged and the
// detector's state is as it was. A zero or nil Detector, which
// [NewDetector] did not build, refuses every signal with [ErrBadState].
func (d *Detector) Observe(s Signal, dst []Alert) ([]Alert, error) {
	if d == nil {
		return dst, errZero()
	}
	if dst, ok := d.fast(&s, dst); ok {
		return dst, nil
	}
	return d.observe(&s, dst)
}

// ObserveBatch feeds signals in order, as calling [Detector.Observe] on each
// in turn does, without copying them: a host that reads a backlog (after a
// restart, or in a drill) hands it over in one call. It stops at the first
// signal Observe would refuse and returns the alerts raised by the signals
// before it, how many signals it observed, and Observe's error; the refused
// signal and those after it are not observed. On success it returns
// len(signals) and a nil error. A zero or nil Detector observes nothing
// and returns [ErrBadState].
func (d *Detector) ObserveBatch(signals []Signal, dst []Alert) ([]Alert, int, error) {
	if !d.built() {
		return dst, 0, errZero()
	}
	for i := 0; i < len(signals); i++ {
		if d.canQuiet() {
			var n int
			dst, n = d.runQuiet(signals[i:], dst)
			if i += n; i == len(signals) {
				break
			}
		}
		s := &signals[i]
		var ok bool
		if dst, ok = d.fast(s, dst); ok {
			continue
		}
		var err error
		if dst, err = d.observe(s, dst); err != nil {
			return dst, i, err
		}
	}
	return dst, len(signals), nil
}

// fast observes the common cases: a valid signal for the bucket being
// filled or the next one. It reports false, changing nothing, for every
// other case, which observe handles.
func (d *Detector) fast(s *Signal, dst []Alert) ([]Alert, bool) {
	ci := channelIndex(s.Channel)
	if ci < 0 || !s.countsOK() || !d.started || s.At.Nanosecond() != 0 {
		return dst, false
	}
	c := ci & (maxChannels - 1)
	bit := uint32(1) << c
	switch sec := s.At.Unix(); {
	case sec == d.curSec+d.w && sec <= maxUnix:
		dst = d.close(dst)
		d.cur++
		d.curSec = sec
		d.seen = bit
	case sec == d.curSec && d.seen&bit == 0:
		d.seen |= bit
	default:
		return dst, false
	}
	// One signal per channel and bucket: the slot is empty.
	o := &d.open[c]
	o[mMentions], o[mNegative], o[mHits] = s.Mentions, s.Negative, s.KeywordHits
	d.reach[c] = s.Reach
	return dst, true
}

// observe is Observe for every case but the common ones. fast takes no
// signal while the detector has not started, so a Detector that
// NewDetector did not build always reaches this point.
func (d *Detector) observe(s *Signal, dst []Alert) ([]Alert, error) {
	if !d.built() {
		return dst, errZero()
	}
	if err := s.check(); err != nil {
		return dst, err
	}
	// The zero time.Time is an instant nobody set, not a bucket of the
	// year 1. fast needs no check: the buckets it takes are never its
	// (the first bucket comes from a signal here, and a restored one is
	// after it).
	if s.At.IsZero() {
		return dst, fmt.Errorf("%w: the zero instant (an unset time.Time)", ErrInvalidSignal)
	}
	sec := s.At.Unix()
	if sec < minUnix || sec > maxUnix {
		return dst, fmt.Errorf("%w: instant %s outside the years 1 to 9999", ErrInvalidSignal, s.At.Format(time.RFC3339))
	}
	if s.At.Nanosecond() != 0 || sec%d.w != 0 {
		return dst, d.misaligned(s.At)
	}
	b := floorDiv(sec, d.w)
	c := channelIndex(s.Channel) & (maxChannels - 1)
	bit := uint32(1) << c
	if !d.started {
		d.started, d.cur, d.curSec = true, b, sec
	} else {
		switch {
		case b < d.cur:
			return dst, fmt.Errorf("%w: %s %s is before the bucket at %s", ErrOutOfOrder, s.Channel, s.At.Format(time.RFC3339), time.Unix(d.curSec, 0).In(d.loc).Format(time.RFC3339))
		case b == d.cur:
			if d.seen&bit != 0 {
				return dst, fmt.Errorf("%w: %s at %s", ErrDuplicate, s.Channel, s.At.Format(time.RFC3339))
			}
		default:
			dst = d.closeUntil(b, dst)
		}
	}
	d.seen |= bit
	o := &d.open[c]
	o[mMentions], o[mNegative], o[mHits] = s.Mentions, s.Negative, s.KeywordHits
	d.reach[c] = s.Reach
	return dst, nil
}

// Advance tells the detector that every signal before t has been fed: the
// buckets that end at or before t are closed and judged, and alerts raised
// are appended to dst. Signals for those buckets are out of order
// afterwards. Advancing to an instant inside the bucket being filled does
// nothing; an instant before it is [ErrOutOfOrder]. A detector that has not
// seen a signal yet has nothing to close. A zero or nil Detector returns
// [ErrBadState].
func (d *Detector) Advance(t time.Time, dst []Alert) ([]Alert, error) {
	if !d.built() {
		return dst, errZero()
	}
	if !d.started {
		return dst, nil
	}
	if t.Unix() < minUnix || t.Unix() > maxUnix {
		return dst, fmt.Errorf("%w: instant %s outside the years 1 to 9999", ErrInvalidSignal, t.Format(time.RFC3339))
	}
	b := floorDiv(t.Unix(), d.w)
	switch {
	case t.Unix() < d.curSec:
		return dst, fmt.Errorf("%w: %s is before the bucket at %s", ErrOutOfOrder, t.Format(time.RFC3339), time.Unix(d.curSec, 0).In(d.loc).Format(time.RFC3339))
	case b <= d.cur:
		return dst, nil
	}
	return d.closeUntil(b, dst), nil
}

func (d *Detector) misaligned(t time.Time) error {
	return fmt.Errorf("%w: %s is not the start of a %s bucket", ErrMisaligned, t.Format(time.RFC3339Nano), d.Bucket())
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// closeUntil closes the bucket being filled and the empty buckets after it,
// up to b, which becomes the (empty) bucket being filled.
//
// Every empty bucket within the horizon of the bucket being filled is
// judged one by one: a window still holds that bucket's counts, so a
// trigger may hold, confirm, fire or be a near miss in it. Past the
// horizon every window is empty and no trigger holds (thresholds are
// positive): those buckets are skipped, and the detector starts afresh.
func (d *Detector) closeUntil(b int64, dst []Alert) []Alert {
	dst = d.close(dst)
	gap := b - d.cur - 1
	for n := min(gap, d.horizon); n > 0; n-- {
		d.cur++
		dst = d.close(dst)
	}
	if gap > d.horizon {
		d.reset()
	}
	d.cur = b
	d.curSec = b * d.w
	return dst
}

// reset empties every window and moving baseline; cooldowns are kept.
func (d *Detector) reset() {
	for i := range d.scopes {
		s := &d.scopes[i]
		clear(s.ring)
		s.pos, s.filled, s.closed = 0, 0, 0
		s.cum, s.last = [nMetrics]int64{}, [nMetrics]int64{}
		s.emptyBounds()
	}
	d.dueGuards()
	for i := range d.trigs {
		d.trigs[i].run, d.trigs[i].since = 0, 0
	}
	d.running = 0
	for i := range d.devs {
		v := &d.devs[i]
		v.mean, v.vr, v.n, v.held = 0, u128{}, 0, 0
	}
}

// close judges the bucket being filled (d.cur), empties it, and appends an
// alert if triggers fire. It is the detector's hot loop.
func (d *Detector) close(dst []Alert) []Alert {
	for i := range d.scopes {
		s := &d.scopes[i]
		var m, g, h, r int64
		if s.ch >= 0 {
			c := s.ch & (maxChannels - 1)
			if d.seen&(1<<c) != 0 {
				o := &d.open[c]
				m, g, h, r = o[0], o[1], o[2], d.reach[c]
			}
		} else {
			for seen := d.seen; seen != 0; seen &= seen - 1 {
				c := bits.TrailingZeros32(seen) & (maxChannels - 1)
				o := &d.open[c]
				m += o[0]
				g += o[1]
				h += o[2]
				r = max(r, d.reach[c])
			}
		}
		if s.push(m, g, h, r) {
			d.dueScope(i)
		}
	}
	d.seen = 0

	// Window triggers: judged only when their guard says they may hold,
	// or while their condition holds.
	hold := d.judgeGuarded()
	for k := range d.reaches {
		t := &d.reaches[k]
		if d.scopes[t.scope].closed >= t.floor {
			hold |= t.bit
		}
	}
	for k := range d.devs {
		t := &d.devs[k]
		x := d.scopes[t.scope].last[t.metric&3]
		diff := x<<meanShift - t.mean
		judged := t.n >= t.warm
		holds := judged && t.test.surges(x, diff, t.vr)
		t.pMean, t.pVr, t.pJudged = t.mean, t.vr, judged
		// A bucket in which the condition holds stays out of the
		// baseline, until the surge has lasted a whole span.
		if !holds || t.held >= t.warm {
			if m, v, ok := foldSmall(t.mean, t.vr, t.alpha, t.beta, diff); ok {
				t.mean, t.vr = m, v
			} else {
				t.mean, t.vr = foldWide(t.mean, t.vr, t.alpha, t.beta, diff)
			}
		}
		switch {
		case !holds:
			t.held = 0
		case t.held < t.warm:
			t.held++
		}
		if t.n < t.warm {
			t.n++
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

// judgeGuarded judges the triggers in wins when one holds in the bucket
// before or a guard is due, and returns the bits of those that hold in
// the bucket just closed (d.cur).
func (d *Detector) judgeGuarded() uint64 {
	if d.cur < d.nextGuard && d.running&d.guarded == 0 && !d.exact {
		return 0
	}
	return d.judgeWins()
}

// judgeWins judges every trigger in wins exactly, schedules each one's
// next judgement, and returns the bits of those that hold in the bucket
// just closed. Judging them all at once costs little more than judging
// the one due, and spares the branches that would pick it.
func (d *Detector) judgeWins() (hold uint64) {
	next := int64(math.MaxInt64)
	for k := range d.wins {
		g := &d.wins[k]
		if d.judge(g) {
			hold |= g.bit
		}
		next = min(next, g.next)
	}
	d.nextGuard = next
	return hold
}

// totals returns g's window totals A and B through the bucket just closed.
func (d *Detector) totals(g *winT) (a, b int64) {
	s := &d.scopes[g.scope]
	return s.total(g.a, 0, g.lagA), s.total(g.b, g.b1, g.b2)
}

// total returns the total of metric m over the buckets from lag from (0
// is the bucket just closed) to lag to, not included.
func (s *scope) total(m, from, to int) int64 {
	n := len(s.ring)
	i, j := s.pos-1-from, s.pos-1-to
	if i < 0 {
		i += n
	}
	if j < 0 {
		j += n
	}
	return s.ring[i][m&3] - s.ring[j][m&3]
}

// judge decides exactly whether g holds in the bucket just closed, and
// schedules its next judgement.
func (d *Detector) judge(g *winT) bool {
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
func (g *winT) holds(a, b int64, filled int) bool {
	return a >= g.fA && b >= g.fB && g.ratio.holds(uint64(a), uint64(b)) && filled >= g.need
}

// dueScope makes the guarded triggers of scope i due for an exact
// judgement: the bounds their schedules assumed rose.
func (d *Detector) dueScope(i int) {
	for k := range d.wins {
		if g := &d.wins[k]; g.scope == i {
			g.next = math.MinInt64
		}
	}
	d.nextGuard = math.MinInt64
}

// dueGuards makes every guarded trigger due for an exact judgement.
func (d *Detector) dueGuards() {
	for i := range d.wins {
		d.wins[i].next = math.MinInt64
	}
	d.nextGuard = math.MinInt64
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

// reading is what a trigger saw in the bucket just closed, from the same
// window totals and baselines its test read: the trigger holds exactly
// when it is judged and on/od ≥ thr (both exact). observed, baseline and
// threshold are what its evidence shows: observed ≥ threshold exactly
// when on/od ≥ thr, so evidence never shows a value on the other side of
// its threshold.
type reading struct {
	judged                        bool  // the trigger could judge the bucket (warmed up, enough mentions)
	on, od                        int64 // the observed value on/od, od > 0
	thr                           *big.Rat
	thrKeep                       *big.Rat // thr·(1 − margin), when it is the trigger's own
	observed, baseline, threshold decimal.Decimal
}

// near reports whether r is within the margin of its threshold: judged,
// and on/od ≥ thr·keep exactly (keep = 1 − margin).
func (r *reading) near(keep *big.Rat) bool {
	if !r.judged {
		return false
	}
	tk := r.thrKeep
	if tk == nil {
		tk = new(big.Rat).Mul(r.thr, keep)
	}
	return cmpFrac(r.on, r.od, tk) >= 0
}

// countReading returns the reading of count x against t's threshold: a
// count x ≥ Threshold exactly when x ≥ ⌈Threshold⌉, the floor its test
// compares with.
func (t *trig) countReading(x int64) reading {
	return reading{judged: true, on: x, od: 1, thr: t.thr, thrKeep: t.thrKeep, observed: decimal.NewFromInt(x), threshold: t.threshold}
}

// measure returns what trigger t saw in the bucket just closed.
func (d *Detector) measure(t *trig) reading {
	switch t.kind {
	case kWindow:
		a, _ := d.totals(&d.wins[t.k])
		return t.countReading(a)
	case kShare:
		g := &d.wins[t.k]
		neg, men := d.totals(g)
		if men < g.fB {
			return reading{} // too few mentions to judge
		}
		// The share is shown rounded to at least as many places as the
		// threshold has, so it stays at or over the threshold when it
		// is; one just under that would round up to it is cut instead.
		n := max(4, places(t.share))
		shown := roundFrac(neg, men, n)
		if cmpFrac(neg, men, t.thr) < 0 && shown.GreaterThanOrEqual(t.share) {
			shown = floorFrac(neg, men, n)
		}
		return reading{judged: true, on: neg, od: men, thr: t.thr, thrKeep: t.thrKeep, observed: shown, threshold: t.share}
	case kVolume:
		g := &d.wins[t.k]
		a, b := d.totals(g)
		r := t.countReading(a)
		r.judged = d.scopes[g.scope].filled >= g.need
		expect := new(big.Rat).Mul(t.c, big.NewRat(b, 1))
		r.baseline = roundAt(expect, 4)
		if expect.Cmp(r.thr) > 0 {
			// A count reaches expect exactly when it reaches expect
			// rounded up.
			r.thr, r.thrKeep, r.threshold = expect, nil, ceilAt(expect, 4)
		}
		return r
	case kReach:
		return t.countReading(d.scopes[d.reaches[t.k].scope].closed)
	default: // kDeviation
		v := &d.devs[t.k]
		x := d.scopes[v.scope].last[v.metric&3]
		least := v.least(t.kd)
		return reading{
			judged: v.pJudged, on: x, od: 1, thr: new(big.Rat).SetInt(least),
			observed: decimal.NewFromInt(x), threshold: decimal.NewFromBigInt(least, 0),
			baseline: roundAt(big.NewRat(v.pMean, 1<<meanShift), 4),
		}
	}
}

// least returns the least count at which v holds against the baseline the
// bucket just closed was judged against: x ≥ floor, and D = X − mean (in
// units of 2^-16) with D ≥ 1 and D² ≥ K²·V. Since D² is whole, that is
// D ≥ ⌈√⌈K²·V⌉⌉, so X ≥ mean + that. It is exact, like the test, and the
// test holds for a count exactly when the count is at least this.
func (v *devT) least(k *big.Rat) *big.Int {
	q := new(big.Rat).Mul(k, k)
	q.Mul(q, new(big.Rat).SetInt(v.pVr.big()))
	n := ceilAt(q, 0).BigInt()
	dm := new(big.Int).Sqrt(n)
	if new(big.Int).Mul(dm, dm).Cmp(n) < 0 {
		dm.Add(dm, big.NewInt(1))
	}
	if dm.Sign() == 0 {
		dm.SetInt64(1)
	}
	x := dm.Add(dm, big.NewInt(v.pMean+(1<<meanShift-1)))
	x.Rsh(x, meanShift) // ⌈(mean + D)/2^16⌉
	if x.Cmp(big.NewInt(v.test.floor)) < 0 {
		x.SetInt64(v.test.floor)
	}
	return x
}

// alert builds the alert for bucket b from the triggers in fire. It is the
// only place the detector allocates.
func (d *Detector) alert(b int64, fire uint64) Alert {
	top, since := -1, int64(math.MaxInt64)
	for m := fire; m != 0; m &= m - 1 {
		t := &d.trigs[bits.TrailingZeros64(m)]
		top = max(top, t.level)
		since = min(since, t.since)
	}
	a := Alert{
		At:    time.Unix((b+1)*d.w, 0).In(d.loc),
		Since: time.Unix(since*d.w, 0).In(d.loc),
	}
	level := top
	for m := fire; m != 0; m &= m - 1 {
		t := &d.trigs[bits.TrailingZeros64(m)]
		t.fired, t.last = true, b
		a.Evidence = append(a.Evidence, d.evidence(t, d.measure(t), true))
	}
	for i := range d.trigs {
		t := &d.trigs[i]
		if fire&(1<<i) != 0 || t.level <= top {
			continue
		}
		if r := d.measure(t); r.near(d.keep) {
			level = max(level, t.level)
			a.Evidence = append(a.Evidence, d.evidence(t, r, false))
		}
	}
	a.Level = d.levels[level]
	a.Uncertain = level > top
	return a
}

// evidence is what trigger t shows in an alert, from its reading r.
func (d *Detector) evidence(t *trig, r reading, fired bool) Evidence {
	e := Evidence{
		Trigger:   t.name,
		Kind:      t.tkind,
		Level:     d.levels[t.level],
		Channel:   t.ch,
		Fired:     fired,
		Observed:  r.observed,
		Baseline:  r.baseline,
		Threshold: r.threshold,
	}
	if t.run > 0 {
		e.Since = time.Unix(t.since*d.w, 0).In(d.loc)
	}
	return e
}
