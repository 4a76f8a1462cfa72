package crisis

import "github.com/tandemsocial/tandem/channel"

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
}

// total returns the total of metric m over the buckets from lag from (0
// is the bucket just closed) to lag to, not included.
func (s *scope) total(m, from, to int) int64 {
	return s.before(from)[m&metricMask] - s.before(to)[m&metricMask]
}

// recent returns the total of metric m over the latest n buckets: total(m,
// 0, n), read from cum, which holds the running totals of lag 0.
func (s *scope) recent(m, n int) int64 {
	return s.cum[m&metricMask] - s.before(n)[m&metricMask]
}

// before returns the running totals through the bucket of lag lag.
func (s *scope) before(lag int) *counts {
	i := s.pos - 1 - lag
	if i < 0 {
		i += len(s.ring)
	}
	return &s.ring[i]
}
