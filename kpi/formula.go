package kpi

import (
	"errors"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/internal/enum"
)

// Precision is the number of decimal places every division in this package
// keeps. Quotients are rounded half away from zero (decimal.DivRound), so
// 2/3 is 0.6666666667. Sums, differences and products are exact.
const Precision = 10

// ErrUndefined is returned, wrapped, when a value is mathematically
// undefined: a ratio whose denominator is zero, or an average or median of
// no samples. Formulas never return Inf or NaN and never panic.
var ErrUndefined = errors.New("kpi: undefined")

var (
	hundred  = decimal.NewFromInt(100)
	thousand = decimal.NewFromInt(1000)
	half     = decimal.New(5, -1)
)

// Formula is a named industry formula over raw metrics. The zero value is
// not a valid formula. Each formula has a function of the same name
// (EngagementRateByReach, CostPerClick, …) that documents its definition.
type Formula string

// The formulas tandem knows. Rates are percentages in percent (4.25 means
// 4.25%); costs are money in the currency of the spend.
const (
	// EngagementRateByReach: engagements / reach × 100; see EngagementRateByReachOf.
	EngagementRateByReach Formula = "engagement_rate_by_reach"
	// EngagementRateByImpressions: engagements / impressions × 100; see EngagementRateByImpressionsOf.
	EngagementRateByImpressions Formula = "engagement_rate_by_impressions"
	// EngagementRateByFollowers: engagements / followers × 100; see EngagementRateByFollowersOf.
	EngagementRateByFollowers Formula = "engagement_rate_by_followers"
	// AmplificationRate: shares / followers × 100; see AmplificationRateOf.
	AmplificationRate Formula = "amplification_rate"
	// ApplauseRate: likes / followers × 100; see ApplauseRateOf.
	ApplauseRate Formula = "applause_rate"
	// ConversationRate: comments / followers × 100; see ConversationRateOf.
	ConversationRate Formula = "conversation_rate"
	// ViralityRate: shares / impressions × 100; see ViralityRateOf.
	ViralityRate Formula = "virality_rate"
	// ClickThroughRate: clicks / impressions × 100; see ClickThroughRateOf.
	ClickThroughRate Formula = "click_through_rate"
	// CostPerClick: spend / clicks; see CostPerClickOf.
	CostPerClick Formula = "cost_per_click"
	// CostPerMille: spend / impressions × 1000; see CostPerMilleOf.
	CostPerMille Formula = "cost_per_mille"
	// CostPerAcquisition: spend / conversions; see CostPerAcquisitionOf.
	CostPerAcquisition Formula = "cost_per_acquisition"
	// ConversionRate: conversions / clicks × 100; see ConversionRateOf.
	ConversionRate Formula = "conversion_rate"
	// ReturnOnInvestment: (revenue − spend) / spend × 100; see ReturnOnInvestmentOf.
	ReturnOnInvestment Formula = "return_on_investment"
	// ShareOfVoice: mentions / (mentions + competitor_mentions) × 100; see ShareOfVoiceOf.
	ShareOfVoice Formula = "share_of_voice"
	// NetSentimentPolar: (positive − negative) / (positive + negative) × 100; see NetSentimentPolarOf.
	NetSentimentPolar Formula = "net_sentiment_polar"
	// NetSentimentAll: (positive − negative) / (positive + negative + neutral) × 100; see NetSentimentAllOf.
	NetSentimentAll Formula = "net_sentiment_all"
	// ResponseRate: messages_answered / messages_received × 100; see ResponseRateOf.
	ResponseRate Formula = "response_rate"
	// AverageFirstResponseTime: sum of first_response_time samples / number of samples; see AverageFirstResponseTimeOf.
	AverageFirstResponseTime Formula = "average_first_response_time"
	// MedianFirstResponseTime: middle first_response_time sample; the mean of the two middle ones when their number is even; see MedianFirstResponseTimeOf.
	MedianFirstResponseTime Formula = "median_first_response_time"
	// FollowerGrowthRate: (followers at end − followers at start) / followers at start × 100; see FollowerGrowthRateOf.
	FollowerGrowthRate Formula = "follower_growth_rate"
)

