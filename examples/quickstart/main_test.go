package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

func TestQuickstartText(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, t.TempDir(), false))
	text := out.String()
	for _, want := range []string{
		verifiedplan.BrandName, "KPI progress", "Instagram engagement rate", "on track", "off track",
		"The next two weeks of posts", "Mon 15 Feb 10:00 CET  instagram  routine", "Fri 26 Feb 10:00 CET",
		"0 errors, 0 warnings, 1 info", "calendar.skipped: routines[0]", "objective: Raise share of voice",
		"Office Coffee Week (linkedin): 4 entries from @bluebird-coffee-roasters on LinkedIn, @lucia-ortega on LinkedIn",
		// The accounts, and the whole post as each account publishes it.
		"publishes from  @bluebirdcoffee on Instagram", "@lucia-ortega on LinkedIn              Lucía Ortega, founder",
		"watches         @cafeslaestrella on Instagram",
		"@lucia-ortega (a variant, in the account's own words)", `alt text "Lucía Ortega tastes a Huila espresso at the roastery"`,
		"video:         origin-huila.mp4, 8m30s", "title:         Huila, from farm to cup",
		"first comment: The guide, free to download: https://bluebird.coffee/office-guide?utm_source=lucia-ortega&utm_medium=social&",
		// The planted flaws, caught, and the entries held back.
		"entries[9].media: has 11 attachments; Instagram allows 10 [out_of_range]",
		"entries[10].title: is 113 characters long; at most 100 allowed [too_long]",
		"2 errors, 0 warnings, 1 info", "Caught: 2 findings the plan itself does not have.",
		"entries[9]  instagram Tue 23 Feb 12:00, because of entries[9].media",
		"Wed 17 Feb 12:00 CET  linkedin   post     @bluebird-coffee-roasters @lucia-ortega  The office tasting guide",
		// The exports: an .ics, and both dialects for each account.
		"bluebird.ics", "hootsuite-linkedin-bluebird-coffee-roasters.csv  Hootsuite", "sprout-linkedin-lucia-ortega.csv",
		"1 post from @lucia-ortega on LinkedIn", "to add in the tool: 2 images, 1 first comment",
		// Attribution, per campaign, entry and account.
		"Office Coffee Week  ", "from @lucia-ortega  ", "95 clicks", "from youtube",
		"not attributed: 12 clicks on https://bluebird.coffee/office-week: its URL carries no UTM tags",
		"Triage", "urgent", "crisis keyword", "banned word", "Opinion leaders", "x @coffeefacts",
		"urgent  mention         x @cafe_critic          30m left  negative, strong negative, influential complaint",
		"Negative, and missed by the old keyword list", "x @cafe_critic       tags delivery, reputation; assign to Lucía Ortega",
		"x @cafe_critic          → Lucía Ortega  author already with Lucía Ortega",
		"Saved reply \"refund-sorry\" to @pablo_r:", "Mon 09:40  approve  Lucía Ortega",
		"Crisis drill", "first_response critical  met", "statement      critical  late · linkedin",
		"acknowledge              Mateo Ruiz", "publish                  Lucía Ortega · instagram",
		"too early to judge: \"Office Coffee Week\"", "overdue: Draft the Office Coffee Week posts",
		// Rivals month by month, best times and the routine change, pacing.
		"Rivals, month by month", "2027-02 (so far):", "@tostadoresnorte on Instagram   Tostadores Norte",
		"Tostadores Norte   share of voice  61.8%, rank 1 of 3", "the brand          share of voice  19.6%, rank 2 of 3",
		// What the posts did: the top posts, what works by pillar and format.
		"What the Instagram posts did, seven days after each went out", "93 posts; engagement rate by reach: median 4.19%",
		"6 posts of the last seven days wait for their figures",
		"top     Thu 17 Dec 2026 19:00  5.99%  From the roastery tonight: cupping day",
		"pillar  behind the scenes  18     2.13%   2.18%  1.83% to 2.44%              -2.06 points",
		"format  image              14     5.42%   5.33%  4.87% to 5.85%              +1.24 points",
		"format  video              7      4.52%   4.62%  4.29% to 5.39%              not enough evidence",
		"93 Instagram posts seven days on", "Thu 19:00  14     5.33%  0.98    5.31%",
		"now:      Mon, Wed, Fri 10:00 (brewing tips reel)", "now:      Tue 18:00 (behind the scenes carousel)  clearly beaten: move it",
		"proposed: Thu 19:00, from Thu 18 Feb",
		"posts whose format is \"image\" do better on engagement_rate_by_reach", "(mix.shift)", "(routine.move)",
		"Origin Stories      1300.00 EUR  1500.00 EUR  72.2% of 49 days  1082.91 EUR      over pace  1800.71 EUR",
		"Office Coffee Week  12.50 EUR    900.00 EUR   1.3% of 28 days   12.05 EUR        on pace",
		"campaign \"Origin Stories\" is over pace", "(campaign.over_pace)",
		"\"Tostadores Norte\" gains share of voice", "(rival.share_of_voice)",
	} {
		assert.Contains(t, text, want)
	}
	// Two weeks end before Monday 1 March.
	assert.NotContains(t, text, "Mon 1 Mar")
	// The held-back posts are in no list of what goes out.
	assert.NotContains(t, text, "Harvest day in Huila")
}

