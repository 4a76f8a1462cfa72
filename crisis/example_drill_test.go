package crisis_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

// ExampleDrill proves a small crisis plan against a synthetic negative spike
// and prints the timeline that would have happened.
func ExampleDrill() {
	minutes := func(n int) crisis.Duration { return crisis.Duration(time.Duration(n) * time.Minute) }
	statement := []crisis.Statement{{Channel: channel.X, Text: "We're aware of the reports and are looking into them. Update within the hour."}}
	// People are team members' IDs (strategy.Member.ID): eva is the
	// community manager, ana the strategist, bruno her backup, dora the CEO.
	member := func(name string) uuid.UUID {
		return uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://brisa.coffee/team/"+name))
	}
	ana, bruno, dora, eva := member("ana"), member("bruno"), member("dora"), member("eva")
	plan := &crisis.Plan{
		Name:     "brisa-coffee",
		Zone:     "Europe/Madrid",
		Channels: []channel.Channel{channel.X},
		Levels: []crisis.Level{
			{
				Name: "moderate", Rank: 1, Meaning: "many unhappy customers", Handler: eva,
				FirstResponse: minutes(60),
				Escalation:    crisis.Escalation{Steps: []crisis.EscalationStep{{After: minutes(15), Notify: []uuid.UUID{ana}}}},
				Approver:      ana, BackupApprover: bruno, Statements: statement,
				Review: crisis.ReviewRule{Within: 5, Unit: crisis.CalendarDays},
			},
			{
				Name: "critical", Rank: 2, Meaning: "the brand is trending for the wrong reasons", Handler: ana,
				FirstResponse: minutes(30),
				Escalation: crisis.Escalation{Steps: []crisis.EscalationStep{
					{After: minutes(5), Notify: []uuid.UUID{ana}},
					{After: minutes(10), Notify: []uuid.UUID{dora}},
				}},
				Approver: ana, BackupApprover: bruno, Statements: statement,
				Pause:  &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeSkip}, For: minutes(24 * 60)},
				Review: crisis.ReviewRule{Within: 3, Unit: crisis.CalendarDays},
			},
		},
		Triggers: []crisis.Trigger{
			{Name: "negative-share", Kind: crisis.TriggerNegativeShare, Level: "moderate",
				Window: minutes(60), Share: decimal.RequireFromString("0.4"), Threshold: decimal.NewFromInt(40),
				Confirm: minutes(10), Cooldown: minutes(120)},
			{Name: "flood", Kind: crisis.TriggerAbsolute, Level: "critical", Metric: crisis.MetricMentions,
				Window: minutes(60), Threshold: decimal.NewFromInt(1500), Confirm: minutes(5), Cooldown: minutes(180)},
		},
		Detection: crisis.Detection{Bucket: minutes(5)},
	}
	// Eight hours of mentions on X with a spike after six.
	series := crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 7, Buckets: 96, SpikeAt: 72, Channels: []channel.Channel{channel.X}})
	// What the team does after an incident opens.
	team := []crisis.Response{
		{After: minutes(10), Kind: crisis.EventAcknowledge, By: eva},
		{After: minutes(20), Kind: crisis.EventPublish, Channel: channel.X, By: ana},
		{After: minutes(180), Kind: crisis.EventResolve, By: ana},
	}
	names := map[uuid.UUID]string{ana: "ana", bruno: "bruno", dora: "dora", eva: "eva"}
	rep, err := crisis.Drill(plan, series, &crisis.DrillOptions{Responses: team, Names: names})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(rep)
	// Output:
	// 2026-01-05 07:55 CET  #1 alert          moderate  negative-share 0.4459≥0.4
	// 2026-01-05 07:55 CET  #1 open           moderate
	// 2026-01-05 08:05 CET  #1 acknowledge              eva
	// 2026-01-05 08:15 CET  #1 publish                  ana · x
	// 2026-01-05 08:20 CET  #1 alert          critical  flood 1572≥1500
	// 2026-01-05 08:20 CET  #1 escalate       critical  alert: flood
	// 2026-01-05 08:20 CET  #1 pause          critical  ended · x until 2026-01-05 10:55, then skip
	// 2026-01-05 08:25 CET  #1 notify         critical  notified · ana
	// 2026-01-05 08:35 CET  #1 notify         critical  notified · dora
	// 2026-01-05 08:50 CET  #1 statement      critical  missed · x
	// 2026-01-05 08:55 CET  #1 first_response moderate  met · done 08:15
	// 2026-01-05 08:55 CET  #1 statement      moderate  met · x done 08:15
	// 2026-01-05 10:55 CET  #1 resolve                  ana
}

// ExampleAnchor times the team's responses the way its runbook does: every
// new level is acknowledged within ten minutes, and once the incident is
// critical the holding statements go out within twenty. The incident opens
// at high and escalates to critical half an hour later; a response the
// incident refuses is a line of the timeline that says why.
func ExampleAnchor() {
	p := samplePlan()
	minutes := func(n int) crisis.Duration { return crisis.Duration(time.Duration(n) * time.Minute) }
	rep, err := crisis.Drill(p, crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Names: names, Responses: []crisis.Response{
		{After: minutes(10), From: crisis.AnchorLevel, Kind: crisis.EventAcknowledge, By: eva},
		{After: minutes(15), From: crisis.AnchorLevel, OnLevel: "critical", Kind: crisis.EventPublish, Channel: channel.X, By: carla},
		{After: minutes(20), From: crisis.AnchorLevel, OnLevel: "critical", Kind: crisis.EventPublish, Channel: channel.Instagram, By: eva},
		{After: minutes(6 * 60), Kind: crisis.EventResolve, By: carla}, // from the opening
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range rep.Timeline {
		switch e.Kind {
		case crisis.EntryOpen, crisis.EntryEscalate, crisis.EntryAcknowledge, crisis.EntryPublish, crisis.EntryResolve, crisis.EntryRefused:
			who := make([]string, len(e.Who))
			for i, id := range e.Who {
				who[i] = rep.Name(id)
			}
			line := fmt.Sprintf("%s #%d %-11s %-8s %s %s", e.At.Format("15:04"), e.Incident, e.Kind, e.Level, strings.Join(who, ","), e.Detail)
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// 01:15 #1 open        high
	// 01:25 #1 acknowledge          eva
	// 01:45 #1 escalate    critical  alert: flood
	// 01:55 #1 acknowledge          eva
	// 02:00 #1 publish              carla x
	// 02:05 #1 refused     critical eva publish instagram, 20m0s after reaching critical: crisis: not an approver of this level: eva; level "critical" is approved by carla or diego
	// 07:15 #1 resolve              carla
}
