package kpi_test

import (
	"encoding/json"
	"errors"
	"slices"
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

// reencode checks that a value that decoded and validated encodes, decodes
// and encodes again to the same JSON.
func reencode[T any](t *testing.T, v T) {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var back T
	require.NoError(t, json.Unmarshal(b, &back), "%s", b)
	b2, err := json.Marshal(back)
	require.NoError(t, err)
	require.JSONEq(t, string(b), string(b2))
}

// checkValidationError fails unless err is nil or a validation error whose
// field errors all carry a known code.
func checkValidationError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var verr *validation.Error
	require.True(t, errors.As(err, &verr), "%v", err)
	require.NotEmpty(t, verr.Errors)
	for _, fe := range verr.Errors {
		require.NotEmpty(t, fe.Code)
		require.NotEmpty(t, fe.Detail)
	}
}

func FuzzObservationJSON(f *testing.F) {
	f.Add(`{"metric":"spend","channel":"x","at":"2025-01-01T00:00:00Z","value":"12.50","currency":"EUR"}`)
	f.Add(`{"metric":"clicks","at":"2025-01-01T00:00:00+01:00","value":"-3"}`)
	f.Add(`{"metric":"first_response_time","at":"2025-01-01T00:00:00Z","value":"1e30"}`)
	f.Add(`{"metric":"reach","channel":"myspace","value":"1.5","currency":"eur"}`)
	f.Add(`{"metric":"clicks","channel":"linkedin","account":"JaneRoe","at":"2025-01-01T00:00:00Z","value":"3"}`)
	f.Add(`{"metric":"clicks","account":"@jane roe","at":"2025-01-01T00:00:00Z","value":"3"}`)
	f.Fuzz(func(t *testing.T, in string) {
		var o kpi.Observation
		if json.Unmarshal([]byte(in), &o) != nil {
			return
		}
		err := o.Validate()
		checkValidationError(t, err)
		if err == nil {
			reencode(t, o)
		}
	})
}

func FuzzSeriesJSON(f *testing.F) {
	f.Add(`[{"metric":"spend","channel":"x","at":"2025-01-01T00:00:00Z","value":"12.50","currency":"EUR"},` +
		`{"metric":"spend","channel":"x","at":"2025-01-01T01:00:00Z","value":"99999999999999999999.5","currency":"EUR"}]`)
	f.Add(`[{"metric":"followers","at":"2025-01-02T00:00:00Z","value":"5"},{"metric":"followers","at":"2025-01-01T00:00:00Z","value":"5"}]`)
	f.Add(`[{"metric":"first_response_time","at":"2025-01-01T00:00:00Z","value":"0.000000001"},{"metric":"first_response_time","at":"2025-01-01T00:00:00Z","value":"1e28"}]`)
	f.Add(`[{"metric":"clicks","channel":"x","account":"Acme","at":"2025-01-01T00:00:00Z","value":"1"},` +
		`{"metric":"clicks","channel":"x","at":"2025-01-01T00:00:00Z","value":"2"},{"metric":"clicks","channel":"x","account":"acme","at":"2025-01-02T00:00:00Z","value":"3"}]`)
	f.Fuzz(func(t *testing.T, in string) {
		var s kpi.Series
		err := json.Unmarshal([]byte(in), &s)
		var verr *validation.Error
		if errors.As(err, &verr) {
			checkValidationError(t, err)
			return
		}
		if err != nil {
			return
		}
		reencode(t, &s)
		// Sums agree with a plain decimal loop.
		for _, m := range kpi.Metrics() {
			for _, cur := range append([]string{""}, s.Currencies(m)...) {
				q := kpi.Selection{Metric: m, Currency: cur}
				got, err := s.Sum(q)
				if errors.Is(err, kpi.ErrMixedCurrencies) {
					continue
				}
				require.NoError(t, err)
				var vals []kpi.Observation
				for o := range s.Observations() {
					if o.Metric == m && (cur == "" || o.Currency == cur) {
						vals = append(vals, o)
					}
				}
				want := decimalLoopObs(vals)
				require.True(t, want.Equal(got), "%s: want %s got %s", m, want, got)
			}
		}
	})
}

func decimalLoopObs(obs []kpi.Observation) (sum decimal.Decimal) {
	for _, o := range obs {
		sum = sum.Add(o.Value)
	}
	return sum
}

