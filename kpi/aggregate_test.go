package kpi_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

func mustSeries(t *testing.T, obs ...kpi.Observation) *kpi.Series {
	t.Helper()
	s, err := kpi.NewSeries(obs)
	require.NoError(t, err)
	return s
}

func value(b kpi.Bucket) string {
	if b.Value == nil {
		return "undefined"
	}
	return b.Value.String()
}

// Around Madrid's spring-forward day, 30 March 2025 (23 hours), daily
// buckets begin at local midnight and follow the wall clock.
func TestAggregateDaysAcrossDST(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	local := func(day, hour int) time.Time { return time.Date(2025, 3, day, hour, 30, 0, 0, madrid) }
	ig := channel.Instagram
	s := mustSeries(t,
		kpi.Observation{Metric: kpi.Impressions, Channel: ig, At: local(29, 23), Value: d("1")},
		kpi.Observation{Metric: kpi.Impressions, Channel: ig, At: local(30, 0), Value: d("10")},
		kpi.Observation{Metric: kpi.Impressions, Channel: ig, At: local(30, 23), Value: d("100")},
		kpi.Observation{Metric: kpi.Impressions, Channel: ig, At: local(31, 0), Value: d("1000")},
		kpi.Observation{Metric: kpi.Impressions, Channel: channel.X, At: local(30, 12), Value: d("5")},
	)
	q := kpi.Selection{Metric: kpi.Impressions}
	from, to := time.Date(2025, 3, 29, 0, 0, 0, 0, madrid), time.Date(2025, 4, 1, 0, 0, 0, 0, madrid)

	got, err := s.Aggregate(q, kpi.AggregateSum, kpi.Day, madrid, from, to)
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, []string{"2025-03-29", "2025-03-30", "2025-03-31"}, []string{got[0].Label, got[1].Label, got[2].Label})
	assert.Equal(t, []string{"1", "115", "1000"}, []string{value(got[0]), value(got[1]), value(got[2])})
	assert.Equal(t, 23*time.Hour, got[1].End.Sub(got[1].Start), "the spring-forward day is 23 hours long")
	assert.Equal(t, "2025-03-31T00:00:00+02:00", got[1].End.Format(time.RFC3339))
	assert.Equal(t, 3, got[1].Count)

	tests := []struct {
		agg  kpi.Aggregation
		want []string
	}{
		{kpi.AggregateMean, []string{"1", "38.3333333333", "1000"}},
		{kpi.AggregateMin, []string{"1", "5", "1000"}},
		{kpi.AggregateMax, []string{"1", "100", "1000"}},
		// Last adds each channel's latest value: Instagram's 100 and X's 5.
		{kpi.AggregateLast, []string{"1", "105", "1000"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.agg), func(t *testing.T) {
			got, err := s.Aggregate(q, tt.agg, kpi.Day, madrid, from, to)
			require.NoError(t, err)
			require.Len(t, got, 3)
			for i, b := range got {
				assertDec(t, tt.want[i], *b.Value, "bucket %d", i)
			}
		})
	}

	// The same instants in UTC fall on other days.
	got, err = s.Aggregate(q, kpi.AggregateSum, kpi.Day, time.UTC, from, to)
	require.NoError(t, err)
	assert.Equal(t, "2025-03-28", got[0].Label)
	assert.Equal(t, "11", value(got[1]), "29th in UTC: 23:30 and 00:30 Madrid")
}

