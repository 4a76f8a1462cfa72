package kpi_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/kpi"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func ds(ss ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = d(s)
	}
	return out
}

// assertDec fails unless got equals want numerically.
func assertDec(t *testing.T, want string, got decimal.Decimal, msgAndArgs ...any) {
	t.Helper()
	assert.True(t, d(want).Equal(got), append([]any{"want %s, got %s", want, got}, msgAndArgs...)...)
}

func TestFormulas(t *testing.T) {
	type fn2 = func(a, b decimal.Decimal) (decimal.Decimal, error)
	tests := []struct {
		name string
		f    fn2
		a, b string
		want string // "" means ErrUndefined
	}{
		{"engagement by reach", kpi.EngagementRateByReachOf, "250", "10000", "2.5"},
		{"engagement by reach, zero reach", kpi.EngagementRateByReachOf, "250", "0", ""},
		{"engagement by impressions", kpi.EngagementRateByImpressionsOf, "1", "3", "33.3333333333"},
		{"engagement by impressions, zero", kpi.EngagementRateByImpressionsOf, "0", "0", ""},
		{"engagement by followers", kpi.EngagementRateByFollowersOf, "2", "3", "66.6666666667"},
		{"engagement by followers, zero", kpi.EngagementRateByFollowersOf, "5", "0", ""},
		{"amplification by followers", kpi.AmplificationRateByFollowersOf, "12", "4800", "0.25"},
		{"amplification by followers, zero", kpi.AmplificationRateByFollowersOf, "12", "0", ""},
		{"applause by followers", kpi.ApplauseRateByFollowersOf, "300", "12000", "2.5"},
		{"applause by followers, zero", kpi.ApplauseRateByFollowersOf, "300", "0", ""},
		{"conversation by followers", kpi.ConversationRateByFollowersOf, "7", "700", "1"},
		{"conversation by followers, zero", kpi.ConversationRateByFollowersOf, "7", "0", ""},
		{"amplification per post", kpi.AmplificationRatePerPostOf, "12", "8", "1.5"},
		{"amplification per post, zero", kpi.AmplificationRatePerPostOf, "12", "0", ""},
		{"applause per post", kpi.ApplauseRatePerPostOf, "300", "12", "25"},
		{"applause per post, zero", kpi.ApplauseRatePerPostOf, "300", "0", ""},
		{"conversation per post", kpi.ConversationRatePerPostOf, "7", "3", "2.3333333333"},
		{"conversation per post, zero", kpi.ConversationRatePerPostOf, "7", "0", ""},
		{"virality", kpi.ViralityRateOf, "15", "20000", "0.075"},
		{"virality, zero", kpi.ViralityRateOf, "15", "0", ""},
		{"click-through", kpi.ClickThroughRateOf, "42", "12000", "0.35"},
		{"click-through, zero", kpi.ClickThroughRateOf, "42", "0", ""},
		{"cost per click", kpi.CostPerClickOf, "100.00", "3", "33.3333333333"},
		{"cost per click, zero", kpi.CostPerClickOf, "100.00", "0", ""},
		{"cost per mille", kpi.CostPerMilleOf, "45.50", "13000", "3.5"},
		{"cost per mille, zero", kpi.CostPerMilleOf, "45.50", "0", ""},
		{"cost per acquisition", kpi.CostPerAcquisitionOf, "500", "8", "62.5"},
		{"cost per acquisition, zero", kpi.CostPerAcquisitionOf, "500", "0", ""},
		{"conversion", kpi.ConversionRateOf, "8", "320", "2.5"},
		{"conversion, zero", kpi.ConversionRateOf, "8", "0", ""},
		{"ROI gain", kpi.ReturnOnInvestmentOf, "1500", "1000", "50"},
		{"ROI loss", kpi.ReturnOnInvestmentOf, "0", "1000", "-100"},
		{"ROI zero spend", kpi.ReturnOnInvestmentOf, "1500", "0", ""},
		{"share of voice", kpi.ShareOfVoiceOf, "30", "90", "25"},
		{"share of voice, nobody", kpi.ShareOfVoiceOf, "0", "0", ""},
		{"net sentiment polar", kpi.NetSentimentPolarOf, "60", "20", "50"},
		{"net sentiment polar negative", kpi.NetSentimentPolarOf, "1", "2", "-33.3333333333"},
		{"net sentiment polar, none", kpi.NetSentimentPolarOf, "0", "0", ""},
		{"response rate", kpi.ResponseRateOf, "45", "50", "90"},
		{"response rate, none", kpi.ResponseRateOf, "0", "0", ""},
		{"follower growth", kpi.FollowerGrowthRateOf, "2000", "2150", "7.5"},
		{"follower decline", kpi.FollowerGrowthRateOf, "2000", "1900", "-5"},
		{"follower growth from zero", kpi.FollowerGrowthRateOf, "0", "10", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.f(d(tt.a), d(tt.b))
			if tt.want == "" {
				require.Error(t, err)
				assert.True(t, errors.Is(err, kpi.ErrUndefined))
				assert.True(t, got.IsZero())
				return
			}
			require.NoError(t, err)
			assertDec(t, tt.want, got)
		})
	}
}

