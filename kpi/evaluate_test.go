package kpi_test

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// daily returns one observation of m at noon on each of days 1, 2, …
// with the given values.
func daily(m kpi.Metric, c channel.Channel, vals ...string) []kpi.Observation {
	out := make([]kpi.Observation, len(vals))
	for i, v := range vals {
		out[i] = kpi.Observation{Metric: m, Channel: c, At: day(i + 1), Value: d(v)}
		if m.Unit() == kpi.UnitMoney {
			out[i].Currency = "EUR"
		}
	}
	return out
}

func evaluate(t *testing.T, k kpi.KPI, obs []kpi.Observation, asOf time.Time, opts *kpi.EvaluateOptions) kpi.Progress {
	t.Helper()
	p, err := kpi.Evaluate(k, mustSeries(t, obs...), asOf, opts)
	require.NoError(t, err)
	return p
}

func TestEvaluateStatusIncrease(t *testing.T) {
	tests := []struct {
		name     string
		clicks   []string
		asOf     time.Time
		opts     *kpi.EvaluateOptions
		status   kpi.Status
		actual   string // "" for undefined
		forecast string // "" for none
	}{
		{"before the baseline", []string{"10"}, day(-1), nil, kpi.NotStarted, "", ""},
		{"nothing observed yet", nil, day(5), nil, kpi.NotStarted, "", ""},
		{"on plan", []string{"10", "10", "10", "10", "10"}, day(5), nil, kpi.OnTrack, "50", "100"},
		{"behind, within tolerance", []string{"8", "8", "8", "8", "8"}, day(5), nil, kpi.OnTrack, "40", "80"},
		{"behind and the trend falls short", []string{"6", "6", "6", "6", "6"}, day(5), nil, kpi.OffTrack, "30", "60"},
		{"behind but the recent trend catches up", []string{"0", "0", "0", "15", "20"}, day(5), &kpi.EvaluateOptions{TrendDays: 2}, kpi.AtRisk, "35", "135"},
		{"already there", []string{"25", "25", "25", "25", "25"}, day(5), nil, kpi.Achieved, "125", "250"},
		{"met at the deadline", []string{"10", "10", "10", "10", "10", "10", "10", "10", "10", "10", "10"}, day(12), nil, kpi.Achieved, "100", ""},
		{"missed at the deadline", []string{"9", "9", "9", "9", "9", "9", "9", "9", "9", "9", "50"}, day(12), nil, kpi.Missed, "90", ""},
		{"nothing by the deadline", nil, day(12), nil, kpi.Missed, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := evaluate(t, clicksKPI(), daily(kpi.Clicks, channel.Instagram, tt.clicks...), tt.asOf, tt.opts)
			assert.Equal(t, tt.status, p.Status, p.Reason)
			assert.NotEmpty(t, p.Reason)
			if tt.actual == "" {
				assert.Nil(t, p.Actual)
			} else if assert.NotNil(t, p.Actual) {
				assertDec(t, tt.actual, *p.Actual)
				assertDec(t, tt.actual, *p.Share, "baseline 0 and target 100: the share is the value")
			}
			if tt.forecast == "" {
				assert.Nil(t, p.Forecast)
			} else if assert.NotNil(t, p.Forecast) {
				assertDec(t, tt.forecast, p.Forecast.Value)
				assertDec(t, tt.forecast, *p.Forecast.Share)
			}
		})
	}
}

// TestEvaluateReasonSaysAheadOrBehind: the reason names the direction of
// the gap; a KPI ahead of plan is never "behind by" a negative amount.
func TestEvaluateReasonSaysAheadOrBehind(t *testing.T) {
	ahead := evaluate(t, clicksKPI(), daily(kpi.Clicks, channel.Instagram, "12", "12", "12", "12", "12"), day(5), nil)
	assert.Equal(t, kpi.OnTrack, ahead.Status)
	assert.True(t, ahead.Gap.IsNegative())
	assert.Contains(t, ahead.Reason, "ahead by 10.00 points")
	assert.NotContains(t, ahead.Reason, "behind")

	behind := evaluate(t, clicksKPI(), daily(kpi.Clicks, channel.Instagram, "8", "8", "8", "8", "8"), day(5), nil)
	assert.Contains(t, behind.Reason, "behind by 10.00 points")
}