func TestAggregateWeeksMonthsAndEmptyBuckets(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	s := mustSeries(t,
		kpi.Observation{Metric: kpi.Followers, Channel: channel.YouTube, At: time.Date(2024, 12, 29, 10, 0, 0, 0, ny), Value: d("100")},
		kpi.Observation{Metric: kpi.Followers, Channel: channel.YouTube, At: time.Date(2024, 12, 30, 10, 0, 0, 0, ny), Value: d("110")},
		kpi.Observation{Metric: kpi.Followers, Channel: channel.YouTube, At: time.Date(2025, 1, 5, 23, 59, 0, 0, ny), Value: d("130")},
		kpi.Observation{Metric: kpi.Followers, Channel: channel.YouTube, At: time.Date(2025, 1, 20, 9, 0, 0, 0, ny), Value: d("150")},
	)
	q := kpi.Selection{Metric: kpi.Followers}
	weeks, err := s.Aggregate(q, kpi.AggregateLast, kpi.Week, ny, time.Date(2024, 12, 25, 0, 0, 0, 0, ny), time.Date(2025, 1, 13, 0, 0, 0, 0, ny))
	require.NoError(t, err)
	require.Len(t, weeks, 3)
	// ISO weeks start on Monday; 30 December 2024 is in 2025-W01.
	assert.Equal(t, "2024-W52", weeks[0].Label)
	assert.Equal(t, "2025-W01", weeks[1].Label)
	assert.Equal(t, "2025-W02", weeks[2].Label)
	assert.Equal(t, "2024-12-23T00:00:00-05:00", weeks[0].Start.Format(time.RFC3339), "the first bucket covers its whole week")
	assert.Equal(t, []string{"100", "130", "undefined"}, []string{value(weeks[0]), value(weeks[1]), value(weeks[2])})
	assert.Equal(t, 0, weeks[2].Count)

	sums, err := s.Aggregate(q, kpi.AggregateSum, kpi.Week, ny, time.Date(2025, 1, 6, 0, 0, 0, 0, ny), time.Date(2025, 1, 7, 0, 0, 0, 0, ny))
	require.NoError(t, err)
	require.Len(t, sums, 1)
	assert.Equal(t, "0", value(sums[0]), "the sum of nothing is zero")

	months, err := s.Aggregate(q, kpi.AggregateMax, kpi.Month, ny, time.Date(2024, 12, 1, 0, 0, 0, 0, ny), time.Date(2025, 3, 1, 0, 0, 0, 0, ny))
	require.NoError(t, err)
	require.Len(t, months, 3)
	assert.Equal(t, []string{"2024-12", "2025-01", "2025-02"}, []string{months[0].Label, months[1].Label, months[2].Label})
	assert.Equal(t, []string{"110", "150", "undefined"}, []string{value(months[0]), value(months[1]), value(months[2])})
	assert.Equal(t, "2025-03-01T00:00:00-05:00", months[2].End.Format(time.RFC3339))
}

func TestAggregateSaoPauloMidnightGap(t *testing.T) {
	sp := mustZone(t, "America/Sao_Paulo")
	// 4 November 2018 began at 01:00 local time.
	jump := time.Date(2018, 11, 4, 3, 0, 0, 0, time.UTC) // 01:00 -02
	s := mustSeries(t,
		kpi.Observation{Metric: kpi.Clicks, At: jump.Add(-time.Second), Value: d("1")},
		kpi.Observation{Metric: kpi.Clicks, At: jump, Value: d("2")},
	)
	got, err := s.Aggregate(kpi.Selection{Metric: kpi.Clicks}, kpi.AggregateSum, kpi.Day, sp,
		time.Date(2018, 11, 3, 12, 0, 0, 0, sp), time.Date(2018, 11, 4, 12, 0, 0, 0, sp))
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "1", value(got[0]))
	assert.Equal(t, "2", value(got[1]))
	assert.True(t, got[1].Start.Equal(jump))
	assert.Equal(t, 23*time.Hour, got[1].End.Sub(got[1].Start))
}

