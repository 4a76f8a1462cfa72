package kpi_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// A brand publishes on LinkedIn from its company page and from its
// founder's profile. A KPI on the founder's followers names that account;
// the company page's followers, and a LinkedIn-wide total that names no
// account, are not counted for it.
func ExampleKPI_accounts() {
	at := func(d int) time.Time { return time.Date(2025, 6, d, 18, 0, 0, 0, time.UTC) }
	founder := channel.AccountRef{Channel: channel.LinkedIn, Handle: "janeroe"}
	k := kpi.KPI{
		ID:        uuid.MustParse("2f0c64c6-6a55-5a43-8d2c-8b7c9d1e0f11"),
		Name:      "Founder's LinkedIn followers",
		Measure:   kpi.Measure{Metric: kpi.Followers},
		Accounts:  []channel.AccountRef{founder},
		Unit:      kpi.UnitCount,
		Direction: kpi.Increase,
		Baseline:  kpi.Baseline{Value: decimal.NewFromInt(1000), At: at(1)},
		Target:    kpi.Target{Value: decimal.NewFromInt(2000), Deadline: at(30)},
	}
	if err := k.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	followers := func(account string, d int, n int64) kpi.Observation {
		return kpi.Observation{Metric: kpi.Followers, Channel: channel.LinkedIn, Account: account, At: at(d), Value: decimal.NewFromInt(n)}
	}
	s, err := kpi.NewSeries([]kpi.Observation{
		followers("JaneRoe", 10, 1400), // handles are compared without regard to case
		followers("acmecoffee", 10, 52000),
		followers("", 10, 53400), // LinkedIn as a whole
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := kpi.Evaluate(k, s, at(10), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Actual, p.Status)
	page, _ := s.Sum(kpi.Selection{Metric: kpi.Followers, Accounts: []channel.AccountRef{{Channel: channel.LinkedIn, Handle: "acmecoffee"}}})
	fmt.Println(page)

	k.Accounts = append(k.Accounts, channel.AccountRef{Channel: channel.LinkedIn, Handle: "JANEROE"})
	fmt.Println(k.Validate())
	// Output:
	// 1400 on_track
	// 52000
	// invalid: accounts[1].handle: names @JANEROE on LinkedIn again (first at index 0)
}
