package kpi_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// money returns a money result of entry at age: m is Spend or Revenue.
func money(entry uuid.UUID, m kpi.Metric, age kpi.Age, v, currency string) kpi.PostResult {
	return kpi.PostResult{Entry: entry, Channel: channel.Facebook, Account: "acme", Metric: m, Age: age,
		Value: decimal.RequireFromString(v), Currency: currency}
}

func key(entry uuid.UUID) kpi.PostKey {
	return kpi.PostKey{Entry: entry, Channel: channel.Facebook, Account: "acme"}
}

func TestPerPostMoney(t *testing.T) {
	day := kpi.AgeOf(24 * time.Hour)
	type want struct {
		values     map[uuid.UUID]string // post → value
		undefined  []kpi.PostKey
		incomplete []kpi.PostKey
		unpaid     []kpi.PostKey
		otherAges  int
		currency   string
		num, den   string
		mean       string // "" for ErrUndefined
		ratio      string // "" for ErrUndefined
	}
	tests := []struct {
		name string
		f    kpi.Formula
		rs   kpi.PostResults
		want want
	}{
		{
			name: "fractional spend, divided before rounding",
			f:    kpi.CostPerClick,
			rs: kpi.PostResults{
				money(postA, kpi.Spend, day, "12.345", "EUR"), res(postA, kpi.Clicks, day, 7),
				money(postC, kpi.Spend, day, "2", "EUR"), res(postC, kpi.Clicks, day, 3),
			},
			want: want{values: map[uuid.UUID]string{postA: "1.7635714286", postC: "0.6666666667"}, currency: "EUR",
				num: "14.345", den: "10", mean: "1.2151190477", ratio: "1.4345"},
		},
		{
			name: "zero clicks: undefined, and its spend counts in the ratio of sums",
			f:    kpi.CostPerClick,
			rs: kpi.PostResults{
				money(postA, kpi.Spend, day, "12.345", "EUR"), res(postA, kpi.Clicks, day, 7),
				money(postB, kpi.Spend, day, "10", "EUR"), res(postB, kpi.Clicks, day, 0),
				money(postC, kpi.Spend, day, "2", "EUR"), res(postC, kpi.Clicks, day, 3),
			},
			want: want{values: map[uuid.UUID]string{postA: "1.7635714286", postC: "0.6666666667"}, currency: "EUR",
				undefined: []kpi.PostKey{key(postB)}, num: "24.345", den: "10", mean: "1.2151190477", ratio: "2.4345"},
		},
		{
			name: "missing spend: unpaid; spend without clicks: incomplete",
			f:    kpi.CostPerClick,
			rs: kpi.PostResults{
				res(postA, kpi.Clicks, day, 40), // organic
				money(postB, kpi.Spend, day, "5", "USD"),
				money(postC, kpi.Spend, day, "3", "USD"), res(postC, kpi.Clicks, day, 4),
				money(postC, kpi.Spend, kpi.Lifetime, "9", "USD"), // another age
			},
			want: want{values: map[uuid.UUID]string{postC: "0.75"}, currency: "USD", unpaid: []kpi.PostKey{key(postA)},
				incomplete: []kpi.PostKey{key(postB)}, otherAges: 1, num: "3", den: "4", mean: "0.75", ratio: "0.75"},
		},
		{
			name: "no paid post: no currency, nothing defined",
			f:    kpi.CostPerClick,
			rs:   kpi.PostResults{res(postA, kpi.Clicks, day, 40), res(postB, kpi.Clicks, day, 0)},
			want: want{unpaid: []kpi.PostKey{key(postA), key(postB)}, num: "0", den: "0"},
		},
		{
			name: "cost per mille",
			f:    kpi.CostPerMille,
			rs: kpi.PostResults{
				money(postA, kpi.Spend, day, "12.345", "GBP"), res(postA, kpi.Impressions, day, 1000),
				money(postB, kpi.Spend, day, "1", "GBP"), res(postB, kpi.Impressions, day, 3),
			},
			want: want{values: map[uuid.UUID]string{postA: "12.345", postB: "333.3333333333"}, currency: "GBP",
				num: "13.345", den: "1003", mean: "172.8391666667", ratio: "13.3050847458"},
		},
		{
			name: "cost per acquisition",
			f:    kpi.CostPerAcquisition,
			rs: kpi.PostResults{
				money(postA, kpi.Spend, day, "100", "EUR"), res(postA, kpi.Conversions, day, 3),
				money(postB, kpi.Spend, day, "50", "EUR"), res(postB, kpi.Conversions, day, 0),
			},
			want: want{values: map[uuid.UUID]string{postA: "33.3333333333"}, currency: "EUR", undefined: []kpi.PostKey{key(postB)},
				num: "150", den: "3", mean: "33.3333333333", ratio: "50"},
		},
		{
			name: "negative return on investment; revenue without spend is unpaid",
			f:    kpi.ReturnOnInvestment,
			rs: kpi.PostResults{
				money(postA, kpi.Revenue, day, "50", "EUR"), money(postA, kpi.Spend, day, "80", "EUR"),
				money(postB, kpi.Revenue, day, "300", "EUR"), // revenue without spend
				money(postC, kpi.Spend, day, "20", "EUR"), money(postC, kpi.Revenue, day, "30.5", "EUR"),
			},
			want: want{values: map[uuid.UUID]string{postA: "-37.5", postC: "52.5"}, currency: "EUR", unpaid: []kpi.PostKey{key(postB)},
				num: "80.5", den: "100", mean: "7.5", ratio: "-19.5"},
		},
		{
			name: "nothing came back: −100; zero spend: undefined; spend without revenue: incomplete",
			f:    kpi.ReturnOnInvestment,
			rs: kpi.PostResults{
				money(postA, kpi.Revenue, day, "0", "EUR"), money(postA, kpi.Spend, day, "80", "EUR"),
				money(postB, kpi.Revenue, day, "10", "EUR"), money(postB, kpi.Spend, day, "0", "EUR"),
				money(postC, kpi.Spend, day, "20", "EUR"),
			},
			want: want{values: map[uuid.UUID]string{postA: "-100"}, currency: "EUR", undefined: []kpi.PostKey{key(postB)},
				incomplete: []kpi.PostKey{key(postC)}, num: "10", den: "80", mean: "-100", ratio: "-87.5"},
		},
		{
			name: "a negative half rounds away from zero",
			f:    kpi.ReturnOnInvestment,
			rs:   kpi.PostResults{money(postA, kpi.Revenue, day, "1.999999999999", "JPY"), money(postA, kpi.Spend, day, "2", "JPY")},
			want: want{values: map[uuid.UUID]string{postA: "-0.0000000001"}, currency: "JPY",
				num: "1.999999999999", den: "2", mean: "-0.0000000001", ratio: "-0.0000000001"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := tt.rs.PerPost(tt.f, day)
			require.NoError(t, err)
			got := map[uuid.UUID]string{}
			for _, v := range p.Values {
				got[v.Post.Entry] = v.Value.String()
				// Each value is what the formula's own function gives.
				in := inputsOf(tt.rs, v.Post, day, tt.f)
				wantV, err := formulaOf(tt.f)(in[0], in[1])
				require.NoError(t, err)
				assert.True(t, wantV.Equal(v.Value), "%s: %s vs %s", v.Post.Entry, v.Value, wantV)
			}
			if tt.want.values == nil {
				tt.want.values = map[uuid.UUID]string{}
			}
			assert.Equal(t, tt.want.values, got)
			assert.Equal(t, tt.want.undefined, p.Undefined, "undefined")
			assert.Equal(t, tt.want.incomplete, p.Incomplete, "incomplete")
			assert.Equal(t, tt.want.unpaid, p.Unpaid, "unpaid")
			assert.Equal(t, tt.want.otherAges, p.OtherAges)
			assert.Equal(t, tt.want.currency, p.Currency)
			assert.Equal(t, tt.want.num, p.Numerator.String(), "numerator")
			assert.Equal(t, tt.want.den, p.Denominator.String(), "denominator")
			mean, err := p.MeanOfPostRates()
			if tt.want.mean == "" {
				assert.ErrorIs(t, err, kpi.ErrUndefined)
			} else {
				require.NoError(t, err)
				assert.Equal(t, tt.want.mean, mean.String(), "mean of post rates")
			}
			ratio, err := p.RatioOfSums()
			if tt.want.ratio == "" {
				assert.ErrorIs(t, err, kpi.ErrUndefined)
			} else {
				require.NoError(t, err)
				assert.Equal(t, tt.want.ratio, ratio.String(), "ratio of sums")
				whole, err := formulaOf(tt.f)(p.Numerator, p.Denominator)
				require.NoError(t, err)
				assert.True(t, whole.Equal(ratio), "the formula over the sums")
			}
			reencode(t, p)
		})
	}
}

