package crisis_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/validation"
)

func ExamplePlan_Validate() {
	p := samplePlan()
	p.Levels[1].BackupApprover = p.Levels[1].Approver // must be two people
	p.Levels[3].FirstResponse = 0
	p.Levels[2].Statements = p.Levels[2].Statements[:1] // X has none
	p.Triggers[0].Level = "severe"
	if err := p.Validate(); err != nil {
		for _, fe := range err.(*validation.Error).Errors {
			fmt.Println(fe.Path, fe.Code)
		}
	}
	// Output:
	// levels[1].backupApprover conflict
	// levels[2].statements[x] required
	// levels[3].firstResponse required
	// triggers[0].level not_found
}

func ExampleDetector() {
	p := samplePlan()
	det, _ := crisis.NewDetector(p)
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var alerts []crisis.Alert
	for i := range 6 {
		s := crisis.Signal{At: start.Add(time.Duration(i) * 5 * time.Minute), Channel: channel.X, Mentions: 40, KeywordHits: 4}
		alerts, _ = det.Observe(s, alerts)
	}
	// Nothing more arrives for the last bucket: close it.
	alerts, _ = det.Advance(start.Add(30*time.Minute), alerts)
	for _, a := range alerts {
		fmt.Println(a.At.Format("15:04 MST"), a.Level)
		for _, e := range a.Evidence {
			fmt.Printf("  %s: observed %s, threshold %s, since %s\n", e.Trigger, e.Observed, e.Threshold, e.Since.Format("15:04"))
		}
	}
	// Output:
	// 10:20 CET high
	//   risky-keywords: observed 16, threshold 15, since 10:15
}

func ExampleDetector_MarshalJSON() {
	p := samplePlan()
	det, _ := crisis.NewDetector(p)
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	_, _ = det.Observe(crisis.Signal{At: at, Channel: channel.X, Mentions: 40}, nil)

	saved, _ := det.MarshalJSON() // the host stores this before it restarts

	restored, _ := crisis.NewDetector(p)
	if err := restored.UnmarshalJSON(saved); err != nil {
		fmt.Println(err)
	}
	_, err := restored.Observe(crisis.Signal{At: at, Channel: channel.X, Mentions: 40}, nil)
	fmt.Println(err)
	// Output:
	// crisis: duplicate signal: x at 2026-03-02T09:00:00Z
}

func ExampleIncident_Due() {
	p := samplePlan()
	madrid, _ := time.LoadLocation("Europe/Madrid")
	opened := time.Date(2026, 3, 6, 10, 0, 0, 0, madrid)
	inc, _ := crisis.Open(p, "high", opened)
	_ = inc.Record(p, crisis.Event{Kind: crisis.EventAcknowledge, At: opened.Add(35 * time.Minute), By: eva})
	due, _ := inc.Due(p, opened.Add(50*time.Minute))
	for _, it := range due {
		fmt.Println(strings.TrimSpace(fmt.Sprint(it.At.Format("15:04"), " ", it.Kind, " ", it.Status, " ", it.Channel, it.Name)))
	}
	// Output:
	// 10:00 pause active
	// 10:30 playbook overdue brief-team
	// 11:00 first_response pending
	// 11:00 statement pending instagram
	// 11:00 statement pending x
}

func ExampleIncident_Record() {
	p := samplePlan()
	opened := time.Date(2026, 3, 6, 10, 0, 0, 0, time.UTC)
	inc, _ := crisis.Open(p, "moderate", opened)
	err := inc.Record(p, crisis.Event{Kind: crisis.EventPublish, At: opened.Add(5 * time.Minute), Channel: channel.X, By: ana})
	fmt.Println(err)
	_ = inc.Record(p, crisis.Event{Kind: crisis.EventAcknowledge, At: opened.Add(6 * time.Minute), By: eva})
	err = inc.Record(p, crisis.Event{Kind: crisis.EventPublish, At: opened.Add(7 * time.Minute), Channel: channel.X, By: eva})
	fmt.Println(errors.Is(err, crisis.ErrNotApprover)) // the error names eva, ana and bruno by member ID
	err = inc.Record(p, crisis.Event{Kind: crisis.EventPublish, At: opened.Add(8 * time.Minute), Channel: channel.X, By: bruno})
	fmt.Println(err)
	state, level, _ := inc.Status(p)
	fmt.Println(state, level)
	// Output:
	// crisis: illegal event: a statement is published once someone has acknowledged the incident
	// true
	// <nil>
	// acknowledged moderate
}

