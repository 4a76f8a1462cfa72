package main

import (
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// The sample brand: a coffee roaster in Madrid planning the first quarter
// of 2027. Everything is fixed data, so the quickstart prints the same
// report on every run and never reads the clock.
const (
	brandName = "Bluebird Coffee Roasters"
	brandZone = "Europe/Madrid"
)

// sample is the brand's data, built once in main.
type sample struct {
	loc          *time.Location
	quarterStart time.Time
	quarterEnd   time.Time
	asOf         time.Time
	kpis         []kpi.KPI
	observations []kpi.Observation
}

func newSample() (*sample, error) {
	loc, err := time.LoadLocation(brandZone)
	if err != nil {
		return nil, err
	}
	s := &sample{
		loc:          loc,
		quarterStart: time.Date(2027, time.January, 4, 0, 0, 0, 0, loc),
		quarterEnd:   time.Date(2027, time.March, 31, 23, 0, 0, 0, loc),
		// "Now", for the whole quickstart: a Monday morning in February.
		asOf: time.Date(2027, time.February, 15, 9, 0, 0, 0, loc),
	}
	s.kpis = s.sampleKPIs()
	s.observations = s.sampleObservations()
	return s, nil
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func (s *sample) sampleKPIs() []kpi.KPI {
	base := func(id, name string) kpi.KPI {
		return kpi.KPI{
			ID:        uuid.MustParse(id),
			Name:      name,
			Direction: kpi.Increase,
			Baseline:  kpi.Baseline{At: s.quarterStart},
			Target:    kpi.Target{Deadline: s.quarterEnd},
			Tolerance: dec("10"),
		}
	}
	engagement := base("1b7a3c8e-0d7e-5b1a-9c55-6f0a3d1e2b01", "Instagram engagement rate")
	engagement.Measure = kpi.Measure{Formula: kpi.EngagementRateByReach}
	engagement.Channels = []channel.Channel{channel.Instagram}
	engagement.Unit = kpi.UnitPercent
	engagement.WindowDays = 7
	engagement.Baseline.Value, engagement.Target.Value = dec("3"), dec("4.5")

	followers := base("1b7a3c8e-0d7e-5b1a-9c55-6f0a3d1e2b02", "Instagram followers")
	followers.Measure = kpi.Measure{Metric: kpi.Followers}
	followers.Channels = []channel.Channel{channel.Instagram}
	followers.Unit = kpi.UnitCount
	followers.Baseline.Value, followers.Target.Value = dec("12000"), dec("15000")

	voice := base("1b7a3c8e-0d7e-5b1a-9c55-6f0a3d1e2b03", "Share of voice")
	voice.Measure = kpi.Measure{Formula: kpi.ShareOfVoice}
	voice.Unit = kpi.UnitPercent
	voice.WindowDays = 14
	voice.Baseline.Value, voice.Target.Value = dec("18"), dec("25")

	cpc := base("1b7a3c8e-0d7e-5b1a-9c55-6f0a3d1e2b04", "LinkedIn cost per click")
	cpc.Measure = kpi.Measure{Formula: kpi.CostPerClick}
	cpc.Channels = []channel.Channel{channel.LinkedIn}
	cpc.Unit, cpc.Currency, cpc.Direction = kpi.UnitMoney, "EUR", kpi.Decrease
	cpc.WindowDays = 14
	cpc.Baseline.Value, cpc.Target.Value = dec("0.80"), dec("0.60")

	return []kpi.KPI{engagement, followers, voice, cpc}
}

// sampleObservations makes six weeks of daily figures, from a seeded
// generator so that every run prints the same report.
func (s *sample) sampleObservations() []kpi.Observation {
	rng := rand.New(rand.NewPCG(2027, 1))
	var obs []kpi.Observation
	add := func(m kpi.Metric, c channel.Channel, at time.Time, v int64, currency string) {
		obs = append(obs, kpi.Observation{Metric: m, Channel: c, At: at, Value: decimal.NewFromInt(v), Currency: currency})
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

		add(kpi.Mentions, channel.Instagram, at, 36+rng.Int64N(12), "")
		add(kpi.CompetitorMentions, channel.Instagram, at, 150+rng.Int64N(30), "")

		clicks := 120 + rng.Int64N(40)
		spendCents := clicks * (78 - int64(day)/6) // cost per click falls slowly
		obs = append(obs,
			kpi.Observation{Metric: kpi.Clicks, Channel: channel.LinkedIn, At: at, Value: decimal.NewFromInt(clicks)},
			kpi.Observation{Metric: kpi.Spend, Channel: channel.LinkedIn, At: at, Value: decimal.New(spendCents, -2), Currency: "EUR"})
	}
	return obs
}