type formulaInfo struct {
	unit       Unit
	inputs     []Metric
	definition string
}

var allFormulas = []Formula{
	EngagementRateByReach, EngagementRateByImpressions, EngagementRateByFollowers,
	AmplificationRate, ApplauseRate, ConversationRate, ViralityRate,
	ClickThroughRate, CostPerClick, CostPerMille, CostPerAcquisition, ConversionRate,
	ReturnOnInvestment, ShareOfVoice, NetSentimentPolar, NetSentimentAll, ResponseRate,
	AverageFirstResponseTime, MedianFirstResponseTime, FollowerGrowthRate,
}

var formulaInfos = map[Formula]formulaInfo{
	EngagementRateByReach:       {UnitPercent, []Metric{Engagements, Reach}, "engagements / reach × 100"},
	EngagementRateByImpressions: {UnitPercent, []Metric{Engagements, Impressions}, "engagements / impressions × 100"},
	EngagementRateByFollowers:   {UnitPercent, []Metric{Engagements, Followers}, "engagements / followers × 100"},
	AmplificationRate:           {UnitPercent, []Metric{Shares, Followers}, "shares / followers × 100"},
	ApplauseRate:                {UnitPercent, []Metric{Likes, Followers}, "likes / followers × 100"},
	ConversationRate:            {UnitPercent, []Metric{Comments, Followers}, "comments / followers × 100"},
	ViralityRate:                {UnitPercent, []Metric{Shares, Impressions}, "shares / impressions × 100"},
	ClickThroughRate:            {UnitPercent, []Metric{Clicks, Impressions}, "clicks / impressions × 100"},
	CostPerClick:                {UnitMoney, []Metric{Spend, Clicks}, "spend / clicks"},
	CostPerMille:                {UnitMoney, []Metric{Spend, Impressions}, "spend / impressions × 1000"},
	CostPerAcquisition:          {UnitMoney, []Metric{Spend, Conversions}, "spend / conversions"},
	ConversionRate:              {UnitPercent, []Metric{Conversions, Clicks}, "conversions / clicks × 100"},
	ReturnOnInvestment:          {UnitPercent, []Metric{Revenue, Spend}, "(revenue − spend) / spend × 100"},
	ShareOfVoice:                {UnitPercent, []Metric{Mentions, CompetitorMentions}, "mentions / (mentions + competitor_mentions) × 100"},
	NetSentimentPolar:           {UnitPercent, []Metric{PositiveMentions, NegativeMentions}, "(positive − negative) / (positive + negative) × 100"},
	NetSentimentAll:             {UnitPercent, []Metric{PositiveMentions, NegativeMentions, NeutralMentions}, "(positive − negative) / (positive + negative + neutral) × 100"},
	ResponseRate:                {UnitPercent, []Metric{MessagesAnswered, MessagesReceived}, "messages_answered / messages_received × 100"},
	AverageFirstResponseTime:    {UnitDuration, []Metric{FirstResponseTime}, "sum of first_response_time samples / number of samples"},
	MedianFirstResponseTime:     {UnitDuration, []Metric{FirstResponseTime}, "middle first_response_time sample; the mean of the two middle ones when their number is even"},
	FollowerGrowthRate:          {UnitPercent, []Metric{Followers}, "(followers at end − followers at start) / followers at start × 100"},
}

// Formulas returns every known formula in a fixed order. The slice is a copy.
func Formulas() []Formula { return append([]Formula(nil), allFormulas...) }

// IsValid reports whether f is a known formula.
func (f Formula) IsValid() bool { _, ok := formulaInfos[f]; return ok }

// Unit is the unit of f's result. It is "" for an unknown formula.
func (f Formula) Unit() Unit { return formulaInfos[f].unit }

// Inputs returns the metrics f reads, numerator first. The slice is a copy.
func (f Formula) Inputs() []Metric { return slices.Clone(formulaInfos[f].inputs) }

// Definition returns f's definition as a person reads it, such as
// "clicks / impressions × 100". It is "" for an unknown formula.
func (f Formula) Definition() string { return formulaInfos[f].definition }

