package kpi_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// Daily impressions in Madrid across the spring change of the clocks: each
// bucket runs from local midnight to local midnight, so 30 March has 23
// hours.
func ExampleSeries_Aggregate() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	var obs []kpi.Observation
	for h := 0; h < 72; h += 6 {
		at := time.Date(2025, 3, 29, 3, 0, 0, 0, madrid).Add(time.Duration(h) * time.Hour)
		obs = append(obs, kpi.Observation{Metric: kpi.Impressions, Channel: channel.Instagram, At: at, Value: decimal.NewFromInt(int64(100 + h))})
	}
	s, _ := kpi.NewSeries(obs)
	days, err := s.Aggregate(kpi.Selection{Metric: kpi.Impressions}, kpi.AggregateSum, kpi.Day, madrid,
		time.Date(2025, 3, 29, 0, 0, 0, 0, madrid), time.Date(2025, 4, 1, 0, 0, 0, 0, madrid))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range days {
		fmt.Printf("%s %2.0fh %d observations, sum %s\n", b.Label, b.End.Sub(b.Start).Hours(), b.Count, b.Value)
	}
	// Output:
	// 2025-03-29 24h 4 observations, sum 436
	// 2025-03-30 23h 4 observations, sum 532
	// 2025-03-31 24h 4 observations, sum 628
}

// RollUp turns per-channel follower counts into the brand's total audience
// at every instant any channel was read.
func ExampleSeries_RollUp() {
	t := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	f := func(ch channel.Channel, day int, v int64) kpi.Observation {
		return kpi.Observation{Metric: kpi.Followers, Channel: ch, At: t.AddDate(0, 0, day), Value: decimal.NewFromInt(v)}
	}
	s, _ := kpi.NewSeries([]kpi.Observation{
		f(channel.Instagram, 0, 1200), f(channel.LinkedIn, 1, 300), f(channel.Instagram, 2, 1260), f(channel.LinkedIn, 2, 310),
	})
	total, err := s.RollUp(kpi.Selection{Metric: kpi.Followers})
	if err != nil {
		fmt.Println(err)
		return
	}
	for o := range total.Observations() {
		fmt.Println(o.At.Format("Jan 2"), o.Value)
	}
	// Output:
	// May 1 1200
	// May 2 1500
	// May 3 1570
}
