package crisis

import (
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
)

// Trigger maps what the listening tools see onto a level of the ladder. Each
// kind uses some of the fields; setting a field the kind does not use is a
// validation error, so a plan never says more than it does:
//
//	kind            uses
//	volume          Metric, Window, Baseline, Ratio, Threshold
//	deviation       Metric, Span, K, Threshold
//	negative_share  Window, Share, Threshold (the fewest mentions to judge)
//	keyword         Window, Threshold
//	reach           Threshold (an audience size)
//	absolute        Metric, Window, Threshold
//
// Every kind uses Confirm and Cooldown. Windows are whole numbers of
// Detection.Bucket.
type Trigger struct {
	// Name identifies the trigger in alerts; unique within the plan.
	Name string `json:"name" validate:"required"`
	// Kind says what the trigger watches.
	Kind TriggerKind `json:"kind" validate:"enum"`
	// Level is the name of the level an alert from this trigger has.
	Level string `json:"level" validate:"required"`
	// Channel limits the trigger to one network; empty watches all the
	// signals together.
	Channel channel.Channel `json:"channel,omitempty" validate:"omitempty,enum"`
	// Metric is the count watched by volume, deviation and absolute
	// triggers.
	Metric Metric `json:"metric,omitempty" validate:"omitempty,enum"`
	// Window is the recent window whose total is compared (1h).
	Window Duration `json:"window,omitempty"`
	// Baseline is the window before Window that a volume trigger compares
	// with (12h).
	Baseline Duration `json:"baseline,omitempty"`
	// Span is the time constant of a deviation trigger's moving mean and
	// variance: the smoothing factor is 2/(n+1) for a span of n buckets
	// (kept to 32 binary places; the mean is kept to 2^-16 of a count and
	// the variance to 2^-32 of a count squared, each update rounded, so
	// that the trigger's test is exact and the same on every machine).
	// The trigger waits one Span of buckets before it can fire. Buckets in
	// which its condition holds stay out of the moving baseline, so that a
	// sustained surge keeps holding through the confirmation window, until
	// the surge has lasted a whole Span: then it is the new normal.
	Span Duration `json:"span,omitempty"`
	// Ratio is how many times the baseline a volume trigger needs; > 1.
	Ratio decimal.Decimal `json:"ratio,omitzero"`
	// K is how many standard deviations above the mean a deviation
	// trigger needs; > 0.
	K decimal.Decimal `json:"k,omitzero"`
	// Share is the share of negative mentions, in (0, 1].
	Share decimal.Decimal `json:"share,omitzero"`
	// Threshold is the kind's absolute bound: the least count (volume,
	// deviation, keyword, absolute), the fewest mentions for a share to
	// count (negative_share), or the least audience (reach). Positive.
	Threshold decimal.Decimal `json:"threshold"`
	// Confirm is how long the condition must hold, bucket after bucket,
	// before the trigger fires; at least one bucket.
	Confirm Duration `json:"confirm"`
	// Cooldown is the least time between two firings of the trigger.
	Cooldown Duration `json:"cooldown"`
}
