package report_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/report"
	"github.com/tandemsocial/tandem/strategy"
)

const brand = "bluebirdcoffee"

// sampleReview builds a whole review of the sample plan of
// examples/verifiedplan, with six weeks of deterministic observations, the
// posts' results, a drill, an inbox and its responses: every section of
// the page has its input.
func sampleReview(t testing.TB) (*report.Review, time.Time) {
	t.Helper()
	plan := verifiedplan.Plan()
	loc, err := plan.Location()
	require.NoError(t, err)
	asOf := verifiedplan.AsOf

	series, err := kpi.NewSeries(sampleObservations(loc, asOf))
	require.NoError(t, err)
	posts, groupings := samplePosts()
	ww, err := posts.WhatWorks(kpi.EngagementRateByReach, kpi.Lifetime, groupings, kpi.WhatWorksOptions{})
	require.NoError(t, err)
	results, err := strategy.Review(plan, series, asOf, nil)
	require.NoError(t, err)
	results.WhatWorks = &ww

	verification := strategy.Verify(plan, nil)
	matrix := strategy.Trace(plan)
	cal, err := plan.Calendar()
	require.NoError(t, err)

	best, err := kpi.RankTimes(sampleTimes())
	require.NoError(t, err)

	start := time.Date(2027, time.February, 20, 0, 0, 0, 0, loc)
	spike := crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 2027, Start: start, Buckets: 216,
		Channels: []channel.Channel{channel.Instagram, channel.LinkedIn}})
	minutes := func(n int) crisis.Duration { return crisis.Duration(time.Duration(n) * time.Minute) }
	drill, err := crisis.Drill(&plan.Crisis, spike, &crisis.DrillOptions{Names: plan.MemberNames(), Responses: []crisis.Response{
		{After: minutes(10), From: crisis.AnchorLevel, Kind: crisis.EventAcknowledge, By: verifiedplan.CommunityManager},
		{After: minutes(25), Kind: crisis.EventPublish, Channel: channel.Instagram, By: verifiedplan.Strategist},
		{After: minutes(45), Kind: crisis.EventPublish, Channel: channel.LinkedIn, By: verifiedplan.Strategist},
		{After: minutes(6 * 60), Kind: crisis.EventResolve, By: verifiedplan.Strategist},
	}})
	require.NoError(t, err)

	inbox := sampleInbox(loc)
	responder, err := community.NewResponder(plan.Community.Response, nil)
	require.NoError(t, err)
	responses := []community.Response{
		{To: "ig-c2", At: time.Date(2027, time.February, 15, 10, 5, 0, 0, loc), By: verifiedplan.CommunityManager},
		{To: "ig-d1", At: time.Date(2027, time.February, 15, 9, 30, 0, 0, loc), By: verifiedplan.CommunityManager},
		{To: "x-m2", At: time.Date(2027, time.February, 16, 12, 0, 0, 0, loc), By: verifiedplan.Strategist},
	}
	window := calendar.Window{From: time.Date(2027, time.February, 12, 0, 0, 0, 0, loc), To: time.Date(2027, time.February, 17, 0, 0, 0, 0, loc)}
	rep, err := responder.Report(inbox, responses, window)
	require.NoError(t, err)
	leaders, err := community.RankLeaders(inbox, &community.LeaderOptions{Brand: []string{brand}, Topics: []string{"roast", "espresso"}, Limit: 3})
	require.NoError(t, err)

	return &report.Review{
		Plan: plan, Results: results, Series: series, Verification: &verification, Matrix: &matrix,
		Calendar:  &cal,
		BestTimes: []report.AccountTimes{{Account: channel.AccountRef{Channel: channel.Instagram, Handle: brand}, Times: best}},
		Drill:     drill, Responses: rep, Leaders: leaders,
	}, asOf
}

