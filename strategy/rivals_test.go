package strategy_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/internal/strictjson/strictjsontest"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/validation"
)

// The sample plan's accounts: the brand on Instagram and LinkedIn, Cafés La
// Estrella on both, Tostadores Norte on Instagram.
const (
	brandIG    = "bluebirdcoffee"
	brandLI    = "bluebird-coffee-roasters"
	estrellaIG = "cafeslaestrella"
	estrellaLI = "cafes-la-estrella"
	norteIG    = "tostadoresnorte"
	estrella   = "Cafés La Estrella"
	norte      = "Tostadores Norte"
)

func madridZone(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Madrid")
	require.NoError(t, err)
	return loc
}

func ob(m kpi.Metric, c channel.Channel, handle string, at time.Time, v int64) kpi.Observation {
	return kpi.Observation{Metric: m, Channel: c, Account: handle, At: at, Value: decimal.NewFromInt(v)}
}

// quarterObservations are January to March 2027 in Madrid (the clocks go
// forward on 28 March): one reading of followers on the last day of each
// month (and of December), and one count of posts, engagements and
// mentions in the middle of each month. The brand's Instagram figures name
// no account (the brand has one account there). Shares of voice: the brand
// 50, 40, 30; Estrella 30, 30, 30; Norte 20, 30, 40.
func quarterObservations(t testing.TB) []kpi.Observation {
	loc := madridZone(t)
	ig, li := channel.Instagram, channel.LinkedIn
	day := func(m time.Month, d int) time.Time { return time.Date(2027, m, d, 12, 0, 0, 0, loc) }
	var obs []kpi.Observation
	followers := map[string][]int64{ // Dec, Jan, Feb, Mar
		"": {1000, 1100, 1100, 1210}, estrellaIG: {2000, 2000, 2100, 2100}, norteIG: {0, 0, 50, 100},
	}
	posts := map[string][]int64{"": {31, 28, 31}, estrellaIG: {31, 8, 62}, estrellaLI: {0, 4, 0}, norteIG: {62, 8, 31}}
	engagements := map[string][]int64{"": {55, 44, 121}, estrellaIG: {40, 21, 0}, norteIG: {10, 5, 5}}
	mentions := map[string][]int64{"": {50, 40, 30}, estrellaIG: {30, 25, 30}, estrellaLI: {0, 5, 0}, norteIG: {20, 30, 40}}
	ends := []time.Time{day(time.December, 31).AddDate(-1, 0, 0), day(time.January, 31), day(time.February, 28), day(time.March, 31)}
	mids := []time.Time{day(time.January, 15), day(time.February, 15), day(time.March, 15)}
	chOf := func(h string) channel.Channel {
		if h == estrellaLI {
			return li
		}
		return ig
	}
	for _, h := range []string{"", estrellaIG, norteIG} {
		for i, at := range ends {
			obs = append(obs, ob(kpi.Followers, chOf(h), h, at, followers[h][i]))
		}
	}
	for _, h := range []string{"", estrellaIG, estrellaLI, norteIG} {
		for i, at := range mids {
			obs = append(obs, ob(kpi.Posts, chOf(h), h, at, posts[h][i]), ob(kpi.Mentions, chOf(h), h, at, mentions[h][i]))
			if e, ok := engagements[h]; ok {
				obs = append(obs, ob(kpi.Engagements, chOf(h), h, at, e[i]))
			}
		}
	}
	return obs
}

func quarterOptions(t testing.TB) strategy.RivalsOptions {
	loc := madridZone(t)
	return strategy.RivalsOptions{Period: kpi.Month,
		From: time.Date(2027, time.January, 1, 0, 0, 0, 0, loc), To: time.Date(2027, time.April, 1, 0, 0, 0, 0, loc)}
}

func decp(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }

// assertDec compares an optional decimal with want ("" for undefined).
func assertDec(t *testing.T, want string, got *decimal.Decimal, what string) {
	t.Helper()
	if want == "" {
		assert.Nil(t, got, "%s should be undefined", what)
		return
	}
	if assert.NotNil(t, got, "%s should be defined", what) {
		assert.True(t, decp(want).Equal(*got), "%s: want %s, got %s", what, want, got)
	}
}

