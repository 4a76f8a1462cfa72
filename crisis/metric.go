package crisis

import (
	"math"

	"github.com/tandemsocial/tandem/channel"
)

// The metrics a detector counts, by metric index: a bucket's counts, a
// scope's running totals and bounds are arrays of nMetrics, indexed so.
// This file is the one place that maps a [Metric] and the fields of a
// [Signal] (and of its saved form) to metric indexes.
//
// nMetrics is a power of two above nCounted; the slots past nCounted are
// padding, always 0 (the quiet loop reads slot metricMask as the count of a
// channel its deviation trigger does not see). Metric indexes read from a
// compiled trigger are masked with metricMask, which spares the hot loop
// its bounds checks.
//
// Adding a metric: its [Metric] in enum.go (and the metrics list there) and
// its field in [Signal] with its bounds in Signal.check and countsOK; here,
// an index before nCounted (nMetrics becomes 8 once nCounted reaches 4),
// a case in metricIndex, and one slot in each function below; in the saved
// state, a field of openState and its checks in openProblem and
// ringProblem (statecheck.go), with a new stateVersion. The rings, guards,
// judging and the quiet loop need no change.
const (
	mMentions = iota
	mNegative
	mHits
	nCounted = iota // the metrics counted

	nMetrics   = 4
	metricMask = nMetrics - 1
)

// counts is one bucket's counts, or running totals, by metric index.
type counts = [nMetrics]int64

// metricIndex returns the metric index of a trigger's metric; triggers
// without one (keyword, negative share and reach choose their own) get
// mentions.
func metricIndex(m Metric) int {
	switch m {
	case MetricNegative:
		return mNegative
	case MetricKeywordHits:
		return mHits
	}
	return mMentions
}

// countsOf returns the counts of a signal.
func countsOf(s *Signal) counts {
	return counts{mMentions: s.Mentions, mNegative: s.Negative, mHits: s.KeywordHits}
}

// setCounts writes the counts of a signal into o, as countsOf does, slot
// by slot: Observe's fast path writes the open bucket this way, as it
// did before the metrics were gathered here (the padding slot stays 0).
func setCounts(o *counts, s *Signal) {
	o[mMentions], o[mNegative], o[mHits] = s.Mentions, s.Negative, s.KeywordHits
}

// signalOf returns a signal with counts c and the reach given; the quiet
// loop reads the bucket being filled as one.
func signalOf(c *counts, reach int64) Signal {
	return Signal{Mentions: c[mMentions], Negative: c[mNegative], KeywordHits: c[mHits], Reach: reach}
}

// openCounts returns the counts of a saved open signal.
func openCounts(o *openState) counts {
	return counts{mMentions: o.Mentions, mNegative: o.Negative, mHits: o.KeywordHits}
}

// openStateOf returns the saved form of an open signal.
func openStateOf(ch channel.Channel, c *counts, reach int64) openState {
	return openState{Channel: ch, Mentions: c[mMentions], Negative: c[mNegative], KeywordHits: c[mHits], Reach: reach}
}

// The hot loops (closing a bucket, the quiet loop) work on counts only
// through these, written out slot by slot: adding a metric adds a slot to
// each. What that buys: the compiler does not unroll a loop over nCounted,
// and written as such loops the hot path cost 12-15% more on
// BenchmarkDetector (plan=realistic: observe 122 → 137 ns a signal, batch
// 115 → 133 ns; the single-channel row 18 → 22 ns).

// beyond reports whether a counted slot of c is above hi's or below lo's.
func beyond(c, hi, lo *counts) bool {
	return c[0] > hi[0] || c[1] > hi[1] || c[2] > hi[2] ||
		c[0] < lo[0] || c[1] < lo[1] || c[2] < lo[2]
}

// widen folds c into the extremes hi and lo.
func widen(c, hi, lo *counts) {
	hi[0], hi[1], hi[2] = max(hi[0], c[0]), max(hi[1], c[1]), max(hi[2], c[2])
	lo[0], lo[1], lo[2] = min(lo[0], c[0]), min(lo[1], c[1]), min(lo[2], c[2])
}

// addCounts adds c to sum, slot by counted slot.
func addCounts(sum, c *counts) {
	sum[0] += c[0]
	sum[1] += c[1]
	sum[2] += c[2]
}

// copyCounts copies the counted slots of c to dst, one by one: copying a
// whole array just written slot by slot stalls the CPU's store forwarding.
func copyCounts(dst, c *counts) {
	dst[0], dst[1], dst[2] = c[0], c[1], c[2]
}

// noMin is an epoch's least count before its first bucket.
func noMin() (c counts) {
	for m := range c {
		c[m] = math.MaxInt64
	}
	return c
}
