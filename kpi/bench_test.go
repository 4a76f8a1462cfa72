package kpi_test

import (
	"math/rand/v2"
	"testing"
	"time"

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
		kpi.Sum(vals)
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
