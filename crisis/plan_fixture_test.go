package crisis_test

import (
	"errors"
	"time"

	_ "time/tzdata"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/validation"
)

func d(s string) crisis.Duration {
	v, err := time.ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return crisis.Duration(v)
}

func num(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// memberID is the member ID of a person of the sample team. A plan refers
// to people by member ID (strategy.Member.ID), never by name.
func memberID(name string) uuid.UUID {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://brisa.coffee/team/"+name))
}

// The sample team: eva is the community manager, ana the social media
// strategist, carla the head of communications, diego the CEO and bruno a
// second strategist.
var (
	ana, bruno, carla, diego, eva = memberID("ana"), memberID("bruno"), memberID("carla"), memberID("diego"), memberID("eva")
	// names prints the sample team in drill reports.
	names = map[uuid.UUID]string{ana: "ana", bruno: "bruno", carla: "carla", diego: "diego", eva: "eva"}
)

// people lists member IDs.
func people(ids ...uuid.UUID) []uuid.UUID { return ids }

// level builds a level with statements for the sample brand's channels.
func level(name string, rank int, first string, approver, backup uuid.UUID) crisis.Level {
	return crisis.Level{
		Name:          name,
		Rank:          rank,
		Meaning:       "the " + name + " rung of the ladder",
		Handler:       eva,
		FirstResponse: d(first),
		Escalation: crisis.Escalation{
			Steps: []crisis.EscalationStep{
				{After: d("15m"), Notify: people(eva)},
				{After: d("15m"), Notify: people(ana)},
			},
			Repeat: 1,
		},
		Approver:       approver,
		BackupApprover: backup,
		Statements: []crisis.Statement{
			{Channel: channel.Instagram, Text: "We are aware of the reports about our cafés and are looking into them. We will share an update here within the hour."},
			{Channel: channel.X, Text: "We're aware of reports about our cafés and are looking into them. Update within the hour."},
		},
		Playbook: []crisis.PlaybookStep{
			{Name: "brief-team", Action: "Brief the support team on the facts known so far", Owner: eva, Within: d("30m")},
		},
		Review: crisis.ReviewRule{Within: 5, Unit: crisis.CalendarDays},
	}
}

// samplePlan is the crisis plan of Brisa Coffee, the sample brand.
func samplePlan() *crisis.Plan {
	low := level("low", 1, "4h", ana, bruno)
	moderate := level("moderate", 2, "2h", ana, bruno)
	high := level("high", 3, "1h", carla, ana)
	high.Escalation.Steps = append(high.Escalation.Steps, crisis.EscalationStep{After: d("30m"), Notify: people(carla)})
	critical := level("critical", 4, "30m", carla, diego)
	critical.Escalation = crisis.Escalation{Steps: []crisis.EscalationStep{
		{After: d("5m"), Notify: people(ana, carla)},
		{After: d("10m"), Notify: people(diego)},
	}, Repeat: 2}
	critical.Playbook = append(critical.Playbook, crisis.PlaybookStep{Name: "legal", Action: "Ask legal to review the facts", Owner: carla, Within: d("2h")})
	critical.Review = crisis.ReviewRule{Within: 3, Unit: crisis.CalendarDays}
	high.Pause = &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeAtRate, RatePerHour: 2}, For: d("12h"), Channels: []channel.Channel{channel.Instagram}}
	critical.Pause = &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeSkip}, For: d("48h")}
	return &crisis.Plan{
		Name:     "brisa-coffee",
		Zone:     "Europe/Madrid",
		Channels: []channel.Channel{channel.Instagram, channel.X},
		Levels:   []crisis.Level{low, moderate, high, critical},
		Triggers: []crisis.Trigger{
			{Name: "volume-spike", Kind: crisis.TriggerVolume, Level: "moderate", Metric: crisis.MetricMentions,
				Window: d("1h"), Baseline: d("12h"), Ratio: num("3"), Threshold: num("60"), Confirm: d("10m"), Cooldown: d("1h")},
			{Name: "negative-share", Kind: crisis.TriggerNegativeShare, Level: "high",
				Window: d("1h"), Share: num("0.4"), Threshold: num("40"), Confirm: d("15m"), Cooldown: d("2h")},
			{Name: "risky-keywords", Kind: crisis.TriggerKeyword, Level: "high",
				Window: d("1h"), Threshold: num("15"), Confirm: d("5m"), Cooldown: d("2h")},
			{Name: "big-author", Kind: crisis.TriggerReach, Level: "moderate", Channel: channel.X,
				Threshold: num("1000000"), Confirm: d("5m"), Cooldown: d("6h")},
			{Name: "negative-surge", Kind: crisis.TriggerDeviation, Level: "high", Metric: crisis.MetricNegative,
				Span: d("2h"), K: num("4"), Threshold: num("10"), Confirm: d("10m"), Cooldown: d("2h")},
			{Name: "flood", Kind: crisis.TriggerAbsolute, Level: "critical", Metric: crisis.MetricMentions,
				Window: d("1h"), Threshold: num("1500"), Confirm: d("5m"), Cooldown: d("3h")},
		},
		Detection: crisis.Detection{Bucket: d("5m"), Margin: num("0.1")},
		Keywords:  crisis.Keywords{Brand: []string{"Brisa", "@brisacoffee"}, Risky: []string{"food poisoning", "sick", "boycott", "lawsuit"}},
	}
}

func hasPath(err error, path string) bool {
	var verr *validation.Error
	if !errors.As(err, &verr) {
		return false
	}
	return verr.Find(path) != nil
}
