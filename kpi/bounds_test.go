package kpi_test

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/budget"
	"github.com/tandemsocial/tandem/kpi"
)

// wideSeries is n impressions on Instagram, one a minute from t0, whose
// first value (1e20) does not fit beside the others at a common int64
// exponent, so the column keeps exact decimals.
func wideSeries(t *testing.T, n int) *kpi.Series {
	t.Helper()
	obs := make([]kpi.Observation, n)
	for i := range obs {
		v := decimal.NewFromInt(int64(i))
		if i == 0 {
			v = decimal.New(1, 20)
		}
		obs[i] = kpi.Observation{Metric: kpi.Impressions, Channel: channel.Instagram, At: t0.Add(time.Duration(i) * time.Minute), Value: v}
	}
	s, err := kpi.NewSeries(obs)
	require.NoError(t, err)
	return s
}

// TestEvaluateDoesNotReadTheWholeWindow: one evaluation of a running total
// costs the same whatever the number of observations it spans, for
// columns of int64 coefficients and of exact decimals alike. It summed the
// window value by value (100,000 decimal additions for 100,000
// observations), so a plan of K KPIs on one metric cost K × N: 1,000 KPIs
// over 100,000 observations took 22 s in strategy.Review.
func TestEvaluateDoesNotReadTheWholeWindow(t *testing.T) {
	k := kpi.KPI{ID: uuid.NewSHA1(uuid.Nil, []byte("impressions")), Name: "impressions", Measure: kpi.Measure{Metric: kpi.Impressions}, Unit: kpi.UnitCount,
		Direction: kpi.Increase, Baseline: kpi.Baseline{At: t0, Value: decimal.Zero},
		Target: kpi.Target{Value: decimal.New(1, 25), Deadline: t0.AddDate(1, 0, 0)}}
	require.NoError(t, k.Validate())
	asOf := t0.AddDate(0, 3, 0)
	allocs := func(s *kpi.Series) float64 {
		return testing.AllocsPerRun(3, func() {
			p, err := kpi.Evaluate(k, s, asOf, nil)
			require.NoError(t, err)
			require.NotNil(t, p.Actual)
		})
	}
	small, large := allocs(wideSeries(t, 1_000)), allocs(wideSeries(t, 100_000))
	assert.Less(t, large, 2*small+100, "allocations of one evaluation: %v over 1,000 observations, %v over 100,000", small, large)
	// The value is still exact.
	p, err := kpi.Evaluate(k, wideSeries(t, 100_000), asOf, nil)
	require.NoError(t, err)
	// 90 days of minutes from t0 are 129,600 > 100,000: every observation
	// after the baseline instant t0, so all but the first.
	want := decimal.NewFromInt(100_000 * 99_999 / 2)
	assert.True(t, want.Equal(*p.Actual), "%s, want %s", p.Actual, want)
}

// medianKPI is a median first-response-time KPI from t0, over window days
// (0: since the baseline).
func medianKPI(window int) kpi.KPI {
	return kpi.KPI{ID: uuid.NewSHA1(uuid.Nil, []byte("median")), Name: "median", Measure: kpi.Measure{Formula: kpi.MedianFirstResponseTime},
		Unit: kpi.UnitDuration, Direction: kpi.Decrease, WindowDays: window,
		Baseline: kpi.Baseline{At: t0, Value: decimal.NewFromInt(1000)},
		Target:   kpi.Target{Value: decimal.NewFromInt(10), Deadline: t0.AddDate(30, 0, 0)}}
}

// TestMedianTrendIsNotQuadratic: every trend point of a median KPI took
// the median of its window afresh, so a trend of T days over N samples
// cost T × N: 3,660 trend days over 20,000 hourly samples took 0.66 s,
// over 200,000 about a minute and gigabytes. The windows' samples are now
// kept ranked as they move.
func TestMedianTrendIsNotQuadratic(t *testing.T) {
	const n = 200_000
	obs := make([]kpi.Observation, n)
	for i := range obs {
		obs[i] = kpi.Observation{Metric: kpi.FirstResponseTime, At: t0.Add(time.Duration(i) * time.Hour), Value: decimal.NewFromInt(int64(i%977 + 1))}
	}
	s, err := kpi.NewSeries(obs)
	require.NoError(t, err)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	for _, window := range []int{0, 30} {
		var p kpi.Progress
		budget.Check(t, "Evaluate of a median over 200,000 samples, 3,660 trend days", budget.For(len(b)), func() {
			p, err = kpi.Evaluate(medianKPI(window), s, t0.Add(n*time.Hour), &kpi.EvaluateOptions{TrendDays: kpi.MaxTrendDays})
		})
		require.NoError(t, err)
		require.NotNil(t, p.Forecast)
		assert.Len(t, p.Forecast.Points, kpi.MaxTrendDays)
	}
}

// TestMedianTrendMatchesSelection: each trend point of a median KPI is the
// median of its window's samples, across channels, for windows since the
// baseline and sliding ones.
func TestMedianTrendMatchesSelection(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var obs []kpi.Observation
	for i := range 3000 {
		ch := []channel.Channel{channel.X, channel.Instagram, ""}[rng.IntN(3)]
		v := decimal.New(rng.Int64N(2000), -rng.Int32N(3))
		obs = append(obs, kpi.Observation{Metric: kpi.FirstResponseTime, Channel: ch, At: t0.Add(time.Duration(i*37) * time.Minute), Value: v})
	}
	s, err := kpi.NewSeries(obs)
	require.NoError(t, err)
	asOf := t0.Add(3000 * 37 * time.Minute)
	for _, window := range []int{0, 1, 7} {
		k := medianKPI(window)
		p, err := kpi.Evaluate(k, s, asOf, &kpi.EvaluateOptions{TrendDays: 60})
		require.NoError(t, err)
		require.NotNil(t, p.Forecast)
		for _, pt := range append(p.Forecast.Points, kpi.Point{At: p.MeasuredAt, Value: *p.Actual}) {
			start := k.Baseline.At
			if window > 0 {
				start = pt.At.AddDate(0, 0, -window)
			}
			var vals []decimal.Decimal
			for _, o := range obs {
				if o.At.After(start) && !o.At.After(pt.At) {
					vals = append(vals, o.Value)
				}
			}
			slices.SortFunc(vals, func(a, b decimal.Decimal) int { return a.Cmp(b) })
			want := vals[len(vals)/2]
			if len(vals)%2 == 0 {
				want = vals[len(vals)/2-1].Add(want).Div(decimal.NewFromInt(2))
			}
			require.True(t, want.Equal(pt.Value), "window %d at %s: %s, want %s", window, pt.At, pt.Value, want)
		}
	}
}
