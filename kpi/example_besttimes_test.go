package kpi_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/kpi"
)

// Monday 10:00 has ten posts averaging 5%, Tuesday 10:00 one lucky post at
// 6.5%: shrunk toward the mean, Monday scores best.
func ExampleRankTimes() {
	var values []kpi.TimedValue
	add := func(day time.Weekday, hour int, rates ...string) {
		for _, r := range rates {
			values = append(values, kpi.TimedValue{Slot: kpi.HourSlot{Weekday: day, Hour: hour}, Value: decimal.RequireFromString(r)})
		}
	}
	add(time.Monday, 10, "2", "8", "3", "7", "5", "2", "8", "3", "7", "5")
	add(time.Wednesday, 18, "1", "6", "2", "4", "2", "1", "6", "2", "4", "2")
	add(time.Tuesday, 10, "6.5")
	best, err := kpi.RankTimes(values)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("evidence:", best.Evidence, "overall:", best.Overall.StringFixed(2))
	for _, s := range best.Slots {
		fmt.Printf("%s  %2d posts  mean %s  weight %s  score %s\n", s.Slot, s.Posts, s.Mean.StringFixed(2), s.Weight.StringFixed(2), s.Score.StringFixed(2))
	}
	// Output:
	// evidence: true overall: 4.12
	// Mon 10:00  10 posts  mean 5.00  weight 0.76  score 4.79
	// Tue 10:00   1 posts  mean 6.50  weight 0.24  score 4.68
	// Wed 18:00  10 posts  mean 3.00  weight 0.76  score 3.27
}
