package strategy_test

import (
	"fmt"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
)

// A brand publishes one LinkedIn post from its company page and from its
// founder's profile, in her own words; its campaign tags every link with
// the account that published it, and the clicks that come back are
// attributed to the campaign, the entry and the account.
func ExampleStrategy_Calendar() {
	plan := verifiedplan.Plan()
	plan.Accounts = append(plan.Accounts, channel.Account{Channel: channel.LinkedIn, Handle: "lucia-bluebird", Name: "Lucía, founder"})
	for i := range plan.Routines {
		if plan.Routines[i].Channel == channel.LinkedIn {
			plan.Routines[i].Account = "bluebird-coffee-roasters"
		}
	}
	for i := range plan.Entries {
		if plan.Entries[i].Channel == channel.LinkedIn {
			plan.Entries[i].Accounts = []string{"bluebird-coffee-roasters", "lucia-bluebird"}
		}
	}
	office := &plan.Entries[4]
	office.Variants = []calendar.Variant{{Account: "lucia-bluebird", Text: "I wrote this guide for every office that asked us how to choose their coffee."}}
	plan.Campaigns[1].Links = strategy.LinkPolicy{Medium: "social", Source: strategy.LinkSourceAccount}

	cal, err := plan.Calendar()
	if err != nil {
		fmt.Println(err)
		return
	}
	out := cal.Entries[4]
	for _, h := range out.Accounts {
		post := out.Post(h)
		tags, _ := calendar.ParseLinkTags(post.Link)
		fmt.Printf("@%s: %.40s… utm_source=%s\n", h, post.Text, tags.Source)
	}

	clicks := []strategy.Visit{
		{URL: out.Post("bluebird-coffee-roasters").Link, Clicks: 120, Conversions: 4},
		{URL: out.Post("lucia-bluebird").Link, Clicks: 310, Conversions: 11},
		{URL: "https://bluebird.coffee/office-guide", Clicks: 9},
	}
	got, err := strategy.Attribute(plan, clicks)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range got.Campaigns {
		fmt.Printf("%s: %d clicks, %d conversions\n", c.Name, c.Clicks, c.Conversions)
	}
	for _, src := range got.Entries[0].Sources {
		fmt.Printf("  from %s: %d clicks\n", src.Source, src.Clicks)
	}
	fmt.Println("unattributed:", got.Unattributed[0].Reason)
	// Output:
	// @bluebird-coffee-roasters: The office tasting guide: how to choose … utm_source=bluebird-coffee-roasters
	// @lucia-bluebird: I wrote this guide for every office that… utm_source=lucia-bluebird
	// Office Coffee Week: 430 clicks, 15 conversions
	//   from bluebird-coffee-roasters: 120 clicks
	//   from lucia-bluebird: 310 clicks
	// unattributed: its URL carries no UTM tags
}
