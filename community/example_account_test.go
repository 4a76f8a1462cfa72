package community_test

import (
	"fmt"
	"time"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/kpi"
)

// Cafetal answers on LinkedIn from two accounts: the company page and its
// founder's profile. Each interaction names the account it reached, and
// the report gives each account's figures beside the channel's; its
// observations feed a KPI on the founder's response rate.
func ExampleResponder_Report_accounts() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	at := func(hour, min int) time.Time { return time.Date(2026, time.January, 12, hour, min, 0, 0, madrid) }
	desk, _ := calendar.ParseClockRange("09:00-18:00")
	responder, err := community.NewResponder(community.ResponsePolicy{
		Hours:   calendar.Weekdays(madrid, desk),
		Targets: []community.Target{{Within: calendar.Duration(2 * time.Hour)}},
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	comment := func(id, account string, hour int) community.Interaction {
		return community.Interaction{ID: id, Kind: community.KindComment, Channel: channel.LinkedIn, Account: account,
			Author: community.Author{Handle: "reader-" + id}, At: at(hour, 0), Text: "When do you ship to Porto?"}
	}
	inbox := community.Inbox{
		comment("a", "cafetal", 9),  // under the company page's post
		comment("b", "janeroe", 10), // under the founder's post
		comment("c", "JaneRoe", 11), // the founder again: handles ignore case
	}
	rep, err := responder.Report(inbox, []community.Response{
		{To: "a", At: at(9, 30), By: ana},
		{To: "b", At: at(10, 15), By: luis},
	}, calendar.Window{From: at(0, 0), To: at(18, 0)})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range rep.Channels {
		fmt.Printf("%s: %d received, %d answered\n", c.Channel, c.Received, c.Answered)
	}
	for _, a := range rep.Accounts {
		fmt.Printf("  %s: %d received, %d answered, %d breached\n", a.Ref(), a.Received, a.Answered, a.Breached)
	}
	s, err := kpi.NewSeries(rep.Observations())
	if err != nil {
		fmt.Println(err)
		return
	}
	founder := []channel.AccountRef{{Channel: channel.LinkedIn, Handle: "janeroe"}}
	received, _ := s.Sum(kpi.Selection{Metric: kpi.MessagesReceived, Accounts: founder})
	answered, _ := s.Sum(kpi.Selection{Metric: kpi.MessagesAnswered, Accounts: founder})
	rate, _ := kpi.ResponseRateOf(answered, received)
	fmt.Println("founder's response rate:", rate.StringFixed(1), "%")
	// Output:
	// linkedin: 3 received, 2 answered
	//   @cafetal on LinkedIn: 1 received, 1 answered, 0 breached
	//   @janeroe on LinkedIn: 2 received, 1 answered, 1 breached
	// founder's response rate: 50.0 %
}
