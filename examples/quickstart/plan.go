package main

import (
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/crisis"
)

// The people of the sample brand. Marco is the community manager; Lucía,
// the strategist, also approves crisis statements, with Elena, the head of
// communications, as her backup.
const (
	strategist       = "Lucía"
	communityManager = "Marco"
	headOfComms      = "Elena"
)

// brandHandle is the brand's account on every network.
const brandHandle = "bluebirdroasters"

// routines are Marco's publishing routines for the quarter. Each recurrence
// starts at a wall time in Madrid, so the posts keep their local time when
// the clocks change on 28 March.
func (s *sample) routines() []calendar.Routine {
	rule := func(text string) calendar.Rule {
		r, err := calendar.ParseRule(text)
		if err != nil {
			panic(err) // fixed sample data: a typo here is a bug in the sample
		}
		return r
	}
	start := func(hour, min int) time.Time {
		return calendar.Date(2027, time.January, 4, hour, min, 0, 0, s.loc)
	}
	return []calendar.Routine{
		{
			ID: uuid.MustParse("5c0b0e52-3d4a-5e7f-8a10-2b7c1f000001"), Channel: channel.Instagram,
			Recurrence: calendar.Recurrence{Start: start(10, 0), Rule: rule("FREQ=WEEKLY;BYDAY=MO,WE,FR")},
			Pillar:     "behind the roaster", Format: "reel", Owner: communityManager, Until: s.quarterEnd,
		},
		{
			ID: uuid.MustParse("5c0b0e52-3d4a-5e7f-8a10-2b7c1f000002"), Channel: channel.X,
			Recurrence: calendar.Recurrence{Start: start(13, 0), Rule: rule("FREQ=WEEKLY;BYDAY=TU,TH")},
			Pillar:     "brew tips", Format: "thread", Owner: communityManager, Until: s.quarterEnd,
		},
		{
			ID: uuid.MustParse("5c0b0e52-3d4a-5e7f-8a10-2b7c1f000003"), Channel: channel.LinkedIn,
			Recurrence: calendar.Recurrence{Start: start(8, 30), Rule: rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")},
			Pillar:     "wholesale stories", Format: "article", Owner: strategist, Until: s.quarterEnd,
		},
	}
}

// launchCampaign is the campaign the scheduled entries belong to.
var launchCampaign = uuid.MustParse("5c0b0e52-3d4a-5e7f-8a10-2b7c1f0000c1")

// entries are the single posts already on the calendar: the launch of a
// new single-origin coffee.
func (s *sample) entries() []calendar.Entry {
	at := func(day, hour, min int) time.Time {
		return calendar.Date(2027, time.February, day, hour, min, 0, 0, s.loc)
	}
	entry := func(n byte, c channel.Channel, at time.Time, text, link string) calendar.Entry {
		return calendar.Entry{
			ID:      uuid.UUID{0x5c, 0x0b, 0x0e, 0x52, 0x3d, 0x4a, 0x5e, 0x7f, 0x8a, 0x10, 0x2b, 0x7c, 0x1f, 0x00, 0x0e, n},
			Channel: c, At: at, Text: text, Link: link,
			CampaignID: launchCampaign, Owner: communityManager, Status: calendar.StatusScheduled,
		}
	}
	return []calendar.Entry{
		entry(1, channel.Instagram, at(18, 12, 0), "Guji, Ethiopia: our first single-origin of the year lands on Monday. Blueberry, jasmine, honey.", ""),
		entry(2, channel.X, at(18, 12, 30), "New on Monday: Guji, Ethiopia. Blueberry, jasmine, honey. Pre-orders open now.", "https://bluebird.example/guji"),
		entry(3, channel.Instagram, at(22, 9, 0), "Guji is here. Tag us in your first cup ☕", "https://bluebird.example/guji"),
		entry(4, channel.LinkedIn, at(24, 9, 0), "For cafés: Guji, Ethiopia is available for wholesale from this week. Samples on request.", "https://bluebird.example/wholesale"),
	}
}

// crisisPlan is the brand's crisis ladder: moderate, high and critical,
// each with statements for every network the brand is active on.
func (s *sample) crisisPlan() *crisis.Plan {
	d := func(text string) crisis.Duration {
		v, err := time.ParseDuration(text)
		if err != nil {
			panic(err)
		}
		return crisis.Duration(v)
	}
	statements := func(update string) []crisis.Statement {
		return []crisis.Statement{
			{Channel: channel.Instagram, Text: "We have seen the reports about our coffee and are looking into them now. We will post an update here " + update + "."},
			{Channel: channel.X, Text: "We've seen the reports about our coffee and are looking into them. Update " + update + "."},
			{Channel: channel.LinkedIn, Text: "We are aware of the reports about our coffee and are investigating. We will share an update " + update + "."},
		}
	}
	level := func(name string, rank int, meaning, handler, first string, notify ...string) crisis.Level {
		return crisis.Level{
			Name: name, Rank: rank, Meaning: meaning, Handler: handler,
			FirstResponse:  d(first),
			Escalation:     crisis.Escalation{Steps: []crisis.EscalationStep{{After: d("15m"), Notify: notify}}, Repeat: 1},
			Approver:       strategist,
			BackupApprover: headOfComms,
			Statements:     statements("within " + first),
			Playbook: []crisis.PlaybookStep{
				{Name: "brief-team", Action: "Brief the support team on the facts known so far", Owner: communityManager, Within: d("30m")},
			},
			Review: crisis.ReviewRule{Within: 5, Unit: crisis.CalendarDays},
		}
	}
	moderate := level("moderate", 1, "complaints above the usual level", communityManager, "2h", communityManager)
	high := level("high", 2, "a growing negative wave, or a safety keyword", communityManager, "1h", communityManager, strategist)
	high.Pause = &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeAtRate, RatePerHour: 1}, For: d("12h")}
	critical := level("critical", 3, "mainstream attention or a product safety issue", strategist, "30m", strategist, headOfComms)
	critical.Pause = &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeSkip}, For: d("48h")}
	critical.Playbook = append(critical.Playbook, crisis.PlaybookStep{Name: "legal", Action: "Ask legal to review the facts", Owner: headOfComms, Within: d("2h")})
	critical.Review = crisis.ReviewRule{Within: 2, Unit: crisis.CalendarDays}

	num := dec
	return &crisis.Plan{
		Name:     "bluebird",
		Zone:     brandZone,
		Channels: []channel.Channel{channel.Instagram, channel.X, channel.LinkedIn},
		Levels:   []crisis.Level{moderate, high, critical},
		Triggers: []crisis.Trigger{
			{Name: "volume-spike", Kind: crisis.TriggerVolume, Level: "moderate", Metric: crisis.MetricMentions,
				Window: d("1h"), Baseline: d("12h"), Ratio: num("3"), Threshold: num("60"), Confirm: d("10m"), Cooldown: d("1h")},
			{Name: "negative-share", Kind: crisis.TriggerNegativeShare, Level: "high",
				Window: d("1h"), Share: num("0.4"), Threshold: num("40"), Confirm: d("15m"), Cooldown: d("2h")},
			{Name: "safety-keywords", Kind: crisis.TriggerKeyword, Level: "high",
				Window: d("1h"), Threshold: num("15"), Confirm: d("5m"), Cooldown: d("2h")},
			{Name: "flood", Kind: crisis.TriggerAbsolute, Level: "critical", Metric: crisis.MetricMentions,
				Window: d("1h"), Threshold: num("1500"), Confirm: d("5m"), Cooldown: d("3h")},
		},
		Detection: crisis.Detection{Bucket: d("5m"), Margin: num("0.1")},
		Keywords:  crisis.Keywords{Brand: []string{"Bluebird", "@" + brandHandle}, Risky: []string{"mould", "sick", "glass", "recall"}},
	}
}

