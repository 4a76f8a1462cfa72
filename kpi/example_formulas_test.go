package kpi_test

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/kpi"
)

// Rates are in percent, exact to Precision places. A zero denominator is
// ErrUndefined, never Inf, NaN or a panic.
func ExampleEngagementRateByReachOf() {
	rate, err := kpi.EngagementRateByReachOf(decimal.NewFromInt(437), decimal.NewFromInt(12_000))
	fmt.Println(rate, err)

	_, err = kpi.EngagementRateByReachOf(decimal.NewFromInt(437), decimal.Zero)
	fmt.Println(errors.Is(err, kpi.ErrUndefined), err)
	// Output:
	// 3.6416666667 <nil>
	// true kpi: undefined: reach is zero
}

// Vendors compute net sentiment two ways; tandem names both.
func ExampleNetSentimentPolarOf() {
	pos, neg, neutral := decimal.NewFromInt(60), decimal.NewFromInt(20), decimal.NewFromInt(120)
	polar, _ := kpi.NetSentimentPolarOf(pos, neg)
	all, _ := kpi.NetSentimentAllOf(pos, neg, neutral)
	fmt.Println(kpi.NetSentimentPolar.Definition(), "=", polar)
	fmt.Println(kpi.NetSentimentAll.Definition(), "=", all)
	// Output:
	// (positive − negative) / (positive + negative) × 100 = 50
	// (positive − negative) / (positive + negative + neutral) × 100 = 20
}

// Every formula states its definition, its unit and the metrics it reads.
func ExampleFormula_Definition() {
	for _, f := range []kpi.Formula{kpi.ClickThroughRate, kpi.CostPerMille, kpi.ReturnOnInvestment, kpi.ShareOfVoice} {
		fmt.Printf("%-22s %-8s %v: %s\n", f, f.Unit(), f.Inputs(), f.Definition())
	}
	// Output:
	// click_through_rate     percent  [clicks impressions]: clicks / impressions × 100
	// cost_per_mille         money    [spend impressions]: spend / impressions × 1000
	// return_on_investment   percent  [revenue spend]: (revenue − spend) / spend × 100
	// share_of_voice         percent  [mentions competitor_mentions]: mentions / (mentions + competitor_mentions) × 100
}

// Kaushik's conversation, amplification and applause rates are per post;
// the same counts divided by the followers are other figures, in percent.
// tandem names both.
func ExampleConversationRatePerPostOf() {
	comments, shares, likes := decimal.NewFromInt(90), decimal.NewFromInt(24), decimal.NewFromInt(1_500)
	posts, followers := decimal.NewFromInt(12), decimal.NewFromInt(6_000)

	conversation, _ := kpi.ConversationRatePerPostOf(comments, posts)
	amplification, _ := kpi.AmplificationRatePerPostOf(shares, posts)
	applause, _ := kpi.ApplauseRatePerPostOf(likes, posts)
	fmt.Println("per post:", conversation, amplification, applause)

	conversation, _ = kpi.ConversationRateByFollowersOf(comments, followers)
	amplification, _ = kpi.AmplificationRateByFollowersOf(shares, followers)
	applause, _ = kpi.ApplauseRateByFollowersOf(likes, followers)
	fmt.Println("per 100 followers:", conversation, amplification, applause)

	for _, f := range []kpi.Formula{kpi.ConversationRatePerPost, kpi.ConversationRateByFollowers} {
		fmt.Printf("%s (%s): %s\n", f, f.Unit(), f.Definition())
	}
	// Output:
	// per post: 7.5 2 125
	// per 100 followers: 1.5 0.4 25
	// conversation_rate_per_post (ratio): comments / posts
	// conversation_rate_by_followers (percent): comments / followers × 100
}
