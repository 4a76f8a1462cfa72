package kpi

import (
	"errors"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/validation"
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
	one      = decimal.NewFromInt(1)
	hundred  = decimal.NewFromInt(100)
	thousand = decimal.NewFromInt(1000)
	half     = decimal.New(5, -1)
)

// Formula is a named industry formula over raw metrics. The zero value is
// not a valid formula. Each formula has a function of the same name
// (EngagementRateByReach, CostPerClick, …) that documents its definition.
type Formula string

// The formulas tandem knows. Rates are percentages in percent (4.25 means
// 4.25%), except the per-post rates, which are plain ratios (2.5 comments
// per post); costs are money in the currency of the spend.
//
// Avinash Kaushik's conversation, amplification and applause rates are per
// post: comments, shares and likes divided by the posts published
// (ConversationRatePerPost, AmplificationRatePerPost, ApplauseRatePerPost).
// Many tools divide the same counts by the followers instead; those are
// other figures, in percent, named ...ByFollowers like
// EngagementRateByFollowers.
const (
	// EngagementRateByReach: engagements / reach × 100; see EngagementRateByReachOf.
	EngagementRateByReach Formula = "engagement_rate_by_reach"
	// EngagementRateByImpressions: engagements / impressions × 100; see EngagementRateByImpressionsOf.
	EngagementRateByImpressions Formula = "engagement_rate_by_impressions"
	// EngagementRateByFollowers: engagements / followers × 100; see EngagementRateByFollowersOf.
	EngagementRateByFollowers Formula = "engagement_rate_by_followers"
	// ConversationRatePerPost: comments / posts, Kaushik's conversation rate; see ConversationRatePerPostOf.
	ConversationRatePerPost Formula = "conversation_rate_per_post"
	// AmplificationRatePerPost: shares / posts, Kaushik's amplification rate; see AmplificationRatePerPostOf.
	AmplificationRatePerPost Formula = "amplification_rate_per_post"
	// ApplauseRatePerPost: likes / posts, Kaushik's applause rate; see ApplauseRatePerPostOf.
	ApplauseRatePerPost Formula = "applause_rate_per_post"
	// ConversationRateByFollowers: comments / followers × 100; see ConversationRateByFollowersOf.
	ConversationRateByFollowers Formula = "conversation_rate_by_followers"
	// AmplificationRateByFollowers: shares / followers × 100; see AmplificationRateByFollowersOf.
	AmplificationRateByFollowers Formula = "amplification_rate_by_followers"
	// ApplauseRateByFollowers: likes / followers × 100; see ApplauseRateByFollowersOf.
	ApplauseRateByFollowers Formula = "applause_rate_by_followers"
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

// The names these per-follower formulas had before the per-post ones were
// added. Decoding still accepts their old identifiers ("conversation_rate",
// "amplification_rate", "applause_rate") as the same per-follower
// formulas, and encoding writes the new ones.
const (
	// Deprecated: ConversationRate was comments / followers × 100, which
	// is not Kaushik's conversation rate; use ConversationRateByFollowers
	// for the same figure, or ConversationRatePerPost for Kaushik's.
	ConversationRate = ConversationRateByFollowers
	// Deprecated: AmplificationRate was shares / followers × 100, which is
	// not Kaushik's amplification rate; use AmplificationRateByFollowers
	// for the same figure, or AmplificationRatePerPost for Kaushik's.
	AmplificationRate = AmplificationRateByFollowers
	// Deprecated: ApplauseRate was likes / followers × 100, which is not
	// Kaushik's applause rate; use ApplauseRateByFollowers for the same
	// figure, or ApplauseRatePerPost for Kaushik's.
	ApplauseRate = ApplauseRateByFollowers
)

// oldFormulas maps the identifiers of the deprecated formula names to the
// formulas they always computed.
var oldFormulas = map[string]Formula{
	"conversation_rate":  ConversationRateByFollowers,
	"amplification_rate": AmplificationRateByFollowers,
	"applause_rate":      ApplauseRateByFollowers,
}

type formulaInfo struct {
	unit       Unit
	inputs     []Metric
	definition string
}

var allFormulas = []Formula{
	EngagementRateByReach, EngagementRateByImpressions, EngagementRateByFollowers,
	ConversationRatePerPost, AmplificationRatePerPost, ApplauseRatePerPost,
	ConversationRateByFollowers, AmplificationRateByFollowers, ApplauseRateByFollowers, ViralityRate,
	ClickThroughRate, CostPerClick, CostPerMille, CostPerAcquisition, ConversionRate,
	ReturnOnInvestment, ShareOfVoice, NetSentimentPolar, NetSentimentAll, ResponseRate,
	AverageFirstResponseTime, MedianFirstResponseTime, FollowerGrowthRate,
}

var formulaInfos = map[Formula]formulaInfo{
	EngagementRateByReach:        {UnitPercent, []Metric{Engagements, Reach}, "engagements / reach × 100"},
	EngagementRateByImpressions:  {UnitPercent, []Metric{Engagements, Impressions}, "engagements / impressions × 100"},
	EngagementRateByFollowers:    {UnitPercent, []Metric{Engagements, Followers}, "engagements / followers × 100"},
	ConversationRatePerPost:      {UnitRatio, []Metric{Comments, Posts}, "comments / posts"},
	AmplificationRatePerPost:     {UnitRatio, []Metric{Shares, Posts}, "shares / posts"},
	ApplauseRatePerPost:          {UnitRatio, []Metric{Likes, Posts}, "likes / posts"},
	ConversationRateByFollowers:  {UnitPercent, []Metric{Comments, Followers}, "comments / followers × 100"},
	AmplificationRateByFollowers: {UnitPercent, []Metric{Shares, Followers}, "shares / followers × 100"},
	ApplauseRateByFollowers:      {UnitPercent, []Metric{Likes, Followers}, "likes / followers × 100"},
	ViralityRate:                 {UnitPercent, []Metric{Shares, Impressions}, "shares / impressions × 100"},
	ClickThroughRate:             {UnitPercent, []Metric{Clicks, Impressions}, "clicks / impressions × 100"},
	CostPerClick:                 {UnitMoney, []Metric{Spend, Clicks}, "spend / clicks"},
	CostPerMille:                 {UnitMoney, []Metric{Spend, Impressions}, "spend / impressions × 1000"},
	CostPerAcquisition:           {UnitMoney, []Metric{Spend, Conversions}, "spend / conversions"},
	ConversionRate:               {UnitPercent, []Metric{Conversions, Clicks}, "conversions / clicks × 100"},
	ReturnOnInvestment:           {UnitPercent, []Metric{Revenue, Spend}, "(revenue − spend) / spend × 100"},
	ShareOfVoice:                 {UnitPercent, []Metric{Mentions, CompetitorMentions}, "mentions / (mentions + competitor_mentions) × 100"},
	NetSentimentPolar:            {UnitPercent, []Metric{PositiveMentions, NegativeMentions}, "(positive − negative) / (positive + negative) × 100"},
	NetSentimentAll:              {UnitPercent, []Metric{PositiveMentions, NegativeMentions, NeutralMentions}, "(positive − negative) / (positive + negative + neutral) × 100"},
	ResponseRate:                 {UnitPercent, []Metric{MessagesAnswered, MessagesReceived}, "messages_answered / messages_received × 100"},
	AverageFirstResponseTime:     {UnitDuration, []Metric{FirstResponseTime}, "sum of first_response_time samples / number of samples"},
	MedianFirstResponseTime:      {UnitDuration, []Metric{FirstResponseTime}, "middle first_response_time sample; the mean of the two middle ones when their number is even"},
	FollowerGrowthRate:           {UnitPercent, []Metric{Followers}, "(followers at end − followers at start) / followers at start × 100"},
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

// UnmarshalText accepts exactly the known formulas, and the old
// identifiers "conversation_rate", "amplification_rate" and
// "applause_rate" as the per-follower formulas they named (see
// [ConversationRate]), so that plans written before the per-post rates
// keep their meaning.
func (f *Formula) UnmarshalText(text []byte) error {
	if old, ok := oldFormulas[string(text)]; ok {
		*f = old
		return nil
	}
	return enum.Unmarshal("kpi.Formula", text, allFormulas, f)
}

// checkArgs checks each decimal argument against validation's bounds
// before any arithmetic on it, naming it by names[i].
func checkArgs(names []string, values ...decimal.Decimal) error {
	var list validation.ErrorList
	for i, v := range values {
		if fe := validation.CheckDecimal(validation.NewPath(names[i]), v); fe != nil {
			list = append(list, fe)
		}
	}
	return list.Err()
}

// checkSamples checks every sample against validation's bounds, naming
// each by its index ([3]).
func checkSamples(samples []decimal.Decimal) error {
	var list validation.ErrorList
	for i, v := range samples {
		if !validation.DecimalWithin(v) {
			list = append(list, validation.CheckDecimal((*validation.Path)(nil).Index(i), v))
		}
	}
	return list.Err()
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
	if err := checkArgs([]string{"engagements", "reach"}, engagements, reach); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(engagements, reach, hundred, "reach")
}

// EngagementRateByImpressionsOf returns engagements / impressions × 100, in
// percent: interactions per hundred displays. Zero impressions is
// ErrUndefined.
func EngagementRateByImpressionsOf(engagements, impressions decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"engagements", "impressions"}, engagements, impressions); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(engagements, impressions, hundred, "impressions")
}

