package community_test

import (
	"fmt"
	"time"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
)

// The policy names the brand's own handles, so what the brand writes is
// not triaged, and a question it has answered leaves the inbox.
func ExampleResponsePolicy_brand() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	desk, _ := calendar.ParseClockRange("09:00-18:00")
	policy := community.ResponsePolicy{
		Hours:   calendar.Weekdays(madrid, desk),
		Targets: []community.Target{{Within: calendar.Duration(2 * time.Hour)}},
		Brand:   []string{"@Cafetal"}, // any case, with or without "@"
	}
	r, err := community.NewResponder(policy, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	at := func(hour, min int) time.Time { return time.Date(2026, time.January, 12, hour, min, 0, 0, madrid) }
	inbox := community.Inbox{
		{ID: "q1", Kind: community.KindComment, Channel: channel.Instagram, Thread: "post-1",
			Author: community.Author{Handle: "marco"}, At: at(9, 0), Text: "Is the decaf in stock?"},
		{ID: "a1", Kind: community.KindReply, Channel: channel.Instagram, Thread: "post-1", ReplyTo: "q1",
			Author: community.Author{Handle: "cafetal"}, At: at(9, 20), Text: "It is!"},
		{ID: "q2", Kind: community.KindComment, Channel: channel.Instagram, Thread: "post-1",
			Author: community.Author{Handle: "lucia"}, At: at(9, 30), Text: "And the grinder?"},
	}
	items, err := r.Triage(inbox, at(10, 0))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range items {
		fmt.Println(it.ID, time.Duration(it.Left))
	}
	fmt.Println(r.ByBrand(inbox[1]))
	// Output:
	// q2 1h30m0s
	// true
}
