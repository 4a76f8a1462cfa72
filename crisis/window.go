package crisis

import "github.com/tandemsocial/tandem/channel"

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
	ch       int             // channel index, or -1 for all channels
	pos      int             // ring slot the next closed bucket is written to
	filled   int             // buckets closed since the start or a reset, up to len(ring)
	cum      [nMetrics]int64 // running totals through the last closed bucket
	last     [nMetrics]int64 // the counts of the bucket just closed
	maxReach int64           // the largest reach in the bucket just closed
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

// push records a closed bucket with counts c, and reports whether its
// counts widened the bounds.
func (s *scope) push(c *counts, reach int64) (widened bool) {
	copyCounts(&s.last, c)
	s.maxReach = reach
	if len(s.ring) == 0 {
		return false
	}
	// The bounds change rarely: when a count is outside them, or an epoch
	// ends (then they can only narrow).
	if s.isRecord(c) {
		widened = s.outside(c)
		s.record(c)
	}
	addCounts(&s.cum, c)
	copyCounts(&s.ring[s.pos], &s.cum)
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

// isRecord reports whether counts c beat this epoch's extremes.
func (s *scope) isRecord(c *counts) bool {
	return beyond(c, &s.curMax, &s.curMin)
}

// outside reports whether counts c are outside the bounds.
func (s *scope) outside(c *counts) bool {
	return beyond(c, &s.hi, &s.lo)
}

// record folds counts c into this epoch's extremes.
func (s *scope) record(c *counts) {
	widen(c, &s.curMax, &s.curMin)
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
	for m := range nCounted {
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
		for m := range nCounted {
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
	return s.ring[i][m&metricMask] - s.ring[j][m&metricMask]
}
