package strategy_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/validation"
)

// routinePostsPlan adds to the sample plan six weeks of published
// Instagram posts before its as-of day: the "brewing tips" routine's
// (Monday, Wednesday and Friday at 10:00 in Madrid) engage 5% of the
// people reached, give or take; the "behind the scenes" routine's
// (Tuesday 18:00) engage behind[i] hundredths of a percent; and posts
// outside any routine on Thursdays at 12:00 engage 8%.
func routinePostsPlan(t testing.TB, behind []int64) (*strategy.Strategy, kpi.PostResults) {
	t.Helper()
	plan := verifiedplan.Plan()
	loc := verifiedplan.QuarterStart.Location()
	tips, behindID := plan.Routines[0].ID, plan.Routines[1].ID
	var results kpi.PostResults
	add := func(key string, at time.Time, routine uuid.UUID, rate int64) {
		e := calendar.Entry{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte("routine-move/"+key)), Channel: channel.Instagram, At: at,
			RoutineID: routine, Status: calendar.StatusPublished, Text: "Post " + key, Owner: verifiedplan.CommunityManager,
			Media: []channel.Media{{Kind: channel.Image, URL: "https://bluebird.coffee/media/" + key + ".jpg"}}}
		plan.Entries = append(plan.Entries, e)
		results = append(results,
			kpi.PostResult{Entry: e.ID, Channel: channel.Instagram, Metric: kpi.Reach, Value: decimal.NewFromInt(10000)},
			kpi.PostResult{Entry: e.ID, Channel: channel.Instagram, Metric: kpi.Engagements, Value: decimal.NewFromInt(rate)})
	}
	for week := range 6 {
		monday := calendar.LocalDate{Year: 2027, Month: time.January, Day: 4}.AddDays(7 * week)
		for i, wd := range []int{0, 2, 4} {
			d := monday.AddDays(wd)
			if d == (calendar.LocalDate{Year: 2027, Month: time.January, Day: 11}) {
				continue // the plan's own entry fills that slot
			}
			add(fmt.Sprintf("tips/%d/%d", week, i), calendar.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, loc), tips, 460+int64(week*10+i*7))
		}
		tue := monday.AddDays(1)
		add(fmt.Sprintf("behind/%d", week), calendar.Date(tue.Year, tue.Month, tue.Day, 18, 0, 0, 0, loc), behindID, behind[week%len(behind)])
		thu := monday.AddDays(3)
		add(fmt.Sprintf("thursday/%d", week), calendar.Date(thu.Year, thu.Month, thu.Day, 12, 0, 0, 0, loc), uuid.Nil, 780+int64(week*9))
	}
	require.NoError(t, plan.Validate())
	return plan, results
}

func routineMoves(recs []strategy.Recommendation) []strategy.Recommendation {
	var out []strategy.Recommendation
	for _, r := range recs {
		if r.Rule == "routine.move" {
			out = append(out, r)
		}
	}
	return out
}

func TestReviewRoutineMove(t *testing.T) {
	plan, results := routinePostsPlan(t, []int64{90, 120, 100, 140, 110, 80})
	opts := &strategy.ReviewOptions{Posts: results, PostWorks: kpi.WhatWorksOptions{MinPosts: 6}}
	res, err := strategy.Review(plan, sampleSeries(t), verifiedplan.AsOf, opts)
	require.NoError(t, err)
	moves := routineMoves(res.Recommendations)
	require.Len(t, moves, 1, "%+v", res.Recommendations)
	m := moves[0]
	assert.Equal(t, plan.Routines[1].ID, m.Routine)
	assert.Contains(t, m.Message, `routine "behind the scenes" "carousel"`)
	assert.Contains(t, m.Message, "(Tue 18:00)")
	assert.Contains(t, m.Message, "median 1.05 over 6 posts (95%: 0.80 to 1.40)")
	assert.Contains(t, m.Message, "move it to the best free slots by the account's post times: Thu 12:00")
	assert.Equal(t, []uuid.UUID{plan.Objectives[0].ID}, m.Objectives)
	// One post a week, in the slot the Thursday posts showed best: on the
	// first Thursday after the as-of day, at 12:00 in Madrid.
	require.Len(t, m.Routines, 1)
	r := m.Routines[0]
	assert.Equal(t, "FREQ=WEEKLY;BYDAY=TH", r.Recurrence.Rule.String())
	assert.Equal(t, "2027-02-18T12:00:00+01:00", r.Recurrence.Start.Format(time.RFC3339))
	assert.Equal(t, verifiedplan.Zone, r.Recurrence.Start.Location().String())
	assert.Equal(t, channel.Instagram, r.Channel)
	assert.Equal(t, "bluebirdcoffee", r.Account)

	// The rule fires after the mix rule, and the recommendation round-trips.
	last := -1
	for i, rec := range res.Recommendations {
		if rec.Rule == "mix.shift" {
			last = i
		}
		if rec.Rule == "routine.move" {
			assert.Greater(t, i, last)
		}
	}
}