func TestNetSentimentVariantsDiffer(t *testing.T) {
	// 60 positive, 20 negative, 120 neutral: the polar variant ignores the
	// neutral mentions, the other divides by all classified mentions.
	polar, err := kpi.NetSentimentPolarOf(d("60"), d("20"))
	require.NoError(t, err)
	all, err := kpi.NetSentimentAllOf(d("60"), d("20"), d("120"))
	require.NoError(t, err)
	assertDec(t, "50", polar)
	assertDec(t, "20", all)
	_, err = kpi.NetSentimentAllOf(d("0"), d("0"), d("0"))
	assert.True(t, errors.Is(err, kpi.ErrUndefined))
}

func TestDivisionPrecisionRoundsHalfAwayFromZero(t *testing.T) {
	got, err := kpi.CostPerClickOf(d("2"), d("3"))
	require.NoError(t, err)
	assert.Equal(t, "0.6666666667", got.String())
	assert.Equal(t, int32(-kpi.Precision), got.Exponent())
	got, err = kpi.ReturnOnInvestmentOf(d("1"), d("3")) // (1-3)/3*100
	require.NoError(t, err)
	assert.Equal(t, "-66.6666666667", got.String())
	// Exactly half at the 11th place rounds away from zero.
	got, err = kpi.CostPerClickOf(d("0.00000000005"), d("1"))
	require.NoError(t, err)
	assertDec(t, "0.0000000001", got)
}

func TestFirstResponseTimes(t *testing.T) {
	tests := []struct {
		name            string
		samples         []decimal.Decimal
		average, median string
	}{
		{"none", nil, "", ""},
		{"one", ds("90"), "90", "90"},
		{"odd", ds("300", "60", "120"), "160", "120"},
		{"even: mean of the middle two", ds("60", "1", "3600", "90"), "937.75", "75"},
		{"even, exact half", ds("1", "2"), "1.5", "1.5"},
		{"fractions", ds("0.5", "0.25", "0.125"), "0.2916666667", "0.25"},
		{"ties", ds("5", "5", "5", "1"), "4", "5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := append([]decimal.Decimal(nil), tt.samples...)
			avg, errA := kpi.AverageFirstResponseTimeOf(tt.samples)
			med, errM := kpi.MedianFirstResponseTimeOf(tt.samples)
			if tt.average == "" {
				assert.True(t, errors.Is(errA, kpi.ErrUndefined))
				assert.True(t, errors.Is(errM, kpi.ErrUndefined))
				return
			}
			require.NoError(t, errA)
			require.NoError(t, errM)
			assertDec(t, tt.average, avg)
			assertDec(t, tt.median, med)
			assert.Equal(t, before, tt.samples, "the samples are not reordered")
		})
	}
}
