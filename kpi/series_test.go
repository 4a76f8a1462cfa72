package kpi_test

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// at returns t0 plus n hours.
func at(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }

func decimalLoop(vs []decimal.Decimal) decimal.Decimal {
	s := decimal.Decimal{}
	for _, v := range vs {
		s = s.Add(v)
	}
	return s
}

func TestSumIsExact(t *testing.T) {
	maxI := decimal.NewFromInt(math.MaxInt64)
	minI := decimal.NewFromInt(math.MinInt64)
	big := d("123456789012345678901234567890.123")
	tests := []struct {
		name   string
		values []decimal.Decimal
	}{
		{"none", nil},
		{"zero value decimals", []decimal.Decimal{{}, {}}},
		{"cents", ds("0.01", "0.02", "9999.99")},
		{"mixed exponents, finer later", ds("1", "0.5", "0.25", "100", "0.001")},
		{"mixed exponents, coarser later", ds("0.001", "1e3", "2e17")},
		{"negative", ds("-5.5", "2", "-0.25")},
		{"past int64, positive", []decimal.Decimal{maxI, maxI, maxI, d("1")}},
		{"past int64, negative", []decimal.Decimal{minI, minI, minI, d("-1")}},
		{"past int64 and back", []decimal.Decimal{maxI, maxI, minI, minI, d("7")}},
		{"coefficients over 18 digits", []decimal.Decimal{big, d("1.5"), big.Neg(), d("1234567890123456789")}},
		{"scaling would overflow", ds("900000000000000000", "0.000000000000000001", "5e18")},
		{"trailing zeros", ds("1.000", "2.0", "3")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := kpi.Sum(tt.values)
			require.NoError(t, err)
			assertDec(t, decimalLoop(tt.values).String(), got)
		})
	}
}

func TestSumRandomAgainstDecimalLoop(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for round := 0; round < 200; round++ {
		n := r.IntN(50)
		vs := make([]decimal.Decimal, n)
		for i := range vs {
			c := r.Int64() >> r.IntN(64)
			if r.IntN(2) == 0 {
				c = -c
			}
			vs[i] = decimal.New(c, int32(r.IntN(9)-6))
		}
		want := decimalLoop(vs)
		got, err := kpi.Sum(vs)
		require.NoError(t, err)
		assert.True(t, want.Equal(got), "round %d", round)

		// Money must not be negative: the series holds absolute values.
		abs := make([]decimal.Decimal, n)
		for i, v := range vs {
			abs[i] = v.Abs()
		}
		want = decimalLoop(abs)
		got, err = revenueSeries(t, abs).Sum(kpi.Selection{Metric: kpi.Revenue})
		require.NoError(t, err)
		assert.True(t, want.Equal(got), "series, round %d: want %s got %s", round, want, got)
	}
}

// revenueSeries returns vs as revenue observations on one channel, an hour
// apart.
func revenueSeries(t *testing.T, vs []decimal.Decimal) *kpi.Series {
	t.Helper()
	obs := make([]kpi.Observation, len(vs))
	for i, v := range vs {
		obs[i] = kpi.Observation{Metric: kpi.Revenue, Channel: channel.X, At: at(i), Value: v, Currency: "USD"}
	}
	s, err := kpi.NewSeries(obs)
	require.NoError(t, err)
	return s
}