func FuzzKPIJSON(f *testing.F) {
	base := clicksKPI()
	b, _ := json.Marshal(base)
	f.Add(string(b), int64(5), "3")
	f.Add(`{"id":"6ed7d161-3deb-53b3-a5d2-d6a9528dea71","name":"n","measure":{"formula":"cost_per_mille"},"unit":"money","currency":"EUR",`+
		`"direction":"within","windowDays":3,"baseline":{"value":"5","at":"2025-06-01T12:00:00Z"},"target":{"deadline":"2025-06-11T12:00:00Z"},`+
		`"band":{"low":"4","high":"6"},"tolerance":"10"}`, int64(3), "4.5")
	f.Add(`{"id":"6ed7d161-3deb-53b3-a5d2-d6a9528dea71","name":"n","measure":{"formula":"median_first_response_time"},"unit":"duration",`+
		`"direction":"decrease","baseline":{"value":"3600","at":"2025-06-01T12:00:00Z"},"target":{"value":"60","deadline":"2025-06-02T12:00:00Z"},`+
		`"milestones":[{"value":"100","at":"2025-06-01T13:00:00Z"}]}`, int64(1), "90")
	f.Add(`{"id":"6ed7d161-3deb-53b3-a5d2-d6a9528dea71","name":"n","measure":{"formula":"applause_rate"},"unit":"percent",`+
		`"direction":"increase","baseline":{"value":"1","at":"2025-06-01T12:00:00Z"},"target":{"value":"3","deadline":"2025-06-11T12:00:00Z"}}`, int64(4), "7")
	f.Add(`{"id":"6ed7d161-3deb-53b3-a5d2-d6a9528dea71","name":"n","measure":{"formula":"conversation_rate_per_post"},"unit":"ratio",`+
		`"direction":"increase","baseline":{"value":"1.5","at":"2025-06-01T12:00:00Z"},"target":{"value":"4.5","deadline":"2025-06-11T12:00:00Z"}}`, int64(4), "0")
	f.Add(`{"id":"6ed7d161-3deb-53b3-a5d2-d6a9528dea71","name":"n","measure":{"metric":"clicks"},"unit":"count","channels":["x"],`+
		`"accounts":[{"channel":"linkedin","handle":"JaneRoe"},{"channel":"linkedin","handle":"acme"}],`+
		`"direction":"increase","baseline":{"value":"0","at":"2025-06-01T12:00:00Z"},"target":{"value":"9","deadline":"2025-06-11T12:00:00Z"}}`, int64(4), "2")
	f.Fuzz(func(t *testing.T, in string, asOfDays int64, v string) {
		var k kpi.KPI
		if json.Unmarshal([]byte(in), &k) != nil {
			return
		}
		err := k.Validate()
		checkValidationError(t, err)
		if err != nil {
			return
		}
		reencode(t, k)
		// Evaluate never panics on a valid KPI, whatever the observations.
		val, perr := decimal.NewFromString(v)
		if perr != nil {
			return
		}
		var obs []kpi.Observation
		// On the KPI's first account when it names some, so that it reads
		// them; an account-scoped KPI reads no observation without one.
		var on channel.AccountRef
		if len(k.Accounts) > 0 {
			on = k.Accounts[0]
		}
		for _, m := range k.Measure.Inputs() {
			cur := ""
			if m.Unit() == kpi.UnitMoney {
				cur = k.Currency
				if cur == "" {
					cur = "EUR"
				}
			}
			for i := 0; i < 3; i++ {
				obs = append(obs, kpi.Observation{Metric: m, Channel: on.Channel, Account: on.Handle,
					At: k.Baseline.At.Add(time.Duration(i) * 7 * time.Hour), Value: val, Currency: cur})
			}
		}
		s, serr := kpi.NewSeries(obs)
		if serr != nil {
			checkValidationError(t, serr)
			return
		}
		asOf := k.Baseline.At.Add(time.Duration(asOfDays%4000) * 24 * time.Hour)
		p, eerr := kpi.Evaluate(k, s, asOf, nil)
		if eerr != nil {
			assert.True(t, errors.Is(eerr, kpi.ErrMixedCurrencies) || errors.Is(eerr, kpi.ErrInvalidArgument), "%v", eerr)
			return
		}
		assert.True(t, p.Status.IsValid())
		reencode(t, p)
	})
}

