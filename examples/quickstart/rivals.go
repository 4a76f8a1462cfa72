package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// trackedAccount is an account whose daily figures the sample makes beside
// the brand's Instagram (which sampleObservations makes): the brand's
// LinkedIn company page and its rivals' accounts.
type trackedAccount struct {
	channel   channel.Channel
	handle    string
	followers int64 // on 31 December 2026
	gain      int64 // new followers a day, at most
	postDays  []time.Weekday
	engPost   int64 // engagements a post brings, about
}

// sampleRivals are the tracked accounts, and the brand's Instagram's
// followers on the eve of the quarter (its daily figures come from
// sampleObservations). Cafés La Estrella posts every day to a large
// audience that rarely talks back; Tostadores Norte, small, posts three
// brewing guides a week until, on 18 January, it starts a daily series
// that gets Madrid talking (see rivalDay).
var sampleRivals = []trackedAccount{
	{channel: channel.Instagram, handle: brandHandle, followers: 12000},
	{channel: channel.LinkedIn, handle: companyPage, followers: 3100, gain: 6,
		postDays: []time.Weekday{time.Tuesday, time.Thursday}, engPost: 45},
	{channel: channel.Instagram, handle: "cafeslaestrella", followers: 48000, gain: 25,
		postDays: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}, engPost: 700},
	{channel: channel.LinkedIn, handle: "cafes-la-estrella", followers: 5200, gain: 4,
		postDays: []time.Weekday{time.Tuesday, time.Thursday}, engPost: 30},
	{channel: channel.Instagram, handle: "tostadoresnorte", followers: 9500, gain: 15,
		postDays: []time.Weekday{time.Monday, time.Wednesday, time.Friday}, engPost: 380},
}

// seriesStart is day 14 of the sample (18 January), when Tostadores Norte
// starts its daily series.
const seriesStart = 14

// rivalDay makes one day's figures of the tracked accounts (every account
// of sampleRivals but the brand's Instagram), and returns the rivals'
// mentions on Instagram that day. The mentions are counted on Instagram,
// where the brand's listening counts them; La Estrella's stay flat, and
// Norte's climb by five a day once its series starts, so that its share
// of voice rises while the brand's falls.
func (s *sample) rivalDay(rng *rand.Rand, day int, at time.Time) (obs []kpi.Observation, rivalMentions int64) {
	for _, a := range sampleRivals[1:] {
		o := func(m kpi.Metric, v int64) {
			obs = append(obs, kpi.Observation{Metric: m, Channel: a.channel, Account: a.handle, At: at, Value: decimal.NewFromInt(v)})
		}
		posts := int64(0)
		for _, d := range a.postDays {
			if d == at.Weekday() {
				posts = 1
			}
		}
		// Followers grow by about gain a day (a reading may dip a little
		// below the day before: people unfollow too); Norte's series
		// brings it three times as many.
		followers := a.followers + int64(day+1)*a.gain*3/4 + rng.Int64N(a.gain/2+1)
		if a.handle == "tostadoresnorte" && day >= seriesStart {
			posts = 1
			followers += int64(day-seriesStart+1) * a.gain * 2
		}
		o(kpi.Posts, posts)
		o(kpi.Engagements, posts*(a.engPost*9/10+rng.Int64N(a.engPost/5+1)))
		o(kpi.Followers, followers)
		if a.channel != channel.Instagram {
			continue
		}
		mentions := int64(38) + rng.Int64N(8)
		if a.handle == "tostadoresnorte" {
			mentions = 25 + rng.Int64N(6)
			if day >= seriesStart {
				mentions += 5 * int64(day-seriesStart+1)
			}
		}
		o(kpi.Mentions, mentions)
		rivalMentions += mentions
	}
	return obs, rivalMentions
}

// ownKPIs makes the plan's Instagram KPIs, and its share of voice, read the
// brand's own Instagram account instead of the whole network: the sample
// observes its rivals' accounts on Instagram too, and a KPI that reads a
// network counts every account's observations there, the rivals' with the
// brand's.
func ownKPIs(p *strategy.Strategy) {
	own := []channel.AccountRef{{Channel: channel.Instagram, Handle: brandHandle}}
	for i, k := range p.KPIs {
		if k.Measure.Formula == kpi.ShareOfVoice || (len(k.Channels) == 1 && k.Channels[0] == channel.Instagram) {
			p.KPIs[i].Channels, p.KPIs[i].Accounts = nil, own
		}
	}
}

// rivalsOptions are the periods the review judges rivals on: weeks, so that
// the three complete periods rival.share_of_voice compares (see
// strategy.RivalGainPeriods) fall within the quarter so far.
var rivalsOptions = strategy.RivalsOptions{Period: kpi.Week}

// rivals sets the brand beside its rivals month by month, from the first of
// January to now: February is the month so far.
func (s *sample) rivals() (*strategy.RivalsReport, error) {
	rep, err := strategy.Rivals(s.plan, s.observations, strategy.RivalsOptions{Period: kpi.Month,
		From: time.Date(2027, time.January, 1, 0, 0, 0, 0, s.loc), To: s.asOf})
	if err != nil {
		return nil, fmt.Errorf("rivals: %w", err)
	}
	return rep, nil
}

func printRivals(w io.Writer, rep *strategy.RivalsReport) {
	show := func(d *decimal.Decimal, places int32, suffix string) string {
		if d == nil {
			return "-"
		}
		return d.StringFixed(places) + suffix
	}
	for _, p := range rep.Periods {
		label := p.Label
		if !p.End.Before(rep.Periods[len(rep.Periods)-1].End) {
			label += " (so far)"
		}
		fmt.Fprintf(w, "  %s: %s mentions of all tracked accounts\n", label, show(p.Mentions, 0, ""))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "    account\tof\tposts/week\tengagement rate\tfollower growth\tshare of voice\t")
		for _, f := range p.Accounts {
			who := f.Competitor
			if f.Brand {
				who = "the brand"
			}
			fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\t%s\t%s\t\n", f.Account, who, show(f.PostsPerWeek, 1, ""),
				show(f.EngagementRate, 2, "%"), growth(f), show(f.ShareOfVoice, 1, "%"))
		}
		tw.Flush()
		for _, c := range p.Competitors {
			name := c.Competitor
			if c.Brand {
				name = "the brand"
			}
			fmt.Fprintf(w, "    %-18s share of voice %6s, rank %d of %d\n", name, show(c.ShareOfVoice, 1, "%"),
				c.Ranks.ShareOfVoice.Position, c.Ranks.ShareOfVoice.Of)
		}
	}
}

// growth prints an account's follower growth, absolute and in percent.
func growth(f strategy.RivalFigures) string {
	if f.FollowerGrowth == nil {
		return "-"
	}
	s := fmt.Sprintf("%+d", f.FollowerGrowth.IntPart())
	if f.FollowerGrowthPercent != nil {
		s += fmt.Sprintf(" (%s%%)", f.FollowerGrowthPercent.StringFixed(2))
	}
	return s
}