func TestObservationValidate(t *testing.T) {
	good := kpi.Observation{Metric: kpi.Clicks, Channel: channel.LinkedIn, At: t0, Value: d("12")}
	require.NoError(t, good.Validate())
	noChannel := good
	noChannel.Channel = ""
	require.NoError(t, noChannel.Validate(), "no channel is allowed")
	money := kpi.Observation{Metric: kpi.Spend, At: t0, Value: d("10.50"), Currency: "EUR"}
	require.NoError(t, money.Validate())
	frt := kpi.Observation{Metric: kpi.FirstResponseTime, At: t0, Value: kpi.Seconds(90*time.Second + 500*time.Millisecond)}
	require.NoError(t, frt.Validate())
	assertDec(t, "90.5", frt.Value)

	tests := []struct {
		name   string
		mutate func(*kpi.Observation)
		code   validation.Code
		path   string
	}{
		{"unknown metric", func(o *kpi.Observation) { o.Metric = "pageviews" }, validation.CodeNotSupported, "metric"},
		{"unknown channel", func(o *kpi.Observation) { o.Channel = "myspace" }, validation.CodeNotSupported, "channel"},
		{"no time", func(o *kpi.Observation) { o.At = time.Time{} }, validation.CodeRequired, "at"},
		{"negative count", func(o *kpi.Observation) { o.Value = d("-1") }, validation.CodeOutOfRange, "value"},
		{"fractional count", func(o *kpi.Observation) { o.Value = d("1.5") }, validation.CodeInvalid, "value"},
		{"too many places", func(o *kpi.Observation) { o.Value = decimal.New(1, -29) }, validation.CodeOutOfRange, "value"},
		{"huge exponent", func(o *kpi.Observation) { o.Value = decimal.New(1, 29) }, validation.CodeOutOfRange, "value"},
		{"currency on a count", func(o *kpi.Observation) { o.Currency = "EUR" }, validation.CodeInvalid, "currency"},
		{"money without currency", func(o *kpi.Observation) { *o = money; o.Currency = "" }, validation.CodeRequired, "currency"},
		{"lower-case currency", func(o *kpi.Observation) { *o = money; o.Currency = "eur" }, validation.CodeInvalid, "currency"},
		{"negative money", func(o *kpi.Observation) { *o = money; o.Value = d("-0.01") }, validation.CodeOutOfRange, "value"},
		{"negative duration", func(o *kpi.Observation) { *o = frt; o.Value = d("-3") }, validation.CodeOutOfRange, "value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := good
			tt.mutate(&o)
			err := o.Validate()
			assert.True(t, validation.Has(err, tt.code, tt.path), "want %s at %s, got %v", tt.code, tt.path, err)
			_, serr := kpi.NewSeries([]kpi.Observation{good, o})
			assert.True(t, validation.Has(serr, tt.code, "[1]."+tt.path), "NewSeries: %v", serr)
		})
	}
}

func TestNewSeriesOrderAndDuplicates(t *testing.T) {
	ig, tt := channel.Instagram, channel.TikTok
	obs := func(m kpi.Metric, c channel.Channel, h int, v string) kpi.Observation {
		return kpi.Observation{Metric: m, Channel: c, At: at(h), Value: d(v)}
	}
	t.Run("interleaved metrics and channels are fine", func(t *testing.T) {
		s, err := kpi.NewSeries([]kpi.Observation{
			obs(kpi.Reach, ig, 1, "10"), obs(kpi.Reach, tt, 0, "5"), obs(kpi.Likes, ig, 0, "1"), obs(kpi.Reach, ig, 2, "20"),
		})
		require.NoError(t, err)
		assert.Equal(t, 4, s.Len())
	})
	t.Run("samples may share an instant", func(t *testing.T) {
		_, err := kpi.NewSeries([]kpi.Observation{obs(kpi.FirstResponseTime, ig, 1, "10"), obs(kpi.FirstResponseTime, ig, 1, "20")})
		require.NoError(t, err)
	})
	t.Run("every problem at once", func(t *testing.T) {
		_, err := kpi.NewSeries([]kpi.Observation{
			obs(kpi.Reach, ig, 5, "10"),
			obs(kpi.Reach, ig, 3, "10"),     // out of order
			obs(kpi.Reach, tt, 1, "10"),     // another channel: fine
			obs(kpi.Reach, ig, 5, "10"),     // duplicate of [0]
			obs(kpi.Followers, ig, 1, "-2"), // negative
			obs(kpi.Followers, ig, 1, "3"),  // valid, first of its column
			obs(kpi.Followers, ig, 1, "4"),  // duplicate gauge reading
			{Metric: kpi.Spend, Channel: ig, At: at(1), Value: d("1"), Currency: "EUR"},
			{Metric: kpi.Spend, Channel: ig, At: at(2), Value: d("1"), Currency: "USD"}, // mixed currency
		})
		var verr *validation.Error
		require.True(t, errors.As(err, &verr))
		assert.True(t, verr.Has(validation.CodeOrder, "[1].at"))
		assert.True(t, verr.Has(validation.CodeDuplicate, "[3].at"))
		assert.True(t, verr.Has(validation.CodeOutOfRange, "[4].value"))
		assert.True(t, verr.Has(validation.CodeDuplicate, "[6].at"))
		assert.True(t, verr.Has(validation.CodeConflict, "[8].currency"))
		assert.Len(t, verr.Errors, 5, "%v", err)
	})
}

