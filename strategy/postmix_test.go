package strategy_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// postMixPlan adds to the sample plan 24 published Instagram posts of the
// Origin Stories campaign, half videos and half images, and their results:
// videos engage 7.5% to 9.5% of the people reached, images 2% to 4%.
func postMixPlan(t *testing.T, videoRates []int64) (*strategy.Strategy, kpi.PostResults) {
	plan := verifiedplan.Plan()
	origin := plan.Campaigns[0]
	var results kpi.PostResults
	for i := range 24 {
		kind, rate := channel.Image, int64(200+i*8) // 2.00% to 3.84%
		if i%2 == 0 {
			kind, rate = channel.Video, videoRates[i/2%len(videoRates)]
		}
		at := origin.Start.AddDate(0, 0, 1+i)
		e := calendar.Entry{ID: uuid.NewSHA1(uuid.NameSpaceURL, fmt.Appendf(nil, "mix/%d", i)), Channel: channel.Instagram,
			At: calendar.Date(at.Year(), at.Month(), at.Day(), 13, 0, 0, 0, at.Location()), CampaignID: origin.ID,
			Status: calendar.StatusPublished, Text: fmt.Sprintf("Post %d from the farm", i), Owner: verifiedplan.CommunityManager,
			Media: []channel.Media{{Kind: kind, URL: fmt.Sprintf("https://bluebird.coffee/media/%d", i)}}}
		plan.Entries = append(plan.Entries, e)
		results = append(results,
			kpi.PostResult{Entry: e.ID, Channel: channel.Instagram, Metric: kpi.Reach, Value: decimal.NewFromInt(10000)},
			kpi.PostResult{Entry: e.ID, Channel: channel.Instagram, Metric: kpi.Engagements, Value: decimal.NewFromInt(rate)})
	}
	require.NoError(t, plan.Validate())
	return plan, results
}

func TestReviewMixShift(t *testing.T) {
	plan, results := postMixPlan(t, []int64{750, 800, 850, 900, 950, 780})
	res, err := strategy.Review(plan, sampleSeries(t), verifiedplan.AsOf, &strategy.ReviewOptions{Posts: results})
	require.NoError(t, err)
	require.NotNil(t, res.WhatWorks)
	var mix []strategy.Recommendation
	for _, r := range res.Recommendations {
		if r.Rule == "mix.shift" {
			mix = append(mix, r)
		}
	}
	require.Len(t, mix, 1, "%+v", res.Recommendations)
	assert.Contains(t, mix[0].Message, `posts whose format is "video" do better on engagement_rate_by_reach`)
	assert.Contains(t, mix[0].Message, "over 12 posts")
	assert.Equal(t, []uuid.UUID{plan.Objectives[0].ID}, mix[0].Objectives, "the objective whose KPI is the engagement rate by reach")

	// Videos no better than images: no recommendation.
	plan, results = postMixPlan(t, []int64{200, 380, 250, 300})
	res, err = strategy.Review(plan, sampleSeries(t), verifiedplan.AsOf, &strategy.ReviewOptions{Posts: results})
	require.NoError(t, err)
	for _, r := range res.Recommendations {
		assert.False(t, strings.HasPrefix(r.Rule, "mix."), "%+v", r)
	}

	// Too few posts for the evidence: none either.
	plan, results = postMixPlan(t, []int64{750, 800, 850, 900, 950, 780})
	res, err = strategy.Review(plan, sampleSeries(t), verifiedplan.AsOf, &strategy.ReviewOptions{Posts: results, PostWorks: kpi.WhatWorksOptions{MinPosts: 13}})
	require.NoError(t, err)
	for _, r := range res.Recommendations {
		assert.NotEqual(t, "mix.shift", r.Rule, "%+v", r)
	}
}

// A cost is better lower: with cost per click, the format whose clicks
// cost clearly less is the one to publish more of, and the dearer one
// recommends nothing.
func TestReviewMixShiftCost(t *testing.T) {
	plan, rates := postMixPlan(t, []int64{750, 800, 850, 900, 950, 780})
	var results kpi.PostResults
	for i := 0; i < len(rates); i += 2 {
		e := rates[i].Entry
		// Videos: 20 to 31 cents a click; images: 60 to 71 cents.
		cents := int64(60 + i/2)
		if i/2%2 == 0 {
			cents = int64(20 + i/2)
		}
		results = append(results,
			kpi.PostResult{Entry: e, Channel: channel.Instagram, Metric: kpi.Clicks, Value: decimal.NewFromInt(100)},
			kpi.PostResult{Entry: e, Channel: channel.Instagram, Metric: kpi.Spend, Value: decimal.New(cents*100, -2), Currency: "EUR"})
	}
	res, err := strategy.Review(plan, sampleSeries(t), verifiedplan.AsOf, &strategy.ReviewOptions{Posts: results, PostFormula: kpi.CostPerClick})
	require.NoError(t, err)
	var mix []strategy.Recommendation
	for _, r := range res.Recommendations {
		if r.Rule == "mix.shift" {
			mix = append(mix, r)
		}
	}
	require.Len(t, mix, 1, "%+v", res.Recommendations)
	assert.Contains(t, mix[0].Message, `posts whose format is "video" do better on cost_per_click`)
	assert.Contains(t, mix[0].Message, "less: publish more of them")
}