func TestReviewRoutineMoveNeedsEvidence(t *testing.T) {
	for name, tc := range map[string]struct {
		behind   []int64
		minPosts int
		asOf     time.Time
	}{
		// Behind-the-scenes posts as good as the tips: nothing to move.
		"no worse": {behind: []int64{450, 520, 480, 500, 470, 530}, minPosts: 6},
		// One post above the account's median puts it inside the interval.
		"interval reaches the median": {behind: []int64{90, 120, 100, 900, 110, 80}, minPosts: 6},
		// Fewer posts than the minimum.
		"too few posts": {behind: []int64{90, 120, 100, 140, 110, 80}, minPosts: 7},
		// The routine has ended: nothing to move.
		"routine ended": {behind: []int64{90, 120, 100, 140, 110, 80}, minPosts: 6, asOf: verifiedplan.Deadline.AddDate(0, 0, 1)},
	} {
		t.Run(name, func(t *testing.T) {
			plan, results := routinePostsPlan(t, tc.behind)
			asOf := verifiedplan.AsOf
			if !tc.asOf.IsZero() {
				asOf = tc.asOf
			}
			res, err := strategy.Review(plan, sampleSeries(t), asOf, &strategy.ReviewOptions{Posts: results, PostWorks: kpi.WhatWorksOptions{MinPosts: tc.minPosts}})
			require.NoError(t, err)
			assert.Empty(t, routineMoves(res.Recommendations))
		})
	}
}

func TestReviewRoutineMoveWithoutBetterSlot(t *testing.T) {
	plan, results := routinePostsPlan(t, []int64{90, 120, 100, 140, 110, 80})
	// An Instagram open on Tuesday evenings only: the one slot open there
	// with posts is the routine's own.
	rules := plan.CalendarRules.Channels[channel.Instagram]
	open, err := calendar.ParseClockRange("17:00-20:00")
	require.NoError(t, err)
	hours := calendar.BusinessHours{Location: verifiedplan.QuarterStart.Location()}
	hours.Week[time.Tuesday] = []calendar.ClockRange{open}
	rules.AllowedHours = &hours
	plan.CalendarRules.Channels[channel.Instagram] = rules
	res, err := strategy.Review(plan, sampleSeries(t), verifiedplan.AsOf, &strategy.ReviewOptions{Posts: results, PostWorks: kpi.WhatWorksOptions{MinPosts: 6}})
	require.NoError(t, err)
	moves := routineMoves(res.Recommendations)
	require.Len(t, moves, 1)
	assert.Empty(t, moves[0].Routines)
	assert.Contains(t, moves[0].Message, "too few better slots keep the channel's rules")
}