func accountRow(t *testing.T, p strategy.RivalPeriod, c channel.Channel, handle string) strategy.RivalFigures {
	t.Helper()
	for _, f := range p.Accounts {
		if f.Account.Channel == c && f.Account.Handle == handle {
			return f
		}
	}
	t.Fatalf("no row for @%s on %s", handle, c)
	return strategy.RivalFigures{}
}

func TestRivalsQuarterInMadrid(t *testing.T) {
	plan := verifiedplan.Plan()
	rep, err := strategy.Rivals(plan, quarterObservations(t), quarterOptions(t))
	require.NoError(t, err)
	require.Len(t, rep.Periods, 3)
	assert.Equal(t, "Europe/Madrid", rep.Zone)
	assert.Empty(t, rep.Excluded)

	loc := madridZone(t)
	// Periods are wall-clock months: March holds the change to summer time
	// and is still 31 days, from midnight to midnight in Madrid (743 hours).
	for i, want := range []struct {
		label string
		days  int
		hours float64
	}{{"2027-01", 31, 744}, {"2027-02", 28, 672}, {"2027-03", 31, 743}} {
		p := rep.Periods[i]
		assert.Equal(t, want.label, p.Label)
		assert.Equal(t, want.days, p.Days)
		assert.Equal(t, want.hours, p.End.Sub(p.Start).Hours(), p.Label)
		assert.Equal(t, 0, p.Start.In(loc).Hour())
		assert.Equal(t, 0, p.End.In(loc).Hour())
		assertDec(t, "100", p.Mentions, p.Label+" mentions")
	}

	type row struct {
		ppw, er, growth, growthPct, sov string
	}
	cases := []struct {
		name    string
		period  int
		c       channel.Channel
		handle  string
		group   string // "" with handle empty: the brand's group
		isGroup bool
		want    row
	}{
		// The brand's Instagram: 31 posts in 31 days is 7 a week; 55
		// engagements of 1100 followers is 5%; 1000 → 1100 is +100, 10%.
		{name: "brand instagram january", period: 0, c: channel.Instagram, handle: brandIG,
			want: row{ppw: "7", er: "5", growth: "100", growthPct: "10", sov: "50"}},
		{name: "brand instagram february", period: 1, c: channel.Instagram, handle: brandIG,
			want: row{ppw: "7", er: "4", growth: "0", growthPct: "0", sov: "40"}},
		{name: "brand instagram march", period: 2, c: channel.Instagram, handle: brandIG,
			want: row{ppw: "7", er: "10", growth: "110", growthPct: "10", sov: "30"}},
		// The brand's LinkedIn account has no observation: all undefined.
		{name: "brand linkedin", period: 0, c: channel.LinkedIn, handle: brandLI, want: row{}},
		// Zero followers: the rate and the growth in percent are undefined,
		// the growth itself is 0 then +50.
		{name: "norte zero followers january", period: 0, c: channel.Instagram, handle: norteIG,
			want: row{ppw: "14", growth: "0", sov: "20"}},
		{name: "norte from zero followers february", period: 1, c: channel.Instagram, handle: norteIG,
			want: row{ppw: "2", er: "10", growth: "50", sov: "30"}},
		// Posts in February: 4 in 28 days is one a week.
		{name: "estrella linkedin february", period: 1, c: channel.LinkedIn, handle: estrellaLI,
			want: row{ppw: "1", sov: "5"}},
		// Estrella's group adds its two accounts: 8 + 4 posts in 28 days
		// is 3 a week; its rate is over Instagram alone (LinkedIn has no
		// followers readings): 21 / 2100.
		{name: "estrella group february", period: 1, group: estrella, isGroup: true,
			want: row{ppw: "3", er: "1", growth: "100", growthPct: "5", sov: "30"}},
		{name: "brand group march", period: 2, isGroup: true,
			want: row{ppw: "7", er: "10", growth: "110", growthPct: "10", sov: "30"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := rep.Periods[tc.period]
			var f strategy.RivalFigures
			if tc.isGroup {
				var ok bool
				f, ok = p.Competitor(tc.group)
				require.True(t, ok)
				assert.Equal(t, tc.group == "", f.Brand)
				require.NotNil(t, f.Ranks)
			} else {
				f = accountRow(t, p, tc.c, tc.handle)
				assert.Nil(t, f.Ranks)
			}
			assertDec(t, tc.want.ppw, f.PostsPerWeek, "posts per week")
			assertDec(t, tc.want.er, f.EngagementRate, "engagement rate")
			assertDec(t, tc.want.growth, f.FollowerGrowth, "follower growth")
			assertDec(t, tc.want.growthPct, f.FollowerGrowthPercent, "follower growth percent")
			assertDec(t, tc.want.sov, f.ShareOfVoice, "share of voice")
		})
	}

	// The brand is first among the groups, then the competitors in
	// research order.
	names := []string{}
	for _, f := range rep.Periods[0].Competitors {
		names = append(names, f.Competitor)
	}
	assert.Equal(t, []string{"", estrella, norte}, names)
}