func TestQuickstartJSON(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, t.TempDir(), true))
	var r report
	require.NoError(t, json.Unmarshal(out.Bytes(), &r))
	assert.Equal(t, verifiedplan.BrandName, r.Brand)
	require.Len(t, r.Objectives, 3)
	kpis := 0
	for _, o := range r.Objectives {
		for _, k := range o.KPIs {
			assert.True(t, k.Progress.Status.IsValid(), k.Name)
			kpis++
		}
	}
	assert.Equal(t, 4, kpis)
	assert.True(t, r.Verification.Report.OK())
	require.Len(t, r.Flaws.New, 2, "the two planted flaws, and nothing else")
	require.Len(t, r.Flaws.HeldBack, 2)
	assert.Equal(t, "entries[9]", r.Flaws.HeldBack[0].Path)
	assert.Equal(t, channel.Instagram, r.Flaws.HeldBack[0].Channel)
	assert.Equal(t, "entries[10]", r.Flaws.HeldBack[1].Path)
	assert.Equal(t, channel.YouTube, r.Flaws.HeldBack[1].Channel)
	assert.Equal(t, channel.Accounts{
		{Channel: channel.Instagram, Handle: "bluebirdcoffee", Name: verifiedplan.BrandName},
		{Channel: channel.LinkedIn, Handle: companyPage, Name: verifiedplan.BrandName},
		{Channel: channel.LinkedIn, Handle: founder, Name: verifiedplan.StrategistName + ", founder"},
		{Channel: channel.YouTube, Handle: "bluebirdcoffee", Name: verifiedplan.BrandName},
	}, r.Accounts.Own)
	assert.Len(t, r.Files, 8, "one .ics, a Hootsuite and a Sprout file for each LinkedIn account, the review page, and the brief as a page and as text")
	require.Len(t, r.Attribution.Result.Campaigns, 2)
	assert.Equal(t, int64(695), r.Attribution.Result.Total.Clicks)
	require.Len(t, r.Attribution.Result.Unattributed, 1)
	assert.Equal(t, 4, r.Attribution.Result.Unattributed[0].Visit, "the untagged visit")
	assert.NotEmpty(t, r.Recommendations)
	require.NotEmpty(t, r.Posts)
	for i, p := range r.Posts {
		assert.False(t, p.At.Before(r.AsOf), "post %d before now", i)
		assert.True(t, p.At.Before(r.AsOf.AddDate(0, 0, 14)), "post %d after two weeks", i)
	}
	require.NotEmpty(t, r.Inbox.Triage)
	assert.Equal(t, community.PriorityUrgent, r.Inbox.Triage[0].Assessment.Priority)
	assert.Len(t, r.Inbox.Leaders, 3)
	assert.NotEmpty(t, r.Drill.Timeline)
	assert.Len(t, r.Drill.Missed, 1)
	assert.Equal(t, verifiedplan.CommunityManagerName, r.Drill.Names[verifiedplan.CommunityManager], "the timeline's member IDs come with their names")
}

