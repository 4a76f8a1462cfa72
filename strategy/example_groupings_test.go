package strategy_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// A brand posts each entry from its main Instagram account and from its
// Spanish one, which publishes a variant with a link and more hashtags,
// and boosts one post. PostGroupingsFor keys each post by the account
// that published it, by whether money was spent on it, and by the text
// that account published.
func ExampleStrategy_PostGroupingsFor() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	plan := &strategy.Strategy{
		Zone: "Europe/Madrid",
		Accounts: channel.Accounts{
			{Channel: channel.Instagram, Handle: "Acme"},
			{Channel: channel.Instagram, Handle: "acme_es", Zone: "America/Mexico_City"},
		},
	}
	var results kpi.PostResults
	for i, engaged := range []int64{40, 55, 30} {
		e := calendar.Entry{
			ID: uuid.NewSHA1(uuid.NameSpaceURL, fmt.Appendf(nil, "example/%d", i)), Channel: channel.Instagram,
			Accounts: []string{"Acme", "acme_es"}, At: calendar.Date(2027, 1, 11+i, 10, 0, 0, 0, madrid),
			Text: "Fresh from the roaster #coffee",
			Variants: []calendar.Variant{{Account: "acme_es",
				Text: "Recién tostado: la receta en https://acme.example/es #cafe #receta #tostado #mexico"}},
		}
		plan.Entries = append(plan.Entries, e)
		for _, handle := range e.Accounts {
			results = append(results,
				kpi.PostResult{Entry: e.ID, Channel: e.Channel, Account: handle, Metric: kpi.Reach, Value: decimal.NewFromInt(1000)},
				kpi.PostResult{Entry: e.ID, Channel: e.Channel, Account: handle, Metric: kpi.Engagements, Value: decimal.NewFromInt(engaged)})
			engaged += 25 // the Spanish audience engages more
		}
	}
	// The first post of the main account was boosted.
	results = append(results, kpi.PostResult{Entry: plan.Entries[0].ID, Channel: channel.Instagram, Account: "acme",
		Metric: kpi.Spend, Value: decimal.NewFromInt(20), Currency: "EUR"})

	groupings, err := plan.PostGroupingsFor(results)
	if err != nil {
		fmt.Println(err)
		return
	}
	w, err := results.WhatWorks(kpi.EngagementRateByReach, kpi.Lifetime, groupings, kpi.WhatWorksOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range w.Groupings {
		if !slices.Contains([]string{"account", "paid", "hour", "link", "hashtags", "length"}, g.By) {
			continue
		}
		for _, group := range g.Groups {
			fmt.Printf("%-8s %-17s %d posts, median %s%%\n", g.By, group.Key, group.Posts, group.Median.StringFixed(1))
		}
	}
	// Output:
	// account  instagram/Acme    3 posts, median 4.0%
	// account  instagram/acme_es 3 posts, median 6.5%
	// paid     organic           5 posts, median 5.5%
	// paid     paid              1 posts, median 4.0%
	// hour     03:00             3 posts, median 6.5%
	// hour     10:00             3 posts, median 4.0%
	// link     link              3 posts, median 6.5%
	// link     no link           3 posts, median 4.0%
	// hashtags 1                 3 posts, median 4.0%
	// hashtags 4+                3 posts, median 6.5%
	// length   medium (80-199)   3 posts, median 6.5%
	// length   short (<80)       3 posts, median 4.0%
}
