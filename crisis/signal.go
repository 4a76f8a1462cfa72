package crisis

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
)

// Bounds on the counts of a [Signal]: they keep every window total exact in
// 64-bit integers.
const (
	// MaxCount is the largest number of mentions one signal may report.
	MaxCount = 1_000_000_000_000
	// MaxReach is the largest audience one signal may report.
	MaxReach = 1_000_000_000_000_000
)

// Signal is what a listening tool saw on one channel during one bucket of
// time. At is the start of the bucket: a whole multiple of the plan's
// Detection.Bucket since the Unix epoch (for a 5-minute bucket, 10:00,
// 10:05, …). A bucket in which a channel has no signal counts as zero
// mentions on that channel.
type Signal struct {
	// At is the start of the bucket.
	At time.Time `json:"at"`
	// Channel is the network the counts come from.
	Channel channel.Channel `json:"channel"`
	// Mentions counts every mention of the brand.
	Mentions int64 `json:"mentions"`
	// Negative counts the mentions classified as negative.
	Negative int64 `json:"negative"`
	// Positive counts the mentions classified as positive.
	Positive int64 `json:"positive"`
	// Reach is the largest audience (followers) of any author among the
	// mentions; the caller chooses which mentions count (usually the
	// negative ones).
	Reach int64 `json:"reach"`
	// KeywordHits counts the mentions that matched the plan's keyword rule
	// ([Keywords.Match]).
	KeywordHits int64 `json:"keywordHits"`
}

// check reports why s cannot be observed, or nil.
func (s Signal) check() error {
	switch {
	case !s.Channel.IsValid():
		return fmt.Errorf("%w: unknown channel %q", ErrInvalidSignal, string(s.Channel))
	case s.Mentions < 0 || s.Mentions > MaxCount:
		return fmt.Errorf("%w: mentions %d outside 0..%d", ErrInvalidSignal, s.Mentions, MaxCount)
	case s.Negative < 0 || s.Positive < 0 || s.KeywordHits < 0:
		return fmt.Errorf("%w: negative count", ErrInvalidSignal)
	case s.Negative+s.Positive > s.Mentions:
		return fmt.Errorf("%w: %d negative and %d positive of %d mentions", ErrInvalidSignal, s.Negative, s.Positive, s.Mentions)
	case s.KeywordHits > s.Mentions:
		return fmt.Errorf("%w: %d keyword hits of %d mentions", ErrInvalidSignal, s.KeywordHits, s.Mentions)
	case s.Reach < 0 || s.Reach > MaxReach:
		return fmt.Errorf("%w: reach %d outside 0..%d", ErrInvalidSignal, s.Reach, int64(MaxReach))
	}
	return nil
}

// countsOK reports whether the counts of s pass check, without building an
// error: the form the hot loops use. Unsigned comparisons catch negative
// counts too.
func (s *Signal) countsOK() bool {
	return uint64(s.Mentions) <= MaxCount && uint64(s.Negative) <= uint64(s.Mentions) &&
		uint64(s.Positive) <= uint64(s.Mentions-s.Negative) && uint64(s.KeywordHits) <= uint64(s.Mentions) &&
		uint64(s.Reach) <= MaxReach
}

// Alert is what the detector returns when triggers fire. It carries the
// evidence, so a person can see why.
type Alert struct {
	// At is when the alert was raised: the end of the bucket that
	// confirmed it.
	At time.Time `json:"at"`
	// Since is the start of the first bucket in which the earliest of the
	// firing triggers' conditions began to hold.
	Since time.Time `json:"since"`
	// Level is the alert's level: the highest level among the triggers
	// that fired, or a higher one when the classification is uncertain.
	Level string `json:"level"`
	// Uncertain is true when a trigger of a higher level than any that
	// fired came within the plan's margin of its threshold; Level is then
	// that higher level.
	Uncertain bool `json:"uncertain,omitempty"`
	// Evidence lists the triggers that fired, in plan order, followed by
	// the near misses that made the classification uncertain.
	Evidence []Evidence `json:"evidence"`
}

// Evidence is why one trigger took part in an alert.
type Evidence struct {
	// Trigger is the trigger's name.
	Trigger string `json:"trigger"`
	// Kind is the trigger's kind.
	Kind TriggerKind `json:"kind"`
	// Level is the trigger's level.
	Level string `json:"level"`
	// Channel is the trigger's channel; empty for all channels.
	Channel channel.Channel `json:"channel,omitempty"`
	// Fired is true for a trigger that fired, false for a near miss.
	Fired bool `json:"fired"`
	// Since is the start of the first bucket of the run in which the
	// condition held; zero for a near miss whose condition does not hold.
	Since time.Time `json:"since,omitzero"`
	// Observed is the value the trigger saw: a count over its window, a
	// count per bucket (deviation), a share (negative_share) or an
	// audience (reach). A share is rounded to four places, or as many as
	// the trigger's Share has if more, and never across Threshold: a share
	// just under it is cut rather than rounded up to it.
	Observed decimal.Decimal `json:"observed,omitzero"`
	// Baseline is what was expected: the baseline count scaled to the
	// window and multiplied by the ratio (volume), or the moving mean
	// (deviation), rounded to four places; zero for kinds without a
	// baseline.
	Baseline decimal.Decimal `json:"baseline,omitzero"`
	// Threshold is the value Observed had to reach: the trigger's
	// Threshold (a count or an audience) or Share; for a volume trigger
	// the larger of its Threshold and its Baseline, rounded up to four
	// places; for a deviation trigger the least count at which it holds
	// (at least its Threshold, and K standard deviations above the mean).
	// Both come from the numbers the detector decided with, so Observed
	// ≥ Threshold exactly when the trigger's condition held in the bucket:
	// always when Fired, and for a near miss only when Since is set.
	Threshold decimal.Decimal `json:"threshold,omitzero"`
}
