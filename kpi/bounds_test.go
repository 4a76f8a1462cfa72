package kpi_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
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
