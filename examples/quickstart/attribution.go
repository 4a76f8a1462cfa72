package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/strategy"
)

// attributionReport is what the posts' tagged links brought back: the
// sample visits, and strategy.Attribute's verdict on them.
type attributionReport struct {
	Visits []strategy.Visit     `json:"visits"`
	Result strategy.Attribution `json:"result"`
	// Sources says, by campaign ID, whether its utm_source names the
	// network or the account (strategy.LinkSource).
	Sources map[uuid.UUID]strategy.LinkSource `json:"sources"`
	// texts are the entries' texts by ID, for printing.
	texts map[uuid.UUID]string
}

// sampleVisits are what the brand's web analytics recorded by Monday
// morning: clicks on the links the published posts carried, as tagged
// in cal (the calendar as it went out), and one visit whose link carried
// no tags at all (somebody shared the bare URL).
func (s *sample) sampleVisits(cal calendar.Calendar) ([]strategy.Visit, error) {
	link := func(key, account string) (string, error) {
		id := entry(s.plan, key)
		if id == nil {
			return "", fmt.Errorf("the plan lacks the %s entry", key)
		}
		for _, e := range cal.Entries {
			if e.ID == id.ID {
				return e.Post(account).Link, nil
			}
		}
		return "", fmt.Errorf("the calendar lacks the %s entry", key)
	}
	eur := func(amount string) strategy.Budget {
		return strategy.Budget{Amount: decimal.RequireFromString(amount), Currency: "EUR"}
	}
	var visits []strategy.Visit
	for _, v := range []struct {
		entry, account string
		clicks, conv   int64
		revenue        string
	}{
		{"origin-huila", brandHandle, 412, 9, "171.00"},
		{"origin-film", brandHandle, 138, 4, "76.00"},
		{"office-week-opens", companyPage, 38, 2, ""},
		{"office-week-opens", founder, 95, 6, ""},
	} {
		u, err := link(v.entry, v.account)
		if err != nil {
			return nil, err
		}
		visit := strategy.Visit{URL: u, Clicks: v.clicks, Conversions: v.conv}
		if v.revenue != "" {
			visit.Revenue = eur(v.revenue)
		}
		visits = append(visits, visit)
	}
	return append(visits, strategy.Visit{URL: "https://bluebird.coffee/office-week", Clicks: 12}), nil
}

// attribute gives the sample visits to the plan's campaigns, entries and
// accounts.
func (s *sample) attribute(cal calendar.Calendar) (*attributionReport, error) {
	visits, err := s.sampleVisits(cal)
	if err != nil {
		return nil, err
	}
	res, err := strategy.Attribute(s.plan, visits)
	if err != nil {
		return nil, err
	}
	r := &attributionReport{Visits: visits, Result: res, Sources: map[uuid.UUID]strategy.LinkSource{}, texts: map[uuid.UUID]string{}}
	for _, c := range s.plan.Campaigns {
		if !c.Links.IsZero() {
			src := c.Links.Source
			if src == "" {
				src = strategy.LinkSourceNetwork
			}
			r.Sources[c.ID] = src
		}
	}
	for _, e := range s.plan.Entries {
		r.texts[e.ID] = e.Text
		if e.Title != "" {
			r.texts[e.ID] = e.Title
		}
	}
	return r, nil
}

func printAttribution(w io.Writer, r *attributionReport) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(label string, o strategy.Outcome) {
		cells := []string{label, count64(o.Clicks, "click"), count64(o.Conversions, "conversion")}
		if len(o.Revenue) > 0 {
			cells = append(cells, revenue(o.Revenue))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	for _, c := range r.Result.Campaigns {
		row("  "+c.Name, c.Outcome)
		for _, e := range r.Result.Entries {
			if e.Campaign != c.Campaign {
				continue
			}
			row("    "+shorten(r.texts[e.Entry], 50), e.Outcome)
			for _, src := range e.Sources {
				from := "from " + src.Source
				if r.Sources[c.Campaign] == strategy.LinkSourceAccount {
					from = "from @" + src.Source
				}
				row("      "+from, src.Outcome)
			}
		}
	}
	row("  all visits", r.Result.Total)
	tw.Flush()
	for _, u := range r.Result.Unattributed {
		v := r.Visits[u.Visit]
		fmt.Fprintf(w, "  not attributed: %d clicks on %s: %s\n", v.Clicks, v.URL, u.Reason)
	}
}

// revenue prints the amounts of an outcome's revenue: "247.00 EUR".
func revenue(amounts []strategy.Budget) string {
	out := make([]string, len(amounts))
	for i, a := range amounts {
		out[i] = a.Amount.StringFixed(2) + " " + a.Currency
	}
	return strings.Join(out, ", ")
}

// count64 writes n and noun, with an s when n is not 1.
func count64(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