func TestEvaluateExpectedAndGap(t *testing.T) {
	p := evaluate(t, clicksKPI(), daily(kpi.Clicks, "", "6", "6", "6", "6", "6"), day(5), nil)
	assertDec(t, "50", *p.ExpectedValue)
	assertDec(t, "50", *p.Expected)
	assertDec(t, "20", *p.Gap)
	assert.Equal(t, 5, p.Observations)
	assert.True(t, p.WindowStart.Equal(day(0)))
	assert.True(t, p.MeasuredAt.Equal(day(5)))

	// The forecast shows its inputs: the five daily running totals.
	f := p.Forecast
	require.NotNil(t, f)
	assert.Equal(t, "least_squares", f.Method)
	require.Len(t, f.Points, 5)
	for i, pt := range f.Points {
		assert.True(t, pt.At.Equal(day(i+1)))
		assertDec(t, decimal.NewFromInt(int64(6*(i+1))).String(), pt.Value)
	}
	assertDec(t, "6", f.SlopePerDay)
	assert.True(t, f.At.Equal(day(10)))
	assert.True(t, f.WindowStart.Equal(day(1)))
	assert.True(t, f.WindowEnd.Equal(day(5)))

	// After the deadline the value is measured as of the deadline.
	obs := daily(kpi.Clicks, "", "10", "10", "10", "10", "10", "10", "10", "10", "10", "10", "10", "10")
	p = evaluate(t, clicksKPI(), obs, day(20), nil)
	assert.True(t, p.MeasuredAt.Equal(day(10)))
	assertDec(t, "100", *p.Actual)
	assertDec(t, "100", *p.Expected)
}

func TestEvaluateMilestones(t *testing.T) {
	k := clicksKPI()
	k.Milestones = []kpi.Milestone{{Value: d("80"), At: day(5)}}
	tests := []struct {
		asOf     time.Time
		expected string
	}{
		{day(0), "0"},
		{day(0).Add(30 * time.Hour), "20"}, // 1.25 days of 5 towards 80
		{day(5), "80"},
		{day(5).Add(60 * time.Hour), "90"}, // half way from 80 to 100
		{day(10), "100"},
	}
	for _, tt := range tests {
		p := evaluate(t, k, daily(kpi.Clicks, "", "1"), tt.asOf, nil)
		assertDec(t, tt.expected, *p.Expected, "as of %s", tt.asOf)
	}
	// 50 clicks at day 5 is on track for the plain KPI but 30 points
	// behind a plan that front-loads the work; the trend of 10 a day still
	// reaches 100 by the deadline, so it is at risk, not off track.
	obs := daily(kpi.Clicks, "", "10", "10", "10", "10", "10")
	assert.Equal(t, kpi.OnTrack, evaluate(t, clicksKPI(), obs, day(5), nil).Status)
	p := evaluate(t, k, obs, day(5), nil)
	assert.Equal(t, kpi.AtRisk, p.Status, p.Reason)
	assertDec(t, "30", *p.Gap)
	obs = daily(kpi.Clicks, "", "8", "8", "8", "8", "8")
	assert.Equal(t, kpi.OffTrack, evaluate(t, k, obs, day(5), nil).Status)
}

func TestEvaluateDecreaseCostPerClick(t *testing.T) {
	k := clicksKPI()
	k.Name = "CPC"
	k.Measure = kpi.Measure{Formula: kpi.CostPerClick}
	k.Unit, k.Currency, k.Direction = kpi.UnitMoney, "EUR", kpi.Decrease
	k.Baseline.Value, k.Target.Value = d("1.00"), d("0.50")
	k.WindowDays = 2
	obs := append(daily(kpi.Spend, channel.Facebook, "10", "10", "10", "10", "10"),
		daily(kpi.Clicks, channel.Facebook, "10", "12", "14", "16", "20")...)
	p := evaluate(t, k, obs, day(5), nil)
	// The last two days: 20 EUR for 36 clicks.
	assertDec(t, "0.5555555556", *p.Actual)
	assertDec(t, "88.8888888800", *p.Share) // (1 − 0.5555555556) / 0.5 × 100
	assert.Equal(t, 4, p.Observations)
	assert.Equal(t, kpi.OnTrack, p.Status, p.Reason)

	p = evaluate(t, k, append(obs, kpi.Observation{Metric: kpi.Clicks, Channel: channel.Facebook, At: day(6), Value: d("100")}), day(6), nil)
	assert.Equal(t, kpi.Achieved, p.Status, "10 EUR for 120 clicks beats 0.50")

	// Spend in another currency than the KPI's is an error, not a number.
	usd := append(obs[5:], kpi.Observation{Metric: kpi.Spend, Channel: channel.Facebook, At: day(1), Value: d("10"), Currency: "USD"})
	_, err := kpi.Evaluate(k, mustSeries(t, usd...), day(5), nil)
	assert.True(t, errors.Is(err, kpi.ErrMixedCurrencies), "%v", err)

	// So is spend in two currencies within the KPI's channels.
	two := append(obs, kpi.Observation{Metric: kpi.Spend, Channel: channel.Instagram, At: day(1), Value: d("1"), Currency: "USD"})
	_, err = kpi.Evaluate(k, mustSeries(t, two...), day(5), nil)
	assert.True(t, errors.Is(err, kpi.ErrMixedCurrencies), "%v", err)
	// Unless the KPI is scoped to the channel with euros.
	k.Channels = []channel.Channel{channel.Facebook}
	_, err = kpi.Evaluate(k, mustSeries(t, two...), day(5), nil)
	assert.NoError(t, err)
}

