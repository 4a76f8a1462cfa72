package report_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/report"
	"github.com/tandemsocial/tandem/strategy"
)

// hostileReview is a small review whose every text is name or text and
// whose figures come from value, hour and minutes.
func hostileReview(name, text, value string, hour int, minutes int64) (*report.Review, time.Time) {
	loc, _ := time.LoadLocation("Europe/Madrid")
	day := func(d int) time.Time { return time.Date(2027, time.January, 1, 23, 0, 0, 0, loc).AddDate(0, 0, d) }
	v, err := decimal.NewFromString(value)
	if err != nil {
		v = decimal.NewFromInt(minutes)
	}
	id := strategy.NewIDSpace("fuzz")
	k := kpi.KPI{ID: id.ID("kpi", "k"), Name: name, Measure: kpi.Measure{Metric: kpi.Followers}, Unit: kpi.UnitCount,
		Direction: kpi.Increase, Tolerance: decimal.NewFromInt(10),
		Baseline: kpi.Baseline{Value: decimal.NewFromInt(100), At: day(0)},
		Target:   kpi.Target{Value: v, Deadline: day(60)}}
	series, err := kpi.NewSeries([]kpi.Observation{
		{Metric: kpi.Followers, Channel: channel.Instagram, At: day(1), Value: decimal.NewFromInt(110)},
		{Metric: kpi.Followers, Channel: channel.Instagram, At: day(2), Value: v},
	})
	if err != nil {
		series = nil
	}
	took := calendar.Duration(time.Duration(minutes) * time.Minute)
	plan := &strategy.Strategy{Zone: "Europe/Madrid", Brand: strategy.Brand{Name: text}, Goal: strategy.Goal{Statement: text, Deadline: day(60)},
		KPIs:          []kpi.KPI{k},
		Campaigns:     []strategy.Campaign{{ID: id.ID("campaign", "c"), Name: name, Start: day(0), End: day(30)}},
		Entries:       []calendar.Entry{{ID: id.ID("entry", "e"), Channel: channel.Instagram, Accounts: []string{name}, At: day(3).Add(time.Duration(hour) * time.Hour), Text: text}},
		CalendarRules: calendar.Rules{Blackouts: []calendar.Blackout{{From: day(5), To: day(5).Add(took.Std()), Reason: text}}},
	}
	plan.Community.Response.Targets = []community.Target{{Kind: community.Kind(name), Within: took}}
	interval := &kpi.MedianInterval{Low: v.Neg(), High: v}
	times := &community.ResponseTimes{Samples: 1, Median: took, P90: took}
	r := &report.Review{
		Plan: plan, Series: series,
		Verification: &strategy.Report{Findings: []strategy.Finding{{Rule: name, Severity: strategy.Severity(name), Path: text, Message: text}}},
		Matrix: &strategy.Matrix{Goal: text, Objectives: []strategy.ObjectiveTrace{{Statement: text, KPIs: []strategy.Ref{{Name: name}},
			Campaigns: []strategy.CampaignTrace{{Name: name, Accounts: []channel.AccountRef{{Channel: channel.Channel(name), Handle: text}}}}}},
			UntracedKPIs: []strategy.Ref{{Name: text}}},
		Results: &strategy.Results{AsOf: day(20), WhatWorks: &kpi.WhatWorks{Formula: kpi.Formula(name), Baseline: v, Posts: hour,
			Groupings: []kpi.GroupingResult{{By: name, Groups: []kpi.Group{{By: name, Key: text, Posts: hour, Median: v, Interval: interval,
				Lift: kpi.Lift{Evidence: kpi.Evidence(text), Reason: text}}}}}}},
		BestTimes: []report.AccountTimes{{Account: channel.AccountRef{Channel: channel.Channel(text), Handle: name},
			Times: kpi.BestTimes{Posts: hour, Evidence: hour%2 == 0, Slots: []kpi.SlotScore{
				{Slot: kpi.HourSlot{Weekday: time.Weekday(hour % 9), Hour: hour}, Posts: hour, Score: v},
				{Slot: kpi.HourSlot{Weekday: time.Monday, Hour: 9}, Posts: 1, Score: decimal.NewFromInt(1)}}}}},
		Drill: &crisis.DrillReport{End: day(10).Add(took.Std()), Names: map[uuid.UUID]string{id.ID("member", "m"): text}, Timeline: []crisis.Entry{
			{At: day(10), Incident: 1, Kind: crisis.EntryOpen, Level: name},
			{At: day(10).Add(took.Std()), Incident: 1, Kind: crisis.EntryKind(name), Level: text, Status: crisis.Status(name), Detail: text, Who: []uuid.UUID{id.ID("member", "m")}},
		}},
		Responses: &community.ResponseReport{Overall: community.ResponseStats{Received: hour, Answered: 1, FirstResponse: times},
			Accounts: []community.AccountStats{{Channel: channel.Channel(name), Account: text, ResponseStats: community.ResponseStats{FirstResponse: times}}},
			Breaches: []community.Breach{{ID: text, Channel: channel.Channel(name), Priority: community.Priority(text), Took: took}}},
		Leaders:  []community.Leader{{Rank: hour, Account: channel.AccountRef{Channel: channel.Channel(text), Handle: name}, Score: v}},
		Calendar: &calendar.Calendar{Entries: plan.Entries, Blackouts: plan.CalendarRules.Blackouts},
		Pauses:   []crisis.PauseWindow{{Window: calendar.Window{From: day(7), To: day(7).Add(took.Std())}, Level: text, Accounts: []channel.AccountRef{{Channel: channel.Instagram, Handle: name}}}},
	}
	return r, day(20)
}