func TestCheckPosts(t *testing.T) {
	plan, results := routinePostsPlan(t, []int64{90})
	require.NoError(t, plan.CheckPosts(results))
	launch := plan.Entries[1] // Origin Stories, budget in EUR
	for name, tc := range map[string]struct {
		r    kpi.PostResult
		path string
		code validation.Code
	}{
		"unknown entry":             {kpi.PostResult{Entry: uuid.MustParse("00000000-0000-0000-0000-000000000009"), Channel: channel.Instagram, Metric: kpi.Reach, Value: decimal.NewFromInt(1)}, "[0].entry", validation.CodeNotFound},
		"other network":             {kpi.PostResult{Entry: launch.ID, Channel: channel.LinkedIn, Metric: kpi.Reach, Value: decimal.NewFromInt(1)}, "[0].channel", validation.CodeConflict},
		"rival account":             {kpi.PostResult{Entry: launch.ID, Channel: channel.Instagram, Account: "cafeslaestrella", Metric: kpi.Reach, Value: decimal.NewFromInt(1)}, "[0].account", validation.CodeNotFound},
		"unknown account":           {kpi.PostResult{Entry: launch.ID, Channel: channel.Instagram, Account: "nobody", Metric: kpi.Reach, Value: decimal.NewFromInt(1)}, "[0].account", validation.CodeNotFound},
		"spend in another currency": {kpi.PostResult{Entry: launch.ID, Channel: channel.Instagram, Metric: kpi.Spend, Value: decimal.NewFromInt(12), Currency: "USD"}, "[0].currency", validation.CodeConflict},
		"negative count":            {kpi.PostResult{Entry: launch.ID, Channel: channel.Instagram, Metric: kpi.Reach, Value: decimal.NewFromInt(-1)}, "[0].value", validation.CodeOutOfRange},
	} {
		t.Run(name, func(t *testing.T) {
			err := plan.CheckPosts(kpi.PostResults{tc.r})
			var verr *validation.Error
			require.ErrorAs(t, err, &verr)
			require.NotEmpty(t, verr.Errors)
			assert.Equal(t, tc.path, verr.Errors[0].Path, "%v", err)
			assert.Equal(t, tc.code, verr.Errors[0].Code, "%v", err)
		})
	}
	// Spend in the budget's currency is fine.
	require.NoError(t, plan.CheckPosts(kpi.PostResults{{Entry: launch.ID, Channel: channel.Instagram, Metric: kpi.Spend, Value: decimal.RequireFromString("12.50"), Currency: "EUR"}}))

	// An entry published from an account it does not name.
	two := verifiedplan.Plan()
	two.Accounts = append(two.Accounts, channel.Account{Channel: channel.Instagram, Handle: "bluebird.events"})
	for i := range two.Entries {
		if two.Entries[i].Channel == channel.Instagram {
			two.Entries[i].Accounts = []string{"bluebirdcoffee"}
		}
	}
	for i := range two.Routines {
		if two.Routines[i].Channel == channel.Instagram {
			two.Routines[i].Account = "bluebirdcoffee"
		}
	}
	require.NoError(t, two.Validate())
	err := two.CheckPosts(kpi.PostResults{{Entry: two.Entries[1].ID, Channel: channel.Instagram, Account: "Bluebird.Events", Metric: kpi.Reach, Value: decimal.NewFromInt(1)}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is not published from")
	// Empty handle on a network with two accounts: which one is required.
	err = two.CheckPosts(kpi.PostResults{{Entry: two.Entries[1].ID, Channel: channel.Instagram, Metric: kpi.Reach, Value: decimal.NewFromInt(1)}})
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, validation.CodeRequired, verr.Errors[0].Code)

	// Review reports them below posts.
	_, err = strategy.Review(plan, sampleSeries(t), verifiedplan.AsOf, &strategy.ReviewOptions{Posts: append(results, kpi.PostResult{Entry: uuid.MustParse("00000000-0000-0000-0000-000000000009"), Channel: channel.Instagram, Metric: kpi.Reach, Value: decimal.NewFromInt(1)})})
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, fmt.Sprintf("posts[%d].entry", len(results)), verr.Errors[0].Path)
}

func TestStrategyBestTimes(t *testing.T) {
	plan, results := routinePostsPlan(t, []int64{90, 120, 100, 140, 110, 80})
	best, err := plan.BestTimes(results, kpi.EngagementRateByReach, kpi.Lifetime, channel.AccountRef{Channel: channel.Instagram})
	require.NoError(t, err)
	require.True(t, best.Evidence)
	assert.Equal(t, "Thu 12:00", best.Slots[0].Slot.String())
	assert.Equal(t, "Tue 18:00", best.Slots[len(best.Slots)-1].Slot.String())

	// In the audience's zone: New York is six hours behind Madrid.
	plan.Accounts[0].Zone = "America/New_York"
	best, err = plan.BestTimes(results, kpi.EngagementRateByReach, kpi.Lifetime, channel.AccountRef{Channel: channel.Instagram, Handle: "BluebirdCoffee"})
	require.NoError(t, err)
	assert.Equal(t, "Thu 06:00", best.Slots[0].Slot.String())

	_, err = plan.BestTimes(results, kpi.EngagementRateByReach, kpi.Lifetime, channel.AccountRef{Channel: channel.Instagram, Handle: "cafeslaestrella"})
	assert.True(t, errors.Is(err, channel.ErrNotOwnAccount), "%v", err)
	// The LinkedIn account has no posts: no slots.
	best, err = plan.BestTimes(results, kpi.EngagementRateByReach, kpi.Lifetime, channel.AccountRef{Channel: channel.LinkedIn})
	require.NoError(t, err)
	assert.Empty(t, best.Slots)
	assert.False(t, strings.Contains(fmt.Sprint(best), "NaN"))
}