// responsePolicy is how fast Marco answers, in the desk's business hours:
// Monday to Friday, 09:00–18:00 in Madrid.
func (s *sample) responsePolicy() community.ResponsePolicy {
	hours, err := calendar.ParseClockRange("09:00-18:00")
	if err != nil {
		panic(err)
	}
	return community.ResponsePolicy{
		Hours: calendar.Weekdays(s.loc, hours),
		Targets: []community.Target{
			{Within: calendar.Duration(8 * time.Hour)},
			{Priority: community.PriorityHigh, Within: calendar.Duration(2 * time.Hour)},
			{Priority: community.PriorityUrgent, Within: calendar.Duration(30 * time.Minute)},
			{Kind: community.KindDirectMessage, Within: calendar.Duration(4 * time.Hour)},
		},
		Priority: community.PriorityRules{
			Negative:             community.PriorityHigh,
			Question:             community.PriorityHigh,
			Influential:          community.PriorityHigh,
			InfluentialFollowers: 50_000,
			Crisis:               community.PriorityUrgent,
			CrisisKeywords:       []string{"mould", "sick", "glass", "recall"},
		},
		Sentiment: community.EnglishSentimentRules(),
	}
}

// voicePolicy is the brand's voice: warm, informal, signed by the person
// who answers, and no refund promised without approval.
func (s *sample) voicePolicy() community.VoicePolicy {
	return community.VoicePolicy{
		Tone:            community.ToneFriendly,
		Address:         community.AddressInformal,
		MaxExclamations: 1,
		NoShouting:      true,
		BannedWords:     []string{"cheap", "unfortunately"},
		BannedPhrases:   []community.VoiceRule{{Name: "blame the customer", Pattern: `(?i)\byou should have\b`}},
		OffTone:         []community.VoiceRule{{Name: "stiff opening", Pattern: `(?i)^dear (sir|madam)`}},
		Required:        []community.VoiceRule{{Name: "sign-off", Pattern: `(?m)^— [A-Z][a-z]+$`}},
		NeedsApproval:   []community.VoiceRule{{Name: "refund promise", Pattern: `(?i)\b(refund|money back|compensat\w*)\b`}},
		Emoji:           community.EmojiRule{Max: 1},
		Links:           community.LinkRule{Domains: []string{"bluebird.example"}},
	}
}
