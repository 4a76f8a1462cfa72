package kpi

import "github.com/tandemsocial/tandem/internal/enum"

// Metric is a raw figure that a network or a tool reports, such as
// impressions or spend. The zero value is not a valid metric.
//
// Every metric has a [Kind], which says how its observations combine over
// time, and a [Unit]. See the package documentation for the whole list.
type Metric string

// The metrics tandem knows. Counts are whole numbers, money is an amount in
// the observation's currency, durations are in seconds.
const (
	// Impressions: times content was displayed (counter, count).
	Impressions Metric = "impressions"
	// Reach: accounts that saw content, as the network reports it for the
	// observation's period (counter, count). Summing the reach of several
	// periods counts a person once per period: the sum is an upper bound
	// on unique reach, which is how rates by reach are usually computed.
	Reach Metric = "reach"
	// Engagements: the network's reported total of interactions (counter,
	// count). Networks differ in what they count; when only the parts are
	// known, record their sum.
	Engagements Metric = "engagements"
	// Likes, reactions, favourites (counter, count).
	Likes Metric = "likes"
	// Comments and replies (counter, count).
	Comments Metric = "comments"
	// Shares, reposts, retweets, boosts (counter, count).
	Shares Metric = "shares"
	// Saves and bookmarks (counter, count).
	Saves Metric = "saves"
	// Clicks on links (counter, count).
	Clicks Metric = "clicks"
	// VideoViews as the network counts a view (counter, count).
	VideoViews Metric = "video_views"
	// WatchTime: the total time people spent watching a video, in
	// seconds (counter, duration).
	WatchTime Metric = "watch_time"
	// Followers: the audience size at an instant (gauge, count).
	Followers Metric = "followers"
	// NewFollowers: accounts that started following in the period
	// (counter, count).
	NewFollowers Metric = "new_followers"
	// Posts published (counter, count).
	Posts Metric = "posts"
	// Mentions of the brand (counter, count).
	Mentions Metric = "mentions"
	// CompetitorMentions: mentions of the competitors tracked (counter,
	// count).
	CompetitorMentions Metric = "competitor_mentions"
	// PositiveMentions: brand mentions classified positive (counter, count).
	PositiveMentions Metric = "positive_mentions"
	// NegativeMentions: brand mentions classified negative (counter, count).
	NegativeMentions Metric = "negative_mentions"
	// NeutralMentions: brand mentions classified neutral (counter, count).
	NeutralMentions Metric = "neutral_mentions"
	// MessagesReceived: messages and comments that expect an answer
	// (counter, count).
	MessagesReceived Metric = "messages_received"
	// MessagesAnswered: of those, the ones answered (counter, count).
	MessagesAnswered Metric = "messages_answered"
	// FirstResponseTime: one conversation's time to the brand's first
	// answer, in seconds (sample, duration).
	FirstResponseTime Metric = "first_response_time"
	// Conversions: sign-ups, purchases or other goal completions
	// attributed to social media (counter, count).
	Conversions Metric = "conversions"
	// Spend: money paid for promotion (counter, money).
	Spend Metric = "spend"
	// Revenue attributed to social media (counter, money).
	Revenue Metric = "revenue"
)

type metricInfo struct {
	kind Kind
	unit Unit
}

var allMetrics = []Metric{
	Impressions, Reach, Engagements, Likes, Comments, Shares, Saves, Clicks, VideoViews, WatchTime,
	Followers, NewFollowers, Posts, Mentions, CompetitorMentions, PositiveMentions,
	NegativeMentions, NeutralMentions, MessagesReceived, MessagesAnswered,
	FirstResponseTime, Conversions, Spend, Revenue,
}

// metricIndex returns the position of m in allMetrics, or -1.
func metricIndex(m Metric) int {
	for i, k := range allMetrics {
		if k == m {
			return i
		}
	}
	return -1
}

func (m Metric) info() metricInfo {
	switch m {
	case Followers:
		return metricInfo{KindGauge, UnitCount}
	case FirstResponseTime:
		return metricInfo{KindSample, UnitDuration}
	case WatchTime:
		return metricInfo{KindCounter, UnitDuration}
	case Spend, Revenue:
		return metricInfo{KindCounter, UnitMoney}
	}
	return metricInfo{KindCounter, UnitCount}
}