// sampleObservations are daily figures from 4 January to asOf, made by
// arithmetic so that they are the same on every run.
func sampleObservations(loc *time.Location, asOf time.Time) []kpi.Observation {
	var obs []kpi.Observation
	add := func(m kpi.Metric, c channel.Channel, account string, at time.Time, v decimal.Decimal, cur string) {
		obs = append(obs, kpi.Observation{Metric: m, Channel: c, Account: account, At: at, Value: v, Currency: cur})
	}
	n := decimal.NewFromInt
	followers := int64(12000)
	for day := 0; ; day++ {
		at := time.Date(2027, time.January, 4, 23, 0, 0, 0, loc).AddDate(0, 0, day)
		if at.After(asOf) {
			break
		}
		d := int64(day)
		reach := 9000 + (d*37)%1500
		add(kpi.Reach, channel.Instagram, brand, at, n(reach), "")
		add(kpi.Engagements, channel.Instagram, brand, at, n(reach*(300+d*2)/10000+d%7), "")
		followers += 20 + (d*13)%20
		add(kpi.Followers, channel.Instagram, brand, at, n(followers), "")
		add(kpi.Mentions, channel.Instagram, brand, at, n(36+(d*5)%12), "")
		add(kpi.CompetitorMentions, channel.Instagram, brand, at, n(150+(d*7)%30), "")
		// A rival's followers, which the brand's KPIs must not count.
		add(kpi.Followers, channel.Instagram, "cafeslaestrella", at, n(48000+d*10), "")
		clicks := 120 + (d*11)%40
		add(kpi.Clicks, channel.LinkedIn, "", at, n(clicks), "")
		add(kpi.Spend, channel.LinkedIn, "", at, decimal.New(clicks*(78-d/6), -2), "EUR")
	}
	return obs
}

// samplePosts are 36 Instagram posts in three formats; reels do best.
func samplePosts() (kpi.PostResults, []kpi.Grouping) {
	var rs kpi.PostResults
	formats := map[uuid.UUID]string{}
	for i := range 36 {
		id := uuid.NewSHA1(uuid.NameSpaceOID, []byte{byte(i)})
		format := []string{"reel", "carousel", "image"}[i%3]
		formats[id] = format
		reach := int64(5000 + i*50)
		eng := reach * int64(250+(i%3)*-60+(i*7)%40) / 10000
		rs = append(rs,
			kpi.PostResult{Entry: id, Channel: channel.Instagram, Metric: kpi.Reach, Value: decimal.NewFromInt(reach)},
			kpi.PostResult{Entry: id, Channel: channel.Instagram, Metric: kpi.Engagements, Value: decimal.NewFromInt(eng)})
	}
	return rs, []kpi.Grouping{{By: "format", Key: func(p kpi.PostKey) (string, bool) { f, ok := formats[p.Entry]; return f, ok }}}
}

// sampleTimes are posts' engagement rates by the hour they went out.
func sampleTimes() []kpi.TimedValue {
	var vs []kpi.TimedValue
	for i := range 60 {
		wd := time.Weekday(1 + i%5)
		hour := []int{9, 13, 18}[i%3]
		v := 2.0 + float64((i*7)%10)/10
		if hour == 18 && wd == time.Tuesday {
			v += 2.5
		}
		vs = append(vs, kpi.TimedValue{Slot: kpi.HourSlot{Weekday: wd, Hour: hour}, Value: decimal.NewFromFloat(v)})
	}
	return vs
}

func sampleInbox(loc *time.Location) community.Inbox {
	at := func(day, hour, min int) time.Time { return time.Date(2027, time.February, day, hour, min, 0, 0, loc) }
	to := []string{brand}
	return community.Inbox{
		{ID: "ig-c1", Kind: community.KindComment, Channel: channel.Instagram, Thread: "reel-0212",
			Author: community.Author{Handle: "lucia.brews", Followers: 2_300}, At: at(12, 18, 5),
			Text: "Love the new espresso blend", To: to},
		{ID: "ig-c2", Kind: community.KindComment, Channel: channel.Instagram, Thread: "reel-0212",
			Author: community.Author{Handle: "marta_v", Followers: 140}, At: at(13, 10, 40),
			Text: "How do I grind it for a moka pot?"},
		{ID: "ig-r1", Kind: community.KindReply, Channel: channel.Instagram, Thread: "reel-0212", ReplyTo: "ig-c1",
			Author: community.Author{Handle: "baristabea", Followers: 61_000}, At: at(13, 11, 5),
			Text: "Agreed, best roast this winter", To: to},
		{ID: "ig-d1", Kind: community.KindDirectMessage, Channel: channel.Instagram, Thread: "dm-311", Language: "en",
			Author: community.Author{Handle: "pablo_r", Followers: 45}, At: at(15, 8, 10),
			Text: "My order arrived with the bag torn open and I want a refund", To: to},
		{ID: "x-m2", Kind: community.KindMention, Channel: channel.X,
			Author: community.Author{Handle: "ines_g", Followers: 310}, At: at(15, 8, 40),
			Text: "Found mould in my bag of @bluebirdcoffee beans. Terrible.", To: to},
	}
}