func TestEvaluateWithinBand(t *testing.T) {
	k := clicksKPI()
	k.Name = "CPM"
	k.Measure = kpi.Measure{Formula: kpi.CostPerMille}
	k.Unit, k.Currency, k.Direction = kpi.UnitMoney, "EUR", kpi.Within
	k.Target.Value = d("0")
	k.Band = &kpi.Band{Low: d("4"), High: d("6")} // tolerance 10: 0.2 EUR outside
	k.WindowDays = 1
	cpm := func(costs ...string) []kpi.Observation {
		imps := make([]string, len(costs))
		for i := range imps {
			imps[i] = "1000"
		}
		return append(daily(kpi.Spend, "", costs...), daily(kpi.Impressions, "", imps...)...)
	}
	tests := []struct {
		name   string
		obs    []kpi.Observation
		asOf   time.Time
		status kpi.Status
	}{
		{"inside and steady", cpm("5", "5", "5"), day(3), kpi.OnTrack},
		{"inside but climbing out", cpm("4", "5", "5.9"), day(3), kpi.AtRisk},
		{"just outside", cpm("6.1", "6.1", "6.1"), day(3), kpi.AtRisk},
		{"far outside", cpm("9", "9", "9"), day(3), kpi.OffTrack},
		{"below the band", cpm("3", "3", "3"), day(3), kpi.OffTrack},
		{"inside at the deadline", cpm("9", "9", "9", "9", "9", "9", "9", "9", "9", "5"), day(11), kpi.Achieved},
		{"outside at the deadline", cpm("5", "5", "5", "5", "5", "5", "5", "5", "5", "7"), day(11), kpi.Missed},
		{"no impressions yet", daily(kpi.Spend, "", "1"), day(3), kpi.NotStarted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := evaluate(t, k, tt.obs, tt.asOf, nil)
			assert.Equal(t, tt.status, p.Status, p.Reason)
			assert.Nil(t, p.Share)
			assert.Nil(t, p.Expected)
		})
	}
}

