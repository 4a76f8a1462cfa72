package report_test

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/report"
	"github.com/tandemsocial/tandem/strategy"
)

// titleOf returns the <title> of an SVG document.
func titleOf(svg string) string {
	m := regexp.MustCompile(`<title id="[^"]*">([^<]*)</title>`).FindStringSubmatch(svg)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

func ExampleWriteHTML() {
	plan := &strategy.Strategy{Zone: "Europe/Madrid", Brand: strategy.Brand{Name: "Bluebird <Coffee> & Co"},
		Goal: strategy.Goal{Statement: "Be the roaster Madrid talks about"}}
	asOf := time.Date(2027, time.February, 15, 9, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	if err := report.WriteHTML(&b, &report.Review{Plan: plan}, asOf, nil); err != nil {
		fmt.Println(err)
		return
	}
	page := b.String()
	fmt.Println(strings.Contains(page, "<title>Bluebird &lt;Coffee&gt; &amp; Co: plan review</title>"))
	sections := regexp.MustCompile(`<section id="([^"]+)"(?s:.*?)<p class="missing">([^<]*)</p>`)
	for _, m := range sections.FindAllStringSubmatch(page, -1) {
		fmt.Printf("%s: %s\n", m[1], html.UnescapeString(m[2]))
	}
	// Output:
	// true
	// kpis: The plan has no KPIs, so there is no progress to draw.
	// calendar: The plan has no span to draw: no campaign, entry or goal deadline gives it a start and an end.
	// what-works: What works was not given: strategy.Review finds it when it is given the posts' results.
	// best-times: The best times to post (strategy.Strategy.BestTimes) were not given.
	// drill: No crisis drill (crisis.Drill) was given.
	// community: Neither the response-time report (community.Responder.Report) nor the opinion leaders (community.RankLeaders) were given.
	// findings: The verification report (strategy.Verify) was not given.
	// traceability: The traceability matrix (strategy.Trace) was not given.
}

func ExampleSections() {
	fmt.Println(strings.Join(report.Sections(), " "))
	// Output:
	// kpis calendar what-works best-times drill community findings traceability
}

func ExampleKPIChart() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	day := func(d int) time.Time { return time.Date(2027, time.January, d, 23, 0, 0, 0, madrid) }
	followers := kpi.KPI{
		ID: strategy.NewIDSpace("example").ID("kpi", "followers"), Name: "Instagram followers",
		Measure: kpi.Measure{Metric: kpi.Followers}, Channels: []channel.Channel{channel.Instagram},
		Unit: kpi.UnitCount, Direction: kpi.Increase, Tolerance: decimal.NewFromInt(10),
		Baseline: kpi.Baseline{Value: decimal.NewFromInt(1000), At: day(1)},
		Target:   kpi.Target{Value: decimal.NewFromInt(1300), Deadline: day(31)},
	}
	var obs []kpi.Observation
	for d := 2; d <= 10; d++ {
		obs = append(obs, kpi.Observation{Metric: kpi.Followers, Channel: channel.Instagram, At: day(d), Value: decimal.NewFromInt(int64(1000 + 12*d))})
	}
	series, _ := kpi.NewSeries(obs)
	var b bytes.Buffer
	if err := report.KPIChart(&b, followers, series, day(10), nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(titleOf(b.String()))
	fmt.Println("observed values drawn:", strings.Count(b.String(), `class="point"`))
	fmt.Println("forecast drawn:", strings.Contains(b.String(), `class="forecast"`))
	// Output:
	// KPI: Instagram followers
	// observed values drawn: 9
	// forecast drawn: true
}

func ExampleCalendarChart() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	jan := func(d, h int) time.Time { return time.Date(2027, time.January, d, h, 0, 0, 0, madrid) }
	cal := calendar.Calendar{
		Entries: []calendar.Entry{
			{Channel: channel.Instagram, At: jan(4, 10)},
			{Channel: channel.Instagram, At: jan(4, 18)},
			{Channel: channel.LinkedIn, At: jan(5, 9)},
		},
		Blackouts: []calendar.Blackout{calendar.NewDayBlackout(calendar.LocalDate{Year: 2027, Month: time.January, Day: 6}, calendar.LocalDate{Year: 2027, Month: time.January, Day: 6}, madrid, "Epiphany")},
	}
	var b bytes.Buffer
	if err := report.CalendarChart(&b, cal, nil, calendar.Window{From: jan(4, 0), To: jan(11, 0)}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(titleOf(b.String()))
	fmt.Println("days drawn:", strings.Count(b.String(), `class="day"`))
	fmt.Println("blackouts drawn:", strings.Count(b.String(), `class="blackout"`))
	// Output:
	// Posts per day per account
	// days drawn: 14
	// blackouts drawn: 2
}

func ExampleWhatWorksChart() {
	ww := &kpi.WhatWorks{Formula: kpi.EngagementRateByReach, Posts: 12, Baseline: decimal.RequireFromString("2.1"),
		Groupings: []kpi.GroupingResult{{By: "format", Groups: []kpi.Group{
			{By: "format", Key: "reel", Posts: 6, Median: decimal.RequireFromString("2.7"),
				Interval: &kpi.MedianInterval{Low: decimal.RequireFromString("2.5"), High: decimal.RequireFromString("2.9"), Rank: 1},
				Lift:     kpi.Lift{Evidence: kpi.EvidenceSupported, Difference: decimal.RequireFromString("0.6")}},
			{By: "format", Key: "image", Posts: 6, Median: decimal.RequireFromString("2.0"),
				Interval: &kpi.MedianInterval{Low: decimal.RequireFromString("1.6"), High: decimal.RequireFromString("2.4"), Rank: 1},
				Lift:     kpi.Lift{Evidence: kpi.EvidenceNotEnough}},
		}}}}
	var b bytes.Buffer
	if err := report.WhatWorksChart(&b, ww); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(titleOf(b.String()))
	fmt.Println("groups drawn:", strings.Count(b.String(), `class="median"`))
	// Output:
	// What works: engagement_rate_by_reach by group
	// groups drawn: 2
}

func ExampleBestTimesChart() {
	var values []kpi.TimedValue
	for i := range 12 {
		slot := kpi.HourSlot{Weekday: time.Tuesday, Hour: 18}
		v := 4.0 + float64(i%3)/10
		if i%2 == 0 {
			slot, v = kpi.HourSlot{Weekday: time.Monday, Hour: 9}, 2.0+float64(i%3)/10
		}
		values = append(values, kpi.TimedValue{Slot: slot, Value: decimal.NewFromFloat(v)})
	}
	best, _ := kpi.RankTimes(values)
	var b bytes.Buffer
	if err := report.BestTimesChart(&b, channel.AccountRef{Channel: channel.Instagram, Handle: "bluebirdcoffee"}, best); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(titleOf(b.String()))
	fmt.Println("slots with posts:", strings.Count(b.String(), `class="slot"`))
	// Output:
	// Best times to post from @bluebirdcoffee on Instagram
	// slots with posts: 2
}

func ExampleDrillTimeline() {
	at := time.Date(2027, time.February, 20, 16, 0, 0, 0, time.UTC)
	drill := &crisis.DrillReport{End: at.Add(time.Hour), Timeline: []crisis.Entry{
		{At: at, Incident: 1, Kind: crisis.EntryAlert, Level: "high"},
		{At: at, Incident: 1, Kind: crisis.EntryOpen, Level: "high"},
		{At: at.Add(10 * time.Minute), Incident: 1, Kind: crisis.EntryFirstResponse, Level: "high", Status: crisis.StatusMet},
		{At: at.Add(30 * time.Minute), Incident: 1, Kind: crisis.EntryStatement, Level: "high", Status: crisis.StatusMissed, Detail: "x"},
	}}
	var b bytes.Buffer
	if err := report.DrillTimeline(&b, drill, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(titleOf(b.String()))
	fmt.Println("entries drawn:", strings.Count(b.String(), `class="event"`))
	// Output:
	// Crisis drill timeline
	// entries drawn: 4
}

func ExampleResponseTimesChart() {
	times := &community.ResponseTimes{Samples: 4, Mean: calendar.Duration(40 * time.Minute), Median: calendar.Duration(30 * time.Minute), P90: calendar.Duration(90 * time.Minute)}
	rep := &community.ResponseReport{Overall: community.ResponseStats{Received: 5, Answered: 4, Breached: 1, FirstResponse: times}}
	targets := []community.Target{{Within: calendar.Duration(time.Hour)}}
	var b bytes.Buffer
	if err := report.ResponseTimesChart(&b, rep, targets, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(titleOf(b.String()))
	fmt.Println("targets drawn:", strings.Count(b.String(), `class="target"`))
	// Output:
	// First-response times against targets
	// targets drawn: 1
}

// Each chart is also a standalone SVG file.
func Example_standaloneSVG() {
	var b bytes.Buffer
	_ = report.DrillTimeline(&b, nil, nil)
	fmt.Println(strings.SplitN(b.String(), "\n", 2)[0])
	fmt.Println(titleOf(b.String()))
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// Crisis drill timeline
}
