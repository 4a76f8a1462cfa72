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

// ExampleStrategy_BestTimes ranks the Instagram account's hour slots from
// six weeks of its posts' engagement rates, on its audience's clock, and
// checks the results against the plan first.
func ExampleStrategy_BestTimes() {
	plan := verifiedplan.Plan()
	loc := verifiedplan.QuarterStart.Location()
	var results kpi.PostResults
	post := func(key string, at time.Time, engaged int64) {
		e := calendar.Entry{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte("example/"+key)), Channel: channel.Instagram, At: at,
			Status: calendar.StatusPublished, Text: "Post " + key, Owner: verifiedplan.CommunityManager,
			Media: []channel.Media{{Kind: channel.Image, URL: "https://bluebird.coffee/media/" + key + ".jpg"}}}
		plan.Entries = append(plan.Entries, e)
		results = append(results,
			kpi.PostResult{Entry: e.ID, Channel: channel.Instagram, Metric: kpi.Reach, Value: decimal.NewFromInt(10000)},
			kpi.PostResult{Entry: e.ID, Channel: channel.Instagram, Metric: kpi.Engagements, Value: decimal.NewFromInt(engaged)})
	}
	for week := range 6 {
		monday := calendar.LocalDate{Year: 2027, Month: time.January, Day: 4}.AddDays(7 * week)
		for _, p := range []struct {
			day, hour int
			engaged   int64
		}{{1, 18, 110}, {3, 12, 780}, {5, 11, 450}} {
			d := monday.AddDays(p.day)
			post(fmt.Sprintf("%d/%d", week, p.day), calendar.Date(d.Year, d.Month, d.Day, p.hour, 0, 0, 0, loc), p.engaged+int64(week*7))
		}
	}
	if err := plan.CheckPosts(results); err != nil {
		fmt.Println(err)
		return
	}
	best, err := plan.BestTimes(results, kpi.EngagementRateByReach, kpi.Lifetime, channel.AccountRef{Channel: channel.Instagram})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("evidence:", best.Evidence)
	for _, s := range best.Slots {
		fmt.Printf("%s  %d posts  mean %s%%  score %s%%\n", s.Slot, s.Posts, s.Mean.StringFixed(2), s.Score.StringFixed(2))
	}
	// Output:
	// evidence: true
	// Thu 12:00  6 posts  mean 7.98%  score 7.97%
	// Sat 11:00  6 posts  mean 4.68%  score 4.67%
	// Tue 18:00  6 posts  mean 1.28%  score 1.28%
}
