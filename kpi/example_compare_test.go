package kpi_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/kpi"
)

// Did the April campaign move brand mentions? Compare April with March, and
// the last 7 days with the 7 before.
func ExampleSeries_ComparePeriods() {
	ny, _ := time.LoadLocation("America/New_York")
	var obs []kpi.Observation
	for d := 0; d < 61; d++ { // 1 March to 30 April, one reading a day
		at := time.Date(2025, 3, 1+d, 18, 0, 0, 0, ny)
		n := int64(20)
		if at.Month() == time.April {
			n = 26
		}
		obs = append(obs, kpi.Observation{Metric: kpi.Mentions, At: at, Value: decimal.NewFromInt(n)})
	}
	s, _ := kpi.NewSeries(obs)
	q := kpi.Selection{Metric: kpi.Mentions}

	c, _ := s.ComparePeriods(q, kpi.AggregateSum, kpi.Month, ny, time.Date(2025, 4, 15, 0, 0, 0, 0, ny))
	fmt.Printf("%s %s vs %s %s: +%s (%s%%)\n", c.Current.Label, c.Current.Value, c.Previous.Label, c.Previous.Value, c.Change, c.RelativeChange.StringFixed(1))

	c, _ = s.CompareWindows(q, kpi.AggregateMean, time.Date(2025, 4, 4, 0, 0, 0, 0, ny), 7)
	fmt.Printf("daily mean, last 7 days %s vs 7 before %s: %s%%\n", c.Current.Value.StringFixed(2), c.Previous.Value.StringFixed(2), c.RelativeChange.StringFixed(1))
	// Output:
	// 2025-04 780 vs 2025-03 620: +160 (25.8%)
	// daily mean, last 7 days 22.57 vs 7 before 20.00: 12.9%
}
