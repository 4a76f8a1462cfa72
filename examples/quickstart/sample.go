package main

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// The sample brand is the plan of examples/verifiedplan: Bluebird Coffee
// Roasters, a coffee roaster in Madrid planning the first quarter of 2027.
// The quickstart adds to it what the brand really publishes (newPlan: a
// second LinkedIn account, a YouTube channel, whole posts and tagged
// links) and what happened since the plan started (observations, the
// inbox, the visits its links brought). Everything is fixed data, so the
// quickstart prints the same report on every run and never reads the clock.

// sample is the brand's plan and data, built once in run.
type sample struct {
	plan         *strategy.Strategy
	loc          *time.Location
	asOf         time.Time
	observations []kpi.Observation
	// published is the plan with the Instagram posts published since the
	// routines began, and posts their results (see history).
	published *strategy.Strategy
	posts     kpi.PostResults
}

func newSample() (*sample, error) {
	plan, err := newPlan()
	if err != nil {
		return nil, fmt.Errorf("the sample plan: %w", err)
	}
	if err := plan.Validate(); err != nil {
		return nil, fmt.Errorf("the sample plan: %w", err)
	}
	loc, err := time.LoadLocation(plan.Zone)
	if err != nil {
		return nil, err
	}
	// "Now", for the whole quickstart: a Monday morning in February.
	s := &sample{plan: plan, loc: loc, asOf: verifiedplan.AsOf}
	s.observations = s.sampleObservations()
	s.published, s.posts = s.history()
	return s, nil
}

// sampleObservations makes six weeks of daily figures, from seeded
// generators so that every run prints the same report: the brand's
// Instagram and LinkedIn figures, and its rivals' (see rivalDay). The
// brand's Instagram figures name its account, as its rivals' do, and the
// plan's KPIs read the brand's own accounts (see ownKPIs): a KPI that read
// the whole network would add the rivals' followers to the brand's.
func (s *sample) sampleObservations() []kpi.Observation {
	rng := rand.New(rand.NewPCG(2027, 1))
	rivals := rand.New(rand.NewPCG(2027, 2))
	var obs []kpi.Observation
	add := func(m kpi.Metric, c channel.Channel, at time.Time, v int64, currency string) {
		obs = append(obs, kpi.Observation{Metric: m, Channel: c, Account: brandHandle, At: at, Value: decimal.NewFromInt(v), Currency: currency})
	}
	// Each account's followers on the eve of the quarter, so that
	// January's growth is defined.
	eve := time.Date(2026, time.December, 31, 23, 0, 0, 0, s.loc)
	for _, a := range sampleRivals {
		obs = append(obs, kpi.Observation{Metric: kpi.Followers, Channel: a.channel, Account: a.handle, At: eve, Value: decimal.NewFromInt(a.followers)})
	}
	followers := int64(12000)
	for day := 0; ; day++ {
		// Figures are recorded at 23:00 local time each day: AddDate keeps
		// the wall clock across the DST change, adding 24 h would not.
		at := time.Date(2027, time.January, 4, 23, 0, 0, 0, s.loc).AddDate(0, 0, day)
		if at.After(s.asOf) {
			break
		}
		reach := 9000 + rng.Int64N(2000)
		// Engagement improves slowly as the campaign's content lands.
		eng := reach*(300+int64(day)*2)/10000 + rng.Int64N(20)
		add(kpi.Reach, channel.Instagram, at, reach, "")
		add(kpi.Engagements, channel.Instagram, at, eng, "")

		followers += 20 + rng.Int64N(20)
		add(kpi.Followers, channel.Instagram, at, followers, "")

		mentions := 36 + rng.Int64N(12)
		add(kpi.Mentions, channel.Instagram, at, mentions, "")
		// The brand's posts: its Instagram routines publish on Monday,
		// Tuesday, Wednesday and Friday.
		posts := int64(0)
		switch at.Weekday() {
		case time.Monday, time.Tuesday, time.Wednesday, time.Friday:
			posts = 1
		}
		add(kpi.Posts, channel.Instagram, at, posts, "")
		// The rivals' day, and what the brand's listening counts of their
		// mentions on Instagram: share of voice, as the KPI reads it, is
		// the brand's mentions beside theirs.
		rivalObs, rivalMentions := s.rivalDay(rivals, day, at)
		obs = append(obs, rivalObs...)
		add(kpi.CompetitorMentions, channel.Instagram, at, rivalMentions, "")

		clicks := 120 + rng.Int64N(40)
		spendCents := clicks * (78 - int64(day)/6) // cost per click falls slowly
		obs = append(obs,
			kpi.Observation{Metric: kpi.Clicks, Channel: channel.LinkedIn, At: at, Value: decimal.NewFromInt(clicks)},
			kpi.Observation{Metric: kpi.Spend, Channel: channel.LinkedIn, At: at, Value: decimal.New(spendCents, -2), Currency: "EUR"})
	}
	return obs
}
