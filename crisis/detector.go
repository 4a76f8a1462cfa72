package crisis

import (
	"fmt"
	"math"
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
// The guard spares the hot loop the exact judgement while the trigger
// cannot possibly hold: see [winT.ahead].
type winT struct {
	next   int64   // the first bucket in which the trigger may hold
	c      float64 // the weight of B
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
		floor  float64
		k2     float64
		alpha  float64
		warm   int
		// state
		mean, vr float64
		n        int // buckets folded into the baseline during warm-up
		held     int // buckets in a row left out of the baseline
		// the baseline the bucket just closed was judged against
		pMean, pVr float64
		pJudged    bool
	}
)

// surges reports whether a deviation trigger holds for count x, diff above
// its moving mean: x is at least the floor and diff exceeds K standard
// deviations (diff² ≥ K²·vr).
func surges(x, diff, floor, k2, vr float64) bool {
	return x >= floor && diff > 0 && diff*diff >= k2*vr
}

// fold folds a count diff above the moving mean into the mean and variance
// (exponentially weighted, with weight alpha).
func fold(mean, vr, alpha, diff float64) (float64, float64) {
	incr := alpha * diff
	return mean + incr, (1 - alpha) * (vr + diff*incr)
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
// cannot be spent in fewer buckets than h over that pace, less a margin
// of one count for rounding.
//
// Two things let the guard look further. If h stays above the margin
// even with every count in the windows at its worst bound, the trigger
// cannot hold until the bounds widen: the guard sleeps. Otherwise, the
// counts that leave the windows in the buckets ahead are no unknowns:
// they are in the ring. So after those buckets, a lower bound on h (the
// counts coming in at their bounds, those going out as they are) lets the
// guard look further, a few times over.
func (g *winT) ahead(s *scope, a, b int64) int64 {
	hiA, loB := float64(s.hi[g.a&3]), float64(s.lo[g.b&3])
	mostA := float64(g.lagA) * hiA
	if worst := max(float64(g.fA)-mostA, g.c*float64(g.b2-g.b1)*loB-mostA); worst-1-1e-9*math.Abs(worst) >= 0 {
		return maxSkip
	}
	pace := s.spread[g.a&3] + g.c*s.spread[g.b&3]
	inv := 1 / pace
	fa, fb := float64(a), float64(b)
	h := max(float64(g.fA)-fa, g.c*fb-fa)
	var k int64
	for range 4 {
		budget := h - 1 - 1e-9*math.Abs(h)
		if !(budget >= 0) {
			break
		}
		if pace <= 0 {
			return maxSkip // no count can move: h stays above the margin
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
		kk := float64(k)
		most := fa + kk*hiA - float64(s.total(g.a, g.lagA-int(k), g.lagA))
		h = float64(g.fA) - most
		if g.c != 0 { // B is empty otherwise
			least := fb + kk*loB - float64(s.total(g.b, g.b2-int(k), g.b2))
			h = max(h, g.c*least-most)
		}
	}
	return min(k, maxSkip)
}

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
	// for evidence
	name  string
	tkind TriggerKind
	ch    channel.Channel
	level int // index in Plan.Levels
	floor float64
	kk    float64 // deviation: K
	share float64
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
	w           int64 // bucket width in seconds
	keep        float64
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
	margin, _ := p.Detection.Margin.Float64()
	d := &Detector{fingerprint: fp, loc: loc, w: w, keep: 1 - margin}
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
			name:    t.Name,
			tkind:   t.Kind,
			ch:      t.Channel,
			level:   li,
			confirm: buckets(t.Confirm),
			floor:   t.Threshold.InexactFloat64(),
		}
		// A cooldown that is not a whole number of buckets is rounded up.
		ct.cooldown = int64((time.Duration(t.Cooldown) + d.Bucket() - 1) / d.Bucket())
		d.horizon = max(d.horizon, int64(ct.confirm))
		bit := uint64(1) << i
		floor := t.Threshold.Ceil().IntPart() // counts are whole
		sc := scopeOf(t.Channel)
		metric := metricIndex(t.Metric)
		window := buckets(t.Window)
		d.horizon = max(d.horizon, int64(window))
		wt := winT{bit: bit, scope: sc, a: metric, b: metric, lagA: window}
		switch t.Kind {
		case TriggerVolume:
			base := buckets(t.Baseline)
			ct.kind = kVolume
			wt.b1, wt.b2, wt.need, wt.fA, wt.known = window, window+base, window+base, floor, min(window, base)
			wt.c = t.Ratio.InexactFloat64() * float64(window) / float64(base)
		case TriggerDeviation:
			ct.kind, ct.k = kDeviation, len(d.devs)
			ct.kk = t.K.InexactFloat64()
			warm := buckets(t.Span)
			d.devs = append(d.devs, devT{
				bit: bit, scope: sc, metric: metric, floor: float64(floor),
				k2: ct.kk * ct.kk, alpha: 2 / (float64(warm) + 1), warm: warm,
			})
			d.horizon = max(d.horizon, int64(warm))
		case TriggerNegativeShare:
			ct.kind = kShare
			ct.share = t.Share.InexactFloat64()
			wt.a, wt.b, wt.b2, wt.fB, wt.c, wt.known = mNegative, mMentions, window, max(floor, 1), ct.share, window
		case TriggerReach:
			ct.kind, ct.k = kReach, len(d.reaches)
			d.reaches = append(d.reaches, reachT{bit: bit, scope: sc, floor: floor})
		default: // keyword, absolute
			if t.Kind == TriggerKeyword {
				wt.a, wt.b = mHits, mHits
			}
			ct.kind, wt.fA, wt.known = kWindow, floor, window
		}
		if ct.kind == kWindow || ct.kind == kShare || ct.kind == kVolume {
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

// Horizon returns the longest stretch of history the detector keeps. When
// no signal arrives for longer than that, the detector starts afresh: its
// windows and moving baselines are emptied and must warm up again (the
// cooldowns of triggers that fired are kept). It is zero for a Detector
// that [NewDetector] did not build.
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
// are [ErrInvalidSignal]. On error, dst is returned unchanged and the
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
func (d *Detector) closeUntil(b int64, dst []Alert) []Alert {
	dst = d.close(dst)
	gap := b - d.cur - 1
	if gap > d.horizon {
		d.reset()
	} else {
		for ; gap > 0; gap-- {
			d.cur++
			dst = d.close(dst)
		}
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
		v.mean, v.vr, v.n, v.held = 0, 0, 0, 0
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
		v := d.scopes[t.scope].last[t.metric&3]
		x := float64(v)
		diff := x - t.mean
		judged := t.n >= t.warm
		holds := judged && surges(x, diff, t.floor, t.k2, t.vr)
		t.pMean, t.pVr, t.pJudged = t.mean, t.vr, judged
		// A bucket in which the condition holds stays out of the
		// baseline, until the surge has lasted a whole span.
		if !holds || t.held >= t.warm {
			t.mean, t.vr = fold(t.mean, t.vr, t.alpha, diff)
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
	return a >= g.fA && b >= g.fB && float64(a) >= g.c*float64(b) && s.filled >= g.need
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

// measure returns what trigger t saw in the bucket just closed: the
// observed value, the baseline, the threshold, and whether the trigger
// could judge the bucket at all (warmed up, enough mentions).
func (d *Detector) measure(t *trig) (obs, base, thr float64, judged bool) {
	switch t.kind {
	case kWindow:
		a, _ := d.totals(&d.wins[t.k])
		return float64(a), 0, t.floor, true
	case kShare:
		neg, men := d.totals(&d.wins[t.k])
		if men == 0 || float64(men) < t.floor {
			return 0, 0, t.share, false
		}
		return float64(neg) / float64(men), 0, t.share, true
	case kVolume:
		g := &d.wins[t.k]
		r, b := d.totals(g)
		base = g.c * float64(b)
		return float64(r), base, max(base, t.floor), d.scopes[g.scope].filled >= g.need
	case kReach:
		return float64(d.scopes[d.reaches[t.k].scope].closed), 0, t.floor, true
	default: // kDeviation
		v := &d.devs[t.k]
		return float64(d.scopes[v.scope].last[v.metric&3]), v.pMean, max(t.floor, v.pMean+t.kk*math.Sqrt(v.pVr)), v.pJudged
	}
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
		a.Evidence = append(a.Evidence, d.evidence(t, true))
	}
	for i := range d.trigs {
		t := &d.trigs[i]
		if fire&(1<<i) != 0 || t.level <= top {
			continue
		}
		if obs, _, thr, judged := d.measure(t); judged && obs >= thr*d.keep {
			level = max(level, t.level)
			a.Evidence = append(a.Evidence, d.evidence(t, false))
		}
	}
	a.Level = d.levels[level]
	a.Uncertain = level > top
	return a
}

func (d *Detector) evidence(t *trig, fired bool) Evidence {
	obs, base, thr, _ := d.measure(t)
	e := Evidence{
		Trigger:   t.name,
		Kind:      t.tkind,
		Level:     d.levels[t.level],
		Channel:   t.ch,
		Fired:     fired,
		Observed:  dec(obs),
		Baseline:  dec(base),
		Threshold: dec(thr),
	}
	if t.run > 0 {
		e.Since = time.Unix(t.since*d.w, 0).In(d.loc)
	}
	return e
}

// dec turns a detector value into a decimal for people: exact for counts,
// four decimal places for ratios and means.
func dec(x float64) decimal.Decimal {
	if x == 0 {
		return decimal.Decimal{}
	}
	if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
		return decimal.NewFromInt(int64(x))
	}
	return decimal.NewFromFloat(x).Round(4)
}