// String returns the formula's identifier.
func (f Formula) String() string { return string(f) }

// MarshalText encodes a known formula; an unknown one is an error.
func (f Formula) MarshalText() ([]byte, error) { return enum.Marshal("kpi.Formula", f, allFormulas) }

// UnmarshalText accepts exactly the known formulas.
func (f *Formula) UnmarshalText(text []byte) error {
	return enum.Unmarshal("kpi.Formula", text, allFormulas, f)
}

// ratio returns num / den × scale, rounded to Precision places, or
// ErrUndefined naming den when den is zero.
func ratio(num, den, scale decimal.Decimal, denName string) (decimal.Decimal, error) {
	if den.IsZero() {
		return decimal.Decimal{}, fmt.Errorf("%w: %s is zero", ErrUndefined, denName)
	}
	return num.Mul(scale).DivRound(den, Precision), nil
}

// EngagementRateByReachOf returns engagements / reach × 100, in percent: the
// share of the people reached who interacted. Zero reach is ErrUndefined.
func EngagementRateByReachOf(engagements, reach decimal.Decimal) (decimal.Decimal, error) {
	return ratio(engagements, reach, hundred, "reach")
}

// EngagementRateByImpressionsOf returns engagements / impressions × 100, in
// percent: interactions per hundred displays. Zero impressions is
// ErrUndefined.
func EngagementRateByImpressionsOf(engagements, impressions decimal.Decimal) (decimal.Decimal, error) {
	return ratio(engagements, impressions, hundred, "impressions")
}

// EngagementRateByFollowersOf returns engagements / followers × 100, in
// percent, with followers counted at the end of the period. Zero followers
// is ErrUndefined.
func EngagementRateByFollowersOf(engagements, followers decimal.Decimal) (decimal.Decimal, error) {
	return ratio(engagements, followers, hundred, "followers")
}

// AmplificationRateOf returns shares / followers × 100, in percent (Avinash
// Kaushik's amplification rate, with shares over the period and followers at
// its end). Zero followers is ErrUndefined.
func AmplificationRateOf(shares, followers decimal.Decimal) (decimal.Decimal, error) {
	return ratio(shares, followers, hundred, "followers")
}

// ApplauseRateOf returns likes / followers × 100, in percent. Zero followers
// is ErrUndefined.
func ApplauseRateOf(likes, followers decimal.Decimal) (decimal.Decimal, error) {
	return ratio(likes, followers, hundred, "followers")
}

// ConversationRateOf returns comments / followers × 100, in percent. Zero
// followers is ErrUndefined.
func ConversationRateOf(comments, followers decimal.Decimal) (decimal.Decimal, error) {
	return ratio(comments, followers, hundred, "followers")
}

// ViralityRateOf returns shares / impressions × 100, in percent. Zero
// impressions is ErrUndefined.
func ViralityRateOf(shares, impressions decimal.Decimal) (decimal.Decimal, error) {
	return ratio(shares, impressions, hundred, "impressions")
}

// ClickThroughRateOf returns clicks / impressions × 100, in percent. Zero
// impressions is ErrUndefined.
func ClickThroughRateOf(clicks, impressions decimal.Decimal) (decimal.Decimal, error) {
	return ratio(clicks, impressions, hundred, "impressions")
}

// CostPerClickOf returns spend / clicks, in the spend's currency. Zero clicks
// is ErrUndefined.
func CostPerClickOf(spend, clicks decimal.Decimal) (decimal.Decimal, error) {
	return ratio(spend, clicks, decimal.NewFromInt(1), "clicks")
}

// CostPerMilleOf returns spend / impressions × 1000, the cost of a thousand
// impressions, in the spend's currency. Zero impressions is ErrUndefined.
func CostPerMilleOf(spend, impressions decimal.Decimal) (decimal.Decimal, error) {
	return ratio(spend, impressions, thousand, "impressions")
}

// CostPerAcquisitionOf returns spend / conversions, in the spend's currency.
// Zero conversions is ErrUndefined.
func CostPerAcquisitionOf(spend, conversions decimal.Decimal) (decimal.Decimal, error) {
	return ratio(spend, conversions, decimal.NewFromInt(1), "conversions")
}