// The exports land in the folder given: an .ics with every post's
// accounts and attachments, and one file per account in each CSV dialect.
func TestQuickstartWritesExports(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	require.NoError(t, run(&out, dir, false))
	ics, err := os.ReadFile(filepath.Join(dir, "bluebird.ics"))
	require.NoError(t, err)
	text := string(ics)
	assert.True(t, strings.HasPrefix(text, "BEGIN:VCALENDAR\r\n"))
	assert.Contains(t, text, "TZID:Europe/Madrid")
	assert.Equal(t, 3, strings.Count(text, "RRULE:"), "one per routine")
	assert.Equal(t, 3, strings.Count(text, `\nOwner: Mateo Ruiz`), "owners by name, not by member ID")
	assert.Equal(t, 2, strings.Count(text, "X-TANDEM-ACCOUNT:lucia-ortega\r\n"), "the two posts the founder publishes too")
	assert.Contains(t, text, "X-TANDEM-ACCOUNT:bluebird-coffee-roasters\r\n")
	assert.Contains(t, text, "ATTACH;FMTTYPE=video/mp4:https://bluebird.coffee/media/origin-huila.mp4")
	assert.Contains(t, text, "SUMMARY:YouTube @bluebirdcoffee: Huila\\, from farm to cup")
	assert.NotContains(t, text, "harvest", "the held-back posts stay out")

	for _, c := range []struct {
		file, header, row string
	}{
		{"hootsuite-linkedin-bluebird-coffee-roasters.csv", "", "17/02/2027 12:00,The office tasting guide: how to choose coffee your whole team will like,https://bluebird.coffee/office-guide?utm_source=bluebird-coffee-roasters&"},
		{"hootsuite-linkedin-lucia-ortega.csv", "", `17/02/2027 12:00,"I wrote this guide`},
		{"sprout-linkedin-bluebird-coffee-roasters.csv", "date,time_24hr,message_text\n", "17/02/2027,12:00,\"The office tasting guide"},
		{"sprout-linkedin-lucia-ortega.csv", "date,time_24hr,message_text\n", "\nhttps://bluebird.coffee/office-guide?utm_source=lucia-ortega&"},
	} {
		csv, err := os.ReadFile(filepath.Join(dir, c.file))
		require.NoError(t, err, c.file)
		assert.True(t, strings.HasPrefix(string(csv), c.header), "%s: %q", c.file, csv)
		assert.Contains(t, string(csv), c.row, c.file)
		assert.NotContains(t, string(csv), "Free tasting", "%s: drafts stay out", c.file)
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	require.NoError(t, err)
	assert.Len(t, names, 4, "no Instagram or YouTube post is left to upload: the flawed ones are held back")
}

// The report is the same on every run: the quickstart never reads the clock.
func TestQuickstartDeterministic(t *testing.T) {
	dir := t.TempDir()
	var a, b bytes.Buffer
	require.NoError(t, run(&a, dir, true))
	require.NoError(t, run(&b, dir, true))
	assert.Equal(t, a.String(), b.String())
}

// decodeReport runs the quickstart with -json and decodes its report.
func decodeReport(t *testing.T) report {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, run(&out, t.TempDir(), true))
	var r report
	require.NoError(t, json.Unmarshal(out.Bytes(), &r))
	return r
}

// The rivals' section: shares of voice add up to 100 in every month, the
// ranks follow the shares, the brand's share falls while Tostadores
// Norte's rises, and the figures agree with sums taken here from the
// sample's observations.
func TestQuickstartRivals(t *testing.T) {
	r := decodeReport(t)
	require.NotNil(t, r.Rivals)
	require.Len(t, r.Rivals.Periods, 2)
	assert.Equal(t, "2027-01", r.Rivals.Periods[0].Label)
	assert.Equal(t, "2027-02", r.Rivals.Periods[1].Label)
	hundred, within := decimal.NewFromInt(100), decimal.RequireFromString("0.001")
	for _, p := range r.Rivals.Periods {
		for _, rows := range [][]strategy.RivalFigures{p.Accounts, p.Competitors} {
			sum := decimal.Zero
			for _, f := range rows {
				if f.ShareOfVoice != nil {
					sum = sum.Add(*f.ShareOfVoice)
				}
			}
			assert.True(t, sum.Sub(hundred).Abs().LessThanOrEqual(within), "%s: shares add up to %s", p.Label, sum)
		}
		require.Len(t, p.Competitors, 3)
		assert.True(t, p.Competitors[0].Brand)
		for _, c := range p.Competitors {
			greater := 0
			for _, d := range p.Competitors {
				if d.ShareOfVoice.GreaterThan(*c.ShareOfVoice) {
					greater++
				}
			}
			assert.Equal(t, 1+greater, c.Ranks.ShareOfVoice.Position, "%s %q", p.Label, c.Competitor)
			assert.Equal(t, 3, c.Ranks.ShareOfVoice.Of)
		}
	}
	jan, feb := r.Rivals.Periods[0], r.Rivals.Periods[1]
	brandJan, _ := jan.Competitor("")
	brandFeb, _ := feb.Competitor("")
	norteJan, _ := jan.Competitor("Tostadores Norte")
	norteFeb, _ := feb.Competitor("Tostadores Norte")
	assert.True(t, brandFeb.ShareOfVoice.LessThan(*brandJan.ShareOfVoice), "the brand's share falls")
	assert.True(t, norteFeb.ShareOfVoice.GreaterThan(*norteJan.ShareOfVoice), "Norte's share rises")
	assert.Equal(t, 1, norteFeb.Ranks.ShareOfVoice.Position)

	// The brand's Instagram mentions and posts in January, summed here
	// from the observations, and its followers at the end of January.
	s, err := newSample()
	require.NoError(t, err)
	var mentions, posts, followers decimal.Decimal
	for _, o := range s.observations {
		if o.Channel != channel.Instagram || o.Account != brandHandle || o.At.Month() != time.January || o.At.Year() != 2027 {
			continue
		}
		switch o.Metric {
		case kpi.Mentions:
			mentions = mentions.Add(o.Value)
		case kpi.Posts:
			posts = posts.Add(o.Value)
		case kpi.Followers:
			followers = o.Value
		}
	}
	ig := jan.Accounts[0]
	require.Equal(t, channel.AccountRef{Channel: channel.Instagram, Handle: brandHandle}, ig.Account)
	assert.True(t, ig.Mentions.Equal(mentions), "%s vs %s", ig.Mentions, mentions)
	assert.True(t, ig.Posts.Equal(posts), "%s vs %s", ig.Posts, posts)
	assert.True(t, ig.FollowersEnd.Equal(followers), "%s vs %s", ig.FollowersEnd, followers)
	assert.True(t, ig.FollowerGrowth.Equal(followers.Sub(decimal.NewFromInt(12000))), "growth from the reading of 31 December")
}