// TestEvaluateEveryFormula checks that Evaluate feeds each formula the
// right figures: the same numbers through the formula's function must give
// the same result.
func TestEvaluateEveryFormula(t *testing.T) {
	asOf := day(5)
	counter := map[kpi.Metric][2]string{}
	for i, m := range kpi.Metrics() {
		counter[m] = [2]string{decimal.NewFromInt(int64(10 + 3*i)).String(), decimal.NewFromInt(int64(40 + i)).String()}
	}
	figure := func(m kpi.Metric) decimal.Decimal { return d(counter[m][0]).Add(d(counter[m][1])) }
	samples := ds("60", "600", "30", "90")
	for _, f := range kpi.Formulas() {
		t.Run(string(f), func(t *testing.T) {
			var obs []kpi.Observation
			for _, m := range f.Inputs() {
				cur := ""
				if m.Unit() == kpi.UnitMoney {
					cur = "EUR"
				}
				switch m.Kind() {
				case kpi.KindGauge:
					obs = append(obs,
						kpi.Observation{Metric: m, Channel: channel.Threads, At: day(-1), Value: d("2000")},
						kpi.Observation{Metric: m, Channel: channel.Threads, At: day(3), Value: d("2150")})
				case kpi.KindSample:
					for i, v := range samples {
						obs = append(obs, kpi.Observation{Metric: m, Channel: channel.Threads, At: day(1 + i), Value: v})
					}
				default:
					for i, v := range counter[m] {
						obs = append(obs, kpi.Observation{Metric: m, Channel: channel.Threads, At: day(2 + i), Value: d(v), Currency: cur})
					}
				}
			}
			var want decimal.Decimal
			var err error
			in := f.Inputs()
			switch f {
			case kpi.EngagementRateByReach:
				want, err = kpi.EngagementRateByReachOf(figure(in[0]), figure(in[1]))
			case kpi.EngagementRateByImpressions:
				want, err = kpi.EngagementRateByImpressionsOf(figure(in[0]), figure(in[1]))
			case kpi.EngagementRateByFollowers:
				want, err = kpi.EngagementRateByFollowersOf(figure(in[0]), d("2150"))
			case kpi.ConversationRatePerPost:
				want, err = kpi.ConversationRatePerPostOf(figure(in[0]), figure(in[1]))
			case kpi.AmplificationRatePerPost:
				want, err = kpi.AmplificationRatePerPostOf(figure(in[0]), figure(in[1]))
			case kpi.ApplauseRatePerPost:
				want, err = kpi.ApplauseRatePerPostOf(figure(in[0]), figure(in[1]))
			case kpi.ConversationRateByFollowers:
				want, err = kpi.ConversationRateByFollowersOf(figure(in[0]), d("2150"))
			case kpi.AmplificationRateByFollowers:
				want, err = kpi.AmplificationRateByFollowersOf(figure(in[0]), d("2150"))
			case kpi.ApplauseRateByFollowers:
				want, err = kpi.ApplauseRateByFollowersOf(figure(in[0]), d("2150"))
			case kpi.ViralityRate:
				want, err = kpi.ViralityRateOf(figure(in[0]), figure(in[1]))
			case kpi.ClickThroughRate:
				want, err = kpi.ClickThroughRateOf(figure(in[0]), figure(in[1]))
			case kpi.CostPerClick:
				want, err = kpi.CostPerClickOf(figure(in[0]), figure(in[1]))
			case kpi.CostPerMille:
				want, err = kpi.CostPerMilleOf(figure(in[0]), figure(in[1]))
			case kpi.CostPerAcquisition:
				want, err = kpi.CostPerAcquisitionOf(figure(in[0]), figure(in[1]))
			case kpi.ConversionRate:
				want, err = kpi.ConversionRateOf(figure(in[0]), figure(in[1]))
			case kpi.ReturnOnInvestment:
				want, err = kpi.ReturnOnInvestmentOf(figure(in[0]), figure(in[1]))
			case kpi.ShareOfVoice:
				want, err = kpi.ShareOfVoiceOf(figure(in[0]), figure(in[1]))
			case kpi.NetSentimentPolar:
				want, err = kpi.NetSentimentPolarOf(figure(in[0]), figure(in[1]))
			case kpi.NetSentimentAll:
				want, err = kpi.NetSentimentAllOf(figure(in[0]), figure(in[1]), figure(in[2]))
			case kpi.ResponseRate:
				want, err = kpi.ResponseRateOf(figure(in[0]), figure(in[1]))
			case kpi.AverageFirstResponseTime:
				want, err = kpi.AverageFirstResponseTimeOf(samples)
			case kpi.MedianFirstResponseTime:
				want, err = kpi.MedianFirstResponseTimeOf(samples)
			case kpi.FollowerGrowthRate:
				want, err = kpi.FollowerGrowthRateOf(d("2000"), d("2150"))
			default:
				t.Fatalf("formula %s has no case in this test", f)
			}
			require.NoError(t, err)

			k := clicksKPI()
			k.Measure, k.Unit = kpi.Measure{Formula: f}, f.Unit()
			if k.Unit == kpi.UnitMoney {
				k.Currency = "EUR"
			}
			k.Target.Value = d("1000000")
			p := evaluate(t, k, obs, asOf, nil)
			require.NotNil(t, p.Actual, p.Reason)
			assert.True(t, want.Equal(*p.Actual), "want %s, got %s", want, p.Actual)
		})
	}
}