// ConversionRateOf returns conversions / clicks × 100, in percent. The
// denominator is clicks; tools that divide by sessions or visitors give other
// figures. Zero clicks is ErrUndefined.
func ConversionRateOf(conversions, clicks decimal.Decimal) (decimal.Decimal, error) {
	return ratio(conversions, clicks, hundred, "clicks")
}

// ReturnOnInvestmentOf returns (revenue − spend) / spend × 100, in percent:
// 50 means every unit spent came back with half a unit of profit; −100 means
// nothing came back. Revenue and spend must be in one currency. Zero spend
// is ErrUndefined.
func ReturnOnInvestmentOf(revenue, spend decimal.Decimal) (decimal.Decimal, error) {
	return ratio(revenue.Sub(spend), spend, hundred, "spend")
}

// ShareOfVoiceOf returns mentions / (mentions + competitorMentions) × 100,
// in percent: the brand's share of the conversation among the brands
// tracked. No mention of anyone is ErrUndefined.
func ShareOfVoiceOf(mentions, competitorMentions decimal.Decimal) (decimal.Decimal, error) {
	return ratio(mentions, mentions.Add(competitorMentions), hundred, "mentions + competitor_mentions")
}

// NetSentimentPolarOf returns (positive − negative) / (positive + negative)
// × 100, in percent, from −100 to 100: the balance among the mentions that
// took a side, ignoring neutral ones. No positive or negative mention is
// ErrUndefined.
func NetSentimentPolarOf(positive, negative decimal.Decimal) (decimal.Decimal, error) {
	return ratio(positive.Sub(negative), positive.Add(negative), hundred, "positive + negative")
}

// NetSentimentAllOf returns (positive − negative) / (positive + negative +
// neutral) × 100, in percent, from −100 to 100: the balance over every
// mention with a sentiment, so neutral mentions pull it towards zero.
// Mentions whose sentiment is unknown are not counted. No classified mention
// is ErrUndefined.
func NetSentimentAllOf(positive, negative, neutral decimal.Decimal) (decimal.Decimal, error) {
	return ratio(positive.Sub(negative), positive.Add(negative).Add(neutral), hundred, "positive + negative + neutral")
}

// ResponseRateOf returns answered / received × 100, in percent. No message
// received is ErrUndefined.
func ResponseRateOf(answered, received decimal.Decimal) (decimal.Decimal, error) {
	return ratio(answered, received, hundred, "messages_received")
}

// FollowerGrowthRateOf returns (end − start) / start × 100, in percent: the
// growth of the audience over a period, with followers counted at its start
// and at its end. Zero followers at the start is ErrUndefined.
func FollowerGrowthRateOf(start, end decimal.Decimal) (decimal.Decimal, error) {
	return ratio(end.Sub(start), start, hundred, "followers at start")
}

// AverageFirstResponseTimeOf returns the mean of the samples: their exact sum
// divided by their number. With samples in seconds the result is in seconds.
// No sample is ErrUndefined.
func AverageFirstResponseTimeOf(samples []decimal.Decimal) (decimal.Decimal, error) {
	if len(samples) == 0 {
		return decimal.Decimal{}, fmt.Errorf("%w: no samples", ErrUndefined)
	}
	return Sum(samples).DivRound(decimal.NewFromInt(int64(len(samples))), Precision), nil
}

// MedianFirstResponseTimeOf returns the median of the samples: the middle one
// in order, or the exact mean of the two middle ones when their number is
// even. It does not change samples. No sample is ErrUndefined.
func MedianFirstResponseTimeOf(samples []decimal.Decimal) (decimal.Decimal, error) {
	if len(samples) == 0 {
		return decimal.Decimal{}, fmt.Errorf("%w: no samples", ErrUndefined)
	}
	s := slices.Clone(samples)
	slices.SortFunc(s, decimal.Decimal.Cmp)
	return medianOfSorted(s), nil
}

// medianOfSorted returns the median of a sorted, non-empty slice exactly.
func medianOfSorted(s []decimal.Decimal) decimal.Decimal {
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return s[n/2-1].Add(s[n/2]).Mul(half)
}
