package kpi_test

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/budget"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// bounded runs f and fails the test when it has not returned within a
// limit generous enough for a busy machine: each call checked here takes
// milliseconds once decimals are bounded, and ran for tens of seconds
// (and gigabytes) before.
func bounded(t *testing.T, what string, f func()) {
	t.Helper()
	budget.Within(t, what, 20*time.Second, f)
}

var (
	far      = decimal.New(1, 1_000_000_000)
	tiny     = decimal.New(-3, -1_000_000_000)
	million  = decimal.NewFromBigInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(1_000_000), nil), 0)
	hugeOnes = []decimal.Decimal{far, tiny, million}
)

func TestKPIValidateRefusesHugeDecimalsAtOnce(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(k *kpi.KPI, v decimal.Decimal)
		path   string
	}{
		{"baseline", func(k *kpi.KPI, v decimal.Decimal) { k.Baseline.Value = v }, "baseline.value"},
		{"target", func(k *kpi.KPI, v decimal.Decimal) { k.Target.Value = v }, "target.value"},
		{"tolerance", func(k *kpi.KPI, v decimal.Decimal) { k.Tolerance = v }, "tolerance"},
		{"milestone", func(k *kpi.KPI, v decimal.Decimal) { k.Milestones = []kpi.Milestone{{Value: v, At: day(5)}} }, "milestones[0].value"},
		{"within target", func(k *kpi.KPI, v decimal.Decimal) {
			k.Direction, k.Target.Value, k.Band = kpi.Within, v, &kpi.Band{Low: d("1"), High: d("2")}
		}, "target.value"},
		{"band low", func(k *kpi.KPI, v decimal.Decimal) {
			k.Direction, k.Target.Value, k.Band = kpi.Within, decimal.Decimal{}, &kpi.Band{Low: v, High: d("2")}
		}, "band.low"},
		{"band high", func(k *kpi.KPI, v decimal.Decimal) {
			k.Direction, k.Target.Value, k.Band = kpi.Within, decimal.Decimal{}, &kpi.Band{Low: d("1"), High: v}
		}, "band.high"},
	}
	for _, tt := range tests {
		for _, v := range hugeOnes {
			t.Run(tt.name, func(t *testing.T) {
				k := clicksKPI()
				k.Measure, k.Unit = kpi.Measure{Formula: kpi.ReturnOnInvestment}, kpi.UnitPercent // any sign or scale
				tt.mutate(&k, v)
				var err, evalErr error
				bounded(t, "Validate and Evaluate", func() {
					err = k.Validate()
					_, evalErr = kpi.Evaluate(k, nil, day(3), nil)
				})
				assert.True(t, validation.Has(err, validation.CodeOutOfRange, tt.path), "%.500v", err)
				assert.Less(t, len(err.Error()), 2000)
				assert.True(t, validation.Has(evalErr, validation.CodeOutOfRange, tt.path))
			})
		}
	}
}

func TestNewSeriesRefusesHugeDecimalsAtOnce(t *testing.T) {
	for _, v := range hugeOnes {
		obs := []kpi.Observation{
			{Metric: kpi.Spend, Channel: channel.Instagram, At: day(0), Value: d("10"), Currency: "EUR"},
			{Metric: kpi.Spend, Channel: channel.Instagram, At: day(1), Value: v.Abs(), Currency: "EUR"},
		}
		var err, oneErr error
		bounded(t, "NewSeries", func() {
			_, err = kpi.NewSeries(obs)
			oneErr = obs[1].Validate()
		})
		assert.True(t, validation.Has(err, validation.CodeOutOfRange, "[1].value"), "%.500v", err)
		assert.True(t, validation.Has(oneErr, validation.CodeOutOfRange, "value"))
		assert.Less(t, len(err.Error()), 2000)
	}
}

func TestSeriesDecodeRefusesHugeDecimals(t *testing.T) {
	for _, v := range []string{`"` + strings.Repeat("5", 1_000_000) + `"`, strings.Repeat("5", 1_000_000), `"1e1000000000"`, `"1e-29"`} {
		data := []byte(`[{"metric":"spend","at":"2025-06-01T12:00:00Z","value":` + v + `,"currency":"EUR"}]`)
		var s kpi.Series
		var err error
		bounded(t, "Series.UnmarshalJSON", func() { err = json.Unmarshal(data, &s) })
		assert.True(t, validation.Has(err, validation.CodeOutOfRange, "[0].value"), "%.300v", err)
	}
	// Raising shopspring/decimal's global limit changes nothing.
	old := decimal.MaxDecodeExponent
	decimal.MaxDecodeExponent = 1<<31 - 1
	defer func() { decimal.MaxDecodeExponent = old }()
	var s kpi.Series
	err := json.Unmarshal([]byte(`[{"metric":"spend","at":"2025-06-01T12:00:00Z","value":"1e-1000000000","currency":"EUR"}]`), &s)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "[0].value"), "%v", err)
}

