package crisis

import (
	"fmt"
	"math"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
)

// The counts a scope keeps per bucket.
const (
	mMentions = iota
	mNegative
	mHits
	nMetrics
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

// scope aggregates the signals that a group of triggers watches: all
// channels together, or one channel.
type scope struct {
	ch     int             // channel index, or -1 for all channels
	pos    int             // ring slot the next closed bucket is written to
	filled int             // buckets closed since the start or a reset, up to len(ring)
	cum    [nMetrics]int64 // running totals through the last closed bucket
	ring   [][nMetrics]int64
	open   [nMetrics]int64 // the bucket being filled
	reach  int64           // largest reach in the bucket being filled
	closed int64           // largest reach in the last closed bucket
}

// ago returns the running totals as they were k buckets before the last
// closed one; k must be less than len(ring).
func (s *scope) ago(k int) *[nMetrics]int64 {
	i := s.pos - 1 - k
	if i < 0 {
		i += len(s.ring)
	}
	return &s.ring[i]
}

// kind codes for the hot loop.
const (
	kVolume = iota
	kDeviation
	kShare
	kWindow // keyword and absolute: a count over a window
	kReach
)

// trig is a trigger compiled for the detector.
type trig struct {
	// configuration
	name     string
	tkind    TriggerKind
	ch       channel.Channel
	kind     int
	level    int // index in Plan.Levels
	scope    int
	metric   int
	recent   int // buckets in the window
	base     int // buckets in the baseline
	confirm  int
	cooldown int64   // buckets (rounded up)
	scale    float64 // volume: ratio·recent/base
	k        float64
	k2       float64
	share    float64
	floor    float64
	alpha    float64
	warm     int
	// state
	run   int
	since int64
	fired bool
	last  int64
	mean  float64
	vr    float64
	n     int
	held  int // deviation: buckets in a row left out of the baseline
	// the bucket being closed
	fire   bool
	judged bool // the trigger could judge the bucket (warmed up, enough mentions)
	obs    float64
	thr    float64
	bl     float64
	vr0    float64 // deviation: the variance the bucket was judged against
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
	scopes      []scope
	trigs       []trig
	started     bool
	cur         int64 // index of the bucket being filled
	curSec      int64 // its start, in Unix seconds
	seen        uint32
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
	need := map[int]int{} // scope index → buckets of history needed
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
	buckets := func(x Duration) int { return int(time.Duration(x) / time.Second / time.Duration(w)) }
	for _, t := range p.Triggers {
		_, li, _ := p.Level(t.Level)
		ct := trig{
			name:    t.Name,
			tkind:   t.Kind,
			ch:      t.Channel,
			level:   li,
			scope:   scopeOf(t.Channel),
			metric:  metricIndex(t.Metric),
			recent:  buckets(t.Window),
			base:    buckets(t.Baseline),
			confirm: buckets(t.Confirm),
			floor:   t.Threshold.InexactFloat64(),
		}
		// A cooldown that is not a whole number of buckets is rounded up.
		ct.cooldown = int64((time.Duration(t.Cooldown) + d.Bucket() - 1) / d.Bucket())
		hist := ct.recent
		switch t.Kind {
		case TriggerVolume:
			ct.kind = kVolume
			ct.scale = t.Ratio.InexactFloat64() * float64(ct.recent) / float64(ct.base)
			hist = ct.recent + ct.base
		case TriggerDeviation:
			ct.kind = kDeviation
			ct.k = t.K.InexactFloat64()
			ct.k2 = ct.k * ct.k
			ct.warm = buckets(t.Span)
			ct.alpha = 2 / (float64(ct.warm) + 1)
			hist = 1
		case TriggerNegativeShare:
			ct.kind = kShare
			ct.share = t.Share.InexactFloat64()
		case TriggerReach:
			ct.kind = kReach
		default:
			ct.kind = kWindow
			if t.Kind == TriggerKeyword {
				ct.metric = mHits
			}
		}
		need[ct.scope] = max(need[ct.scope], hist, 1)
		d.horizon = max(d.horizon, int64(hist), int64(ct.warm), int64(ct.confirm))
		d.trigs = append(d.trigs, ct)
	}
	for i := range d.scopes {
		d.scopes[i].ring = make([][nMetrics]int64, need[i]+1)
	}
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
	ci := channelIndex(s.Channel)
	if ci < 0 || s.Mentions < 0 || s.Mentions > MaxCount || s.Negative < 0 || s.Positive < 0 ||
		s.KeywordHits < 0 || s.Negative+s.Positive > s.Mentions || s.KeywordHits > s.Mentions ||
		s.Reach < 0 || s.Reach > MaxReach {
		return dst, s.check()
	}
	sec := s.At.Unix()
	if sec < minUnix || sec > maxUnix {
		return dst, fmt.Errorf("%w: instant %s outside the years 1 to 9999", ErrInvalidSignal, s.At.Format(time.RFC3339))
	}
	if s.At.Nanosecond() != 0 {
		return dst, d.misaligned(s.At)
	}
	var b int64
	switch {
	case d.started && sec == d.curSec:
		b = d.cur
	case d.started && sec == d.curSec+d.w:
		b = d.cur + 1
	default:
		if sec%d.w != 0 {
			return dst, d.misaligned(s.At)
		}
		b = floorDiv(sec, d.w)
	}
	bit := uint32(1) << ci
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
	for i := range d.scopes {
		sc := &d.scopes[i]
		if sc.ch >= 0 && sc.ch != ci {
			continue
		}
		sc.open[mMentions] += s.Mentions
		sc.open[mNegative] += s.Negative
		sc.open[mHits] += s.KeywordHits
		if s.Reach > sc.reach {
			sc.reach = s.Reach
		}
	}
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
	d.seen = 0
	return dst
}

// reset empties every window and moving baseline; cooldowns are kept.
func (d *Detector) reset() {
	for i := range d.scopes {
		s := &d.scopes[i]
		clear(s.ring)
		s.pos, s.filled, s.cum, s.open, s.reach, s.closed = 0, 0, [nMetrics]int64{}, [nMetrics]int64{}, 0, 0
	}
	for i := range d.trigs {
		t := &d.trigs[i]
		t.run, t.since, t.mean, t.vr, t.n, t.held = 0, 0, 0, 0, 0, 0
	}
}

// close judges the bucket being filled (d.cur) and appends an alert if
// triggers fire.
func (d *Detector) close(dst []Alert) []Alert {
	for i := range d.scopes {
		s := &d.scopes[i]
		s.cum[0] += s.open[0]
		s.cum[1] += s.open[1]
		s.cum[2] += s.open[2]
		s.ring[s.pos] = s.cum
		s.pos++
		if s.pos == len(s.ring) {
			s.pos = 0
		}
		if s.filled < len(s.ring) {
			s.filled++
		}
		s.open = [nMetrics]int64{}
		s.closed, s.reach = s.reach, 0
	}
	b := d.cur
	fired := false
	for i := range d.trigs {
		t := &d.trigs[i]
		s := &d.scopes[t.scope]
		var holds bool
		switch t.kind {
		case kVolume:
			old := s.ago(t.recent)
			recent := s.cum[t.metric] - old[t.metric]
			base := old[t.metric] - s.ago(t.recent + t.base)[t.metric]
			t.obs = float64(recent)
			t.bl = float64(base) * t.scale
			t.thr = max(t.bl, t.floor)
			t.judged = s.filled >= t.recent+t.base
			holds = t.judged && t.obs >= t.thr
		case kDeviation:
			x := float64(s.cum[t.metric] - s.ago(1)[t.metric])
			diff := x - t.mean
			t.obs, t.bl, t.vr0 = x, t.mean, t.vr
			t.judged = t.n >= t.warm
			holds = t.judged && x >= t.floor && diff > 0 && diff*diff >= t.k2*t.vr
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
		case kShare:
			old := s.ago(t.recent)
			men := s.cum[mMentions] - old[mMentions]
			neg := s.cum[mNegative] - old[mNegative]
			t.judged = men > 0 && float64(men) >= t.floor
			t.obs, t.thr = 0, t.share
			if t.judged {
				t.obs = float64(neg) / float64(men)
			}
			holds = t.judged && float64(neg) >= t.share*float64(men)
		case kWindow:
			t.obs = float64(s.cum[t.metric] - s.ago(t.recent)[t.metric])
			t.thr, t.judged = t.floor, true
			holds = t.obs >= t.thr
		case kReach:
			t.obs = float64(s.closed)
			t.thr, t.judged = t.floor, true
			holds = t.obs >= t.thr
		}
		t.fire = false
		if !holds {
			t.run = 0
			continue
		}
		if t.run == 0 {
			t.since = b
		}
		if t.run < t.confirm {
			t.run++
		}
		if t.run >= t.confirm && (!t.fired || b-t.last >= t.cooldown) {
			t.fire, fired = true, true
		}
	}
	if fired {
		dst = append(dst, d.alert(b))
	}
	return dst
}

// alert builds the alert for bucket b from the triggers marked to fire. It
// is the only place the detector allocates.
func (d *Detector) alert(b int64) Alert {
	top, since := -1, int64(math.MaxInt64)
	for i := range d.trigs {
		t := &d.trigs[i]
		if t.fire {
			top = max(top, t.level)
			since = min(since, t.since)
		}
	}
	a := Alert{
		At:    time.Unix((b+1)*d.w, 0).In(d.loc),
		Since: time.Unix(since*d.w, 0).In(d.loc),
	}
	level := top
	for i := range d.trigs {
		t := &d.trigs[i]
		if t.fire {
			t.fired, t.last = true, b
			a.Evidence = append(a.Evidence, d.evidence(t, true))
		}
	}
	for i := range d.trigs {
		t := &d.trigs[i]
		if !t.fire && t.level > top && t.judged && t.obs >= d.threshold(t)*d.keep {
			level = max(level, t.level)
			a.Evidence = append(a.Evidence, d.evidence(t, false))
		}
	}
	a.Level = d.levels[level]
	a.Uncertain = level > top
	return a
}

// threshold returns the value t.obs had to reach in the bucket just judged.
func (d *Detector) threshold(t *trig) float64 {
	if t.kind == kDeviation {
		return max(t.floor, t.bl+t.k*math.Sqrt(t.vr0))
	}
	return t.thr
}

func (d *Detector) evidence(t *trig, fired bool) Evidence {
	e := Evidence{
		Trigger:   t.name,
		Kind:      t.tkind,
		Level:     d.levels[t.level],
		Channel:   t.ch,
		Fired:     fired,
		Observed:  dec(t.obs),
		Threshold: dec(d.threshold(t)),
	}
	if t.kind == kVolume || t.kind == kDeviation {
		e.Baseline = dec(t.bl)
	}
	if t.run > 0 {
		e.Since = time.Unix(t.since*d.w, 0).In(d.loc)
	}
	return e
}

// dec turns a detector value into a decimal for people: exact for counts,
// four decimal places for ratios and means.
func dec(x float64) decimal.Decimal {
	if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
		return decimal.NewFromInt(int64(x))
	}
	return decimal.NewFromFloat(x).Round(4)
}