// EngagementRateByFollowersOf returns engagements / followers × 100, in
// percent, with followers counted at the end of the period. Zero followers
// is ErrUndefined.
func EngagementRateByFollowersOf(engagements, followers decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"engagements", "followers"}, engagements, followers); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(engagements, followers, hundred, "followers")
}

// ConversationRatePerPostOf returns comments / posts: Avinash Kaushik's
// conversation rate, the audience's comments (or replies) per post
// published, as a plain ratio (2.5 means two and a half comments a post,
// not a percentage). Zero posts is ErrUndefined.
func ConversationRatePerPostOf(comments, posts decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"comments", "posts"}, comments, posts); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(comments, posts, one, "posts")
}

// AmplificationRatePerPostOf returns shares / posts: Avinash Kaushik's
// amplification rate, the shares (reposts, retweets) per post published,
// as a plain ratio. Zero posts is ErrUndefined.
func AmplificationRatePerPostOf(shares, posts decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"shares", "posts"}, shares, posts); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(shares, posts, one, "posts")
}

// ApplauseRatePerPostOf returns likes / posts: Avinash Kaushik's applause
// rate, the likes (favourites, +1s) per post published, as a plain ratio.
// Zero posts is ErrUndefined.
func ApplauseRatePerPostOf(likes, posts decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"likes", "posts"}, likes, posts); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(likes, posts, one, "posts")
}

