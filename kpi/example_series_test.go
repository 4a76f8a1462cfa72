package kpi_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// A Series validates observations once; its sums are exact and fast.
func ExampleSeries_Sum() {
	t := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	eur := func(ch channel.Channel, h int, v string) kpi.Observation {
		return kpi.Observation{Metric: kpi.Spend, Channel: ch, At: t.Add(time.Duration(h) * time.Hour), Value: decimal.RequireFromString(v), Currency: "EUR"}
	}
	s, err := kpi.NewSeries([]kpi.Observation{
		eur(channel.Instagram, 0, "0.10"), eur(channel.Instagram, 1, "0.20"), eur(channel.TikTok, 0, "1e3"),
		{Metric: kpi.Spend, Channel: channel.X, At: t, Value: decimal.NewFromInt(40), Currency: "USD"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	sum, err := s.Sum(kpi.Selection{Metric: kpi.Spend, Channels: []channel.Channel{channel.Instagram, channel.TikTok}})
	fmt.Println(sum, err) // 0.1 + 0.2 is exactly 0.3
	_, err = s.Sum(kpi.Selection{Metric: kpi.Spend})
	fmt.Println(err)
	sum, _ = s.Sum(kpi.Selection{Metric: kpi.Spend, Currency: "USD"})
	fmt.Println(sum)
	// Output:
	// 1000.3 <nil>
	// kpi: mixed currencies: spend is recorded in EUR and USD; select one currency
	// 40
}

// NewSeries reports every bad observation by its index.
func ExampleNewSeries() {
	t := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	_, err := kpi.NewSeries([]kpi.Observation{
		{Metric: kpi.Followers, Channel: channel.YouTube, At: t.Add(time.Hour), Value: decimal.NewFromInt(900)},
		{Metric: kpi.Followers, Channel: channel.YouTube, At: t, Value: decimal.NewFromInt(880)},
		{Metric: kpi.Clicks, Channel: channel.YouTube, At: t, Value: decimal.RequireFromString("-2")},
		{Metric: "pageviews", At: t, Value: decimal.NewFromInt(1)},
	})
	fmt.Println(err)
	// Output:
	// invalid: [1].at: is before the previous followers observation on youtube (2025-05-01T10:00:00Z); [2].value: a count must not be negative; [3].metric: "pageviews" is not supported; valid values are "impressions", "reach", "engagements", "likes", "comments", "shares", "saves", "clicks", "video_views", "watch_time", "followers", "new_followers", "posts", "mentions", "competitor_mentions", "positive_mentions", "negative_mentions", "neutral_mentions", "messages_received", "messages_answered", "first_response_time", "conversions", "spend", "revenue"
}