// formulaOf returns the function that names f.
func formulaOf(f kpi.Formula) func(a, b decimal.Decimal) (decimal.Decimal, error) {
	return map[kpi.Formula]func(a, b decimal.Decimal) (decimal.Decimal, error){
		kpi.CostPerClick: kpi.CostPerClickOf, kpi.CostPerMille: kpi.CostPerMilleOf,
		kpi.CostPerAcquisition: kpi.CostPerAcquisitionOf, kpi.ReturnOnInvestment: kpi.ReturnOnInvestmentOf,
		kpi.EngagementRateByReach: kpi.EngagementRateByReachOf, kpi.EngagementRateByImpressions: kpi.EngagementRateByImpressionsOf,
		kpi.ViralityRate: kpi.ViralityRateOf, kpi.ClickThroughRate: kpi.ClickThroughRateOf, kpi.ConversionRate: kpi.ConversionRateOf,
	}[f]
}

// inputsOf returns post's values of f's inputs at age, in the order of
// f.Inputs, by a plain search.
func inputsOf(rs kpi.PostResults, post kpi.PostKey, age kpi.Age, f kpi.Formula) [2]decimal.Decimal {
	var in [2]decimal.Decimal
	for _, r := range rs {
		if r.Entry == post.Entry && r.Channel == post.Channel && strings.EqualFold(r.Account, post.Account) && r.Age == age {
			if i := slices.Index(f.Inputs(), r.Metric); i >= 0 {
				in[i] = r.Value
			}
		}
	}
	return in
}