// ConversationRateByFollowersOf returns comments / followers × 100, in
// percent, with comments over the period and followers at its end: the
// comments per hundred followers. It is not Kaushik's conversation rate,
// which is per post ([ConversationRatePerPostOf]). Zero followers is
// ErrUndefined.
func ConversationRateByFollowersOf(comments, followers decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"comments", "followers"}, comments, followers); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(comments, followers, hundred, "followers")
}

// AmplificationRateByFollowersOf returns shares / followers × 100, in
// percent, with shares over the period and followers at its end: the
// shares per hundred followers. It is not Kaushik's amplification rate,
// which is per post ([AmplificationRatePerPostOf]). Zero followers is
// ErrUndefined.
func AmplificationRateByFollowersOf(shares, followers decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"shares", "followers"}, shares, followers); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(shares, followers, hundred, "followers")
}

// ApplauseRateByFollowersOf returns likes / followers × 100, in percent,
// with likes over the period and followers at its end: the likes per
// hundred followers. It is not Kaushik's applause rate, which is per post
// ([ApplauseRatePerPostOf]). Zero followers is ErrUndefined.
func ApplauseRateByFollowersOf(likes, followers decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"likes", "followers"}, likes, followers); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(likes, followers, hundred, "followers")
}

// ConversationRateOf returns comments / followers × 100, in percent.
//
// Deprecated: it is not Kaushik's conversation rate; use
// [ConversationRateByFollowersOf] for the same figure, or
// [ConversationRatePerPostOf] for Kaushik's.
func ConversationRateOf(comments, followers decimal.Decimal) (decimal.Decimal, error) {
	return ConversationRateByFollowersOf(comments, followers)
}

// AmplificationRateOf returns shares / followers × 100, in percent.
//
// Deprecated: it is not Kaushik's amplification rate; use
// [AmplificationRateByFollowersOf] for the same figure, or
// [AmplificationRatePerPostOf] for Kaushik's.
func AmplificationRateOf(shares, followers decimal.Decimal) (decimal.Decimal, error) {
	return AmplificationRateByFollowersOf(shares, followers)
}

// ApplauseRateOf returns likes / followers × 100, in percent.
//
// Deprecated: it is not Kaushik's applause rate; use
// [ApplauseRateByFollowersOf] for the same figure, or
// [ApplauseRatePerPostOf] for Kaushik's.
func ApplauseRateOf(likes, followers decimal.Decimal) (decimal.Decimal, error) {
	return ApplauseRateByFollowersOf(likes, followers)
}

// ViralityRateOf returns shares / impressions × 100, in percent. Zero
// impressions is ErrUndefined.
func ViralityRateOf(shares, impressions decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"shares", "impressions"}, shares, impressions); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(shares, impressions, hundred, "impressions")
}

// ClickThroughRateOf returns clicks / impressions × 100, in percent. Zero
// impressions is ErrUndefined.
func ClickThroughRateOf(clicks, impressions decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"clicks", "impressions"}, clicks, impressions); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(clicks, impressions, hundred, "impressions")
}

