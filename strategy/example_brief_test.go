package strategy_test

import (
	"fmt"

	"github.com/tandemsocial/tandem/examples/verifiedplan"
)

// Brief gives a community manager their page of the plan: here Mateo's
// week from Monday 15 February 2027, the objectives his work serves and
// whom to call at each crisis level.
func ExampleStrategy_Brief() {
	plan := verifiedplan.Plan()
	b, err := plan.Brief(verifiedplan.CommunityManager, verifiedplan.AsOf, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s, %s to %s (%s)\n", b.Person.Name, b.From.Format("Mon 2 Jan"), b.To.AddDate(0, 0, -1).Format("Mon 2 Jan"), b.Zone)
	for _, it := range b.Week {
		overdue := ""
		if it.Overdue {
			overdue = " (overdue)"
		}
		fmt.Printf("  %s  %-10s %s%s\n", it.At.Format("Mon 2 Jan 15:04 MST"), it.Kind, it.Title, overdue)
	}
	for _, o := range b.Objectives {
		fmt.Printf("%d this week: %s\n", o.ThisWeek, o.Statement)
	}
	for _, l := range b.Crisis {
		fmt.Printf("crisis %s: %s handles, %s approves\n", l.Name, l.Handler.Name, l.Approver.Name)
	}
	// Output:
	// Mateo Ruiz, Mon 15 Feb to Sun 21 Feb (Europe/Madrid)
	//   Wed 10 Feb 18:00 CET  assignment Draft the Office Coffee Week posts (overdue)
	//   Mon 15 Feb 10:00 CET  slot       brewing tips (reel)
	//   Tue 16 Feb 09:00 CET  slot       office coffee (article)
	//   Tue 16 Feb 18:00 CET  slot       behind the scenes (carousel)
	//   Wed 17 Feb 10:00 CET  slot       brewing tips (reel)
	//   Wed 17 Feb 12:00 CET  entry      The office tasting guide: how to choose coffee your whole team will like
	//   Thu 18 Feb 09:00 CET  slot       office coffee (article)
	//   Fri 19 Feb 10:00 CET  slot       brewing tips (reel)
	// 4 this week: Raise Instagram engagement by reach from 3% to 4.5% and reach 15,000 followers
	// 0 this week: Raise share of voice among Madrid roasters from 18% to 25%
	// 4 this week: Bring LinkedIn cost per click from 0.80 to 0.60 EUR while offices sign up
	// crisis low: Mateo Ruiz handles, Lucía Ortega approves
	// crisis high: Mateo Ruiz handles, Lucía Ortega approves
	// crisis critical: Mateo Ruiz handles, Lucía Ortega approves
}
