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