func TestAggregateBadArguments(t *testing.T) {
	s := mustSeries(t, kpi.Observation{Metric: kpi.Clicks, At: t0, Value: d("1")})
	q := kpi.Selection{Metric: kpi.Clicks}
	tests := []struct {
		name string
		call func() error
		want error
	}{
		{"nil location", func() error { _, err := s.Aggregate(q, kpi.AggregateSum, kpi.Day, nil, t0, at(1)); return err }, kpi.ErrInvalidArgument},
		{"empty window", func() error { _, err := s.Aggregate(q, kpi.AggregateSum, kpi.Day, time.UTC, t0, t0); return err }, kpi.ErrInvalidArgument},
		{"unknown period", func() error { _, err := s.Aggregate(q, kpi.AggregateSum, "year", time.UTC, t0, at(1)); return err }, kpi.ErrInvalidArgument},
		{"unknown aggregation", func() error { _, err := s.Aggregate(q, "median", kpi.Day, time.UTC, t0, at(1)); return err }, kpi.ErrInvalidArgument},
		{"too many buckets", func() error {
			_, err := s.Aggregate(q, kpi.AggregateSum, kpi.Day, time.UTC, t0, t0.AddDate(300, 0, 0))
			return err
		}, kpi.ErrInvalidArgument},
		{"bad selection", func() error {
			_, err := s.Aggregate(kpi.Selection{}, kpi.AggregateSum, kpi.Day, time.UTC, t0, at(1))
			return err
		}, validation.ErrInvalid},
		{"compare: nil location", func() error { _, err := s.ComparePeriods(q, kpi.AggregateSum, kpi.Day, nil, t0); return err }, kpi.ErrInvalidArgument},
		{"compare: unknown period", func() error { _, err := s.ComparePeriods(q, kpi.AggregateSum, "", time.UTC, t0); return err }, kpi.ErrInvalidArgument},
		{"compare: zero days", func() error { _, err := s.CompareWindows(q, kpi.AggregateSum, t0, 0); return err }, kpi.ErrInvalidArgument},
		{"compare: bad aggregation", func() error { _, err := s.CompareWindows(q, "avg", t0, 7); return err }, kpi.ErrInvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			assert.True(t, errors.Is(err, tt.want), "%v", err)
		})
	}
}

func TestComparePeriods(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 12, 0, 0, 0, madrid) }
	s := mustSeries(t,
		kpi.Observation{Metric: kpi.Mentions, At: day(2, 27), Value: d("40")},
		kpi.Observation{Metric: kpi.Mentions, At: day(3, 3), Value: d("10")},
		kpi.Observation{Metric: kpi.Mentions, At: day(3, 31), Value: d("50")},
	)
	q := kpi.Selection{Metric: kpi.Mentions}
	c, err := s.ComparePeriods(q, kpi.AggregateSum, kpi.Month, madrid, day(3, 15))
	require.NoError(t, err)
	assert.Equal(t, "2025-03", c.Current.Label)
	assert.Equal(t, "2025-02", c.Previous.Label)
	assertDec(t, "60", *c.Current.Value)
	assertDec(t, "40", *c.Previous.Value)
	assertDec(t, "20", *c.Change)
	assertDec(t, "50", *c.RelativeChange)
	assert.True(t, c.Previous.End.Equal(c.Current.Start))

	// The week of 31 March against the week before it, which had nothing.
	c, err = s.ComparePeriods(q, kpi.AggregateSum, kpi.Week, madrid, day(3, 31))
	require.NoError(t, err)
	assertDec(t, "50", *c.Current.Value)
	assertDec(t, "0", *c.Previous.Value)
	assertDec(t, "50", *c.Change)
	assert.Nil(t, c.RelativeChange, "growth from zero has no percentage")

	// A mean of an empty period is undefined, so is the change.
	c, err = s.ComparePeriods(q, kpi.AggregateMean, kpi.Week, madrid, day(3, 31))
	require.NoError(t, err)
	assert.Nil(t, c.Previous.Value)
	assert.Nil(t, c.Change)
	assert.Nil(t, c.RelativeChange)
}

