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
// nMetrics is a power of two at least nCounted; the slots past nCounted are
// padding, always 0. Metric indexes read from a compiled trigger are masked
// with metricMask, which spares the hot loop its bounds checks.
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

// noMin is an epoch's least count before its first bucket.
func noMin() (c counts) {
	for m := range c {
		c[m] = math.MaxInt64
	}
	return c
}