func ExampleIncident_Review() {
	p := samplePlan()
	a := crisis.Alert{At: time.Date(2026, 3, 6, 18, 0, 0, 0, time.UTC), Since: time.Date(2026, 3, 6, 17, 35, 0, 0, time.UTC), Level: "critical"}
	inc, _ := crisis.OpenFromAlert(p, a)
	for _, e := range []crisis.Event{
		{Kind: crisis.EventAcknowledge, At: a.At.Add(4 * time.Minute), By: carla},
		{Kind: crisis.EventPublish, At: a.At.Add(41 * time.Minute), Channel: channel.X, By: diego},
		{Kind: crisis.EventResolve, At: a.At.Add(9 * time.Hour)},
	} {
		if err := inc.Record(p, e); err != nil {
			fmt.Println(err)
		}
	}
	r, _ := inc.Review(p)
	fmt.Println("detect:", r.TimeToDetect, "respond:", r.TimeToFirstResponse, "target:", r.FirstResponseTarget, "met:", r.FirstResponseMet)
	fmt.Println("resolve:", r.TimeToResolve, "statements:", r.Statements, "missed:", r.Missed, "late:", r.Late)
	fmt.Println("meeting due:", r.MeetingDue.Format("Mon 2 Jan 15:04 MST"))
	// Output:
	// detect: 25m0s respond: 41m0s target: 30m0s met: false
	// resolve: 9h0m0s statements: 1 missed: 3 late: 2
	// meeting due: Tue 10 Mar 04:00 CET
}

func ExampleDrill_sampleBrand() {
	p := samplePlan()
	series := crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1})
	rep, err := crisis.Drill(p, series, &crisis.DrillOptions{Names: names, Responses: []crisis.Response{
		{After: crisis.Duration(12 * time.Minute), Kind: crisis.EventAcknowledge, By: eva},
		{After: crisis.Duration(25 * time.Minute), Kind: crisis.EventPublish, Channel: channel.X, By: carla},
		{After: crisis.Duration(50 * time.Minute), Kind: crisis.EventComplete, Step: "brief-team"},
		{After: crisis.Duration(6 * time.Hour), Kind: crisis.EventResolve, By: carla},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The first lines of the timeline, then what went wrong.
	for _, e := range rep.Timeline[:7] {
		who := ""
		for _, id := range e.Who {
			who += rep.Name(id)
		}
		fmt.Println(e.At.Format("15:04"), e.Kind, e.Level+who)
	}
	for _, e := range rep.Missed() {
		fmt.Println("missed:", e.At.Format("15:04"), e.Kind, e.Level, e.Detail)
	}
	fmt.Println("the CEO was paged", len(rep.Notified(diego)), "times")
	// Output:
	// 01:15 alert high
	// 01:15 open high
	// 01:15 pause critical
	// 01:27 acknowledge eva
	// 01:35 alert high
	// 01:40 publish carla
	// 01:45 alert critical
	// missed: 01:45 playbook high brief-team done 02:05
	// missed: 02:15 statement critical instagram
	// missed: 02:15 statement critical x
	// missed: 03:45 playbook critical legal
	// the CEO was paged 3 times
}

func ExampleNegativeSpike() {
	for s := range crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 42, Buckets: 3, Channels: []channel.Channel{channel.Instagram}}) {
		fmt.Println(s.At.Format(time.RFC3339), s.Channel, s.Mentions, s.Negative)
	}
	spike := slices.Collect(crisis.NegativeSpike(nil)) // the defaults: 36 hours of 5-minute buckets on Instagram and X
	fmt.Println(len(spike), "signals")
	// Output:
	// 2026-01-05T00:00:00Z instagram 23 2
	// 2026-01-05T00:05:00Z instagram 24 2
	// 2026-01-05T00:10:00Z instagram 29 4
	// 864 signals
}

func ExampleKeywords_Match() {
	k := crisis.Keywords{Brand: []string{"Brisa", "@brisacoffee"}, Risky: []string{"food poisoning", "boycott"}}
	fmt.Println(k.Match("Got FOOD poisoning at Brisa!"))
	fmt.Println(k.Match("Brisa's poisoning the planet with food"))
	// Output:
	// true
	// false
}

func ExampleIncident_ApplyToCalendar() {
	p := samplePlan() // critical pauses every channel for up to 48h and skips the held posts
	madrid, _ := time.LoadLocation("Europe/Madrid")
	opened := time.Date(2026, 3, 6, 10, 0, 0, 0, madrid)
	cal := []calendar.Entry{
		{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte("a")), Channel: channel.X, At: opened.Add(2 * time.Hour), Text: "Spring menu!", Owner: eva, Status: calendar.StatusScheduled},
		{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte("b")), Channel: channel.Instagram, At: opened.Add(80 * time.Hour), Text: "Spring menu!", Owner: eva, Status: calendar.StatusScheduled},
	}
	inc, _ := crisis.Open(p, "critical", opened)
	_, changes, err := inc.ApplyToCalendar(p, cal, opened.Add(time.Minute), nil)
	if err != nil {
		fmt.Println(err)
	}
	for _, c := range changes {
		fmt.Println(c.Before.Channel, c.Before.At.Format("Mon 15:04"), c.Kind)
	}
	// Output:
	// x Fri 12:00 cancelled
}
