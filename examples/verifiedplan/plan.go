// Package verifiedplan is a complete sample plan, verified by its own
// tests with strategytest: Bluebird Coffee Roasters, a coffee roaster in
// Madrid, planning the first quarter of 2027.
//
// Plan returns the whole plan as one strategy.Strategy value: research,
// the goal, three SMART objectives with their KPIs, two channels with their
// roles, two campaigns with phases and budgets, milestones, a team in which
// one person is the strategist and another the community manager,
// assignments, publishing routines and entries, calendar rules, a crisis
// plan and the community policy. Every ID is derived from a readable key
// with strategy.IDSpace, so the plan is the same on every run; the KPIs
// keep the IDs of the quickstart's sample.
//
// The package's tests show the two sides of plan verification in go test:
// strategytest.Verify(t, Plan()) passes, and the same helper reports a flaw
// planted in a copy of the plan.
package verifiedplan

import (
	"time"
	_ "time/tzdata" // the plan's zone must load on any machine

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// The sample brand.
const (
	BrandName = "Bluebird Coffee Roasters"
	Zone      = "Europe/Madrid"
)

// IDs derives the plan's stable IDs: IDs.ID("campaign", "origin-stories").
var IDs = strategy.NewIDSpace("bluebird-coffee-roasters")

// The KPIs' IDs, the same as in the quickstart's sample.
var (
	KPIEngagement   = uuid.MustParse("1b7a3c8e-0d7e-5b1a-9c55-6f0a3d1e2b01")
	KPIFollowers    = uuid.MustParse("1b7a3c8e-0d7e-5b1a-9c55-6f0a3d1e2b02")
	KPIShareOfVoice = uuid.MustParse("1b7a3c8e-0d7e-5b1a-9c55-6f0a3d1e2b03")
	KPICostPerClick = uuid.MustParse("1b7a3c8e-0d7e-5b1a-9c55-6f0a3d1e2b04")
)

// The team: Lucía is the strategist, Mateo the community manager. Every
// part of the plan that names a person (assignments, routines, entries, the
// crisis ladder) holds the member's ID; the names are for people to read,
// and Plan().MemberNames() gives them by ID.
var (
	Strategist       = IDs.ID("member", "lucia")
	CommunityManager = IDs.ID("member", "mateo")
)

// The team's names.
const (
	StrategistName       = "Lucía Ortega"
	CommunityManagerName = "Mateo Ruiz"
)

func madrid() *time.Location {
	loc, err := time.LoadLocation(Zone)
	if err != nil {
		// Unreachable: time/tzdata is embedded.
		panic(err)
	}
	return loc
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func dur(s string) calendar.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return calendar.Duration(d)
}

func eur(amount string) strategy.Budget { return strategy.Budget{Amount: dec(amount), Currency: "EUR"} }

// QuarterStart and QuarterEnd bound the plan: Monday 4 January 2027 to
// the last evening of March, Madrid time. AsOf is the quickstart's "now".
var (
	QuarterStart = time.Date(2027, time.January, 4, 0, 0, 0, 0, madrid())
	QuarterEnd   = time.Date(2027, time.March, 31, 23, 0, 0, 0, madrid())
	Deadline     = time.Date(2027, time.April, 1, 0, 0, 0, 0, madrid())
	AsOf         = time.Date(2027, time.February, 15, 9, 0, 0, 0, madrid())
)

// Plan returns the sample plan. Each call builds a new value, so a test may
// change its copy freely.
func Plan() *strategy.Strategy {
	loc := madrid()
	at := func(month time.Month, day, hour, min int) time.Time {
		return calendar.Date(2027, month, day, hour, min, 0, 0, loc)
	}
	id := IDs.ID

	homeBrewers, offices, fans := id("segment", "home-brewers"), id("segment", "office-buyers"), id("segment", "specialty-fans")
	oEngage, oVoice, oOffices := id("objective", "instagram-engagement"), id("objective", "share-of-voice"), id("objective", "office-leads")
	cOrigin, cOffice := id("campaign", "origin-stories"), id("campaign", "office-coffee-week")
	lucia, mateo := Strategist, CommunityManager
	rTips, rBehind, rLinkedIn := id("routine", "instagram-brewing-tips"), id("routine", "instagram-behind-the-scenes"), id("routine", "linkedin-office")

	rule := func(text string) calendar.Rule {
		r, err := calendar.ParseRule(text)
		if err != nil {
			panic(err)
		}
		return r
	}
	routine := func(rid uuid.UUID, c channel.Channel, start time.Time, rrule, pillar, format string) calendar.Routine {
		return calendar.Routine{
			ID: rid, Channel: c, Pillar: pillar, Format: format, Owner: CommunityManager,
			Recurrence: calendar.Recurrence{Start: start, Rule: rule(rrule)},
			Until:      Deadline,
		}
	}
	entry := func(key string, c channel.Channel, t time.Time, campaign, routineID uuid.UUID, status calendar.Status, text string) calendar.Entry {
		e := calendar.Entry{ID: id("entry", key), Channel: c, At: t, CampaignID: campaign, RoutineID: routineID,
			Owner: CommunityManager, Status: status, Text: text, Link: "https://bluebird.coffee/" + key}
		if c == channel.Instagram { // Instagram publishes no post without an image or a video
			e.Media = []channel.Media{{Kind: channel.Image, URL: "https://bluebird.coffee/media/" + key + ".jpg", AltText: text}}
		}
		return e
	}

	return &strategy.Strategy{
		ID:   id("plan", "2027-q1"),
		Zone: Zone,
		Brand: strategy.Brand{
			Name:   BrandName,
			Values: []string{"craft", "traceable origins", "warmth"},
			Voice: community.VoicePolicy{
				Tone:            community.ToneFriendly,
				Address:         community.AddressInformal,
				MaxExclamations: 1,
				NoShouting:      true,
				BannedWords:     []string{"cheap", "unfortunately"},
				Required:        []community.VoiceRule{{Name: "sign-off", Pattern: `(?m)^— [A-Z][a-z]+$`}},
				NeedsApproval:   []community.VoiceRule{{Name: "refund promise", Pattern: `(?i)\b(refund|money back|compensat\w*)\b`}},
				Emoji:           community.EmojiRule{Max: 2},
				Links:           community.LinkRule{Domains: []string{"bluebird.coffee"}},
			},
		},
		Research: strategy.Research{
			Segments: []strategy.Segment{
				{ID: homeBrewers, Name: "home brewers", Description: "25–40, brew filter coffee at home, follow roasters and baristas",
					Channels: []channel.Channel{channel.Instagram, channel.YouTube}, Interests: []string{"brewing methods", "single origins", "gear"}, Size: 180_000},
				{ID: offices, Name: "office coffee buyers", Description: "office managers of 20–200 person companies in Madrid",
					Channels: []channel.Channel{channel.LinkedIn}, Interests: []string{"employee perks", "sustainability reports"}, Size: 12_000},
				{ID: fans, Name: "specialty coffee fans", Description: "visit specialty cafés, share what they drink",
					Channels: []channel.Channel{channel.Instagram, channel.TikTok}, Interests: []string{"latte art", "café guides"}},
			},
			Competitors: []strategy.Competitor{
				{Name: "Cafés La Estrella", Notes: "large roaster; strong paid reach, little conversation",
					Presence: []strategy.Presence{
						{Channel: channel.Instagram, Handle: "cafeslaestrella", Followers: dec("48000"), PostsPerWeek: dec("7"), EngagementRate: dec("1.8")},
						{Channel: channel.LinkedIn, Handle: "cafes-la-estrella", Followers: dec("5200"), PostsPerWeek: dec("2")},
					}},
				{Name: "Tostadores Norte", Notes: "small roaster; loved for brewing guides",
					Presence: []strategy.Presence{
						{Channel: channel.Instagram, Handle: "tostadoresnorte", Followers: dec("9500"), PostsPerWeek: dec("3"), EngagementRate: dec("4.1")},
					}},
			},
			Trends:        []strategy.Note{{Title: "Short brewing videos outperform photos", Channels: []channel.Channel{channel.Instagram}}},
			Opportunities: []strategy.Note{{Title: "Offices looking for sustainable perks after return-to-office", Channels: []channel.Channel{channel.LinkedIn}}},
			Threats:       []strategy.Note{{Title: "Green coffee prices up 30%: price complaints likely", Detail: "plan the message before raising prices"}},
		},
		Goal: strategy.Goal{
			Statement: "Make Bluebird the Madrid roaster home brewers and offices talk about and buy from, by the end of Q1 2027",
			Deadline:  Deadline,
		},
		Objectives: []strategy.Objective{
			{ID: oEngage, Statement: "Raise Instagram engagement by reach from 3% to 4.5% and reach 15,000 followers",
				Rationale: "home brewers who engage become the buyers and the voices of the brand",
				Deadline:  QuarterEnd, KPIs: []uuid.UUID{KPIEngagement, KPIFollowers}},
			{ID: oVoice, Statement: "Raise share of voice among Madrid roasters from 18% to 25%",
				Rationale: "being talked about is what the goal asks for",
				Deadline:  QuarterEnd, KPIs: []uuid.UUID{KPIShareOfVoice}},
			{ID: oOffices, Statement: "Bring LinkedIn cost per click from 0.80 to 0.60 EUR while offices sign up",
				Rationale: "office subscriptions are the goal's second audience; cheaper clicks fund more of them",
				Deadline:  QuarterEnd, KPIs: []uuid.UUID{KPICostPerClick}},
		},
		Channels: []strategy.ChannelPlan{
			{Channel: channel.Instagram, Purpose: "community and product stories for home brewers", Audience: []uuid.UUID{homeBrewers, fans},
				PostsPerWeek: 4, Pillars: []string{"brewing tips", "behind the scenes", "origin stories"}},
			{Channel: channel.LinkedIn, Purpose: "office subscriptions: leads from office managers", Audience: []uuid.UUID{offices},
				PostsPerWeek: 2, Pillars: []string{"office coffee", "sustainability"}},
		},
		// One account per network the plan chose, so entries and routines
		// need not name theirs, and the competitors' accounts the community
		// manager watches.
		Accounts: channel.Accounts{
			{Channel: channel.Instagram, Handle: "bluebirdcoffee", Name: "Bluebird Coffee Roasters"},
			{Channel: channel.LinkedIn, Handle: "bluebird-coffee-roasters", Name: "Bluebird Coffee Roasters"},
			{Channel: channel.Instagram, Handle: "cafeslaestrella", Competitor: "Cafés La Estrella"},
			{Channel: channel.LinkedIn, Handle: "cafes-la-estrella", Competitor: "Cafés La Estrella"},
			{Channel: channel.Instagram, Handle: "tostadoresnorte", Competitor: "Tostadores Norte"},
		},
		Campaigns: []strategy.Campaign{
			{ID: cOrigin, Name: "Origin Stories", Objectives: []uuid.UUID{oEngage, oVoice},
				Channels: []channel.Channel{channel.Instagram}, Audience: []uuid.UUID{homeBrewers, fans},
				Budget: eur("1500"), Start: at(time.January, 11, 0, 0), End: at(time.March, 1, 0, 0),
				Phases: []strategy.Phase{
					{Name: "teaser", Start: at(time.January, 11, 0, 0), End: at(time.January, 18, 0, 0), Actions: []string{"post three teaser reels from the farm"}},
					{Name: "launch", Start: at(time.January, 18, 0, 0), End: at(time.February, 8, 0, 0), Actions: []string{"publish the Huila story", "answer every comment within the day"}},
					{Name: "sustain", Start: at(time.February, 8, 0, 0), End: at(time.March, 1, 0, 0), Actions: []string{"share customers' brews", "weekly Q&A in stories"}},
				},
				Resources: []strategy.Resource{{Name: "photographer at the farm", Cost: eur("600")}, {Name: "paid reach", Cost: eur("700")}}},
			{ID: cOffice, Name: "Office Coffee Week", Objectives: []uuid.UUID{oOffices},
				Channels: []channel.Channel{channel.LinkedIn}, Audience: []uuid.UUID{offices},
				Budget: eur("900"), Start: at(time.February, 15, 0, 0), End: at(time.March, 15, 0, 0),
				Phases: []strategy.Phase{
					{Name: "warm-up", Start: at(time.February, 15, 0, 0), End: at(time.February, 22, 0, 0), Actions: []string{"publish the office tasting guide"}},
					{Name: "offer", Start: at(time.February, 22, 0, 0), End: at(time.March, 8, 0, 0), Actions: []string{"run the free-tasting offer ads"}},
					{Name: "follow-up", Start: at(time.March, 8, 0, 0), End: at(time.March, 15, 0, 0), Actions: []string{"thank the offices that joined"}},
				},
				Resources: []strategy.Resource{{Name: "LinkedIn ads", Cost: eur("800")}}},
		},
		Budgets: []strategy.Budget{eur("3000")},
		Milestones: []calendar.Milestone{
			calendar.NewDayMilestone(id("milestone", "origin-launch"), "Origin Stories launch", calendar.LocalDate{Year: 2027, Month: time.January, Day: 18}, loc),
			{ID: id("milestone", "office-offer"), Name: "Office offer opens", At: at(time.February, 22, 9, 0), CampaignID: cOffice},
			calendar.NewDayMilestone(id("milestone", "q1-report"), "Q1 results review", calendar.LocalDate{Year: 2027, Month: time.March, Day: 31}, loc),
		},
		Team: []strategy.Member{
			{ID: lucia, Name: StrategistName, Roles: []strategy.Role{strategy.RoleStrategist}, WeeklyHours: dec("10")},
			{ID: mateo, Name: CommunityManagerName, Roles: []strategy.Role{strategy.RoleCommunityManager}, WeeklyHours: dec("20")},
		},
		Assignments: []strategy.Assignment{
			{ID: id("assignment", "farm-shoot-brief"), Title: "Brief the photographer for the farm shoot", SetBy: lucia, Owner: mateo,
				Due: at(time.January, 8, 18, 0), Status: strategy.AssignmentDone, Campaign: cOrigin},
			{ID: id("assignment", "office-posts"), Title: "Draft the Office Coffee Week posts", SetBy: lucia, Owner: mateo,
				Due: at(time.February, 10, 18, 0), Status: strategy.AssignmentInProgress, Campaign: cOffice},
			{ID: id("assignment", "insight-digest"), Title: "Send the weekly insight digest", Detail: "top questions and complaints of the week, linked to objectives",
				SetBy: lucia, Owner: mateo, Due: at(time.March, 26, 12, 0), Status: strategy.AssignmentTodo, Objective: oVoice},
		},
		Routines: []calendar.Routine{
			routine(rTips, channel.Instagram, at(time.January, 4, 10, 0), "FREQ=WEEKLY;BYDAY=MO,WE,FR", "brewing tips", "reel"),
			routine(rBehind, channel.Instagram, at(time.January, 5, 18, 0), "FREQ=WEEKLY;BYDAY=TU", "behind the scenes", "carousel"),
			routine(rLinkedIn, channel.LinkedIn, at(time.January, 5, 9, 0), "FREQ=WEEKLY;BYDAY=TU,TH", "office coffee", "article"),
		},
		Entries: []calendar.Entry{
			entry("tips-v60", channel.Instagram, at(time.January, 11, 10, 0), uuid.Nil, rTips, calendar.StatusScheduled,
				"Three V60 mistakes we all make, and how to fix them"),
			entry("origin-teaser-1", channel.Instagram, at(time.January, 16, 12, 0), cOrigin, uuid.Nil, calendar.StatusScheduled,
				"Something is coming from the hills of Huila. Stay close."),
			entry("origin-huila", channel.Instagram, at(time.January, 23, 12, 0), cOrigin, uuid.Nil, calendar.StatusApproved,
				"Meet Doña Rosa, who has grown our Huila beans for twelve years"),
			entry("origin-brews", channel.Instagram, at(time.February, 13, 12, 0), cOrigin, uuid.Nil, calendar.StatusApproved,
				"Your Huila brews this week: pour-overs, moka pots and one very brave cold brew"),
			entry("office-guide", channel.LinkedIn, at(time.February, 17, 12, 0), cOffice, uuid.Nil, calendar.StatusApproved,
				"The office tasting guide: how to choose coffee your whole team will like"),
			entry("office-offer", channel.LinkedIn, at(time.February, 24, 12, 0), cOffice, uuid.Nil, calendar.StatusDraft,
				"Free tasting for your office this month: book a slot for your team"),
			entry("office-thanks", channel.LinkedIn, at(time.March, 10, 12, 0), cOffice, uuid.Nil, calendar.StatusDraft,
				"Thank you to the forty offices that tasted with us"),
		},
		CalendarRules: calendar.Rules{
			Channels: map[channel.Channel]calendar.ChannelRules{
				channel.Instagram: {Location: loc, MinSpacing: dur("3h"), DailyCap: 2},
				channel.LinkedIn:  {Location: loc, MinSpacing: dur("4h"), DailyCap: 1},
			},
			Blackouts: []calendar.Blackout{
				calendar.NewDayBlackout(calendar.LocalDate{Year: 2027, Month: time.January, Day: 6}, calendar.LocalDate{Year: 2027, Month: time.January, Day: 6}, loc, "Epiphany: the team is off"),
			},
		},
		KPIs:   kpis(),
		Crisis: crisisPlan(),
		Community: strategy.Community{
			Response: responsePolicy(loc),
			Watchlist: community.Watchlist{Terms: []community.Term{
				{Name: "bluebird", Kind: community.TermBrand, Patterns: []string{"bluebird", "@bluebirdcoffee"}},
				{Name: "la estrella", Kind: community.TermCompetitor, Patterns: []string{"la estrella", "@cafeslaestrella"}},
				{Name: "tostadores norte", Kind: community.TermCompetitor, Patterns: []string{"tostadores norte"}},
				{Name: "specialty coffee", Kind: community.TermTopic, Patterns: []string{"specialty coffee", "café de especialidad"}},
			}},
			Workload: strategy.Workload{InboxPerWeek: 150, HandlingTime: dur("4m"), PostTime: dur("45m")},
		},
	}
}

// kpis are the quickstart's four KPIs.
func kpis() []kpi.KPI {
	base := func(id uuid.UUID, name string) kpi.KPI {
		return kpi.KPI{
			ID:        id,
			Name:      name,
			Direction: kpi.Increase,
			Baseline:  kpi.Baseline{At: QuarterStart},
			Target:    kpi.Target{Deadline: QuarterEnd},
			Tolerance: dec("10"),
		}
	}
	engagement := base(KPIEngagement, "Instagram engagement rate")
	engagement.Measure = kpi.Measure{Formula: kpi.EngagementRateByReach}
	engagement.Channels = []channel.Channel{channel.Instagram}
	engagement.Unit = kpi.UnitPercent
	engagement.WindowDays = 7
	engagement.Baseline.Value, engagement.Target.Value = dec("3"), dec("4.5")

	followers := base(KPIFollowers, "Instagram followers")
	followers.Measure = kpi.Measure{Metric: kpi.Followers}
	followers.Channels = []channel.Channel{channel.Instagram}
	followers.Unit = kpi.UnitCount
	followers.Baseline.Value, followers.Target.Value = dec("12000"), dec("15000")

	voice := base(KPIShareOfVoice, "Share of voice")
	voice.Measure = kpi.Measure{Formula: kpi.ShareOfVoice}
	voice.Unit = kpi.UnitPercent
	voice.WindowDays = 14
	voice.Baseline.Value, voice.Target.Value = dec("18"), dec("25")

	cpc := base(KPICostPerClick, "LinkedIn cost per click")
	cpc.Measure = kpi.Measure{Formula: kpi.CostPerClick}
	cpc.Channels = []channel.Channel{channel.LinkedIn}
	cpc.Unit, cpc.Currency, cpc.Direction = kpi.UnitMoney, "EUR", kpi.Decrease
	cpc.WindowDays = 14
	cpc.Baseline.Value, cpc.Target.Value = dec("0.80"), dec("0.60")

	return []kpi.KPI{engagement, followers, voice, cpc}
}

// crisisPlan is the brand's crisis ladder: low, high and critical.
func crisisPlan() crisis.Plan {
	level := func(name string, rank int, first string) crisis.Level {
		return crisis.Level{
			Name: name, Rank: rank, Meaning: "the " + name + " rung of the ladder", Handler: CommunityManager,
			FirstResponse: dur(first),
			Escalation: crisis.Escalation{Steps: []crisis.EscalationStep{
				{After: dur("15m"), Notify: []uuid.UUID{CommunityManager}},
				{After: dur("15m"), Notify: []uuid.UUID{Strategist}},
			}, Repeat: 1},
			Approver: Strategist, BackupApprover: CommunityManager,
			Statements: []crisis.Statement{
				{Channel: channel.Instagram, Text: "We have seen your messages and are looking into it. We will update you here within the hour. — The Bluebird team"},
				{Channel: channel.LinkedIn, Text: "We are aware of the concerns raised about Bluebird Coffee Roasters and are looking into them. We will share an update here shortly."},
			},
			Playbook: []crisis.PlaybookStep{{Name: "brief", Action: "Brief the café and web shop teams on the facts known", Owner: CommunityManager, Within: dur("30m")}},
			Review:   crisis.ReviewRule{Within: 5, Unit: crisis.CalendarDays},
		}
	}
	low, high, critical := level("low", 1, "4h"), level("high", 2, "1h"), level("critical", 3, "30m")
	high.Pause = &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeAtRate, RatePerHour: 1}, For: dur("12h")}
	critical.Pause = &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeSkip}, For: dur("48h")}
	critical.Review = crisis.ReviewRule{Within: 3, Unit: crisis.CalendarDays}
	return crisis.Plan{
		Name:     "bluebird-coffee",
		Zone:     Zone,
		Channels: []channel.Channel{channel.Instagram, channel.LinkedIn},
		Levels:   []crisis.Level{low, high, critical},
		Triggers: []crisis.Trigger{
			{Name: "volume-spike", Kind: crisis.TriggerVolume, Level: "high", Metric: crisis.MetricMentions,
				Window: dur("1h"), Baseline: dur("12h"), Ratio: dec("3"), Threshold: dec("60"), Confirm: dur("10m"), Cooldown: dur("1h")},
			{Name: "negative-share", Kind: crisis.TriggerNegativeShare, Level: "high",
				Window: dur("1h"), Share: dec("0.4"), Threshold: dec("40"), Confirm: dur("15m"), Cooldown: dur("2h")},
			{Name: "flood", Kind: crisis.TriggerAbsolute, Level: "critical", Metric: crisis.MetricMentions,
				Window: dur("1h"), Threshold: dec("1500"), Confirm: dur("5m"), Cooldown: dur("3h")},
		},
		Detection: crisis.Detection{Bucket: dur("5m"), Margin: dec("0.1")},
		Keywords:  crisis.Keywords{Brand: []string{"Bluebird", "@bluebirdcoffee"}, Risky: []string{"food poisoning", "mould", "boycott"}},
	}
}

// responsePolicy is the community desk's: Monday to Friday, 09:00–18:00.
func responsePolicy(loc *time.Location) community.ResponsePolicy {
	open, err := calendar.ParseClockRange("09:00-18:00")
	if err != nil {
		panic(err)
	}
	hours := calendar.Weekdays(loc, open)
	hours.Holidays = []calendar.LocalDate{{Year: 2027, Month: time.January, Day: 6}}
	return community.ResponsePolicy{
		Hours: hours,
		Targets: []community.Target{
			{Within: dur("8h")},
			{Priority: community.PriorityHigh, Within: dur("2h")},
			{Priority: community.PriorityUrgent, Within: dur("30m")},
			{Kind: community.KindDirectMessage, Within: dur("4h")},
		},
		Priority: community.PriorityRules{
			Negative:       community.PriorityHigh,
			Question:       community.PriorityHigh,
			Crisis:         community.PriorityUrgent,
			CrisisKeywords: []string{"food poisoning", "mould"},
		},
		Sentiment: community.EnglishSentimentRules(),
	}
}