func FuzzWriteHTML(f *testing.F) {
	f.Add("Followers", "Bluebird", "150", 9, int64(30))
	f.Add(hostileText, hostileText, "1e40", -3, int64(-5))
	f.Add("</svg><script>", "]]><!--", "NaN", 25, int64(1)<<40)
	f.Add("a\"b'c&d", "\xed\xa0\x80\uffff", "-0.0000000000000000000001", 1<<30, int64(0))
	f.Fuzz(checkHostileReview)
}

// checkHostileReview writes the page and each chart of hostileReview and checks
// that they are well-formed and escaped.
func checkHostileReview(t *testing.T, name, text, value string, hour int, minutes int64) {
	{
		r, asOf := hostileReview(name, text, value, hour, minutes)
		var b bytes.Buffer
		if err := report.WriteHTML(&b, r, asOf, nil); err != nil {
			t.Fatalf("WriteHTML: %v", err)
		}
		page := b.String()
		if strings.Contains(strings.ToLower(page), "<script") {
			t.Fatalf("unescaped <script in the page")
		}
		// Every caller text is cleaned: valid UTF-8, no control
		// character but the page's own line breaks and tabs.
		if !utf8.ValidString(page) {
			t.Fatalf("the page is not valid UTF-8")
		}
		if i := strings.IndexFunc(page, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' }); i >= 0 {
			t.Fatalf("control character %q in the page at %d: %.60q", page[i], i, page[max(0, i-30):])
		}
		svgs := inlineSVGs(page)
		if len(svgs) == 0 {
			t.Fatalf("no chart on the page")
		}
		for _, s := range svgs {
			wellFormed(t, s)
			if badCoordinate.MatchString(s) {
				t.Fatalf("NaN or Inf in an SVG")
			}
		}
		loc := asOf.Location()
		var one bytes.Buffer
		for _, write := range []func() error{
			func() error { return report.KPIChart(&one, r.Plan.KPIs[0], r.Series, asOf, nil) },
			func() error {
				return report.CalendarChart(&one, calendar.Calendar{Entries: r.Plan.Entries, Blackouts: r.Plan.CalendarRules.Blackouts}, r.Pauses, calendar.Window{From: asOf.AddDate(0, 0, -20), To: asOf.AddDate(0, 0, 40).In(loc)})
			},
			func() error { return report.WhatWorksChart(&one, r.Results.WhatWorks) },
			func() error { return report.BestTimesChart(&one, r.BestTimes[0].Account, r.BestTimes[0].Times) },
			func() error { return report.DrillTimeline(&one, r.Drill, nil) },
			func() error {
				return report.ResponseTimesChart(&one, r.Responses, r.Plan.Community.Response.Targets, nil)
			},
		} {
			one.Reset()
			if err := write(); err != nil {
				t.Fatal(err)
			}
			wellFormed(t, one.String())
			if strings.Contains(strings.ToLower(one.String()), "<script") {
				t.Fatalf("unescaped <script in a chart")
			}
		}
	}
}