func FuzzSelectionAndAggregate(f *testing.F) {
	f.Add(`{"metric":"clicks","channels":["x","tiktok"]}`, "sum", "week", "Europe/Madrid", int64(0), int64(90))
	f.Add(`{"metric":"spend","currency":"EUR"}`, "last", "month", "America/Sao_Paulo", int64(-400), int64(400))
	f.Add(`{"metric":"followers","channels":["x","x"]}`, "mean", "day", "Asia/Beirut", int64(5), int64(1))
	f.Add(`{"metric":"clicks","channels":["x"],"accounts":[{"channel":"linkedin","handle":"JaneRoe"},{"channel":"linkedin","handle":"janeroe"},{"channel":"x","handle":"a"}]}`,
		"sum", "day", "UTC", int64(0), int64(48))
	f.Fuzz(func(t *testing.T, in, agg, period, zone string, fromH, toH int64) {
		var q kpi.Selection
		if json.Unmarshal([]byte(in), &q) != nil {
			return
		}
		err := q.Validate()
		checkValidationError(t, err)
		if err == nil {
			reencode(t, q)
		}
		loc, lerr := time.LoadLocation(zone)
		if lerr != nil {
			loc = nil
		}
		var s *kpi.Series
		if q.Metric.IsValid() {
			cur := ""
			if q.Metric.Unit() == kpi.UnitMoney {
				cur = "EUR"
			}
			s = mustSeries(t,
				kpi.Observation{Metric: q.Metric, At: t0, Value: d("1"), Currency: cur},
				kpi.Observation{Metric: q.Metric, At: t0.Add(30 * time.Hour), Value: d("2"), Currency: cur},
			)
		}
		from := t0.Add(time.Duration(fromH%100_000) * time.Hour)
		to := t0.Add(time.Duration(toH%100_000) * time.Hour)
		buckets, aerr := s.Aggregate(q, kpi.Aggregation(agg), kpi.Period(period), loc, from, to)
		if aerr != nil {
			return
		}
		for i, b := range buckets {
			require.True(t, b.End.After(b.Start))
			if i > 0 {
				require.True(t, b.Start.Equal(buckets[i-1].End), "buckets tile the window")
			}
			reencode(t, b)
		}
	})
}

// FuzzFormulaText decodes arbitrary text as a formula: it is a known
// formula, written back as the same text, or one of the three old
// identifiers, written back as the per-follower formula it named, or an
// *validation.EnumError that leaves the value unchanged.
func FuzzFormulaText(f *testing.F) {
	for _, s := range []string{"amplification_rate", "applause_rate", "conversation_rate", "conversation_rate_per_post", "Applause_Rate", "", "x"} {
		f.Add(s)
	}
	old := map[string]kpi.Formula{
		"conversation_rate":  kpi.ConversationRateByFollowers,
		"amplification_rate": kpi.AmplificationRateByFollowers,
		"applause_rate":      kpi.ApplauseRateByFollowers,
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := kpi.EngagementRateByReach
		err := got.UnmarshalText([]byte(in))
		if err != nil {
			var ee *validation.EnumError
			require.ErrorAs(t, err, &ee)
			require.Equal(t, kpi.EngagementRateByReach, got, "a refused text leaves the value unchanged")
			return
		}
		require.True(t, got.IsValid(), "%q decoded to %q", in, got)
		text, err := got.MarshalText()
		require.NoError(t, err)
		if want, ok := old[in]; ok {
			require.Equal(t, want, got)
			return
		}
		require.Equal(t, in, string(text))
	})
}

