package strategy_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
)

// ExamplePace paces the sample plan's campaigns at its "now", 15 February
// 2027 at 09:00 in Madrid: Origin Stories (1500 EUR from 11 January to
// 1 March) has spent 1300 EUR with 72% of its time elapsed; Office Coffee
// Week started that morning and has spent nothing yet.
func ExamplePace() {
	plan := verifiedplan.Plan()
	origin := plan.Campaigns[0]
	eur := func(s string) strategy.Budget {
		return strategy.Budget{Amount: decimal.RequireFromString(s), Currency: "EUR"}
	}
	spend := []strategy.Spend{
		{Campaign: origin.ID, At: origin.Start.AddDate(0, 0, 20), Amount: eur("700")},
		{Campaign: origin.ID, At: origin.Start.AddDate(0, 0, 30), Amount: eur("600")},
	}
	paces, err := strategy.Pace(plan, spend, verifiedplan.AsOf, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range paces {
		fmt.Printf("%s: %s, spent %s of %s, %s%% of %s days elapsed", p.Name, p.Status, p.Spent, p.Budget, p.Elapsed.StringFixed(2), p.Days)
		if p.Expected != nil {
			fmt.Printf(", expected %s", p.Expected)
		}
		if p.Forecast != nil {
			fmt.Printf(", forecast %s", p.Forecast)
		}
		fmt.Println()
	}

	// A record in another currency is an error at its index.
	spend = append(spend, strategy.Spend{Campaign: origin.ID, At: verifiedplan.AsOf.Add(-time.Hour),
		Amount: strategy.Budget{Amount: decimal.NewFromInt(50), Currency: "USD"}})
	_, err = strategy.Pace(plan, spend, verifiedplan.AsOf, nil)
	fmt.Println(err)
	// Output:
	// Origin Stories: over_pace, spent 1300.00 EUR of 1500.00 EUR, 72.19% of 49 days elapsed, expected 1082.91 EUR, forecast 1800.71 EUR
	// Office Coffee Week: under_pace, spent 0.00 EUR of 900.00 EUR, 1.34% of 28 days elapsed, expected 12.05 EUR, forecast 0.00 EUR
	// invalid: [2].amount.currency: spent in USD, but campaign "Origin Stories" has its budget in EUR
}