// CostPerClickOf returns spend / clicks, in the spend's currency. Zero clicks
// is ErrUndefined.
func CostPerClickOf(spend, clicks decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"spend", "clicks"}, spend, clicks); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(spend, clicks, one, "clicks")
}

// CostPerMilleOf returns spend / impressions × 1000, the cost of a thousand
// impressions, in the spend's currency. Zero impressions is ErrUndefined.
func CostPerMilleOf(spend, impressions decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"spend", "impressions"}, spend, impressions); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(spend, impressions, thousand, "impressions")
}

// CostPerAcquisitionOf returns spend / conversions, in the spend's currency.
// Zero conversions is ErrUndefined.
func CostPerAcquisitionOf(spend, conversions decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"spend", "conversions"}, spend, conversions); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(spend, conversions, one, "conversions")
}

// ConversionRateOf returns conversions / clicks × 100, in percent. The
// denominator is clicks; tools that divide by sessions or visitors give other
// figures. Zero clicks is ErrUndefined.
func ConversionRateOf(conversions, clicks decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"conversions", "clicks"}, conversions, clicks); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(conversions, clicks, hundred, "clicks")
}

// ReturnOnInvestmentOf returns (revenue − spend) / spend × 100, in percent:
// 50 means every unit spent came back with half a unit of profit; −100 means
// nothing came back. Revenue and spend must be in one currency. Zero spend
// is ErrUndefined.
func ReturnOnInvestmentOf(revenue, spend decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"revenue", "spend"}, revenue, spend); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(revenue.Sub(spend), spend, hundred, "spend")
}

// ShareOfVoiceOf returns mentions / (mentions + competitorMentions) × 100,
// in percent: the brand's share of the conversation among the brands
// tracked. No mention of anyone is ErrUndefined.
func ShareOfVoiceOf(mentions, competitorMentions decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"mentions", "competitorMentions"}, mentions, competitorMentions); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(mentions, mentions.Add(competitorMentions), hundred, "mentions + competitor_mentions")
}

// NetSentimentPolarOf returns (positive − negative) / (positive + negative)
// × 100, in percent, from −100 to 100: the balance among the mentions that
// took a side, ignoring neutral ones. No positive or negative mention is
// ErrUndefined.
func NetSentimentPolarOf(positive, negative decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"positive", "negative"}, positive, negative); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(positive.Sub(negative), positive.Add(negative), hundred, "positive + negative")
}

// NetSentimentAllOf returns (positive − negative) / (positive + negative +
// neutral) × 100, in percent, from −100 to 100: the balance over every
// mention with a sentiment, so neutral mentions pull it towards zero.
// Mentions whose sentiment is unknown are not counted. No classified mention
// is ErrUndefined.
func NetSentimentAllOf(positive, negative, neutral decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"positive", "negative", "neutral"}, positive, negative, neutral); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(positive.Sub(negative), positive.Add(negative).Add(neutral), hundred, "positive + negative + neutral")
}

// ResponseRateOf returns answered / received × 100, in percent. No message
// received is ErrUndefined.
func ResponseRateOf(answered, received decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"answered", "received"}, answered, received); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(answered, received, hundred, "messages_received")
}

// FollowerGrowthRateOf returns (end − start) / start × 100, in percent: the
// growth of the audience over a period, with followers counted at its start
// and at its end. Zero followers at the start is ErrUndefined.
func FollowerGrowthRateOf(start, end decimal.Decimal) (decimal.Decimal, error) {
	if err := checkArgs([]string{"start", "end"}, start, end); err != nil {
		return decimal.Decimal{}, err
	}
	return ratio(end.Sub(start), start, hundred, "followers at start")
}

// AverageFirstResponseTimeOf returns the mean of the samples: their exact sum
// divided by their number. With samples in seconds the result is in seconds.
// No sample is ErrUndefined.
func AverageFirstResponseTimeOf(samples []decimal.Decimal) (decimal.Decimal, error) {
	if len(samples) == 0 {
		return decimal.Decimal{}, fmt.Errorf("%w: no samples", ErrUndefined)
	}
	total, err := Sum(samples)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return total.DivRound(decimal.NewFromInt(int64(len(samples))), Precision), nil
}

// MedianFirstResponseTimeOf returns the median of the samples: the middle one
// in order, or the exact mean of the two middle ones when their number is
// even. It does not change samples. No sample is ErrUndefined.
func MedianFirstResponseTimeOf(samples []decimal.Decimal) (decimal.Decimal, error) {
	if err := checkSamples(samples); err != nil {
		return decimal.Decimal{}, err
	}
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