func TestPerPostMoneyBadInput(t *testing.T) {
	day := kpi.AgeOf(24 * time.Hour)
	tests := []struct {
		name    string
		f       kpi.Formula
		rs      kpi.PostResults
		codes   []string // field errors, or
		is      error    // a sentinel error
		message string   // that the error says
	}{
		{
			name: "two currencies across posts",
			f:    kpi.CostPerClick,
			rs: kpi.PostResults{
				money(postA, kpi.Spend, day, "10", "EUR"), res(postA, kpi.Clicks, day, 7),
				money(postB, kpi.Spend, day, "10", "USD"), res(postB, kpi.Clicks, day, 7),
			},
			is: kpi.ErrMixedCurrencies, message: "[2].currency is USD but [0].currency is EUR",
		},
		{
			name: "revenue and spend of one post in two currencies",
			f:    kpi.ReturnOnInvestment,
			rs:   kpi.PostResults{money(postA, kpi.Spend, day, "10", "EUR"), money(postA, kpi.Revenue, day, "12", "GBP")},
			is:   kpi.ErrMixedCurrencies, message: "[1].currency is GBP but [0].currency is EUR",
		},
		{
			name: "another currency at another age is not read",
			f:    kpi.CostPerClick,
			rs: kpi.PostResults{
				money(postA, kpi.Spend, kpi.Lifetime, "10", "USD"),
				money(postA, kpi.Spend, day, "10", "EUR"), res(postA, kpi.Clicks, day, 7),
			},
		},
		{
			name:  "spend without currency, negative spend, duplicate spend",
			f:     kpi.CostPerClick,
			rs:    kpi.PostResults{money(postA, kpi.Spend, day, "10", ""), money(postB, kpi.Spend, day, "-1", "EUR"), money(postC, kpi.Spend, day, "1", "EUR"), money(postC, kpi.Spend, day, "2", "EUR")},
			codes: []string{"[0].currency required", "[1].value out_of_range", "[3] duplicate"},
		},
		{
			name:  "a currency on a count, a lower-case currency",
			f:     kpi.CostPerMille,
			rs:    kpi.PostResults{{Entry: postA, Channel: channel.Facebook, Metric: kpi.Impressions, Age: day, Value: decimal.NewFromInt(3), Currency: "EUR"}, res(postB, kpi.Impressions, day, 0), money(postC, kpi.Spend, day, "1", "eur")},
			codes: []string{"[0].currency invalid", "[2].currency invalid"},
		},
		{
			name: "a cost beyond MaxPostRate",
			f:    kpi.CostPerClick,
			rs:   kpi.PostResults{money(postA, kpi.Spend, day, "922337203.68547758075", "EUR"), res(postA, kpi.Clicks, day, 1)},
			is:   kpi.ErrInvalidArgument, message: "beyond MaxPostRate",
		},
		{
			name: "a cost at MaxPostRate",
			f:    kpi.CostPerClick,
			rs:   kpi.PostResults{money(postA, kpi.Spend, day, "922337203.68547758074", "EUR"), res(postA, kpi.Clicks, day, 1)},
		},
		{
			name:  "a count beyond an int64",
			f:     kpi.CostPerClick,
			rs:    kpi.PostResults{money(postA, kpi.Spend, day, "1", "EUR"), {Entry: postA, Channel: channel.Facebook, Metric: kpi.Clicks, Age: day, Value: decimal.RequireFromString("9223372036854775808")}},
			codes: []string{"[1].value out_of_range"},
		},
		{
			name: "a negative age",
			f:    kpi.CostPerClick,
			is:   kpi.ErrInvalidArgument,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			age := day
			if tt.name == "a negative age" {
				age = kpi.AgeOf(-time.Hour)
			}
			_, err := tt.rs.PerPost(tt.f, age)
			_, werr := tt.rs.WhatWorks(tt.f, age, nil, kpi.WhatWorksOptions{})
			switch {
			case tt.codes != nil:
				assert.Equal(t, tt.codes, fieldCodes(t, err))
				assert.Equal(t, tt.codes, fieldCodes(t, werr))
			case tt.is != nil:
				assert.ErrorIs(t, err, tt.is)
				assert.ErrorIs(t, werr, tt.is)
				assert.Contains(t, err.Error(), tt.message)
			default:
				assert.NoError(t, err)
				assert.NoError(t, werr)
			}
		})
	}
}

