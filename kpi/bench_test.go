package kpi_test

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// amounts returns n seeded amounts from 0.00 to 9999.99 as observations of
// spend in EUR, one a minute, and the same amounts as decimals.
func amounts(n int) ([]kpi.Observation, []decimal.Decimal) {
	r := rand.New(rand.NewPCG(1, 2))
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	obs := make([]kpi.Observation, n)
	vals := make([]decimal.Decimal, n)
	for i := range obs {
		v := decimal.New(r.Int64N(1_000_000), -2)
		vals[i] = v
		obs[i] = kpi.Observation{Metric: kpi.Spend, Channel: channel.Instagram, At: t0.Add(time.Duration(i) * time.Minute), Value: v, Currency: "EUR"}
	}
	return obs, vals
}

func BenchmarkSeriesSum(b *testing.B) {
	obs, _ := amounts(1_000_000)
	s, err := kpi.NewSeries(obs)
	if err != nil {
		b.Fatal(err)
	}
	q := kpi.Selection{Metric: kpi.Spend}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := s.Sum(q); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSum(b *testing.B) {
	_, vals := amounts(1_000_000)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := kpi.Sum(vals); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewSeries(b *testing.B) {
	obs, _ := amounts(1_000_000)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := kpi.NewSeries(obs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAggregateDaily groups a year of hourly observations into days
// in a time zone with DST.
func BenchmarkAggregateDaily(b *testing.B) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		b.Skip(err)
	}
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, madrid)
	obs := make([]kpi.Observation, 365*24)
	for i := range obs {
		obs[i] = kpi.Observation{Metric: kpi.Impressions, Channel: channel.Instagram, At: t0.Add(time.Duration(i) * time.Hour), Value: decimal.NewFromInt(int64(i % 1000))}
	}
	s, err := kpi.NewSeries(obs)
	if err != nil {
		b.Fatal(err)
	}
	q := kpi.Selection{Metric: kpi.Impressions}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := s.Aggregate(q, kpi.AggregateSum, kpi.Day, madrid, t0, t0.AddDate(1, 0, 0)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateMedian evaluates a median first-response-time KPI over
// a 7-day window on 100,000 samples spread over a year: the one measure
// that must select rather than sum.
func BenchmarkEvaluateMedian(b *testing.B) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	obs := make([]kpi.Observation, 100_000)
	for i := range obs {
		obs[i] = kpi.Observation{Metric: kpi.FirstResponseTime, At: t0.Add(time.Duration(i) * 315 * time.Second), Value: decimal.NewFromInt(int64(60 + i*7919%3600))}
	}
	s, err := kpi.NewSeries(obs)
	if err != nil {
		b.Fatal(err)
	}
	k := kpi.KPI{
		ID: uuid.MustParse("724b3a63-ac05-5e54-8175-3c499e07ee52"), Name: "FRT", Measure: kpi.Measure{Formula: kpi.MedianFirstResponseTime},
		Unit: kpi.UnitDuration, Direction: kpi.Decrease, WindowDays: 7,
		Baseline: kpi.Baseline{Value: decimal.NewFromInt(3600), At: t0},
		Target:   kpi.Target{Value: decimal.NewFromInt(600), Deadline: t0.AddDate(1, 0, 0)},
	}
	asOf := t0.AddDate(0, 11, 0)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := kpi.Evaluate(k, s, asOf, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeriesUnmarshalJSON decodes a series of 100,000 observations
// from JSON (strictjson's check, then encoding/json, then NewSeries).
func BenchmarkSeriesUnmarshalJSON(b *testing.B) {
	obs, _ := amounts(100_000)
	data, err := json.Marshal(obs)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		var s kpi.Series
		if err := json.Unmarshal(data, &s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPerPostCostPerClick computes the cost per click of 10,000 paid
// posts: the money path, which reads spend as decimals.
func BenchmarkPerPostCostPerClick(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	rs := make(kpi.PostResults, 0, 20_000)
	for i := range 10_000 {
		id := uuid.NewSHA1(uuid.Nil, []byte{byte(i), byte(i >> 8)})
		rs = append(rs,
			kpi.PostResult{Entry: id, Channel: channel.Instagram, Metric: kpi.Spend, Value: decimal.New(r.Int64N(1_000_000), -3), Currency: "EUR"},
			kpi.PostResult{Entry: id, Channel: channel.Instagram, Metric: kpi.Clicks, Value: decimal.NewFromInt(r.Int64N(500))})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rs.PerPost(kpi.CostPerClick, kpi.Lifetime); err != nil {
			b.Fatal(err)
		}
	}
}