func TestFormulasAndSumRefuseHugeDecimals(t *testing.T) {
	for _, v := range hugeOnes {
		var roi, cpc, avg, median, sum error
		bounded(t, "formulas", func() {
			_, roi = kpi.ReturnOnInvestmentOf(v, d("3"))
			_, cpc = kpi.CostPerClickOf(d("3"), v)
			_, avg = kpi.AverageFirstResponseTimeOf([]decimal.Decimal{d("1"), v})
			_, median = kpi.MedianFirstResponseTimeOf([]decimal.Decimal{d("1"), d("2"), v})
			_, sum = kpi.Sum([]decimal.Decimal{d("1"), v, d("2")})
		})
		assert.True(t, validation.Has(roi, validation.CodeOutOfRange, "revenue"), "%v", roi)
		assert.True(t, validation.Has(cpc, validation.CodeOutOfRange, "clicks"), "%v", cpc)
		assert.True(t, validation.Has(avg, validation.CodeOutOfRange, "[1]"), "%v", avg)
		assert.True(t, validation.Has(median, validation.CodeOutOfRange, "[2]"), "%v", median)
		assert.True(t, validation.Has(sum, validation.CodeOutOfRange, "[1]"), "%v", sum)
	}
	// At the bounds, everything computes.
	top := decimal.RequireFromString(strings.Repeat("9", validation.MaxDecimalDigits-validation.MaxDecimalExponent)).Shift(validation.MaxDecimalExponent)
	low := decimal.New(1, -validation.MaxDecimalExponent)
	got, err := kpi.Sum([]decimal.Decimal{top, low})
	require.NoError(t, err)
	assert.True(t, got.Equal(top.Add(low)))
	_, err = kpi.CostPerClickOf(top, low)
	require.NoError(t, err)
}

// FuzzKPIDecimals builds KPI values and observations in Go with any
// coefficient and exponent: Validate, NewSeries and Evaluate answer at
// once, refuse every value beyond validation's bounds (a series takes
// every value within them), and never panic.
func FuzzKPIDecimals(f *testing.F) {
	f.Add([]byte{100}, false, int32(0), uint8(0))
	f.Add([]byte{1}, true, int32(1_000_000_000), uint8(1))
	f.Add([]byte{7}, false, int32(-2_000_000_000), uint8(2))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, false, int32(3), uint8(3))
	f.Fuzz(func(t *testing.T, coef []byte, neg bool, exp int32, where uint8) {
		c := new(big.Int).SetBytes(coef)
		if neg {
			c.Neg(c)
		}
		v := decimal.NewFromBigInt(c, exp)
		k := clicksKPI()
		k.Measure, k.Unit = kpi.Measure{Formula: kpi.ReturnOnInvestment}, kpi.UnitPercent
		path := []string{"baseline.value", "target.value", "tolerance", "milestones[0].value"}[where%4]
		switch where % 4 {
		case 0:
			k.Baseline.Value = v
		case 1:
			k.Target.Value = v
		case 2:
			k.Tolerance = v
		case 3:
			k.Milestones = []kpi.Milestone{{Value: v, At: day(5)}}
		}
		err := k.Validate()
		_, evalErr := kpi.Evaluate(k, nil, day(3), nil)
		_, seriesErr := kpi.NewSeries([]kpi.Observation{{Metric: kpi.Revenue, At: day(1), Value: v.Abs(), Currency: "EUR"}})
		if validation.DecimalWithin(v) {
			assert.NoError(t, seriesErr) // other rules may refuse v in the KPI
			return
		}
		assert.True(t, validation.Has(err, validation.CodeOutOfRange, path), "%se%d: %v", c, exp, err)
		assert.True(t, validation.Has(evalErr, validation.CodeOutOfRange, path))
		assert.True(t, validation.Has(seriesErr, validation.CodeOutOfRange, "[0].value"), "%v", seriesErr)
	})
}