// FuzzReviewPosts: any post results, decoded from JSON and added to the
// sample's, are checked against the plan (CheckPosts) and reviewed
// without a panic; a problem is a *validation.Error below posts, and an
// accepted set gives a routine.move recommendation only for a routine of
// the plan, with proposals on the routine's network.
func FuzzReviewPosts(f *testing.F) {
	plan, results := routinePostsPlan(f, []int64{90, 120, 100, 140, 110, 80})
	entry := plan.Entries[len(plan.Entries)-1].ID
	f.Add(fmt.Sprintf(`[{"entry":%q,"channel":"instagram","metric":"clicks","value":"3"}]`, entry), uint8(6))
	f.Add(fmt.Sprintf(`[{"entry":%q,"channel":"instagram","metric":"engagements","value":"3","age":"24h"}]`, entry), uint8(2))
	f.Add(fmt.Sprintf(`[{"entry":%q,"channel":"instagram","account":"BLUEBIRDCOFFEE","metric":"spend","value":"1.5","currency":"EUR"}]`, entry), uint8(0))
	f.Add(`[{"entry":"00000000-0000-0000-0000-000000000001","channel":"linkedin","metric":"reach","value":"-1"}]`, uint8(1))
	f.Fuzz(func(t *testing.T, doc string, minPosts uint8) {
		var extra kpi.PostResults
		if json.Unmarshal([]byte(doc), &extra) != nil || len(extra) > 50 {
			t.Skip()
		}
		posts := append(slices.Clone(results), extra...)
		res, err := strategy.Review(plan, nil, verifiedplan.AsOf, &strategy.ReviewOptions{Posts: posts, PostWorks: kpi.WhatWorksOptions{MinPosts: int(minPosts % 20)}})
		if err != nil {
			var verr *validation.Error
			if !errors.As(err, &verr) {
				t.Fatalf("not a validation error: %v", err)
			}
			for _, fe := range verr.Errors {
				if !strings.HasPrefix(fe.Path, "posts[") {
					t.Fatalf("problem outside posts: %v", fe)
				}
			}
			return
		}
		for _, r := range routineMoves(res.Recommendations) {
			i := slices.IndexFunc(plan.Routines, func(x calendar.Routine) bool { return x.ID == r.Routine })
			if i < 0 {
				t.Fatalf("routine.move names %s, no routine of the plan", r.Routine)
			}
			for _, p := range r.Routines {
				if p.Channel != plan.Routines[i].Channel {
					t.Fatalf("proposal on %s for a routine on %s", p.Channel, plan.Routines[i].Channel)
				}
			}
		}
	})
}

// With a cost, the routine whose clicks cost clearly more is moved, to the
// slot whose clicks cost least.
func TestReviewRoutineMoveCost(t *testing.T) {
	plan, rates := routinePostsPlan(t, []int64{90, 120, 100, 140, 110, 80})
	var results kpi.PostResults
	for i := 0; i < len(rates); i += 2 {
		// The rate's engagements, read as cents per click: a low rate is a
		// dear click here (the behind-the-scenes posts), a high rate cheap.
		eng := rates[i+1].Value.IntPart()
		results = append(results,
			kpi.PostResult{Entry: rates[i].Entry, Channel: channel.Instagram, Metric: kpi.Clicks, Value: decimal.NewFromInt(100)},
			kpi.PostResult{Entry: rates[i].Entry, Channel: channel.Instagram, Metric: kpi.Spend, Value: decimal.New(100_000/eng, -2), Currency: "EUR"})
	}
	res, err := strategy.Review(plan, sampleSeries(t), verifiedplan.AsOf, &strategy.ReviewOptions{Posts: results, PostFormula: kpi.CostPerClick, PostWorks: kpi.WhatWorksOptions{MinPosts: 6}})
	require.NoError(t, err)
	moves := routineMoves(res.Recommendations)
	require.Len(t, moves, 1, "%+v", res.Recommendations)
	assert.Equal(t, plan.Routines[1].ID, moves[0].Routine)
	assert.Contains(t, moves[0].Message, "does worse on cost_per_click")
	assert.Contains(t, moves[0].Message, "more: move it to the best free slots by the account's post times: Thu 12:00")
}
