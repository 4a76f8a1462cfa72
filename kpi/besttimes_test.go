package kpi_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

func tv(day time.Weekday, hour int, v string) kpi.TimedValue {
	return kpi.TimedValue{Slot: kpi.HourSlot{Weekday: day, Hour: hour}, Value: decimal.RequireFromString(v)}
}

// TestRankTimesShrinksALuckyPost: Tuesday 10:00 has one post at 7%,
// Monday 10:00 twenty posts from 3% to 7% (mean 5%), Wednesday and Friday
// twenty each from 1% to 5% (mean 3%). The lucky slot's own mean is the
// highest, but one post weighs little against posts that spread this much:
// Monday wins.
func TestRankTimesShrinksALuckyPost(t *testing.T) {
	var values []kpi.TimedValue
	for i := range 20 {
		values = append(values, tv(time.Monday, 10, []string{"3", "7", "4", "6"}[i%4]))
		values = append(values, tv(time.Wednesday, 18, []string{"1", "5", "2", "4"}[i%4]))
		values = append(values, tv(time.Friday, 12, []string{"1", "5", "2", "4"}[i%4]))
	}
	values = append(values, tv(time.Tuesday, 10, "7"))
	got, err := kpi.RankTimes(values)
	require.NoError(t, err)
	require.True(t, got.Evidence)
	assert.Equal(t, 61, got.Posts)
	require.Len(t, got.Slots, 4)
	assert.Equal(t, kpi.HourSlot{Weekday: time.Monday, Hour: 10}, got.Slots[0].Slot, "%+v", got.Slots)
	assert.Equal(t, "Mon 10:00", got.Slots[0].Slot.String())

	var lucky kpi.SlotScore
	for _, s := range got.Slots {
		if s.Slot.Weekday == time.Tuesday {
			lucky = s
		}
	}
	assert.True(t, lucky.Mean.Equal(decimal.NewFromInt(7)))
	assert.True(t, lucky.Score.LessThan(got.Slots[0].Score), "one post at 7%% scores %s, below Monday's %s", lucky.Score, got.Slots[0].Score)
	assert.True(t, lucky.Weight.LessThan(decimal.RequireFromString("0.5")))

	// The formula, computed here by hand for the same data.
	m, _, k := handShrinkage(values)
	want := m + (1/(1+k))*(7-m)
	assert.InDelta(t, want, lucky.Score.InexactFloat64(), 1e-9)
	assert.InDelta(t, k, got.Shrinkage.InexactFloat64(), 1e-6)
	assert.InDelta(t, m, got.Overall.InexactFloat64(), 1e-9)
}

// handShrinkage computes m, σ² and k with two passes and plain sums, as
// RankTimes' doc states them.
func handShrinkage(values []kpi.TimedValue) (m, sigma2, k float64) {
	sum := map[kpi.HourSlot]float64{}
	n := map[kpi.HourSlot]float64{}
	total := 0.0
	for _, v := range values {
		x := v.Value.InexactFloat64()
		sum[v.Slot] += x
		n[v.Slot]++
		total += x
	}
	N := float64(len(values))
	m = total / N
	within, between, sumSq := 0.0, 0.0, 0.0
	for _, v := range values {
		d := v.Value.InexactFloat64() - sum[v.Slot]/n[v.Slot]
		within += d * d
	}
	for s := range n {
		d := sum[s]/n[s] - m
		between += n[s] * d * d
		sumSq += n[s] * n[s]
	}
	S := float64(len(n))
	sigma2 = within / (N - S)
	tau2 := (between - (S-1)*sigma2) / (N - sumSq/N)
	return m, sigma2, sigma2 / tau2
}

// TestRankTimesNoEvidence: slots whose means differ by chance only all
// score the overall mean, and say so.
func TestRankTimesNoEvidence(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var values []kpi.TimedValue
	for range 200 {
		// Two slots drawn from one distribution.
		day := []time.Weekday{time.Monday, time.Thursday}[rng.IntN(2)]
		values = append(values, kpi.TimedValue{Slot: kpi.HourSlot{Weekday: day, Hour: 9}, Value: decimal.NewFromFloat(math.Round(rng.NormFloat64()*100) / 100)})
	}
	got, err := kpi.RankTimes(values)
	require.NoError(t, err)
	if got.Evidence {
		// Chance may still show a little spread: then the weights are small.
		for _, s := range got.Slots {
			assert.True(t, s.Weight.LessThan(decimal.RequireFromString("0.9")), "%+v", s)
		}
	} else {
		for _, s := range got.Slots {
			assert.True(t, s.Score.Equal(got.Overall), "%+v", s)
			assert.True(t, s.Weight.IsZero())
		}
	}

	// One post per slot: σ² cannot be estimated.
	got, err = kpi.RankTimes([]kpi.TimedValue{tv(time.Monday, 1, "1"), tv(time.Monday, 2, "5")})
	require.NoError(t, err)
	assert.False(t, got.Evidence)
	for _, s := range got.Slots {
		assert.True(t, s.Score.Equal(decimal.NewFromInt(3)), "%+v", s)
	}

	got, err = kpi.RankTimes(nil)
	require.NoError(t, err)
	assert.Empty(t, got.Slots)
	assert.Zero(t, got.Posts)
}

func TestRankTimesRefuses(t *testing.T) {
	_, err := kpi.RankTimes([]kpi.TimedValue{
		{Slot: kpi.HourSlot{Weekday: 7, Hour: 24}, Value: decimal.NewFromInt(1)},
		{Slot: kpi.HourSlot{Weekday: -1, Hour: -1}, Value: decimal.New(1, 100)},
	})
	for _, w := range []string{"[0].slot.hour", "[0].slot.weekday", "[1].slot.hour", "[1].slot.weekday"} {
		assert.True(t, validation.Has(err, validation.CodeOutOfRange, w), "%s: %v", w, err)
	}
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "[1].value"), "%v", err)
}

func FuzzRankTimes(f *testing.F) {
	f.Add([]byte{1, 10, 50, 1, 10, 52, 2, 10, 30, 2, 11, 90})
	f.Add([]byte{0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var values []kpi.TimedValue
		for i := 0; i+2 < len(data); i += 3 {
			values = append(values, kpi.TimedValue{Slot: kpi.HourSlot{Weekday: time.Weekday(data[i] % 8), Hour: int(data[i+1] % 25)},
				Value: decimal.New(int64(data[i+2]), -1)})
		}
		got, err := kpi.RankTimes(values)
		if err != nil {
			return
		}
		posts := 0
		for i, s := range got.Slots {
			posts += s.Posts
			require.False(t, s.Weight.IsNegative() || s.Weight.GreaterThan(decimal.NewFromInt(1)), "%+v", s)
			// The score lies between the overall mean and the slot's own.
			lo, hi := decimal.Min(s.Mean, got.Overall), decimal.Max(s.Mean, got.Overall)
			eps := decimal.New(1, -8)
			require.True(t, s.Score.GreaterThanOrEqual(lo.Sub(eps)) && s.Score.LessThanOrEqual(hi.Add(eps)), "%+v overall %s", s, got.Overall)
			if i > 0 {
				require.True(t, s.Score.LessThanOrEqual(got.Slots[i-1].Score))
			}
		}
		require.Equal(t, got.Posts, posts)
	})
}
