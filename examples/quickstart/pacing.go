package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
)

// spend is what the campaigns spent by now, as the finance team and the ad
// platforms reported it. Origin Stories paid its photographer (600 EUR)
// and has bought 140 EUR of paid reach every Sunday since it started: its
// paid-reach budget (700 EUR) is gone with two weeks to go. Office Coffee
// Week's LinkedIn ads ran for its first morning. (The daily kpi.Spend
// observations on LinkedIn are the brand's always-on ads, which measure
// its cost per click and belong to no campaign.)
func (s *sample) spend() []strategy.Spend {
	origin := verifiedplan.IDs.ID("campaign", "origin-stories")
	office := verifiedplan.IDs.ID("campaign", "office-coffee-week")
	eur := func(amount string) strategy.Budget {
		return strategy.Budget{Amount: decimal.RequireFromString(amount), Currency: "EUR"}
	}
	at := func(m time.Month, d, h int) time.Time { return time.Date(2027, m, d, h, 0, 0, 0, s.loc) }
	spend := []strategy.Spend{{Campaign: origin, At: at(time.January, 15, 12), Amount: eur("600")}}
	for d := at(time.January, 17, 23); d.Before(s.asOf); d = d.AddDate(0, 0, 7) {
		spend = append(spend, strategy.Spend{Campaign: origin, At: d, Amount: eur("140")})
	}
	return append(spend, strategy.Spend{Campaign: office, At: at(time.February, 15, 9), Amount: eur("12.50")})
}

func printPacing(w io.Writer, paces []strategy.CampaignPace) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  campaign\tspent\tbudget\telapsed\texpected by now\tstatus\tforecast at its end")
	for _, p := range paces {
		expected, forecast := "-", "-"
		if p.Expected != nil {
			expected = p.Expected.Amount.StringFixed(2) + " " + p.Expected.Currency
		}
		if p.Forecast != nil {
			forecast = p.Forecast.Amount.StringFixed(2) + " " + p.Forecast.Currency
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s%% of %s days\t%s\t%s\t%s\n", p.Name, p.Spent, p.Budget,
			p.Elapsed.StringFixed(1), p.Days, expected, words(p.Status), forecast)
	}
	tw.Flush()
}