func TestEvaluateRawMetrics(t *testing.T) {
	k := clicksKPI()
	k.Measure = kpi.Measure{Metric: kpi.Followers}
	k.Baseline.Value, k.Target.Value = d("1000"), d("2000")
	obs := []kpi.Observation{
		{Metric: kpi.Followers, Channel: channel.Instagram, At: day(-30), Value: d("700")},
		{Metric: kpi.Followers, Channel: channel.TikTok, At: day(2), Value: d("500")},
		{Metric: kpi.Followers, Channel: channel.Instagram, At: day(3), Value: d("800")},
	}
	p := evaluate(t, k, obs, day(5), nil)
	assertDec(t, "1300", *p.Actual, "each channel's latest reading, added")
	assertDec(t, "30", *p.Share)
	require.NotNil(t, p.Forecast)
	assert.Len(t, p.Forecast.Points, 5)

	k.Channels = []channel.Channel{channel.TikTok}
	p = evaluate(t, k, obs[:2], day(1), nil)
	assert.Nil(t, p.Actual, "no TikTok reading by day 1")
	assert.Equal(t, kpi.NotStarted, p.Status)

	// A gauge read once: too few points for a forecast, and behind plan.
	p = evaluate(t, k, obs[1:2], day(2).Add(time.Hour), &kpi.EvaluateOptions{TrendDays: 1})
	assert.Nil(t, p.Forecast)
	assert.Equal(t, kpi.AtRisk, p.Status, p.Reason)

	// A sample metric is averaged over the window.
	k = clicksKPI()
	k.Measure, k.Unit, k.Direction = kpi.Measure{Metric: kpi.FirstResponseTime}, kpi.UnitDuration, kpi.Decrease
	k.Baseline.Value, k.Target.Value = d("3600"), d("900")
	k.WindowDays = 1
	p = evaluate(t, k, daily(kpi.FirstResponseTime, "", "1800", "1200", "600"), day(3).Add(time.Hour), nil)
	assertDec(t, "600", *p.Actual)
	assert.Equal(t, kpi.Achieved, p.Status)
}

func TestEvaluateErrors(t *testing.T) {
	s := mustSeries(t, daily(kpi.Clicks, "", "1")...)
	bad := clicksKPI()
	bad.Target.Value = bad.Baseline.Value
	_, err := kpi.Evaluate(bad, s, day(3), nil)
	assert.True(t, validation.Has(err, validation.CodeConflict, "target.value"))
	_, err = kpi.Evaluate(clicksKPI(), s, time.Time{}, nil)
	assert.True(t, errors.Is(err, kpi.ErrInvalidArgument))
	_, err = kpi.Evaluate(clicksKPI(), s, day(3), &kpi.EvaluateOptions{TrendDays: -1})
	assert.True(t, errors.Is(err, kpi.ErrInvalidArgument))
	_, err = kpi.Evaluate(clicksKPI(), s, day(3), &kpi.EvaluateOptions{TrendDays: kpi.MaxTrendDays + 1})
	assert.True(t, errors.Is(err, kpi.ErrInvalidArgument))
	p, err := kpi.Evaluate(clicksKPI(), nil, day(3), nil)
	require.NoError(t, err, "a nil series is empty")
	assert.Equal(t, kpi.NotStarted, p.Status)
}

// TestEvaluateDaysFollowTheWallClock checks that the window and the trend
// points are counted in calendar days of asOf's location across a change of
// the clocks.
func TestEvaluateDaysFollowTheWallClock(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	local := func(d, h int) time.Time { return time.Date(2025, 3, d, h, 0, 0, 0, madrid) }
	k := clicksKPI()
	k.Baseline.At, k.Target.Deadline = local(20, 0), local(31, 20)
	k.WindowDays = 1
	var obs []kpi.Observation
	for dd := 25; dd <= 31; dd++ {
		obs = append(obs, kpi.Observation{Metric: kpi.Clicks, At: local(dd, 9), Value: decimal.NewFromInt(int64(dd))})
	}
	p := evaluate(t, k, obs, local(31, 10), nil)
	assert.Equal(t, "2025-03-30T10:00:00+02:00", p.WindowStart.Format(time.RFC3339))
	assertDec(t, "31", *p.Actual)
	require.NotNil(t, p.Forecast)
	for _, pt := range p.Forecast.Points {
		assert.Equal(t, 10, pt.At.Hour(), "every point is at 10:00 local")
		assertDec(t, decimal.NewFromInt(int64(pt.At.Day())).String(), pt.Value)
	}
}

func TestProgressGolden(t *testing.T) {
	k := clicksKPI()
	k.Milestones = []kpi.Milestone{{Value: d("40"), At: day(4)}}
	p := evaluate(t, k, daily(kpi.Clicks, channel.Instagram, "6", "6", "7", "9", "9"), day(5), &kpi.EvaluateOptions{TrendDays: 4})
	got, err := json.MarshalIndent(p, "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')
	path := filepath.Join("testdata", "progress.golden.json")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))

	var back kpi.Progress
	require.NoError(t, json.Unmarshal(got, &back))
	again, err := json.MarshalIndent(back, "", "  ")
	require.NoError(t, err)
	assert.Equal(t, string(got), string(append(again, '\n')))
}
