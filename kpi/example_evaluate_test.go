package kpi_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// A strategist wants Instagram's engagement rate by reach, over a rolling
// 7 days, to grow from 3% to 5% between January and the end of March.
// Evaluate judges it on 15 February from daily observations: 41% of the way
// where 50.6% was planned, within the tolerance of 10 points.
func ExampleEvaluate() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 23, 0, 0, 0, madrid) }
	k := kpi.KPI{
		ID:         uuid.MustParse("8f612099-f6b8-5dee-9fee-e2ef40504bc1"),
		Name:       "Instagram engagement rate",
		Measure:    kpi.Measure{Formula: kpi.EngagementRateByReach},
		Channels:   []channel.Channel{channel.Instagram},
		Unit:       kpi.UnitPercent,
		Direction:  kpi.Increase,
		WindowDays: 7,
		Baseline:   kpi.Baseline{Value: decimal.NewFromInt(3), At: day(time.January, 1)},
		Target:     kpi.Target{Value: decimal.NewFromInt(5), Deadline: day(time.March, 31)},
		Tolerance:  decimal.NewFromInt(10),
	}
	// Daily reach of 10,000 and engagements growing by 2 a day from 300.
	var obs []kpi.Observation
	for i := 0; i < 45; i++ {
		at := day(time.January, 2+i)
		obs = append(obs,
			kpi.Observation{Metric: kpi.Reach, Channel: channel.Instagram, At: at, Value: decimal.NewFromInt(10_000)},
			kpi.Observation{Metric: kpi.Engagements, Channel: channel.Instagram, At: at, Value: decimal.NewFromInt(int64(300 + 2*i))})
	}
	s, err := kpi.NewSeries(obs)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := kpi.Evaluate(k, s, day(time.February, 15), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("status:  ", p.Status)
	fmt.Println("actual:  ", p.Actual, "% from", p.Observations, "observations")
	fmt.Println("share:   ", p.Share.StringFixed(1), "% of the way")
	fmt.Println("expected:", p.Expected.StringFixed(1), "%")
	fmt.Println("forecast:", p.Forecast.Value.StringFixed(2), "% by", p.Forecast.At.Format("2 Jan"),
		"from", len(p.Forecast.Points), "points, slope", p.Forecast.SlopePerDay.StringFixed(4), "per day")
	fmt.Println(p.Reason)
	// Output:
	// status:   on_track
	// actual:   3.82 % from 14 observations
	// share:    41.0 % of the way
	// expected: 50.6 %
	// forecast: 4.70 % by 31 Mar from 28 points, slope 0.0200 per day
	// 41.00% of the way, 50.59% expected: behind by 9.59 points, within the tolerance of 10
}