// FuzzSeriesOperations decodes a KPI, a series and a selection and runs
// every public operation on caller data (Evaluate, Aggregate,
// ComparePeriods, CompareWindows, RollUp, Sum, Currencies, the formulas'
// helpers through Sum) under a time and memory budget set by the input's
// size: never a panic, a hang or a blow-up, whatever the windows, periods,
// zones, instants or trend lengths.
func FuzzSeriesOperations(f *testing.F) {
	k, _ := json.Marshal(clicksKPI())
	series := `[{"metric":"clicks","channel":"x","at":"2025-06-01T00:00:00Z","value":"3"},` +
		`{"metric":"clicks","channel":"x","at":"2025-06-02T00:00:00Z","value":"1e20"},` +
		`{"metric":"clicks","at":"2025-06-03T00:00:00Z","value":"7"}]`
	f.Add(string(k), series, `{"metric":"clicks"}`, "sum", "week", "Europe/Madrid", int64(0), int64(24*30), int64(5), int64(28), int64(3))
	f.Add(string(k), series, `{"metric":"clicks","channels":["x"]}`, "max", "month", "America/Sao_Paulo", int64(-1e6), int64(1e6), int64(3650), int64(3660), int64(-7))
	f.Add(string(k), `[]`, `{"metric":"spend","currency":"EUR"}`, "last", "day", "Asia/Kathmandu", int64(1<<40), int64(-1<<40), int64(-1), int64(0), int64(1<<62))
	f.Fuzz(func(t *testing.T, kin, sin, qin, agg, period, zone string, fromH, toH, days, trend, asOfH int64) {
		var kp kpi.KPI
		var s kpi.Series
		var q kpi.Selection
		if json.Unmarshal([]byte(kin), &kp) != nil || json.Unmarshal([]byte(sin), &s) != nil || json.Unmarshal([]byte(qin), &q) != nil {
			return
		}
		loc, err := time.LoadLocation(zone)
		if err != nil {
			loc = time.UTC
		}
		hours := func(h int64) time.Time { return t0.Add(time.Duration(h%(1<<40)) * time.Hour) }
		n := len(kin) + len(sin) + len(qin) + len(agg) + len(period) + len(zone) + 64
		budget.Check(t, "series operations", budget.For(n), func() {
			_, _ = kpi.Evaluate(kp, &s, hours(asOfH), &kpi.EvaluateOptions{TrendDays: int(trend % 10_000)})
			_, _ = s.Aggregate(q, kpi.Aggregation(agg), kpi.Period(period), loc, hours(fromH), hours(toH))
			_, _ = s.ComparePeriods(q, kpi.Aggregation(agg), kpi.Period(period), loc, hours(asOfH))
			_, _ = s.CompareWindows(q, kpi.Aggregation(agg), hours(asOfH), int(days))
			_, _ = s.RollUp(q)
			_, _ = s.Sum(q)
			for _, m := range kpi.Metrics() {
				_ = s.Currencies(m)
			}
			var vals []decimal.Decimal
			for o := range s.Observations() {
				vals = append(vals, o.Value)
			}
			total, _ := kpi.Sum(vals)
			_, _ = kpi.MedianFirstResponseTimeOf(vals)
			_, _ = kpi.AverageFirstResponseTimeOf(vals)
			_, _ = kpi.CostPerClickOf(total, kp.Target.Value)
			_, _ = kpi.FollowerGrowthRateOf(kp.Baseline.Value, total)
		})
	})
}

func FuzzPostResultJSON(f *testing.F) {
	f.Add(`{"entry":"00000000-0000-0000-0000-00000000000a","channel":"facebook","account":"acme","metric":"reach","age":"24h0m0s","value":"12"}`)
	f.Add(`{"entry":"00000000-0000-0000-0000-00000000000a","channel":"facebook","metric":"spend","age":"lifetime","value":"1.5","currency":"EUR"}`)
	f.Add(`{"entry":"00000000-0000-0000-0000-000000000000","channel":"myspace","metric":"followers","age":"-1h","value":"-1","postId":"a\nb"}`)
	f.Fuzz(func(t *testing.T, in string) {
		var r kpi.PostResult
		if json.Unmarshal([]byte(in), &r) != nil {
			return
		}
		err := r.Validate()
		checkValidationError(t, err)
		if err == nil {
			reencode(t, r)
		}
	})
}

