package kpi_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// Posts are compared at one age: here a day after publication. The mean
// of the posts' rates weighs each post the same; the ratio of sums weighs
// each by its reach.
func ExamplePostResults_PerPost() {
	day := kpi.AgeOf(24 * time.Hour)
	reel, photo := uuid.MustParse("6f1c0000-0000-4000-8000-000000000001"), uuid.MustParse("6f1c0000-0000-4000-8000-000000000002")
	at := func(entry uuid.UUID, m kpi.Metric, age kpi.Age, v int64) kpi.PostResult {
		return kpi.PostResult{Entry: entry, Channel: channel.Instagram, Metric: m, Age: age, Value: decimal.NewFromInt(v)}
	}
	results := kpi.PostResults{
		at(reel, kpi.Engagements, day, 120), at(reel, kpi.Reach, day, 1000),
		at(photo, kpi.Engagements, day, 9), at(photo, kpi.Reach, day, 50),
		at(photo, kpi.Reach, kpi.Lifetime, 80), // another age: not compared
	}
	p, err := results.PerPost(kpi.EngagementRateByReach, day)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range p.Values {
		fmt.Println(v.Post.Entry == reel, v.Value)
	}
	mean, _ := p.MeanOfPostRates()
	ratio, _ := p.RatioOfSums()
	fmt.Println("mean of post rates:", mean)
	fmt.Println("ratio of sums:", ratio)
	fmt.Println("results at other ages:", p.OtherAges)
	// Output:
	// true 12
	// false 18
	// mean of post rates: 15
	// ratio of sums: 12.2857142857
	// results at other ages: 1
}

// The cost per click of each paid post, in the currency of its spend,
// which is divided exactly (12.345 EUR over 7 clicks). A post with spend
// but no click has no cost per click, and an organic post, with clicks but
// no spend, is listed as unpaid: neither counts as zero.
func ExamplePostResults_PerPost_costPerClick() {
	week := kpi.AgeOf(7 * 24 * time.Hour)
	reel := uuid.MustParse("6f1c0000-0000-4000-8000-000000000001")
	story := uuid.MustParse("6f1c0000-0000-4000-8000-000000000002")
	photo := uuid.MustParse("6f1c0000-0000-4000-8000-000000000003")
	clicks := func(entry uuid.UUID, n int64) kpi.PostResult {
		return kpi.PostResult{Entry: entry, Channel: channel.Instagram, Metric: kpi.Clicks, Age: week, Value: decimal.NewFromInt(n)}
	}
	spend := func(entry uuid.UUID, amount string) kpi.PostResult {
		return kpi.PostResult{Entry: entry, Channel: channel.Instagram, Metric: kpi.Spend, Age: week,
			Value: decimal.RequireFromString(amount), Currency: "EUR"}
	}
	results := kpi.PostResults{
		spend(reel, "12.345"), clicks(reel, 7),
		spend(story, "10"), clicks(story, 0),
		clicks(photo, 40),
	}
	p, err := results.PerPost(kpi.CostPerClick, week)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range p.Values {
		fmt.Println("reel:", v.Post.Entry == reel, v.Value, p.Currency)
	}
	fmt.Println("undefined (story):", p.Undefined[0].Entry == story)
	fmt.Println("unpaid (photo):", p.Unpaid[0].Entry == photo)
	ratio, _ := p.RatioOfSums()
	fmt.Println("total spend ÷ total clicks:", p.Numerator, "÷", p.Denominator, "=", ratio)

	// Spend in another currency is an error, never a mix.
	results = append(results, kpi.PostResult{Entry: photo, Channel: channel.Instagram, Metric: kpi.Spend, Age: week,
		Value: decimal.NewFromInt(5), Currency: "USD"})
	_, err = results.PerPost(kpi.CostPerClick, week)
	fmt.Println(errors.Is(err, kpi.ErrMixedCurrencies), err)
	// Output:
	// reel: true 1.7635714286 EUR
	// undefined (story): true
	// unpaid (photo): true
	// total spend ÷ total clicks: 22.345 ÷ 7 = 3.1921428571
	// true kpi: mixed currencies: [5].currency is USD but [0].currency is EUR; cost_per_click compares posts in one currency: select the results of one
}