// TestRivalsRanks: 1 is the largest value, ties share the best position and
// the next one skips (1, 1, 3), and an undefined value is not ranked.
func TestRivalsRanks(t *testing.T) {
	rep, err := strategy.Rivals(verifiedplan.Plan(), quarterObservations(t), quarterOptions(t))
	require.NoError(t, err)
	rank := func(period int, group string, get func(*strategy.RivalRanks) strategy.Rank) strategy.Rank {
		f, ok := rep.Periods[period].Competitor(group)
		require.True(t, ok)
		return get(f.Ranks)
	}
	sov := func(r *strategy.RivalRanks) strategy.Rank { return r.ShareOfVoice }
	ppw := func(r *strategy.RivalRanks) strategy.Rank { return r.PostsPerWeek }
	er := func(r *strategy.RivalRanks) strategy.Rank { return r.EngagementRate }
	growthPct := func(r *strategy.RivalRanks) strategy.Rank { return r.FollowerGrowthPercent }
	for _, tc := range []struct {
		name   string
		period int
		group  string
		get    func(*strategy.RivalRanks) strategy.Rank
		want   strategy.Rank
	}{
		{"brand leads share of voice in january", 0, "", sov, strategy.Rank{Position: 1, Of: 3}},
		{"norte last in january", 0, norte, sov, strategy.Rank{Position: 3, Of: 3}},
		// February: Estrella 30 and Norte 30 tie behind the brand's 40.
		{"estrella tied second", 1, estrella, sov, strategy.Rank{Position: 2, Of: 3}},
		{"norte tied second", 1, norte, sov, strategy.Rank{Position: 2, Of: 3}},
		// March: Estrella 30 and the brand 30 tie behind Norte's 40.
		{"brand tied second in march", 2, "", sov, strategy.Rank{Position: 2, Of: 3}},
		{"norte first in march", 2, norte, sov, strategy.Rank{Position: 1, Of: 3}},
		// January posts a week: Estrella 7 (31 + 0 in 31 days) and the
		// brand 7 tie first; Norte's 14 is ahead of both.
		{"norte first in posts", 0, norte, ppw, strategy.Rank{Position: 1, Of: 3}},
		{"brand tied second in posts", 0, "", ppw, strategy.Rank{Position: 2, Of: 3}},
		{"estrella tied second in posts", 0, estrella, ppw, strategy.Rank{Position: 2, Of: 3}},
		// Norte has zero followers in January: its rate is not ranked.
		{"norte unranked rate", 0, norte, er, strategy.Rank{Position: 0, Of: 2}},
		{"norte unranked growth percent", 1, norte, growthPct, strategy.Rank{Position: 0, Of: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, rank(tc.period, tc.group, tc.get))
		})
	}
}