func TestSeriesSumSelections(t *testing.T) {
	s, err := kpi.NewSeries([]kpi.Observation{
		{Metric: kpi.Spend, Channel: channel.Instagram, At: at(0), Value: d("10.10"), Currency: "EUR"},
		{Metric: kpi.Spend, Channel: channel.Instagram, At: at(1), Value: d("0.9"), Currency: "EUR"},
		{Metric: kpi.Spend, Channel: channel.Facebook, At: at(0), Value: d("5"), Currency: "EUR"},
		{Metric: kpi.Spend, Channel: channel.TikTok, At: at(0), Value: d("7"), Currency: "USD"},
		{Metric: kpi.Clicks, Channel: channel.TikTok, At: at(0), Value: d("70")},
		{Metric: kpi.Clicks, At: at(0), Value: d("3")},
	})
	require.NoError(t, err)
	tests := []struct {
		name string
		q    kpi.Selection
		want string
		err  error
	}{
		{"one channel", kpi.Selection{Metric: kpi.Spend, Channels: []channel.Channel{channel.Instagram}}, "11", nil},
		{"two channels, one currency", kpi.Selection{Metric: kpi.Spend, Channels: []channel.Channel{channel.Instagram, channel.Facebook}}, "16", nil},
		{"mixed currencies", kpi.Selection{Metric: kpi.Spend}, "", kpi.ErrMixedCurrencies},
		{"currency chosen", kpi.Selection{Metric: kpi.Spend, Currency: "EUR"}, "16", nil},
		{"other currency", kpi.Selection{Metric: kpi.Spend, Currency: "USD"}, "7", nil},
		{"counts include no-channel observations", kpi.Selection{Metric: kpi.Clicks}, "73", nil},
		{"a channel excludes them", kpi.Selection{Metric: kpi.Clicks, Channels: []channel.Channel{channel.TikTok}}, "70", nil},
		{"absent metric", kpi.Selection{Metric: kpi.Shares}, "0", nil},
		{"unknown metric", kpi.Selection{Metric: "pins"}, "", validation.ErrInvalid},
		{"repeated channel", kpi.Selection{Metric: kpi.Clicks, Channels: []channel.Channel{channel.X, channel.X}}, "", validation.ErrInvalid},
		{"currency on a count", kpi.Selection{Metric: kpi.Clicks, Currency: "EUR"}, "", validation.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Sum(tt.q)
			if tt.err != nil {
				assert.True(t, errors.Is(err, tt.err), "%v", err)
				return
			}
			require.NoError(t, err)
			assertDec(t, tt.want, got)
		})
	}
	assert.Equal(t, []string{"EUR", "USD"}, s.Currencies(kpi.Spend))
	var empty *kpi.Series
	got, err := empty.Sum(kpi.Selection{Metric: kpi.Spend})
	require.NoError(t, err)
	assert.True(t, got.IsZero())
	assert.Equal(t, 0, empty.Len())
}

func TestSeriesJSONRoundTrip(t *testing.T) {
	in := []kpi.Observation{
		{Metric: kpi.Spend, Channel: channel.Instagram, At: at(1), Value: d("12.5"), Currency: "EUR"},
		{Metric: kpi.Spend, Channel: channel.Instagram, At: at(2), Value: d("0.25"), Currency: "EUR"},
		{Metric: kpi.Followers, At: at(0), Value: d("1200")},
		{Metric: kpi.Reach, Channel: channel.Bluesky, At: at(0), Value: d("123456789012345678901234")},
		{Metric: kpi.Reach, Channel: channel.Bluesky, At: at(1), Value: d("1")},
	}
	s, err := kpi.NewSeries(in)
	require.NoError(t, err)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	var back kpi.Series
	require.NoError(t, json.Unmarshal(b, &back))
	b2, err := json.Marshal(&back)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))

	// Every observation comes back with the same numeric value, metric by
	// metric in the documented order.
	var got []kpi.Observation
	for o := range back.Observations() {
		got = append(got, o)
	}
	require.Len(t, got, len(in))
	assert.Equal(t, kpi.Reach, got[0].Metric)
	assert.Equal(t, kpi.Followers, got[2].Metric)
	assert.Equal(t, kpi.Spend, got[3].Metric)
	assertDec(t, "123456789012345678901234", got[0].Value)
	assertDec(t, "12.5", got[3].Value)
	assert.True(t, got[3].At.Equal(at(1)))

	// Stopping early is honoured.
	n := 0
	for range s.Observations() {
		n++
		break
	}
	assert.Equal(t, 1, n)

	err = json.Unmarshal([]byte(`[{"metric":"reach","at":"2025-01-01T00:00:00Z","value":"-1"}]`), &back)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "[0].value"))
	err = json.Unmarshal([]byte(`[{"metric":"pins","at":"2025-01-01T00:00:00Z","value":"1"}]`), &back)
	assert.True(t, errors.Is(err, validation.ErrUnknownValue))
}
