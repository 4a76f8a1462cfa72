package strategy_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/kpi"
)

// ExampleStrategy_RankEvergreen ranks two evergreen LinkedIn guides by how
// their publications engaged the people they reached, and fills the next
// free Monday slot with the better one.
func ExampleStrategy_RankEvergreen() {
	plan := verifiedplan.Plan()
	loc := verifiedplan.QuarterStart.Location()
	var results kpi.PostResults
	guide := func(key string, day int, engaged int64) {
		e := calendar.Entry{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte("example-evergreen/"+key)), Channel: channel.LinkedIn,
			At: calendar.Date(2027, time.January, day, 12, 0, 0, 0, loc), Status: calendar.StatusPublished,
			Text: "The " + key + " guide", Owner: verifiedplan.CommunityManager, Evergreen: &calendar.Evergreen{MinGapDays: 28}}
		plan.Entries = append(plan.Entries, e)
		results = append(results,
			kpi.PostResult{Entry: e.ID, Channel: channel.LinkedIn, Metric: kpi.Reach, Value: decimal.NewFromInt(2000)},
			kpi.PostResult{Entry: e.ID, Channel: channel.LinkedIn, Metric: kpi.Engagements, Value: decimal.NewFromInt(engaged)})
	}
	guide("grinder", 7, 64)
	guide("tasting", 14, 118)

	best, ranks, err := plan.RankEvergreen(results, kpi.EngagementRateByReach, kpi.Lifetime)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, e := range best {
		fmt.Printf("%d. %s: median %s%% over %d post(s)\n", i+1, e.Text, ranks[i].Median.StringFixed(2), ranks[i].Posts)
	}

	rule, _ := calendar.ParseRule("FREQ=WEEKLY;BYDAY=MO")
	mondays := calendar.Routine{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte("example-evergreen/mondays")), Channel: channel.LinkedIn,
		Recurrence: calendar.Recurrence{Start: calendar.Date(2027, time.March, 1, 9, 0, 0, 0, loc), Rule: rule}}
	slots, _ := calendar.Slots([]calendar.Routine{mondays}, nil,
		calendar.Window{From: calendar.Date(2027, time.March, 1, 0, 0, 0, 0, loc), To: calendar.Date(2027, time.March, 2, 0, 0, 0, 0, loc)})
	reused, err := calendar.ReuseEvergreen(best, slots, plan.CalendarRules, plan.Entries)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range reused {
		fmt.Println(e.At.Format("Mon 2 Jan 15:04"), e.Text)
	}
	// Output:
	// 1. The tasting guide: median 5.90% over 1 post(s)
	// 2. The grinder guide: median 3.20% over 1 post(s)
	// Mon 1 Mar 09:00 The tasting guide
}
