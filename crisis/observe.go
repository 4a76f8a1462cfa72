package crisis

import (
	"fmt"
	"time"
)

// The instants a detector accepts: the years 1 to 9999 (which JSON can
// write), less one day so that the end of any bucket is still in range.
const (
	minUnix = -62135596800
	maxUnix = 253402300799 - 86400
)

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
	for i := range signals {
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
	case sec == d.curSec+d.bucketSec && sec <= maxUnix:
		dst = d.close(dst)
		d.cur++
		d.curSec = sec
		d.seen = bit
	case sec == d.curSec && d.seen&bit == 0:
		d.seen |= bit
	case sec > d.curSec && sec <= maxUnix && sec%d.bucketSec == 0:
		// after a gap of empty buckets (a quiet night)
		dst = d.closeUntil(floorDiv(sec, d.bucketSec), dst)
		d.seen = bit
	default:
		return dst, false
	}
	// One signal per channel and bucket: the slot is empty.
	o := &d.open[c]
	setCounts(o, s)
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
	if s.At.Nanosecond() != 0 || sec%d.bucketSec != 0 {
		return dst, d.misaligned(s.At)
	}
	b := floorDiv(sec, d.bucketSec)
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
	setCounts(o, s)
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
	b := floorDiv(t.Unix(), d.bucketSec)
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
	d.curSec = b * d.bucketSec
	return dst
}

// reset empties every window and moving baseline; cooldowns are kept.
func (d *Detector) reset() {
	for i := range d.scopes {
		s := &d.scopes[i]
		clear(s.ring)
		s.pos, s.filled, s.maxReach = 0, 0, 0
		s.cum, s.last = [nMetrics]int64{}, [nMetrics]int64{}
	}
	d.boundWins()
	for i := range d.trigs {
		d.trigs[i].run, d.trigs[i].since = 0, 0
	}
	d.running = 0
	for i := range d.deviations {
		v := &d.deviations[i]
		v.mean, v.variance, v.folded, v.held = 0, u128{}, 0, 0
	}
}
