// Package kpi is what the strategist measures: raw metrics, the industry's
// formulas over them, KPIs with baselines and targets, observations, and
// the evaluation that says whether a KPI is on track.
//
// The package never reads the clock (every "now" is a parameter), keeps no
// state, and computes with exact decimals (github.com/shopspring/decimal).
//
// # Metrics
//
// A [Metric] is a raw figure a network or tool reports. Its [Kind] says how
// observations combine over time, and its [Unit] what a value means:
//
//	metric               kind     unit
//	impressions          counter  count
//	reach                counter  count (per period, as reported; sums over-count people)
//	engagements          counter  count (the network's own total)
//	likes, comments      counter  count
//	shares, saves        counter  count
//	clicks, video_views  counter  count
//	watch_time           counter  duration (seconds watched, all viewers)
//	followers            gauge    count
//	new_followers        counter  count
//	posts                counter  count
//	mentions             counter  count (of the brand)
//	competitor_mentions  counter  count
//	positive_mentions    counter  count (likewise negative_, neutral_)
//	messages_received    counter  count
//	messages_answered    counter  count
//	first_response_time  sample   duration (seconds, one conversation each)
//	conversions          counter  count
//	spend, revenue       counter  money (in the observation's ISO 4217 currency)
//
// Counters add up over time, a gauge is a level read at an instant, and a
// sample is one measurement of one event.
//
// # Units
//
// Counts are whole non-negative numbers. Money is an amount beside an ISO
// 4217 code; tandem never converts currencies, and adding or dividing
// amounts in two currencies is [ErrMixedCurrencies]. Durations are decimal
// seconds ([Seconds] converts a time.Duration). Percentages are written in
// percent: 4.25 means 4.25%, never 0.0425. A ratio is a plain quotient of
// two counts, such as 2.5 comments per post.
//
// # Formulas
//
// A [Formula] names an industry formula; a function of the same name with
// the suffix Of computes it from figures: [EngagementRateByReachOf],
// [CostPerClickOf], and so on. Each documents its definition with the
// denominator explicit where vendors differ, and [Formula.Definition]
// returns it as text:
//
//	engagement_rate_by_reach        engagements / reach × 100
//	engagement_rate_by_impressions  engagements / impressions × 100
//	engagement_rate_by_followers    engagements / followers × 100
//	conversation_rate_per_post      comments / posts (Kaushik's conversation rate)
//	amplification_rate_per_post     shares / posts (Kaushik's amplification rate)
//	applause_rate_per_post          likes / posts (Kaushik's applause rate)
//	conversation_rate_by_followers  comments / followers × 100
//	amplification_rate_by_followers shares / followers × 100
//	applause_rate_by_followers      likes / followers × 100
//	virality_rate                   shares / impressions × 100
//	click_through_rate              clicks / impressions × 100
//	cost_per_click                  spend / clicks
//	cost_per_mille                  spend / impressions × 1000
//	cost_per_acquisition            spend / conversions
//	conversion_rate                 conversions / clicks × 100
//	return_on_investment            (revenue − spend) / spend × 100
//	share_of_voice                  mentions / (mentions + competitor_mentions) × 100
//	net_sentiment_polar             (positive − negative) / (positive + negative) × 100
//	net_sentiment_all               (positive − negative) / (positive + negative + neutral) × 100
//	response_rate                   messages_answered / messages_received × 100
//	average_first_response_time     mean of the first_response_time samples
//	median_first_response_time      median of the samples (mean of the middle two if even)
//	follower_growth_rate            (followers at end − at start) / followers at start × 100
//
// Avinash Kaushik defined the conversation, amplification and applause
// rates per post: comments, shares and likes for each post published, a
// plain [UnitRatio]. Many tools divide the same counts by the followers
// instead, in percent; tandem offers both, each named for what it divides
// by. Plans that used the old identifiers conversation_rate,
// amplification_rate and applause_rate (per follower) still decode, to the
// ..._by_followers formulas they always computed.
//
// Sums, differences and products are exact. Every division keeps
// [Precision] (10) decimal places, rounded half away from zero. A zero
// denominator, or no samples, is [ErrUndefined] (wrapped, naming what was
// zero): never Inf, NaN or a panic.
//
// # KPIs
//
// A [KPI] measures one metric or formula ([Measure]), optionally on some
// channels or some accounts only, in a stated unit (and currency for
// money). It has a
// direction ([Increase], [Decrease], or [Within] a [Band]), a [Baseline]
// (value and instant), a [Target] (value and deadline), optional
// [Milestone]s, and a tolerance in percentage points of the planned change
// that separates on track from at risk. WindowDays says how many calendar
// days of observations one value covers; zero means everything since the
// baseline. [KPI.Validate] reports every problem with its JSON path: an
// unknown metric, formula, unit or channel, a unit that is not the
// measure's, a target equal to the baseline or on the wrong side of it, a
// deadline not after the baseline, milestones out of order. Plans written as
// Go code give their KPIs stable IDs with strategy.IDSpace.
//
// # Accounts
//
// A brand may publish from several accounts on one network: a company page
// and its founder's profile. An observation names the account it was
// measured on with [Observation.Account], the handle on its Channel
// (written without "@", compared without regard to case as
// channel.SameHandle does); an account without a channel is an error. An
// observation with no account is a figure of the network as a whole (or
// of the brand's only account there).
//
// [KPI.Channels] reads every observation on a network, whatever its
// account. [KPI.Accounts] (and [Selection.Accounts]) read the observations
// of the accounts it names, each a channel.AccountRef with a handle; an
// observation with no account is never counted for an account, since
// nothing says which account it belongs to. A KPI may name channels and
// accounts on other networks; an account on a network that Channels
// already reads is a conflict, and an account named twice a duplicate.
// That the accounts are the plan's own is checked by the plan (package
// strategy), which knows them. A plan with one account per network names
// no account anywhere: everything reads as it did before accounts.
//
// Observations of one metric that give both a network's total (no account)
// and its accounts' figures are counted twice by a KPI that reads the
// whole network, as a rolled-up total beside the channels' own figures is
// by a KPI on every channel: record one or the other.
//
// # Observations and series
//
// An [Observation] is one value of one metric on one channel (or on none),
// optionally of one account there, at an instant. [NewSeries] validates a
// batch of them into a [Series]: the observations of one metric on one
// channel and account must be in time order, counters and gauges may not
// repeat an instant, and each metric on each channel and account keeps one
// currency. Every problem is reported at once, with the index of the
// observation: [3].value.
//
// A Series stores each metric-channel-and-account column's values as int64
// coefficients at one exponent, so that [Series.Sum] adds a million values
// in about the time a float64 loop takes, exactly, with no allocation per
// value (a 128-bit accumulator cannot overflow). Values that do not fit
// that form keep their decimals and are added exactly, only more slowly.
// [Sum] offers the same exact fast path for a plain []decimal.Decimal.
//
// # Aggregating and comparing
//
// [Series.Aggregate] groups a [Selection] of observations into buckets per
// [Day], ISO [Week] or [Month] in a given *time.Location and computes a sum,
// mean, last, min or max ([Aggregation]) in each. Buckets begin at local
// midnight found by calendar arithmetic, never by adding 24 hours, so a day
// lasts 23 or 25 hours when the clocks change; a midnight that does not
// exist (São Paulo, Beirut) is read as RFC 5545 §3.3.5 says, with the
// offset before the gap. [Series.RollUp] combines channels into one stream
// (counters added per instant, gauges as the total of each channel's latest
// reading). [Series.ComparePeriods] compares a period with the one before,
// and [Series.CompareWindows] a window of N calendar days with the N days
// before it; a [Comparison] holds both values, the change and the relative
// change, which is undefined (nil) when the earlier value is zero and the
// later is not.
//
// # Evaluating
//
// [Evaluate] takes a KPI, a Series and an "as of" instant and returns a
// [Progress]: the actual value, its share of the way from baseline to
// target, the share expected by now on the straight path through the
// milestones, the gap between them, a [Status], a sentence explaining it,
// and a [Forecast] at the deadline from a least-squares line over the
// recent daily values, with the points, window and slope that produced it.
// The Evaluate documentation spells out how each status is decided. Its
// cost grows at most linearly with the number of observations.
//
// # Best times to post
//
// [RankTimes] scores each weekday × hour slot by the figures of the posts
// published in it (engagement rates, say, read in the audience's zone),
// shrunk toward the overall mean by empirical Bayes, so that a slot with
// one lucky post does not beat a slot with many good ones, and says when
// the slots differ no more than chance would make them (no evidence to
// prefer any). Each slot shows its posts, its own mean, the weight its
// posts carry and its score.
//
// # Post results and what works
//
// A [PostResult] is one metric of one published post at one [Age]: the
// calendar entry's ID, the channel and account handle, the network's
// post ID, a metric among [PostMetrics] and its value (money with its
// currency). Posts keep gathering figures, so they are compared at one
// age (24 hours, 7 days, or [Lifetime], the zero Age). [PostResults.Validate]
// reports every problem and each figure given twice for a post, metric
// and age.
//
// [PostResults.PerPost] computes a formula among [PostFormulas] per post
// (EngagementRateByReach: engagements ÷ reach × 100) from the results at
// one age only: results at other ages are excluded and counted
// (OtherAges), never mixed in. A post with a reach of zero is Undefined,
// never a division by zero; a post with one input only is Incomplete.
// Both aggregations the tools use are offered, named for what they are:
// [PerPost.MeanOfPostRates] (each post weighs the same) and
// [PerPost.RatioOfSums] (total engagements ÷ total reach).
//
// The money formulas are computed per paid post too: CostPerClick (spend
// ÷ clicks), CostPerMille, CostPerAcquisition and ReturnOnInvestment
// ((revenue − spend) ÷ spend × 100, negative when the post lost money).
// Spend and revenue are read exactly as the results hold them and divided
// before anything is rounded. A post with spend but no click has an
// Undefined cost per click, never zero; a post without Spend at the age
// (an organic post) is listed as Unpaid, never dropped. One comparison is
// in one currency, named in PerPost.Currency: amounts in two currencies,
// across posts or between a post's revenue and spend, are
// [ErrMixedCurrencies], naming both results and both currencies.
// RatioOfSums is then total spend ÷ total clicks, or the return on the
// total spend.
//
// [PostResults.WhatWorks] ranks the posts (top, bottom, outliers beyond
// 3 × MAD from the median of every post) and groups them by keys the
// caller gives ([Grouping]: pillar, format, campaign, account, weekday and
// hour in the audience's zone, text features; kpi does not know entries,
// so the plan's package builds those). [PostResults.PaidGrouping] groups
// the posts into paid and organic from their own Spend results. Each group has
// its count, median, mean and a distribution-free 95% interval for its
// median from order statistics ([MedianRank]); its lift over the
// baseline is [EvidenceSupported] only with at least MinPosts posts
// ([DefaultMinPosts]) and an interval that excludes the baseline, and
// otherwise [EvidenceNotEnough] with the reason. For a cost, a higher
// value is a worse one: the top posts are the most expensive. Values are
// exact decimals: the work runs on int64 coefficients at [Precision]
// places, with no allocation per result for the formulas of counts.
//
// # Limits
//
// Every decimal the package accepts (observations, KPI values, formula
// arguments, [Sum]'s values) is within validation's decimal bounds (see
// the Limits of package validation: 38 digits written out, an exponent
// within ±28, the latter also [MaxScale]); a larger one is an out_of_range
// *validation.Error naming it, refused before any arithmetic on it (from
// JSON, before it is decoded; see JSON). A KPI's
// window and a trend are at most [MaxWindowDays] and [MaxTrendDays] days;
// one aggregation returns at most [MaxBuckets] buckets. A post ID has at
// most [MaxPostIDLength] bytes; a count read per post is at most
// 9223372036854775807 and a per-post value at most [MaxPostRate];
// WhatWorks lists at most [MaxTop] top and bottom posts; the median
// interval is exact for groups of up to 1000 posts and from the normal
// approximation above.
//
// # Errors
//
// Invalid input is a *validation.Error listing field errors with codes and
// paths (see package validation); strict text decoding of every enum
// rejects unknown values with a *validation.EnumError. Other failures are
// sentinel errors wrapped with %w: [ErrUndefined], [ErrMixedCurrencies],
// [ErrInvalidArgument]. Nothing panics on bad input.
//
// # JSON
//
// Every type encodes to JSON with camelCase names and decodes back to the
// same value: decimals as strings, instants in RFC 3339, enums as their
// snake_case identifiers. A Series encodes as an array of observations and
// decoding it validates them as NewSeries does.
//
// Decoding is strict, through plain encoding/json too, as in the rest of
// tandem: every type that holds a decimal (Observation, KPI, Baseline,
// Target, Band, Milestone, Progress, Forecast, Point, Bucket, Comparison)
// decodes itself, reading each key exactly as its JSON name ("value",
// never "Value"), once, and refusing a decimal beyond validation's bounds
// from its text, before decimal's decoder runs (see Limits). Every problem
// is reported at once in a *validation.Error with its path.
package kpi