// The brand's KPIs read its own Instagram account: the rivals' followers,
// observed on Instagram too, are not added to the brand's.
func TestQuickstartKPIsReadTheBrandsAccount(t *testing.T) {
	r := decodeReport(t)
	s, err := newSample()
	require.NoError(t, err)
	var last decimal.Decimal
	for _, o := range s.observations {
		if o.Metric == kpi.Followers && o.Channel == channel.Instagram && o.Account == brandHandle {
			last = o.Value
		}
	}
	found := false
	for _, o := range r.Objectives {
		for _, k := range o.KPIs {
			if k.Name == "Instagram followers" {
				found = true
				require.NotNil(t, k.Progress.Actual)
				assert.True(t, k.Progress.Actual.Equal(last), "followers %s, want the brand's %s", k.Progress.Actual, last)
			}
		}
	}
	assert.True(t, found)
}

// Pacing: each campaign's spend is the sum of its records, Origin Stories
// is over pace, and the review recommends slowing it and watching the
// rival that gains share of voice.
func TestQuickstartPacingAndRecommendations(t *testing.T) {
	r := decodeReport(t)
	s, err := newSample()
	require.NoError(t, err)
	require.Len(t, r.Pacing, 2)
	for _, p := range r.Pacing {
		sum := decimal.Zero
		for _, sp := range s.spend() {
			if sp.Campaign == p.Campaign && !sp.At.After(r.AsOf) {
				sum = sum.Add(sp.Amount.Amount)
			}
		}
		assert.True(t, p.Spent.Amount.Equal(sum), "%s spent %s, records add up to %s", p.Name, p.Spent, sum)
	}
	assert.Equal(t, "Origin Stories", r.Pacing[0].Name)
	assert.Equal(t, strategy.PaceOver, r.Pacing[0].Status)
	assert.Equal(t, strategy.PaceOn, r.Pacing[1].Status)

	rules := map[string][]strategy.Recommendation{}
	for _, rec := range r.Recommendations {
		rules[rec.Rule] = append(rules[rec.Rule], rec)
	}
	require.Len(t, rules["campaign.over_pace"], 1)
	assert.Equal(t, r.Pacing[0].Campaign, rules["campaign.over_pace"][0].Campaign)
	require.Len(t, rules["rival.share_of_voice"], 1, "Norte gains; La Estrella does not")
	sov := rules["rival.share_of_voice"][0]
	assert.Contains(t, sov.Message, `"Tostadores Norte" gains share of voice`)
	assert.Equal(t, verifiedplan.IDs.ID("objective", "share-of-voice"), sov.Objective)
}

