package main

import (
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

// demoBrands are the brands of the demo, each with the seed of its
// listening data.
var demoBrands = []struct {
	name string
	seed uint64
}{
	{"bluebird", 1}, {"brisa", 2}, {"norte", 3}, {"alba", 4}, {"kettle", 5},
}

// demoPlan is the crisis plan every demo brand runs: one ladder, and
// triggers of every kind that keeps state across buckets (windows,
// moving baselines, confirmations, cooldowns), with cooldowns short enough
// that a spike raises several alerts.
func demoPlan(brand string) *crisis.Plan {
	member := func(name string) uuid.UUID {
		return uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://"+brand+".example/team/"+name))
	}
	cm, strategist, head := member("community-manager"), member("strategist"), member("head-of-comms")
	level := func(name string, rank int, first time.Duration, approver, backup uuid.UUID) crisis.Level {
		return crisis.Level{
			Name: name, Rank: rank, Meaning: "the " + name + " rung of the ladder",
			Handler: cm, FirstResponse: crisis.Duration(first),
			Escalation: crisis.Escalation{Steps: []crisis.EscalationStep{
				{After: crisis.Duration(15 * time.Minute), Notify: []uuid.UUID{cm}},
				{After: crisis.Duration(15 * time.Minute), Notify: []uuid.UUID{strategist}},
			}},
			Approver: approver, BackupApprover: backup,
			Statements: []crisis.Statement{
				{Channel: channel.Instagram, Text: "We have seen your messages and are looking into it. We will update you here within the hour."},
				{Channel: channel.X, Text: "We're aware of the reports and are looking into them. Update within the hour."},
			},
			Review: crisis.ReviewRule{Within: 5, Unit: crisis.CalendarDays},
		}
	}
	d := func(minutes int) crisis.Duration { return crisis.Duration(time.Duration(minutes) * time.Minute) }
	num := decimal.RequireFromString
	return &crisis.Plan{
		Name:     brand + "-crisis-plan",
		Zone:     "UTC",
		Channels: []channel.Channel{channel.Instagram, channel.X},
		Levels: []crisis.Level{
			level("moderate", 1, 2*time.Hour, strategist, head),
			level("high", 2, time.Hour, head, strategist),
			level("critical", 3, 30*time.Minute, head, strategist),
		},
		Triggers: []crisis.Trigger{
			{Name: "volume-spike", Kind: crisis.TriggerVolume, Level: "moderate", Metric: crisis.MetricMentions,
				Window: d(30), Baseline: d(180), Ratio: num("2"), Threshold: num("30"), Confirm: d(10), Cooldown: d(30)},
			{Name: "negative-share", Kind: crisis.TriggerNegativeShare, Level: "high",
				Window: d(30), Share: num("0.4"), Threshold: num("30"), Confirm: d(10), Cooldown: d(45)},
			{Name: "negative-surge", Kind: crisis.TriggerDeviation, Level: "high", Metric: crisis.MetricNegative,
				Span: d(60), K: num("3"), Threshold: num("8"), Confirm: d(5), Cooldown: d(30)},
			{Name: "flood", Kind: crisis.TriggerAbsolute, Level: "critical", Metric: crisis.MetricMentions,
				Window: d(30), Threshold: num("700"), Confirm: d(5), Cooldown: d(60)},
		},
		Detection: crisis.Detection{Bucket: d(5), Margin: num("0.1")},
	}
}

// demoStart is the first bucket of the demo's listening data.
var demoStart = time.Date(2027, time.March, 1, 0, 0, 0, 0, time.UTC)

// demoMessages returns a brand's listening data as the messages a feeder
// sends: periods of 12 hours of 5-minute buckets, each with a negative
// spike at its own hour, one message per bucket with the signals of both
// channels, and last an advance to the end of the data.
func demoMessages(seed uint64, periods int) []Message {
	const buckets = 144 // 12 hours
	var msgs []Message
	end := demoStart
	for day := range periods {
		start := demoStart.Add(time.Duration(day) * buckets * 5 * time.Minute)
		series := crisis.NegativeSpike(&crisis.SpikeOptions{
			Seed: seed*100 + uint64(day), Start: start, Buckets: buckets,
			Channels: []channel.Channel{channel.Instagram, channel.X},
			SpikeAt:  60 + int(seed*7+uint64(day)*13)%40, SpikeLength: 24, SpikeFactor: 6,
		})
		for s := range series {
			if n := len(msgs); n > 0 && msgs[n-1].Signals[0].At.Equal(s.At) {
				msgs[n-1].Signals = append(msgs[n-1].Signals, s)
			} else {
				msgs = append(msgs, Message{Signals: []crisis.Signal{s}})
			}
			end = s.At.Add(5 * time.Minute)
		}
	}
	return append(msgs, Message{Advance: end})
}