func TestCompareWindows(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	local := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 9, 0, 0, 0, madrid) }
	s := mustSeries(t,
		kpi.Observation{Metric: kpi.Shares, At: local(3, 20), Value: d("8")},
		kpi.Observation{Metric: kpi.Shares, At: local(3, 28), Value: d("6")},
		kpi.Observation{Metric: kpi.Shares, At: local(4, 2), Value: d("0")},
	)
	q := kpi.Selection{Metric: kpi.Shares}
	// 7 days ending 4 April 09:00 against the 7 days before: the windows
	// cross the change of the clocks and still start at 09:00 local.
	c, err := s.CompareWindows(q, kpi.AggregateSum, local(4, 4), 7)
	require.NoError(t, err)
	assert.Equal(t, "2025-03-28T09:00:00+01:00", c.Current.Start.Format(time.RFC3339))
	assert.Equal(t, "2025-03-21T09:00:00+01:00", c.Previous.Start.Format(time.RFC3339))
	assertDec(t, "6", *c.Current.Value)
	assert.Equal(t, 2, c.Current.Count)
	assertDec(t, "0", *c.Previous.Value, "20 March is outside both")
	assert.Nil(t, c.RelativeChange)

	c, err = s.CompareWindows(q, kpi.AggregateSum, local(3, 29), 7)
	require.NoError(t, err)
	assertDec(t, "6", *c.Current.Value)
	assertDec(t, "8", *c.Previous.Value)
	assertDec(t, "-2", *c.Change)
	assertDec(t, "-25", *c.RelativeChange)

	// Zero against zero is no change at all.
	c, err = s.CompareWindows(q, kpi.AggregateSum, local(1, 10), 3)
	require.NoError(t, err)
	assertDec(t, "0", *c.RelativeChange)

	b, err := json.Marshal(c)
	require.NoError(t, err)
	var back kpi.Comparison
	require.NoError(t, json.Unmarshal(b, &back))
	b2, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))
}

func TestRollUp(t *testing.T) {
	ig, fb := channel.Instagram, channel.Facebook
	s := mustSeries(t,
		kpi.Observation{Metric: kpi.Followers, Channel: ig, At: at(0), Value: d("100")},
		kpi.Observation{Metric: kpi.Followers, Channel: fb, At: at(1), Value: d("50")},
		kpi.Observation{Metric: kpi.Followers, Channel: ig, At: at(2), Value: d("120")},
		kpi.Observation{Metric: kpi.Followers, Channel: fb, At: at(2), Value: d("55")},
		kpi.Observation{Metric: kpi.Clicks, Channel: ig, At: at(0), Value: d("3")},
		kpi.Observation{Metric: kpi.Clicks, Channel: fb, At: at(0), Value: d("4")},
		kpi.Observation{Metric: kpi.Clicks, Channel: fb, At: at(5), Value: d("1")},
		kpi.Observation{Metric: kpi.FirstResponseTime, Channel: ig, At: at(1), Value: d("60")},
		kpi.Observation{Metric: kpi.FirstResponseTime, Channel: fb, At: at(1), Value: d("90")},
	)
	read := func(r *kpi.Series) (times []int, vals []string) {
		for o := range r.Observations() {
			assert.Empty(t, o.Channel)
			times = append(times, int(o.At.Sub(t0)/time.Hour))
			vals = append(vals, o.Value.String())
		}
		return times, vals
	}
	tests := []struct {
		metric kpi.Metric
		times  []int
		vals   []string
	}{
		{kpi.Followers, []int{0, 1, 2}, []string{"100", "150", "175"}},
		{kpi.Clicks, []int{0, 5}, []string{"7", "1"}},
		{kpi.FirstResponseTime, []int{1, 1}, []string{"60", "90"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.metric), func(t *testing.T) {
			r, err := s.RollUp(kpi.Selection{Metric: tt.metric})
			require.NoError(t, err)
			times, vals := read(r)
			assert.Equal(t, tt.times, times)
			assert.Equal(t, tt.vals, vals)
		})
	}
	r, err := s.RollUp(kpi.Selection{Metric: kpi.Followers, Channels: []channel.Channel{fb}})
	require.NoError(t, err)
	_, vals := read(r)
	assert.Equal(t, []string{"50", "55"}, vals)

	money := mustSeries(t,
		kpi.Observation{Metric: kpi.Spend, Channel: ig, At: at(0), Value: d("1"), Currency: "EUR"},
		kpi.Observation{Metric: kpi.Spend, Channel: fb, At: at(0), Value: d("1"), Currency: "GBP"},
	)
	_, err = money.RollUp(kpi.Selection{Metric: kpi.Spend})
	assert.True(t, errors.Is(err, kpi.ErrMixedCurrencies))
	r, err = money.RollUp(kpi.Selection{Metric: kpi.Spend, Currency: "GBP"})
	require.NoError(t, err)
	for o := range r.Observations() {
		assert.Equal(t, "GBP", o.Currency)
	}
}
