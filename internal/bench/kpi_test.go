package bench

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// sumN is how many amounts BenchmarkKPISum adds.
const sumN = 1_000_000

// sumFixture is the input of BenchmarkKPISum: the same seeded amounts from
// 0.00 to 9999.99 as tandem observations (in a kpi.Series), as decimals and
// as float64s, and the exact total from a plain decimal.Add loop.
type sumFixture struct {
	series *kpi.Series
	decs   []decimal.Decimal
	floats []float64
	want   decimal.Decimal
}

var loadSum = sync.OnceValue(func() sumFixture {
	r := rand.New(rand.NewPCG(2025, 2))
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	obs := make([]kpi.Observation, sumN)
	f := sumFixture{decs: make([]decimal.Decimal, sumN), floats: make([]float64, sumN)}
	for i := range obs {
		cents := r.Int64N(1_000_000)
		f.decs[i] = decimal.New(cents, -2)
		f.floats[i] = float64(cents) / 100
		obs[i] = kpi.Observation{Metric: kpi.Spend, Channel: channel.Instagram,
			At: t0.Add(time.Duration(i) * time.Second), Value: f.decs[i], Currency: "EUR"}
	}
	s, err := kpi.NewSeries(obs)
	if err != nil {
		panic(err)
	}
	f.series = s
	for _, d := range f.decs {
		f.want = f.want.Add(d)
	}
	return f
})

// perAmount reports the time per amount added.
func perAmount(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/amount")
}

// BenchmarkKPISum adds one million amounts with two decimal places three
// ways: tandem's exact Series.Sum, a plain decimal.Add loop, and a float64
// loop. tandem's and the decimal loop's totals must be equal.
func BenchmarkKPISum(b *testing.B) {
	f := loadSum()
	b.Run("tandem", func(b *testing.B) {
		q := kpi.Selection{Metric: kpi.Spend}
		var got decimal.Decimal
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			var err error
			if got, err = f.series.Sum(q); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		perAmount(b, sumN)
		if !got.Equal(f.want) {
			b.Fatalf("tandem sum %s, decimal loop %s", got, f.want)
		}
	})
	b.Run("decimal-loop", func(b *testing.B) {
		var got decimal.Decimal
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			got = decimal.Decimal{}
			for _, d := range f.decs {
				got = got.Add(d)
			}
		}
		b.StopTimer()
		perAmount(b, sumN)
		if !got.Equal(f.want) {
			b.Fatalf("decimal loop %s, want %s", got, f.want)
		}
	})
	b.Run("float64-loop", func(b *testing.B) {
		var got float64
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			got = 0
			for _, x := range f.floats {
				got += x
			}
		}
		b.StopTimer()
		perAmount(b, sumN)
		if want := f.want.InexactFloat64(); got < want*0.999999 || got > want*1.000001 {
			b.Fatalf("float64 loop %v, far from %s", got, f.want)
		}
	})
}

// BenchmarkKPISumDecimals adds the same amounts with kpi.Sum, straight from
// a []decimal.Decimal (no Series): the exact fast path for callers who hold
// decimals. Each decimal points to its own big.Int, so this reads memory
// all over the heap and is slower than Series.Sum.
func BenchmarkKPISumDecimals(b *testing.B) {
	f := loadSum()
	var got decimal.Decimal
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		var err error
		if got, err = kpi.Sum(f.decs); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	perAmount(b, sumN)
	if !got.Equal(f.want) {
		b.Fatalf("kpi.Sum %s, decimal loop %s", got, f.want)
	}
}

// BenchmarkKPINewSeries measures what BenchmarkKPISum's tandem case builds
// outside the timer: validating one million observations into a Series.
func BenchmarkKPINewSeries(b *testing.B) {
	f := loadSum()
	obs := make([]kpi.Observation, 0, sumN)
	for o := range f.series.Observations() {
		obs = append(obs, o)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := kpi.NewSeries(obs); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	perAmount(b, sumN)
}

// evalFixture is a year of click and impression observations on two
// channels, n in all, and a KPI on their click-through rate since the
// baseline, so that Evaluate must read every observation.
func evalFixture(n int) (kpi.KPI, *kpi.Series, time.Time) {
	r := rand.New(rand.NewPCG(uint64(n), 7))
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	year := 365 * 24 * time.Hour
	metrics := []kpi.Metric{kpi.Impressions, kpi.Clicks}
	channels := []channel.Channel{channel.Instagram, channel.TikTok}
	obs := make([]kpi.Observation, n)
	for i := range obs {
		m := metrics[i%2]
		v := r.Int64N(10_000)
		if m == kpi.Clicks {
			v /= 50
		}
		obs[i] = kpi.Observation{Metric: m, Channel: channels[(i/2)%2],
			At: t0.Add(time.Duration(int64(year) / int64(n) * int64(i/4*4))), Value: decimal.NewFromInt(v)}
	}
	s, err := kpi.NewSeries(obs)
	if err != nil {
		panic(err)
	}
	k := kpi.KPI{
		ID: uuid.MustParse("2f1d0c7e-5b0a-4c43-9a43-3c2b8b1f0a11"), Name: "CTR", Measure: kpi.Measure{Formula: kpi.ClickThroughRate},
		Unit: kpi.UnitPercent, Direction: kpi.Increase,
		Baseline:  kpi.Baseline{Value: decimal.NewFromInt(1), At: t0.Add(-time.Hour)},
		Target:    kpi.Target{Value: decimal.NewFromInt(2), Deadline: t0.AddDate(1, 6, 0)},
		Tolerance: decimal.NewFromInt(10),
	}
	return k, s, t0.AddDate(1, 0, 0)
}

// BenchmarkEvaluate evaluates a KPI that reads every observation, at 100k
// and 1M observations: the time must grow linearly (10× data, ≤ 11× time).
func BenchmarkEvaluate(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			k, s, asOf := evalFixture(n)
			p, err := kpi.Evaluate(k, s, asOf, nil)
			if err != nil {
				b.Fatal(err)
			}
			if p.Observations != n {
				b.Fatalf("Evaluate read %d observations, want %d", p.Observations, n)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := kpi.Evaluate(k, s, asOf, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
