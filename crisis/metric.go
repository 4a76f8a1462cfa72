package crisis

import (
	"github.com/tandemsocial/tandem/channel"
)

// The metrics a detector counts, by metric index: a bucket's counts, a
// scope's running totals are arrays of nMetrics, indexed so.
// This file is the one place that maps a [Metric] and the fields of a
// [Signal] (and of its saved form) to metric indexes.
//
// nMetrics is a power of two at least nCounted; the slots past nCounted
// are padding, always 0. Metric indexes read from a compiled trigger are
// masked with metricMask, which spares the hot loop its bounds checks.
//
// Adding a metric: its [Metric] in enum.go (and the metrics list there) and
// its field in [Signal] with its bounds in Signal.check and countsOK; here,
// an index before nCounted (nMetrics becomes 8 once nCounted reaches 4),
// a case in metricIndex, and one slot in each function below; in the saved
// state, a field of openState and its checks in openProblem and
// ringProblem (statecheck_parts.go), with a new stateVersion. The rings
// and judging need no change.
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

// setCounts writes the counts of a signal into o, slot by slot (the
// padding slot stays 0).
func setCounts(o *counts, s *Signal) {
	o[mMentions], o[mNegative], o[mHits] = s.Mentions, s.Negative, s.KeywordHits
}

// openCounts returns the counts of a saved open signal.
func openCounts(o *openState) counts {
	return counts{mMentions: o.Mentions, mNegative: o.Negative, mHits: o.KeywordHits}
}

// openStateOf returns the saved form of an open signal.
func openStateOf(ch channel.Channel, c *counts, reach int64) openState {
	return openState{Channel: ch, Mentions: c[mMentions], Negative: c[mNegative], KeywordHits: c[mHits], Reach: reach}
}

// The hot loop (closing a bucket) works on counts only
// through these, written out slot by slot: adding a metric adds a slot to
// each. What that buys: the compiler does not unroll a loop over nCounted,
// and written as such loops the hot path cost 12-15% more on
// BenchmarkDetector (plan=realistic: observe 122 → 137 ns a signal, batch
// 115 → 133 ns; the single-channel row 18 → 22 ns).

// addCounts adds c to sum, slot by counted slot.
func addCounts(sum, c *counts) {
	sum[0] += c[0]
	sum[1] += c[1]
	sum[2] += c[2]
}

// maskCounts sets dst to c where keep is all ones, to 0 where it is 0.
func maskCounts(dst, c *counts, keep int64) {
	dst[0], dst[1], dst[2] = c[0]&keep, c[1]&keep, c[2]&keep
}

// copyCounts copies the counted slots of c to dst, one by one: copying a
// whole array just written slot by slot stalls the CPU's store forwarding.
func copyCounts(dst, c *counts) {
	dst[0], dst[1], dst[2] = c[0], c[1], c[2]
}
