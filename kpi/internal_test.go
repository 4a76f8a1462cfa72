package kpi

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
)

func TestMidnight(t *testing.T) {
	tests := []struct {
		zone string
		date civilDate
		want string // RFC 3339 in the zone
	}{
		{"UTC", civilDate{2025, 3, 30}, "2025-03-30T00:00:00Z"},
		{"Europe/Madrid", civilDate{2025, 3, 30}, "2025-03-30T00:00:00+01:00"}, // the gap is at 02:00
		{"Europe/Madrid", civilDate{2025, 3, 31}, "2025-03-31T00:00:00+02:00"},
		{"Europe/Madrid", civilDate{2025, 10, 26}, "2025-10-26T00:00:00+02:00"},
		{"America/New_York", civilDate{2025, 11, 2}, "2025-11-02T00:00:00-04:00"},
		// São Paulo jumped from 00:00 to 01:00: the day began at 01:00.
		{"America/Sao_Paulo", civilDate{2018, 11, 4}, "2018-11-04T01:00:00-02:00"},
		// Havana fell back from 01:00 to 00:00: midnight happened twice and
		// the day began at the first.
		{"America/Havana", civilDate{2024, 11, 3}, "2024-11-03T00:00:00-04:00"},
		// Beirut jumped from 00:00 to 01:00 on the last Sunday of March.
		{"Asia/Beirut", civilDate{2019, 3, 31}, "2019-03-31T01:00:00+03:00"},
		// Lord Howe changes by half an hour, at 02:00.
		{"Australia/Lord_Howe", civilDate{2025, 4, 6}, "2025-04-06T00:00:00+11:00"},
		// Samoa skipped 30 December 2011 entirely.
		{"Pacific/Apia", civilDate{2011, 12, 31}, "2011-12-31T00:00:00+14:00"},
	}
	for _, tt := range tests {
		t.Run(tt.zone+" "+tt.date.String(), func(t *testing.T) {
			loc, err := time.LoadLocation(tt.zone)
			require.NoError(t, err)
			got := midnight(tt.date, loc)
			assert.Equal(t, tt.want, got.Format(time.RFC3339))
			// It is the first instant of the date: a second earlier is the
			// day before (or, for a skipped day, earlier still).
			assert.Equal(t, tt.date, dateOf(got, loc))
			assert.True(t, dateOf(got.Add(-time.Second), loc) != tt.date)
		})
	}
}

func TestSelectKth(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := 0; round < 300; round++ {
		n := 1 + r.IntN(40)
		s := make([]decimal.Decimal, n)
		for i := range s {
			s[i] = decimal.New(r.Int64N(int64(1+r.IntN(10))), int32(-r.IntN(3)))
		}
		if round%10 == 0 {
			slices.SortFunc(s, decimal.Decimal.Cmp) // sorted input
		}
		sorted := slices.Clone(s)
		slices.SortFunc(sorted, decimal.Decimal.Cmp)
		k := r.IntN(n)
		got := selectKth(s, k)
		assert.True(t, sorted[k].Equal(got), "round %d: k=%d want %s got %s", round, k, sorted[k], got)
		for i := 0; i < k; i++ {
			assert.True(t, s[i].LessThanOrEqual(got))
		}
	}
}

// TestSumDoesNotAllocatePerObservation checks the compact form: summing
// ten thousand values costs the same few allocations as summing ten.
func TestSumDoesNotAllocatePerObservation(t *testing.T) {
	for _, n := range []int{10, 10_000} {
		obs := make([]Observation, n)
		for i := range obs {
			obs[i] = Observation{Metric: Spend, Channel: channel.Facebook, At: time.Unix(int64(i), 0),
				Value: decimal.New(int64(i*37%100_000), -2), Currency: "EUR"}
		}
		s, err := NewSeries(obs)
		require.NoError(t, err)
		require.NotNil(t, s.cols[0].coef, "values are stored compactly")
		allocs := testing.AllocsPerRun(10, func() {
			if _, err := s.Sum(Selection{Metric: Spend}); err != nil {
				t.Fatal(err)
			}
		})
		assert.LessOrEqual(t, allocs, 8.0, "n=%d", n)
	}
}

func TestColumnFallsBackToDecimals(t *testing.T) {
	obs := []Observation{
		{Metric: Impressions, At: time.Unix(1, 0), Value: decimal.New(93, 17)},
		{Metric: Impressions, At: time.Unix(2, 0), Value: decimal.New(1, 0)},
		{Metric: Impressions, At: time.Unix(3, 0), Value: decimal.New(5, 0)},
	}
	s, err := NewSeries(obs)
	require.NoError(t, err)
	c := s.cols[0]
	assert.Nil(t, c.coef)
	require.Len(t, c.dec, 3)
	got, err := s.Sum(Selection{Metric: Impressions})
	require.NoError(t, err)
	assert.True(t, decimal.RequireFromString("9300000000000000006").Equal(got))
}
