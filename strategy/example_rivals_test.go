package strategy_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// Rivals sets the brand beside its competitors month by month: here from
// the mentions of each account and the followers of the brand's Instagram.
// A figure with no observation behind it is undefined, and not ranked: no
// followers reading falls in February, so its growth is unknown, not zero.
func ExampleRivals() {
	plan := verifiedplan.Plan()
	loc, _ := plan.Location()
	// Day 0 of January is 31 December 2026: the reading before the window
	// gives January's starting level.
	at := func(m time.Month, d int) time.Time { return time.Date(2027, m, d, 12, 0, 0, 0, loc) }
	o := func(m kpi.Metric, c channel.Channel, handle string, t time.Time, v int64) kpi.Observation {
		return kpi.Observation{Metric: m, Channel: c, Account: handle, At: t, Value: decimal.NewFromInt(v)}
	}
	obs := []kpi.Observation{
		o(kpi.Followers, channel.Instagram, "bluebirdcoffee", at(time.January, 0), 1000),
		o(kpi.Followers, channel.Instagram, "bluebirdcoffee", at(time.January, 31), 1100),
		o(kpi.Mentions, channel.Instagram, "bluebirdcoffee", at(time.January, 15), 40),
		o(kpi.Mentions, channel.Instagram, "cafeslaestrella", at(time.January, 15), 40),
		o(kpi.Mentions, channel.Instagram, "tostadoresnorte", at(time.January, 15), 20),
		o(kpi.Mentions, channel.Instagram, "bluebirdcoffee", at(time.February, 15), 30),
		o(kpi.Mentions, channel.Instagram, "cafeslaestrella", at(time.February, 15), 30),
		o(kpi.Mentions, channel.Instagram, "tostadoresnorte", at(time.February, 15), 60),
	}
	rep, err := strategy.Rivals(plan, obs, strategy.RivalsOptions{Period: kpi.Month,
		From: time.Date(2027, time.January, 1, 0, 0, 0, 0, loc), To: time.Date(2027, time.March, 1, 0, 0, 0, 0, loc)})
	if err != nil {
		fmt.Println(err)
		return
	}
	show := func(d *decimal.Decimal) string {
		if d == nil {
			return "undefined"
		}
		return d.StringFixed(1)
	}
	for _, p := range rep.Periods {
		fmt.Printf("%s (%d days, %s mentions)\n", p.Label, p.Days, p.Mentions)
		for _, c := range p.Competitors {
			name := c.Competitor
			if c.Brand {
				name = "Bluebird (the brand)"
			}
			fmt.Printf("  %-22s share of voice %5s%% rank %d of %d; follower growth %s\n", name,
				show(c.ShareOfVoice), c.Ranks.ShareOfVoice.Position, c.Ranks.ShareOfVoice.Of, show(c.FollowerGrowthPercent))
		}
	}
	// Output:
	// 2027-01 (31 days, 100 mentions)
	//   Bluebird (the brand)   share of voice  40.0% rank 1 of 3; follower growth 10.0
	//   Cafés La Estrella      share of voice  40.0% rank 1 of 3; follower growth undefined
	//   Tostadores Norte       share of voice  20.0% rank 3 of 3; follower growth undefined
	// 2027-02 (28 days, 120 mentions)
	//   Bluebird (the brand)   share of voice  25.0% rank 2 of 3; follower growth undefined
	//   Cafés La Estrella      share of voice  25.0% rank 2 of 3; follower growth undefined
	//   Tostadores Norte       share of voice  50.0% rank 1 of 3; follower growth undefined
}