// Metrics returns every known metric in a fixed order. The slice is a copy.
func Metrics() []Metric { return append([]Metric(nil), allMetrics...) }

// IsValid reports whether m is a known metric.
func (m Metric) IsValid() bool { return metricIndex(m) >= 0 }

// Kind says how observations of m combine over time. It is "" for an
// unknown metric.
func (m Metric) Kind() Kind {
	if !m.IsValid() {
		return ""
	}
	return m.info().kind
}

// Unit is m's natural unit. It is "" for an unknown metric.
func (m Metric) Unit() Unit {
	if !m.IsValid() {
		return ""
	}
	return m.info().unit
}

// String returns the metric's identifier, such as "video_views".
func (m Metric) String() string { return string(m) }

// MarshalText encodes a known metric; an unknown one is an error.
func (m Metric) MarshalText() ([]byte, error) { return enum.Marshal("kpi.Metric", m, allMetrics) }

// UnmarshalText accepts exactly the identifiers of the known metrics; any
// other text is a *validation.EnumError listing them.
func (m *Metric) UnmarshalText(text []byte) error {
	return enum.Unmarshal("kpi.Metric", text, allMetrics, m)
}

// Kind says how a metric's observations combine over time.
type Kind string

// The kinds of metric.
const (
	// KindCounter: each observation counts what happened during its
	// period (impressions, spend). Observations add up.
	KindCounter Kind = "counter"
	// KindGauge: each observation is a level at an instant (followers).
	// The value at a time is the last observation at or before it; across
	// channels, levels add up.
	KindGauge Kind = "gauge"
	// KindSample: each observation is one measurement of one event (the
	// first-response time of one conversation). Samples are averaged or
	// their median taken. Two samples may share an instant.
	KindSample Kind = "sample"
)

var allKinds = []Kind{KindCounter, KindGauge, KindSample}

// IsValid reports whether k is a known kind.
func (k Kind) IsValid() bool { return enum.Valid(k, allKinds) }

// String returns the kind's identifier.
func (k Kind) String() string { return string(k) }

// MarshalText encodes a known kind; an unknown one is an error.
func (k Kind) MarshalText() ([]byte, error) { return enum.Marshal("kpi.Kind", k, allKinds) }

// UnmarshalText accepts exactly the known kinds.
func (k *Kind) UnmarshalText(text []byte) error { return enum.Unmarshal("kpi.Kind", text, allKinds, k) }

// Unit is what a value is measured in.
type Unit string

// The units of metrics and KPIs.
const (
	// UnitCount: a whole number of things (impressions, followers).
	UnitCount Unit = "count"
	// UnitPercent: a percentage written as a percent, so 4.25 means 4.25%
	// (not 0.0425). Every rate formula gives percent.
	UnitPercent Unit = "percent"
	// UnitMoney: an amount in an ISO 4217 currency, named beside it.
	UnitMoney Unit = "money"
	// UnitDuration: a length of time in seconds, as a decimal (90.5 is a
	// minute and a half). [Seconds] converts a time.Duration.
	UnitDuration Unit = "duration"
	// UnitRatio: a plain quotient of two counts that is not a percentage,
	// such as comments per post (2.5 means two and a half a post). The
	// per-post rates give it.
	UnitRatio Unit = "ratio"
)

var allUnits = []Unit{UnitCount, UnitPercent, UnitMoney, UnitDuration, UnitRatio}

// IsValid reports whether u is a known unit.
func (u Unit) IsValid() bool { return enum.Valid(u, allUnits) }

// String returns the unit's identifier.
func (u Unit) String() string { return string(u) }

// MarshalText encodes a known unit; an unknown one is an error.
func (u Unit) MarshalText() ([]byte, error) { return enum.Marshal("kpi.Unit", u, allUnits) }

// UnmarshalText accepts exactly the known units.
func (u *Unit) UnmarshalText(text []byte) error { return enum.Unmarshal("kpi.Unit", text, allUnits, u) }
