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

// tap is one window total that triggers read: a metric of a scope over
// its last lag buckets.
type tap struct {
	scope, lag, metric int
}

// The compiled triggers, one slice per kind so that the hot loop has no
// switch. bit is the trigger's bit in the masks (1 << its plan index).
type (
	// winT: keyword and absolute triggers, a count over a window.
	winT struct {
		bit   uint64
		tap   int
		floor int64
	}
	shareT struct {
		bit      uint64
		men, neg int // taps
		floor    int64
		share    float64
	}
	volT struct {
		bit         uint64
		recent, all int // taps: the window, and the window with the baseline
		scope       int
		need        int // buckets of history before judging
		floor       int64
		scale       float64 // ratio · window / baseline
	}
	reachT struct {
		bit   uint64
		scope int
		floor int64
	}
	devT struct {
		bit    uint64
		scope  int
		metric int
		floor  int64
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

// guardT spares the hot loop the exact judgement of a window trigger while
// it cannot possibly hold. When the trigger was last judged, it needed h
// more: more counts of metric a in a window, against c times a window
// total of metric b (c is 0 for a plain count). Each bucket moves a window
// total by a count coming in less one going out, so it spends at most the
// scope's spread of a plus c times the spread of b; every count in the
// ring is within the bounds, and a count outside them brings every guard
// of its scope due at once. So the trigger cannot hold before h (less a
// margin of one count) is spent at that pace: the guard schedules the
// next exact judgement for then. The guards change no result, only the
// work.
type guardT struct {
	next    int64    // the first bucket in which the trigger may hold
	c       float64  // the weight of metric b
	spreadA *float64 // the scope's spread of metric a
	spreadB *float64 // the scope's spread of metric b
	bit     uint64
	scope   int
	a, b    int // metrics
}

// maxSkip caps how many buckets a guard skips, keeping bucket arithmetic
// far from overflow.
const maxSkip = 1 << 40

// schedule sets when g is next judged, after a judgement at bucket b that
// found the trigger needing h more.
func (g *guardT) schedule(b int64, h float64) {
	budget := h - 1 - 1e-9*math.Abs(h) // a margin of one count, and for rounding
	pace := *g.spreadA + g.c**g.spreadB
	switch {
	case !(budget >= 0):
		g.next = b + 1
	case pace <= 0 || budget/pace >= maxSkip:
		g.next = b + maxSkip
	default:
		// While k·pace ≤ budget, k buckets cannot spend the need.
		g.next = b + int64(budget/pace) + 1
	}
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
	k        int // index in the slice of its kind
	guard    int // index in guards, for window, share and volume triggers
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
	taps    []tap
	guards  []guardT
	guarded uint64 // triggers with a guard
	// nextGuard is the first bucket in which any guarded trigger may hold.
	nextGuard int64
	exact     bool // judge every trigger every bucket (tests compare)
	trigs     []trig
	wins      []winT
	shares    []shareT
	vols      []volT
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
	history := map[int]int{} // scope → buckets of history its taps read
	tapOf := func(sc, lag, metric int) int {
		history[sc] = max(history[sc], lag)
		for i, t := range d.taps {
			if t == (tap{sc, lag, metric}) {
				return i
			}
		}
		d.taps = append(d.taps, tap{sc, lag, metric})
		return len(d.taps) - 1
	}
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
		switch t.Kind {
		case TriggerVolume:
			base := buckets(t.Baseline)
			ct.kind, ct.k = kVolume, len(d.vols)
			d.vols = append(d.vols, volT{
				bit: bit, scope: sc, need: window + base, floor: floor,
				recent: tapOf(sc, window, metric), all: tapOf(sc, window+base, metric),
				scale: t.Ratio.InexactFloat64() * float64(window) / float64(base),
			})
			ct.guard = len(d.guards)
			d.guards = append(d.guards, guardT{bit: bit, scope: sc, a: metric, b: metric, c: d.vols[ct.k].scale})
			d.horizon = max(d.horizon, int64(window+base))
		case TriggerDeviation:
			ct.kind, ct.k = kDeviation, len(d.devs)
			ct.kk = t.K.InexactFloat64()
			warm := buckets(t.Span)
			d.devs = append(d.devs, devT{
				bit: bit, scope: sc, metric: metric, floor: floor,
				k2: ct.kk * ct.kk, alpha: 2 / (float64(warm) + 1), warm: warm,
			})
			d.horizon = max(d.horizon, int64(warm))
		case TriggerNegativeShare:
			ct.kind, ct.k = kShare, len(d.shares)
			ct.share = t.Share.InexactFloat64()
			d.shares = append(d.shares, shareT{
				bit: bit, floor: floor, share: ct.share,
				men: tapOf(sc, window, mMentions), neg: tapOf(sc, window, mNegative),
			})
			ct.guard = len(d.guards)
			d.guards = append(d.guards, guardT{bit: bit, scope: sc, a: mNegative, b: mMentions, c: ct.share})
		case TriggerReach:
			ct.kind, ct.k = kReach, len(d.reaches)
			d.reaches = append(d.reaches, reachT{bit: bit, scope: sc, floor: floor})
		default: // keyword, absolute
			if t.Kind == TriggerKeyword {
				metric = mHits
			}
			ct.kind, ct.k = kWindow, len(d.wins)
			d.wins = append(d.wins, winT{bit: bit, floor: floor, tap: tapOf(sc, window, metric)})
			ct.guard = len(d.guards)
			d.guards = append(d.guards, guardT{bit: bit, scope: sc, a: metric, b: metric})
		}
		if ct.kind == kWindow || ct.kind == kShare || ct.kind == kVolume {
			d.guarded |= bit
		}
		d.trigs = append(d.trigs, ct)
	}
	for i := range d.scopes {
		if h, ok := history[i]; ok {
			d.scopes[i].ring = make([][nMetrics]int64, h+1)
		}
	}
	// The scopes are all made: point the guards at their bounds.
	for i := range d.scopes {
		d.scopes[i].emptyBounds()
	}
	for i := range d.guards {
		g := &d.guards[i]
		g.spreadA, g.spreadB = &d.scopes[g.scope].spread[g.a], &d.scopes[g.scope].spread[g.b]
	}
	d.dueGuards()
	d.planQuiet()
	return d, nil
}

// Bucket returns the width of the detector's buckets.
func (d *Detector) Bucket() time.Duration { return time.Duration(d.w) * time.Second }

// Horizon returns the longest stretch of history the detector keeps. When
// no signal arrives for longer than that, the detector starts afresh: its
// windows and moving baselines are emptied and must warm up again (the
// cooldowns of triggers that fired are kept).
func (d *Detector) Horizon() time.Duration {
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
// detector's state is as it was.
func (d *Detector) Observe(s Signal, dst []Alert) ([]Alert, error) {
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
// len(signals) and a nil error.
func (d *Detector) ObserveBatch(signals []Signal, dst []Alert) ([]Alert, int, error) {
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
	// Unsigned comparisons catch negative counts too.
	if ci < 0 || uint64(s.Mentions) > MaxCount || uint64(s.Negative) > uint64(s.Mentions) ||
		uint64(s.Positive) > uint64(s.Mentions-s.Negative) || uint64(s.KeywordHits) > uint64(s.Mentions) ||
		uint64(s.Reach) > MaxReach || !d.started || s.At.Nanosecond() != 0 {
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

// observe is Observe for every case but the common ones.
func (d *Detector) observe(s *Signal, dst []Alert) ([]Alert, error) {
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
// seen a signal yet has nothing to close.
func (d *Detector) Advance(t time.Time, dst []Alert) ([]Alert, error) {
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
		holds := judged && v >= t.floor && diff > 0 && diff*diff >= t.k2*t.vr
		t.pMean, t.pVr, t.pJudged = t.mean, t.vr, judged
		// A bucket in which the condition holds stays out of the
		// baseline, until the surge has lasted a whole span.
		if !holds || t.held >= t.warm {
			incr := t.alpha * diff
			t.mean += incr
			t.vr = (1 - t.alpha) * (t.vr + diff*incr)
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

// judgeGuarded judges the window, share and volume triggers that hold in
// the bucket just closed (d.cur), or whose guard is due, and returns the
// bits of those that hold.
func (d *Detector) judgeGuarded() uint64 {
	need := d.running & d.guarded
	if d.cur >= d.nextGuard {
		for k := range d.guards {
			if g := &d.guards[k]; g.next <= d.cur {
				need |= g.bit
			}
		}
	}
	if d.exact {
		need = d.guarded
	}
	var hold uint64
	if need != 0 {
		next := int64(math.MaxInt64)
		for k := range d.guards {
			g := &d.guards[k]
			if need&g.bit != 0 && d.judge(k) {
				hold |= g.bit
			}
			next = min(next, g.next)
		}
		d.nextGuard = next
	}
	return hold
}

// tap returns the window total of tap k through the bucket just closed.
func (d *Detector) tap(k int) int64 {
	tp := &d.taps[k]
	s := &d.scopes[tp.scope]
	i := s.pos - 1 - tp.lag
	if i < 0 {
		i += len(s.ring)
	}
	return s.cum[tp.metric&3] - s.ring[i][tp.metric&3]
}

// judge decides exactly whether the window, share or volume trigger of
// guard k holds in the bucket just closed, and schedules its next
// judgement.
func (d *Detector) judge(k int) bool {
	g := &d.guards[k]
	t := &d.trigs[bits.TrailingZeros64(g.bit)]
	b := d.cur
	switch t.kind {
	case kWindow:
		v := &d.wins[t.k]
		n := d.tap(v.tap)
		g.schedule(b, float64(v.floor-n))
		return n >= v.floor
	case kShare:
		v := &d.shares[t.k]
		men, neg := d.tap(v.men), d.tap(v.neg)
		g.schedule(b, v.share*float64(men)-float64(neg))
		return men >= v.floor && men > 0 && float64(neg) >= v.share*float64(men)
	default: // kVolume
		v := &d.vols[t.k]
		if d.scopes[v.scope].filled < v.need {
			g.next = b + 1 // not judged yet: look again next bucket
			return false
		}
		r := d.tap(v.recent)
		base := float64(d.tap(v.all) - r)
		g.schedule(b, v.scale*base-float64(r))
		return r >= v.floor && float64(r) >= v.scale*base
	}
}

// dueScope makes the guarded triggers of scope i due for an exact
// judgement: the bounds their schedules assumed rose.
func (d *Detector) dueScope(i int) {
	for k := range d.guards {
		if g := &d.guards[k]; g.scope == i {
			g.next = math.MinInt64
		}
	}
	d.nextGuard = math.MinInt64
}

// dueGuards makes every guarded trigger due for an exact judgement.
func (d *Detector) dueGuards() {
	for i := range d.guards {
		d.guards[i].next = math.MinInt64
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
		return float64(d.tap(d.wins[t.k].tap)), 0, t.floor, true
	case kShare:
		v := &d.shares[t.k]
		men := d.tap(v.men)
		if men == 0 || men < v.floor {
			return 0, 0, t.share, false
		}
		return float64(d.tap(v.neg)) / float64(men), 0, t.share, true
	case kVolume:
		v := &d.vols[t.k]
		r := d.tap(v.recent)
		base = v.scale * float64(d.tap(v.all)-r)
		return float64(r), base, max(base, t.floor), d.scopes[v.scope].filled >= v.need
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