func TestRivalsBadInput(t *testing.T) {
	loc := madridZone(t)
	at := time.Date(2027, time.January, 10, 12, 0, 0, 0, loc)
	for _, tc := range []struct {
		name string
		obs  kpi.Observation
		path string
		code validation.Code
	}{
		{"unknown account", ob(kpi.Mentions, channel.Instagram, "cafesdelsur", at, 3), "[1].account", validation.CodeNotFound},
		{"account on another network", ob(kpi.Mentions, channel.LinkedIn, norteIG, at, 3), "[1].account", validation.CodeNotFound},
		{"no brand account on the network", ob(kpi.Posts, channel.TikTok, "", at, 3), "[1].account", validation.CodeRequired},
		{"negative count", ob(kpi.Posts, channel.Instagram, norteIG, at, -3), "[1].value", validation.CodeOutOfRange},
		{"named and unnamed", ob(kpi.Followers, channel.Instagram, "", at, 900), "[1].account", validation.CodeConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			obs := []kpi.Observation{ob(kpi.Followers, channel.Instagram, brandIG, at.Add(-time.Hour), 900), tc.obs}
			_, err := strategy.Rivals(verifiedplan.Plan(), obs, quarterOptions(t))
			var ve *validation.Error
			require.ErrorAs(t, err, &ve)
			require.Len(t, ve.Errors, 1, "%v", err)
			assert.Equal(t, tc.path, ve.Errors[0].Path)
			assert.Equal(t, tc.code, ve.Errors[0].Code)
		})
	}
	t.Run("the other network is named", func(t *testing.T) {
		_, err := strategy.Rivals(verifiedplan.Plan(), []kpi.Observation{ob(kpi.Mentions, channel.LinkedIn, norteIG, at, 3)}, quarterOptions(t))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "on Instagram only")
	})
	t.Run("every problem at once", func(t *testing.T) {
		obs := []kpi.Observation{ob(kpi.Mentions, channel.Instagram, "a1", at, 3), ob(kpi.Mentions, channel.Instagram, "a2", at, 3)}
		_, err := strategy.Rivals(verifiedplan.Plan(), obs, quarterOptions(t))
		var ve *validation.Error
		require.ErrorAs(t, err, &ve)
		assert.Len(t, ve.Errors, 2)
	})
}

