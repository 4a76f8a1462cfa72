package kpi_test

import (
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