// FuzzPostResultsPerPost reads results from JSON and checks, for every
// formula of PostFormulas (counts and money), that PerPost and WhatWorks
// either fail with a validation error, ErrInvalidArgument or (for money)
// ErrMixedCurrencies, or give values that agree with each other and with
// the function that names the formula.
func FuzzPostResultsPerPost(f *testing.F) {
	f.Add(`[{"entry":"00000000-0000-0000-0000-00000000000a","channel":"facebook","metric":"engagements","age":"lifetime","value":"3"},` +
		`{"entry":"00000000-0000-0000-0000-00000000000a","channel":"facebook","metric":"reach","age":"lifetime","value":"7"}]`)
	f.Add(`[{"entry":"00000000-0000-0000-0000-00000000000a","channel":"facebook","account":"A","metric":"reach","age":"lifetime","value":"0"},` +
		`{"entry":"00000000-0000-0000-0000-00000000000a","channel":"facebook","account":"a","metric":"reach","age":"lifetime","value":"1e3"}]`)
	f.Add(`[{"entry":"00000000-0000-0000-0000-00000000000a","channel":"facebook","metric":"spend","age":"lifetime","value":"12.345","currency":"EUR"},` +
		`{"entry":"00000000-0000-0000-0000-00000000000a","channel":"facebook","metric":"clicks","age":"lifetime","value":"7"},` +
		`{"entry":"00000000-0000-0000-0000-00000000000a","channel":"facebook","metric":"revenue","age":"lifetime","value":"3.5","currency":"EUR"},` +
		`{"entry":"00000000-0000-0000-0000-00000000000b","channel":"facebook","metric":"spend","age":"lifetime","value":"10","currency":"EUR"},` +
		`{"entry":"00000000-0000-0000-0000-00000000000b","channel":"facebook","metric":"clicks","age":"lifetime","value":"0"},` +
		`{"entry":"00000000-0000-0000-0000-00000000000c","channel":"facebook","metric":"impressions","age":"lifetime","value":"40"}]`)
	f.Add(`[{"entry":"00000000-0000-0000-0000-00000000000a","channel":"facebook","metric":"spend","age":"lifetime","value":"1","currency":"EUR"},` +
		`{"entry":"00000000-0000-0000-0000-00000000000a","channel":"facebook","metric":"revenue","age":"lifetime","value":"9223372.036854775808","currency":"EUR"},` +
		`{"entry":"00000000-0000-0000-0000-00000000000b","channel":"facebook","metric":"spend","age":"lifetime","value":"1","currency":"USD"},` +
		`{"entry":"00000000-0000-0000-0000-00000000000b","channel":"facebook","metric":"revenue","age":"lifetime","value":"0","currency":"EUR"}]`)
	all := kpi.Grouping{By: "all", Key: func(kpi.PostKey) (string, bool) { return "all", true }}
	f.Fuzz(func(t *testing.T, in string) {
		var rs kpi.PostResults
		if json.Unmarshal([]byte(in), &rs) != nil {
			return
		}
		for _, formula := range kpi.PostFormulas() {
			inputs := formula.Inputs()
			paid := slices.Contains(inputs, kpi.Spend)
			p, err := rs.PerPost(formula, kpi.Lifetime)
			if err != nil {
				switch {
				case errors.Is(err, kpi.ErrInvalidArgument):
				case paid && errors.Is(err, kpi.ErrMixedCurrencies):
					require.Contains(t, err.Error(), "].currency is ", formula)
				default:
					checkValidationError(t, err)
				}
				_, werr := rs.WhatWorks(formula, kpi.Lifetime, []kpi.Grouping{all}, kpi.WhatWorksOptions{})
				require.Error(t, werr, "%s: PerPost failed with %v", formula, err)
				continue
			}
			w, err := rs.WhatWorks(formula, kpi.Lifetime, []kpi.Grouping{all}, kpi.WhatWorksOptions{})
			if formula == kpi.ReturnOnInvestment && errors.Is(err, kpi.ErrInvalidArgument) {
				require.Contains(t, err.Error(), "spans more than MaxPostRate")
				continue
			}
			require.NoError(t, err, formula)
			require.Equal(t, len(p.Values), w.Posts)
			require.Equal(t, p.Currency, w.Currency)
			require.Equal(t, p.Unpaid, w.Unpaid)
			require.Equal(t, p.Undefined, w.Undefined)
			require.Equal(t, p.Incomplete, w.Incomplete)
			if !paid {
				require.Empty(t, p.Currency, formula)
				require.Empty(t, p.Unpaid, formula)
			} else if len(p.Values)+len(p.Undefined) > 0 {
				require.NotEmpty(t, p.Currency, formula)
			}
			for _, v := range p.Values {
				require.True(t, v.Value.Abs().LessThanOrEqual(kpi.MaxPostRate()), "%s %s", formula, v.Value)
				if formula == kpi.ReturnOnInvestment {
					require.True(t, v.Value.GreaterThanOrEqual(decimal.NewFromInt(-100)), "%s", v.Value)
				} else {
					require.False(t, v.Value.IsNegative(), "%s %s", formula, v.Value)
				}
				// The value is what the formula's function gives for the
				// post's inputs.
				args := inputsOf(rs, v.Post, kpi.Lifetime, formula)
				want, err := formulaOf(formula)(args[0], args[1])
				require.NoError(t, err)
				require.True(t, want.Equal(v.Value), "%s: %s vs %s", formula, v.Value, want)
			}
			if ratio, err := p.RatioOfSums(); err != nil {
				require.ErrorIs(t, err, kpi.ErrUndefined, formula)
			} else {
				require.True(t, p.Denominator.IsPositive(), "%s: %s", formula, ratio)
			}
			if len(p.Values) > 0 {
				mean, err := p.MeanOfPostRates()
				require.NoError(t, err)
				require.True(t, mean.Equal(w.Mean), "%s vs %s", mean, w.Mean)
				require.True(t, w.Groupings[0].Groups[0].Mean.Equal(w.Mean))
			}
		}
	})
}