func TestRivalsOptions(t *testing.T) {
	loc := madridZone(t)
	from := time.Date(2027, time.January, 1, 0, 0, 0, 0, loc)
	for _, tc := range []struct {
		name string
		opts strategy.RivalsOptions
	}{
		{"unknown period", strategy.RivalsOptions{Period: "quarter", From: from, To: from.AddDate(0, 3, 0)}},
		{"no window", strategy.RivalsOptions{Period: kpi.Week}},
		{"backwards", strategy.RivalsOptions{Period: kpi.Week, From: from, To: from.AddDate(0, 0, -1)}},
		{"too many periods", strategy.RivalsOptions{Period: kpi.Day, From: from, To: from.AddDate(0, 0, strategy.MaxRivalPeriods+1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := strategy.Rivals(verifiedplan.Plan(), nil, tc.opts)
			assert.ErrorIs(t, err, strategy.ErrRivalsOptions)
		})
	}
	t.Run("exactly the most periods", func(t *testing.T) {
		rep, err := strategy.Rivals(verifiedplan.Plan(), nil, strategy.RivalsOptions{Period: kpi.Day, From: from, To: from.AddDate(0, 0, strategy.MaxRivalPeriods)})
		require.NoError(t, err)
		assert.Len(t, rep.Periods, strategy.MaxRivalPeriods)
	})
}

// TestRivalsWeeks: ISO weeks from Monday's midnight in Madrid, the week of
// the change to summer time 167 hours long, and a window that starts on a
// Wednesday reported from that week's Monday.
func TestRivalsWeeks(t *testing.T) {
	loc := madridZone(t)
	opts := strategy.RivalsOptions{Period: kpi.Week,
		From: time.Date(2027, time.March, 17, 15, 0, 0, 0, loc), To: time.Date(2027, time.April, 1, 0, 0, 0, 0, loc)}
	obs := []kpi.Observation{ob(kpi.Posts, channel.Instagram, norteIG, time.Date(2027, time.March, 28, 3, 30, 0, 0, loc), 3)}
	rep, err := strategy.Rivals(verifiedplan.Plan(), obs, opts)
	require.NoError(t, err)
	var labels []string
	for _, p := range rep.Periods {
		labels = append(labels, p.Label)
		assert.Equal(t, time.Monday, p.Start.In(loc).Weekday())
		assert.Equal(t, 7, p.Days)
	}
	assert.Equal(t, []string{"2027-W11", "2027-W12", "2027-W13"}, labels)
	assert.Equal(t, time.Date(2027, time.March, 15, 0, 0, 0, 0, loc), rep.Periods[0].Start)
	assert.Equal(t, 167.0, rep.Periods[1].End.Sub(rep.Periods[1].Start).Hours(), "the week of 22 March holds the change")
	f, _ := rep.Periods[1].Competitor(norte)
	assertDec(t, "3", f.PostsPerWeek, "posts per week")
}

// TestRivalsExclusions: observations Rivals does not read are counted, by
// reason and metric, never dropped silently.
func TestRivalsExclusions(t *testing.T) {
	loc := madridZone(t)
	in := time.Date(2027, time.February, 10, 12, 0, 0, 0, loc)
	obs := []kpi.Observation{
		ob(kpi.CompetitorMentions, channel.Instagram, "", in, 80),
		ob(kpi.NewFollowers, channel.Instagram, norteIG, in, 8),
		ob(kpi.Mentions, "", "", in, 40),
		ob(kpi.Mentions, channel.Instagram, norteIG, time.Date(2026, time.December, 31, 12, 0, 0, 0, loc), 5),
		ob(kpi.Mentions, channel.Instagram, norteIG, time.Date(2027, time.April, 1, 0, 0, 0, 0, loc), 5),
		// A followers reading before the first period is its starting level.
		ob(kpi.Followers, channel.Instagram, norteIG, time.Date(2026, time.December, 1, 12, 0, 0, 0, loc), 5),
	}
	rep, err := strategy.Rivals(verifiedplan.Plan(), obs, quarterOptions(t))
	require.NoError(t, err)
	assert.Equal(t, []strategy.Exclusion{
		{Reason: strategy.ExcludedMetric, Metric: kpi.NewFollowers, Count: 1},
		{Reason: strategy.ExcludedMetric, Metric: kpi.CompetitorMentions, Count: 1},
		{Reason: strategy.ExcludedNoChannel, Metric: kpi.Mentions, Count: 1},
		{Reason: strategy.ExcludedOutsidePeriods, Metric: kpi.Mentions, Count: 2},
	}, rep.Excluded)
	f := accountRow(t, rep.Periods[0], channel.Instagram, norteIG)
	assertDec(t, "5", f.FollowersStart, "followers at the start")
	assertDec(t, "", f.FollowersEnd, "followers at the end")
}

func TestRivalsJSON(t *testing.T) {
	rep, err := strategy.Rivals(verifiedplan.Plan(), quarterObservations(t), quarterOptions(t))
	require.NoError(t, err)
	data, err := json.Marshal(rep)
	require.NoError(t, err)
	var back strategy.RivalsReport
	require.NoError(t, json.Unmarshal(data, &back))
	again, err := json.Marshal(&back)
	require.NoError(t, err)
	assert.JSONEq(t, string(data), string(again))
	assert.Contains(t, string(data), `"shareOfVoice":"50"`)

	strictjsontest.Run(t, []strictjsontest.Case{
		{Name: "RivalFigures", New: func() any { return new(strategy.RivalFigures) }, Decimal: "shareOfVoice"},
		{Name: "RivalPeriod", New: func() any { return new(strategy.RivalPeriod) }, Decimal: "mentions"},
	})
}

// reviewRivals reviews the sample plan as of 1 April 2027 at 10:00 with
// the rivals of obs, month by month, and returns the rival
// recommendations.
func reviewRivals(t *testing.T, obs []kpi.Observation) []strategy.Recommendation {
	t.Helper()
	return reviewPlanRivals(t, verifiedplan.Plan(), obs)
}

func reviewPlanRivals(t *testing.T, plan *strategy.Strategy, obs []kpi.Observation) []strategy.Recommendation {
	t.Helper()
	series, err := kpi.NewSeries(obs)
	require.NoError(t, err)
	asOf := time.Date(2027, time.April, 1, 10, 0, 0, 0, madridZone(t))
	res, err := strategy.Review(plan, series, asOf, &strategy.ReviewOptions{Rivals: &strategy.RivalsOptions{Period: kpi.Month}})
	require.NoError(t, err)
	var out []strategy.Recommendation
	for _, r := range res.Recommendations {
		if r.Rule == "rival.share_of_voice" {
			out = append(out, r)
		}
	}
	return out
}

// scaleMentions multiplies every mentions observation by num/den.
func scaleMentions(obs []kpi.Observation, f func(i int, o kpi.Observation) kpi.Observation) []kpi.Observation {
	out := make([]kpi.Observation, 0, len(obs))
	for i, o := range obs {
		if o.Metric == kpi.Mentions {
			o = f(i, o)
		}
		out = append(out, o)
	}
	return out
}

func TestReviewRivalGainingShareOfVoice(t *testing.T) {
	obs := quarterObservations(t)
	recs := reviewRivals(t, obs)
	require.Len(t, recs, 1, "Norte rose from 20% to 40% while the brand fell from 50% to 30%; Estrella stayed at 30%")
	assert.Equal(t, verifiedplan.IDs.ID("objective", "share-of-voice"), recs[0].Objective)
	assert.Contains(t, recs[0].Message, `"Tostadores Norte" gains share of voice: 20% to 40% from 2027-01 to 2027-03`)
	assert.Contains(t, recs[0].Message, "brand's fell from 50% to 30%")
	assert.Contains(t, recs[0].Message, "100, 100, 100")
	assert.Contains(t, recs[0].Message, `bears on objective "Raise share of voice`)

	t.Run("no objective measures share of voice", func(t *testing.T) {
		plan := verifiedplan.Plan()
		for i := range plan.KPIs {
			if plan.KPIs[i].ID == verifiedplan.KPIShareOfVoice {
				plan.KPIs[i].Measure = kpi.Measure{Formula: kpi.EngagementRateByReach}
			}
		}
		recs := reviewPlanRivals(t, plan, obs)
		require.Len(t, recs, 1)
		assert.Zero(t, recs[0].Objective)
		assert.NotContains(t, recs[0].Message, "objective")
	})
	t.Run("without options, no rival recommendation", func(t *testing.T) {
		series, err := kpi.NewSeries(obs)
		require.NoError(t, err)
		res, err := strategy.Review(verifiedplan.Plan(), series, time.Date(2027, time.April, 1, 10, 0, 0, 0, madridZone(t)), nil)
		require.NoError(t, err)
		for _, r := range res.Recommendations {
			assert.NotEqual(t, "rival.share_of_voice", r.Rule)
		}
	})
	t.Run("too few mentions", func(t *testing.T) {
		// Divided by four, the periods hold 25 mentions (under 30): the
		// same shares, but not enough evidence.
		few := scaleMentions(obs, func(_ int, o kpi.Observation) kpi.Observation {
			o.Value = o.Value.Div(decimal.NewFromInt(4)).Floor()
			return o
		})
		assert.Empty(t, reviewRivals(t, few))
	})
	t.Run("a change under the minimum", func(t *testing.T) {
		// Norte 20 → 24 (4 points), the brand 50 → 46.
		small := scaleMentions(obs, func(_ int, o kpi.Observation) kpi.Observation {
			if o.At.Month() == time.March || o.At.Month() == time.February {
				switch o.Account {
				case "":
					o.Value = decimal.NewFromInt(46)
				case norteIG:
					o.Value = decimal.NewFromInt(24)
				}
			}
			return o
		})
		assert.Empty(t, reviewRivals(t, small))
	})
	t.Run("the brand did not fall", func(t *testing.T) {
		// Norte takes its gain from Estrella, the brand stays at 50.
		steady := scaleMentions(obs, func(_ int, o kpi.Observation) kpi.Observation {
			switch o.Account {
			case "":
				o.Value = decimal.NewFromInt(50)
			case estrellaIG:
				o.Value = decimal.NewFromInt(10)
				if o.At.Month() == time.January {
					o.Value = decimal.NewFromInt(30)
				}
			case estrellaLI:
				o.Value = decimal.Zero
			}
			return o
		})
		assert.Empty(t, reviewRivals(t, steady))
	})
	t.Run("fewer complete periods than the minimum", func(t *testing.T) {
		series, err := kpi.NewSeries(obs)
		require.NoError(t, err)
		// As of 31 March, March is not complete: the last three complete
		// months are December (no mentions), January and February.
		res, err := strategy.Review(verifiedplan.Plan(), series, time.Date(2027, time.March, 31, 10, 0, 0, 0, madridZone(t)),
			&strategy.ReviewOptions{Rivals: &strategy.RivalsOptions{Period: kpi.Month}})
		require.NoError(t, err)
		for _, r := range res.Recommendations {
			assert.NotEqual(t, "rival.share_of_voice", r.Rule)
		}
	})
	t.Run("bad options are Review's error", func(t *testing.T) {
		series, err := kpi.NewSeries(obs)
		require.NoError(t, err)
		_, err = strategy.Review(verifiedplan.Plan(), series, time.Date(2027, time.April, 1, 10, 0, 0, 0, madridZone(t)),
			&strategy.ReviewOptions{Rivals: &strategy.RivalsOptions{Period: "quarter"}})
		assert.True(t, errors.Is(err, strategy.ErrRivalsOptions), "%v", err)
	})
}

// FuzzRivals: whatever the observations, Rivals does not panic, and in
// each period the accounts' shares of voice (and the groups') add up to 100
// within their rounding, or are all undefined.
func FuzzRivals(f *testing.F) {
	// Mentions of the brand, Norte and Estrella 64 hours apart, then
	// followers and posts of the brand: a valid input.
	f.Add([]byte{0x13, 10, 4, 0, 0x53, 20, 4, 0, 0x33, 30, 4, 0, 0x10, 100, 4, 0, 0x11, 7, 4, 0})
	f.Add([]byte{3, 2, 0, 0, 3, 3, 9, 1, 0, 5, 200, 255, 1, 1, 1, 1})
	plan := verifiedplan.Plan()
	opts := quarterOptions(f)
	metrics := []kpi.Metric{kpi.Followers, kpi.Posts, kpi.Engagements, kpi.Mentions, kpi.NewFollowers}
	refs := []channel.AccountRef{
		{Channel: channel.Instagram}, {Channel: channel.Instagram, Handle: brandIG}, {Channel: channel.LinkedIn, Handle: brandLI},
		{Channel: channel.Instagram, Handle: estrellaIG}, {Channel: channel.LinkedIn, Handle: estrellaLI},
		{Channel: channel.Instagram, Handle: norteIG}, {Channel: channel.TikTok, Handle: "nobody"}, {},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// Each observation is 4 bytes: metric and account, value, and the
		// hours since the previous one (so most inputs are in time order;
		// the others are errors, which are fine too).
		var obs []kpi.Observation
		at := opts.From.Add(-48 * time.Hour)
		for len(data) >= 4 && len(obs) < 200 {
			at = at.Add(time.Duration(binary.BigEndian.Uint16(data[2:4])) * time.Hour / 16)
			ref := refs[int(data[0]>>4)%len(refs)]
			obs = append(obs, kpi.Observation{Metric: metrics[int(data[0]&15)%len(metrics)], Channel: ref.Channel, Account: ref.Handle,
				At: at, Value: decimal.NewFromInt(int64(data[1]))})
			data = data[4:]
		}
		rep, err := strategy.Rivals(plan, obs, opts)
		if err != nil {
			return
		}
		tolerance := decimal.New(5, -kpi.Precision-1)
		for _, p := range rep.Periods {
			for _, rows := range [][]strategy.RivalFigures{p.Accounts, p.Competitors} {
				sum, n := decimal.Zero, int64(0)
				for _, r := range rows {
					if r.ShareOfVoice != nil {
						sum, n = sum.Add(*r.ShareOfVoice), n+1
					}
				}
				if n == 0 {
					continue
				}
				if diff := sum.Sub(decimal.NewFromInt(100)).Abs(); diff.GreaterThan(tolerance.Mul(decimal.NewFromInt(n))) {
					t.Fatalf("%s: shares of voice add up to %s", p.Label, sum)
				}
			}
		}
	})
}