// Best times: the ranking holds the history's posts old enough to compare,
// best first; the review's routine.move recommendation names the
// behind-the-scenes routine, whose posts do clearly worse than the
// account's, and proposes Instagram routines of the brand's account in
// ranked slots no routine fills, within the plan's Instagram rules.
func TestQuickstartBestTimes(t *testing.T) {
	r := decodeReport(t)
	b := r.BestTimes
	require.NotNil(t, b)
	require.NotNil(t, r.WhatWorks)
	assert.Equal(t, r.WhatWorks.Found.Posts, b.Ranking.Posts, "the same posts as what works")
	assert.True(t, b.Ranking.Evidence)
	for i := 1; i < len(b.Ranking.Slots); i++ {
		assert.False(t, b.Ranking.Slots[i].Score.GreaterThan(b.Ranking.Slots[i-1].Score), "slot %d ranked above a better one", i)
	}
	require.Len(t, b.Current, 2, "the plan's two Instagram routines")
	assert.Equal(t, 2, b.Rules.DailyCap)

	require.Len(t, b.Moves, 1)
	move := b.Moves[0]
	assert.Equal(t, verifiedplan.IDs.ID("routine", "instagram-behind-the-scenes"), move.Routine)
	ranked := map[kpi.HourSlot]bool{}
	for _, s := range b.Ranking.Slots {
		ranked[s.Slot] = true
	}
	taken := map[kpi.HourSlot]bool{}
	for _, rt := range b.Current {
		for _, d := range rt.Recurrence.Rule.ByDay {
			taken[kpi.HourSlot{Weekday: d.Day.Std(), Hour: rt.Recurrence.Start.Hour()}] = true
		}
	}
	require.NotEmpty(t, move.Routines)
	posts := 0
	for _, rt := range move.Routines {
		assert.Equal(t, channel.Instagram, rt.Channel)
		assert.Equal(t, brandHandle, rt.Account)
		require.NoError(t, rt.Validate())
		start := rt.Recurrence.Start
		assert.Equal(t, verifiedplan.Zone, start.Location().String())
		assert.False(t, start.Before(verifiedplan.AsOf), "a routine starts before the review")
		for _, d := range rt.Recurrence.Rule.ByDay {
			slot := kpi.HourSlot{Weekday: d.Day.Std(), Hour: start.Hour()}
			assert.True(t, ranked[slot], "%s is not a ranked slot", slot)
			assert.False(t, taken[slot], "%s is a routine's already", slot)
			posts++
		}
	}
	assert.Equal(t, 1, posts, "the routine publishes once a week; so does its replacement")
}

// The desk: the messages the keyword list missed come first by how
// strongly they complain, the inbox rules tag and assign, routing keeps a
// rule's assignment, and the saved reply to the torn bag is rendered,
// flagged for its refund promise and approved by the strategist, not by
// its author.
func TestQuickstartDesk(t *testing.T) {
	r := decodeReport(t)
	require.NotNil(t, r.Inbox)
	d := r.Inbox.Desk
	require.NotNil(t, d)
	assert.Equal(t, []string{"x-m3", "ig-c4"}, d.Missed)
	require.NotEmpty(t, r.Inbox.Triage)
	first := r.Inbox.Triage[0]
	assert.Equal(t, "x-m3", first.ID, "the influential complaint the keywords missed comes first")
	assert.True(t, first.Assessment.Has(community.ReasonInfluentialComplaint))

	assert.Equal(t, refundReply, d.Outcomes["ig-d1"].Reply)
	assert.Equal(t, []string{"delivery", "damaged"}, d.Outcomes["ig-d1"].Tags)
	assert.Equal(t, verifiedplan.Strategist, d.Outcomes["x-m3"].Member)
	var critic *community.Assignment
	for i, a := range d.Routing.Assignments {
		if a.ID == "x-m3" {
			critic = &d.Routing.Assignments[i]
		}
	}
	require.NotNil(t, critic)
	assert.Equal(t, verifiedplan.Strategist, critic.Member, "routing keeps the rule's assignment")

	assert.NotContains(t, d.Reply.Text, "{")
	assert.Contains(t, d.Reply.Text, "Hi @pablo_r")
	assert.True(t, d.Reply.NeedsApproval())
	assert.False(t, d.Reply.Blocked())
	assert.Equal(t, calendar.ApprovalApproved, d.Approval.Status())
	require.Len(t, d.Approval.Trail, 2)
	assert.Equal(t, verifiedplan.CommunityManager, d.Approval.Trail[0].Actor)
	assert.Equal(t, calendar.ActionApprove, d.Approval.Trail[1].Action)
	assert.Equal(t, verifiedplan.Strategist, d.Approval.Trail[1].Actor)
}