func TestWhatWorksMoney(t *testing.T) {
	// 25 paid posts, each spending 100 EUR: 12 photos bringing back 10 to
	// 21 EUR (a return of −90 to −79%), 12 links 1 to 12 EUR (−99 to
	// −88%) and one unkeyed post bringing back 500 (400%); and an
	// organic post with revenue but no spend.
	var rs kpi.PostResults
	format := map[uuid.UUID]string{}
	add := func(i int, kind string, revenue int64, paid bool) {
		id := uuid.NewSHA1(uuid.Nil, []byte(fmt.Sprint(i)))
		rs = append(rs, money(id, kpi.Revenue, kpi.Lifetime, fmt.Sprint(revenue), "EUR"))
		if paid {
			rs = append(rs, money(id, kpi.Spend, kpi.Lifetime, "100", "EUR"))
		}
		if kind != "" {
			format[id] = kind
		}
	}
	for i := range 12 {
		add(i, "photo", int64(10+i), true)
		add(100+i, "link", int64(1+i), true)
	}
	add(500, "", 500, true)
	add(501, "photo", 1000, false)
	byFormat := kpi.Grouping{By: "format", Key: func(k kpi.PostKey) (string, bool) { f, ok := format[k.Entry]; return f, ok }}
	w, err := rs.WhatWorks(kpi.ReturnOnInvestment, kpi.Lifetime, []kpi.Grouping{byFormat}, kpi.WhatWorksOptions{Top: 2})
	require.NoError(t, err)
	assert.Equal(t, "EUR", w.Currency)
	assert.Equal(t, 25, w.Posts)
	require.Len(t, w.Unpaid, 1, "the organic post is listed, not dropped")
	assert.Equal(t, uuid.NewSHA1(uuid.Nil, []byte("501")), w.Unpaid[0].Entry)
	// Sorted: −99 … −88 and −90 … −79, then 400: the 13th is −89.
	assert.Equal(t, "-89", w.Baseline.String())
	assert.Equal(t, "400", w.Top[0].Value.String())
	assert.Equal(t, "-79", w.Top[1].Value.String())
	assert.Equal(t, "-99", w.Bottom[0].Value.String())
	require.Len(t, w.Outliers, 1)
	assert.Equal(t, "400", w.Outliers[0].Value.String())
	assert.True(t, w.Outliers[0].Above)
	// The mean is MeanOfPostRates'.
	p, err := rs.PerPost(kpi.ReturnOnInvestment, kpi.Lifetime)
	require.NoError(t, err)
	mean, err := p.MeanOfPostRates()
	require.NoError(t, err)
	assert.True(t, mean.Equal(w.Mean), "%s vs %s", mean, w.Mean)
	// Distances from −89: 10 … 1 and 1 … 10 twice, 0 and 489; the MAD is
	// the 13th smallest of the 25.
	assert.Equal(t, "5", w.MAD.String())

	g := w.Groupings[0]
	require.Len(t, g.Groups, 2)
	link, photo := g.Groups[0], g.Groups[1]
	assert.Equal(t, "-84.5", photo.Median.String())
	assert.Equal(t, "-88", photo.Interval.Low.String())
	assert.Equal(t, "-81", photo.Interval.High.String())
	assert.Equal(t, kpi.EvidenceSupported, photo.Lift.Evidence, photo.Lift.Reason)
	assert.Equal(t, "4.5", photo.Lift.Difference.String())
	require.NotNil(t, photo.Lift.Relative)
	assert.Equal(t, "5.0561797753", photo.Lift.Relative.String(), "4.5 ÷ |−89| × 100: higher than a negative baseline is positive")
	assert.Equal(t, kpi.EvidenceSupported, link.Lift.Evidence, link.Lift.Reason)
	assert.Equal(t, "-4.5", link.Lift.Difference.String())
	assert.Equal(t, "-5.0561797753", link.Lift.Relative.String())
	reencode(t, w)
}

