package crisis

import (
	"fmt"
	"math/big"
	"time"
)

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
	bucketSec   int64    // bucket width in seconds
	keep        *big.Rat // 1 − Detection.Margin
	horizon     int64

	// the bucket being filled
	started bool
	cur     int64                        // its index
	curSec  int64                        // its start, in Unix seconds
	seen    uint32                       // bit c: channel index c has a signal in it
	open    [maxChannels][nMetrics]int64 // each channel's counts in it, by metric index
	reach   [maxChannels]int64           // each channel's reach in it

	scopes      []scope         // the histories the triggers read, one per channel filter
	windowTrigs []windowTrig    // keyword, absolute, negative-share and volume triggers
	trigs       []trig          // every trigger, in plan order: bit i is trigs[i]
	reaches     []reachTrig     // reach triggers
	deviations  []deviationTrig // deviation triggers
	running     uint64          // triggers whose condition held in the bucket before
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
	return time.Duration(d.bucketSec) * time.Second
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
	return time.Duration(d.horizon*d.bucketSec) * time.Second
}