func TestWhatWorksCostPerClick(t *testing.T) {
	day := kpi.AgeOf(7 * 24 * time.Hour)
	rs := kpi.PostResults{
		money(postA, kpi.Spend, day, "12.345", "EUR"), res(postA, kpi.Clicks, day, 7),
		money(postB, kpi.Spend, day, "10", "EUR"), res(postB, kpi.Clicks, day, 0),
		money(postC, kpi.Spend, day, "2", "EUR"), res(postC, kpi.Clicks, day, 3),
	}
	w, err := rs.WhatWorks(kpi.CostPerClick, day, nil, kpi.WhatWorksOptions{})
	require.NoError(t, err)
	assert.Equal(t, "EUR", w.Currency)
	assert.Equal(t, 2, w.Posts)
	assert.Equal(t, []kpi.PostKey{key(postB)}, w.Undefined)
	assert.Equal(t, postA, w.Top[0].Post.Entry, "the most expensive first")
	assert.Equal(t, "1.7635714286", w.Top[0].Value.String())
	assert.Equal(t, "1.21511904765", w.Baseline.String(), "the median of two: their exact mean")
}

// TestWhatWorksMoneySpan checks the bound on the span of values that can
// be negative: a return of −100% beside one near MaxPostRate.
func TestWhatWorksMoneySpan(t *testing.T) {
	rs := func(revenue string) kpi.PostResults {
		return kpi.PostResults{
			money(postA, kpi.Revenue, kpi.Lifetime, "0", "EUR"), money(postA, kpi.Spend, kpi.Lifetime, "1", "EUR"),
			money(postB, kpi.Revenue, kpi.Lifetime, revenue, "EUR"), money(postB, kpi.Spend, kpi.Lifetime, "1", "EUR"),
		}
	}
	// (9223372.036854775807 − 1) × 100 − (−100) = MaxPostRate.
	w, err := rs("9223372.036854775807").WhatWorks(kpi.ReturnOnInvestment, kpi.Lifetime, nil, kpi.WhatWorksOptions{})
	require.NoError(t, err)
	assert.Equal(t, "922337103.6854775807", w.Top[0].Value.String())
	assert.Equal(t, "461168501.84273879035", w.Baseline.String())

	over := rs("9223372.036854775808")
	_, err = over.PerPost(kpi.ReturnOnInvestment, kpi.Lifetime)
	require.NoError(t, err, "each value is within MaxPostRate")
	_, err = over.WhatWorks(kpi.ReturnOnInvestment, kpi.Lifetime, nil, kpi.WhatWorksOptions{})
	assert.ErrorIs(t, err, kpi.ErrInvalidArgument)
	assert.True(t, errors.Is(err, kpi.ErrInvalidArgument) && strings.Contains(err.Error(), "spans more than MaxPostRate"), "%v", err)
}

func TestPostFormulas(t *testing.T) {
	day := kpi.AgeOf(24 * time.Hour)
	fs := kpi.PostFormulas()
	assert.Len(t, fs, 9)
	for _, f := range fs {
		require.True(t, f.IsValid())
		// Each has a per-post value: a post with both inputs gets one.
		in := f.Inputs()
		var rs kpi.PostResults
		for _, m := range in {
			if m.Unit() == kpi.UnitMoney {
				rs = append(rs, money(postA, m, day, "3", "EUR"))
			} else {
				rs = append(rs, res(postA, m, day, 3))
			}
		}
		p, err := rs.PerPost(f, day)
		require.NoError(t, err, f)
		require.Len(t, p.Values, 1, f)
		assert.Equal(t, slices.Contains(in, kpi.Spend), p.Currency == "EUR", f)
	}
	fs[0] = "changed"
	assert.Equal(t, kpi.EngagementRateByReach, kpi.PostFormulas()[0], "a copy")
}
