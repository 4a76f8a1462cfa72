package kpi_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

var (
	postA = uuid.MustParse("00000000-0000-0000-0000-00000000000a")
	postB = uuid.MustParse("00000000-0000-0000-0000-00000000000b")
	postC = uuid.MustParse("00000000-0000-0000-0000-00000000000c")
)

func res(entry uuid.UUID, m kpi.Metric, age kpi.Age, v int64) kpi.PostResult {
	return kpi.PostResult{Entry: entry, Channel: channel.Facebook, Account: "acme", Metric: m, Age: age, Value: decimal.NewFromInt(v)}
}

// fieldCodes returns "path code" for each field error of err.
func fieldCodes(t *testing.T, err error) []string {
	t.Helper()
	var verr *validation.Error
	require.True(t, errors.As(err, &verr), "%v", err)
	var out []string
	for _, fe := range verr.Errors {
		out = append(out, fe.Path+" "+string(fe.Code))
	}
	return out
}

func TestAgeText(t *testing.T) {
	day := kpi.AgeOf(24 * time.Hour)
	assert.Equal(t, "lifetime", kpi.Lifetime.String())
	assert.Equal(t, "24h0m0s", day.String())
	for _, in := range []string{"lifetime", "24h0m0s", "168h0m0s"} {
		var a kpi.Age
		require.NoError(t, a.UnmarshalText([]byte(in)))
		b, err := a.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, in, string(b))
	}
	for _, bad := range []string{"", "0s", "-1h", "Lifetime", "forever"} {
		var a kpi.Age
		assert.Error(t, a.UnmarshalText([]byte(bad)), bad)
	}
	_, err := kpi.AgeOf(-time.Hour).MarshalText()
	assert.Error(t, err)
}

func TestPostResultValidate(t *testing.T) {
	good := res(postA, kpi.Reach, kpi.Lifetime, 10)
	require.NoError(t, good.Validate())
	spend := kpi.PostResult{Entry: postA, Channel: channel.Facebook, Metric: kpi.Spend, Value: decimal.RequireFromString("12.50"), Currency: "EUR"}
	require.NoError(t, spend.Validate())
	watch := kpi.PostResult{Entry: postA, Channel: channel.YouTube, Metric: kpi.WatchTime, Value: decimal.RequireFromString("90.5")}
	require.NoError(t, watch.Validate())

	tests := []struct {
		name string
		edit func(*kpi.PostResult)
		want []string
	}{
		{"missing entry", func(r *kpi.PostResult) { r.Entry = uuid.Nil }, []string{"entry required"}},
		{"missing channel", func(r *kpi.PostResult) { r.Channel = "" }, []string{"channel required"}},
		{"unknown channel", func(r *kpi.PostResult) { r.Channel = "myspace" }, []string{"channel not_supported"}},
		{"bad account", func(r *kpi.PostResult) { r.Account = "a b" }, []string{"account invalid"}},
		{"negative count", func(r *kpi.PostResult) { r.Value = decimal.NewFromInt(-1) }, []string{"value out_of_range"}},
		{"fractional count", func(r *kpi.PostResult) { r.Value = decimal.RequireFromString("1.5") }, []string{"value invalid"}},
		{"unknown metric", func(r *kpi.PostResult) { r.Metric = "bogus" }, []string{"metric not_supported"}},
		{"not a post metric", func(r *kpi.PostResult) { r.Metric = kpi.Followers }, []string{"metric not_supported"}},
		{"negative age", func(r *kpi.PostResult) { r.Age = kpi.AgeOf(-time.Hour) }, []string{"age out_of_range"}},
		{"currency on a count", func(r *kpi.PostResult) { r.Currency = "EUR" }, []string{"currency invalid"}},
		{"money without currency", func(r *kpi.PostResult) { r.Metric = kpi.Spend }, []string{"currency required"}},
		{"post ID control", func(r *kpi.PostResult) { r.PostID = "a\nb" }, []string{"postId invalid"}},
		{"every problem at once", func(r *kpi.PostResult) { r.Entry = uuid.Nil; r.Value = decimal.NewFromInt(-2) }, []string{"entry required", "value out_of_range"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good
			tt.edit(&r)
			assert.Equal(t, tt.want, fieldCodes(t, r.Validate()))
		})
	}
}

func TestPostResultsValidateDuplicates(t *testing.T) {
	day := kpi.AgeOf(24 * time.Hour)
	rs := kpi.PostResults{
		res(postA, kpi.Reach, day, 10),
		res(postA, kpi.Reach, kpi.Lifetime, 12), // another age: fine
		res(postA, kpi.Likes, day, 1),
		res(postA, kpi.Reach, day, 11), // same post, metric and age
	}
	rs[3].Account = "ACME" // handles compare without case
	assert.Equal(t, []string{"[3] duplicate"}, fieldCodes(t, rs.Validate()))
	assert.NoError(t, rs[:3].Validate())
	assert.Equal(t, []kpi.Age{day, kpi.Lifetime}, rs.Ages())
}

func TestPerPost(t *testing.T) {
	day := kpi.AgeOf(24 * time.Hour)
	rs := kpi.PostResults{
		res(postA, kpi.Engagements, day, 3),
		res(postA, kpi.Reach, day, 7),
		res(postB, kpi.Engagements, day, 1),
		res(postB, kpi.Reach, day, 0), // undefined, not a division by zero
		res(postC, kpi.Engagements, day, 5),
		res(postC, kpi.Reach, kpi.Lifetime, 50), // another age: not read
		res(postA, kpi.Likes, day, 2),           // not an input
	}
	p, err := rs.PerPost(kpi.EngagementRateByReach, day)
	require.NoError(t, err)
	require.Len(t, p.Values, 1)
	assert.Equal(t, postA, p.Values[0].Post.Entry)
	assert.Equal(t, "42.8571428571", p.Values[0].Value.String(), "3/7×100 at 10 places, as EngagementRateByReachOf")
	want, err := kpi.EngagementRateByReachOf(decimal.NewFromInt(3), decimal.NewFromInt(7))
	require.NoError(t, err)
	assert.True(t, want.Equal(p.Values[0].Value))
	assert.Equal(t, []kpi.PostKey{{Entry: postB, Channel: channel.Facebook, Account: "acme"}}, p.Undefined)
	assert.Equal(t, []kpi.PostKey{{Entry: postC, Channel: channel.Facebook, Account: "acme"}}, p.Incomplete)
	assert.Equal(t, 1, p.OtherAges)
	assert.Equal(t, "4", p.Numerator.String(), "A and B, which have both inputs")
	assert.Equal(t, "7", p.Denominator.String())

	mean, err := p.MeanOfPostRates()
	require.NoError(t, err)
	assert.Equal(t, "42.8571428571", mean.String())
	ros, err := p.RatioOfSums()
	require.NoError(t, err)
	assert.Equal(t, "57.1428571429", ros.String(), "4/7×100: B's engagement counts here")

	// The two aggregations differ when posts differ in reach.
	rs2 := kpi.PostResults{
		res(postA, kpi.Engagements, kpi.Lifetime, 1), res(postA, kpi.Reach, kpi.Lifetime, 10),
		res(postB, kpi.Engagements, kpi.Lifetime, 30), res(postB, kpi.Reach, kpi.Lifetime, 1000),
	}
	p2, err := rs2.PerPost(kpi.EngagementRateByReach, kpi.Lifetime)
	require.NoError(t, err)
	mean, err = p2.MeanOfPostRates()
	require.NoError(t, err)
	ros, err = p2.RatioOfSums()
	require.NoError(t, err)
	assert.Equal(t, "6.5", mean.String(), "(10% + 3%) / 2")
	assert.Equal(t, "3.0693069307", ros.String(), "31 / 1010 × 100")

	// Nothing at this age: both aggregations are undefined.
	p3, err := rs2.PerPost(kpi.EngagementRateByReach, day)
	require.NoError(t, err)
	assert.Equal(t, 4, p3.OtherAges)
	_, err = p3.MeanOfPostRates()
	assert.ErrorIs(t, err, kpi.ErrUndefined)
	_, err = p3.RatioOfSums()
	assert.ErrorIs(t, err, kpi.ErrUndefined)
}

func TestPerPostBadInput(t *testing.T) {
	day := kpi.AgeOf(24 * time.Hour)
	rs := kpi.PostResults{
		res(postA, kpi.Engagements, day, 3),
		res(uuid.Nil, kpi.Reach, day, 7),
		res(postB, kpi.Reach, day, -1),
		res(postA, kpi.Engagements, day, 4),
		{Entry: postC, Channel: "myspace", Metric: kpi.Reach, Age: day, Value: decimal.NewFromInt(1)},
		res(postC, kpi.Likes, day, -5), // not read: only Validate sees it
	}
	rs[0].Account = "Acme"
	_, err := rs.PerPost(kpi.EngagementRateByReach, day)
	assert.Equal(t, []string{"[1].entry required", "[2].value out_of_range", "[3] duplicate", "[4].channel not_supported"}, fieldCodes(t, err))

	_, err = rs.PerPost(kpi.ShareOfVoice, day)
	assert.ErrorIs(t, err, kpi.ErrInvalidArgument, "share of voice has no per-post value")
	_, err = rs.PerPost(kpi.EngagementRateByReach, kpi.AgeOf(-time.Hour))
	assert.ErrorIs(t, err, kpi.ErrInvalidArgument)

	huge := kpi.PostResults{res(postA, kpi.Engagements, day, 1e18), res(postA, kpi.Reach, day, 1)}
	_, err = huge.PerPost(kpi.EngagementRateByReach, day)
	assert.ErrorIs(t, err, kpi.ErrInvalidArgument, "beyond MaxPostRate")
}

// TestPerPostMatchesFormula checks the integer fast path against the
// decimal formula over many quotients, including halves.
func TestPerPostMatchesFormula(t *testing.T) {
	for num := int64(0); num < 60; num++ {
		for _, den := range []int64{1, 3, 7, 8, 16, 64, 1024, 3 * 1024, 999_999_937, 1 << 40} {
			rs := kpi.PostResults{res(postA, kpi.Clicks, kpi.Lifetime, num*num*num), res(postA, kpi.Impressions, kpi.Lifetime, den)}
			p, err := rs.PerPost(kpi.ClickThroughRate, kpi.Lifetime)
			require.NoError(t, err)
			want, err := kpi.ClickThroughRateOf(decimal.NewFromInt(num*num*num), decimal.NewFromInt(den))
			require.NoError(t, err)
			require.True(t, want.Equal(p.Values[0].Value), "%d/%d: %s vs %s", num*num*num, den, want, p.Values[0].Value)
		}
	}
}

func TestMedianRank(t *testing.T) {
	// Hand computation: n = 10, P(B ≤ 1) = 11/1024 ≈ 1.07% ≤ 2.5% and
	// P(B ≤ 2) = 56/1024 ≈ 5.5% > 2.5%, so j = 2: [x₂, x₉].
	assert.Equal(t, 2, kpi.MedianRank(10))
	// n = 6: P(B ≤ 0) = 1/64 ≈ 1.6%: j = 1; n = 5: 1/32 > 2.5%: none.
	assert.Equal(t, 1, kpi.MedianRank(6))
	assert.Equal(t, 0, kpi.MedianRank(5))
	assert.Equal(t, 0, kpi.MedianRank(0))
	// Exact up to 1000, checked here by an independent big.Rat sum.
	for _, n := range []int{7, 20, 50, 101, 500, 1000} {
		j := kpi.MedianRank(n)
		require.Equal(t, j, rankByRat(n), "n=%d", n)
	}
	// Above 1000, the normal approximation: j ≤ (n+1−1.96√n)/2.
	assert.Equal(t, 469, kpi.MedianRank(1001)) // (1002 − 62.01)/2 = 469.99
	assert.Equal(t, 499_020, kpi.MedianRank(1_000_000))
}

// rankByRat is the largest j with P(Bin(n,½) ≤ j−1) ≤ 1/40, in big.Rat.
func rankByRat(n int) int {
	limit := big.NewRat(1, 40)
	total := new(big.Int).Lsh(big.NewInt(1), uint(n))
	sum := new(big.Int)
	j := 0
	for k := 0; k < n; k++ {
		sum.Add(sum, new(big.Int).Binomial(int64(n), int64(k)))
		if new(big.Rat).SetFrac(sum, total).Cmp(limit) > 0 {
			break
		}
		j = k + 1
	}
	return j
}

func TestWhatWorks(t *testing.T) {
	// 24 posts: 12 photos with rates 10..21 %, 12 links with 1..12 %;
	// and two posts with rate 100 and 0, not keyed.
	var rs kpi.PostResults
	format := map[uuid.UUID]string{}
	add := func(i int, kind string, rate int64) {
		id := uuid.NewSHA1(uuid.Nil, []byte(fmt.Sprint(i)))
		rs = append(rs, res(id, kpi.Engagements, kpi.Lifetime, rate), res(id, kpi.Reach, kpi.Lifetime, 100))
		if kind != "" {
			format[id] = kind
		}
	}
	for i := range 12 {
		add(i, "photo", int64(10+i))
		add(100+i, "link", int64(1+i))
	}
	add(500, "", 100)
	add(501, "", 0)
	byFormat := kpi.Grouping{By: "format", Key: func(k kpi.PostKey) (string, bool) { f, ok := format[k.Entry]; return f, ok }}
	w, err := rs.WhatWorks(kpi.EngagementRateByReach, kpi.Lifetime, []kpi.Grouping{byFormat}, kpi.WhatWorksOptions{Top: 2})
	require.NoError(t, err)
	assert.Equal(t, 26, w.Posts)
	// 26 values: 0,1..12,10..21,100 sorted; the middle two are the 13th
	// and 14th: 0,1,…,9,10,10,11,11,12,12,… → 11 and 11.
	assert.Equal(t, "11", w.Baseline.String())
	require.Len(t, w.Top, 2)
	assert.Equal(t, "100", w.Top[0].Value.String())
	assert.Equal(t, "21", w.Top[1].Value.String())
	assert.Equal(t, "0", w.Bottom[0].Value.String())
	assert.Equal(t, "1", w.Bottom[1].Value.String())
	// Distances from 11: 100→89, the MAD is the median distance.
	require.Len(t, w.Outliers, 1)
	assert.Equal(t, "100", w.Outliers[0].Value.String())
	assert.True(t, w.Outliers[0].Above)

	require.Len(t, w.Groupings, 1)
	g := w.Groupings[0]
	assert.Len(t, g.Unkeyed, 2)
	require.Len(t, g.Groups, 2)
	link, photo := g.Groups[0], g.Groups[1]
	assert.Equal(t, "link", link.Key)
	assert.Equal(t, 12, photo.Posts)
	assert.Equal(t, "15.5", photo.Median.String())
	assert.Equal(t, "15.5", photo.Mean.String())
	// n = 12: j = 3 (P(B ≤ 2) = 79/4096 ≈ 1.9%, P(B ≤ 3) ≈ 7.3%).
	require.NotNil(t, photo.Interval)
	assert.Equal(t, 3, photo.Interval.Rank)
	assert.Equal(t, "12", photo.Interval.Low.String())
	assert.Equal(t, "19", photo.Interval.High.String())
	assert.Equal(t, kpi.EvidenceSupported, photo.Lift.Evidence, photo.Lift.Reason)
	assert.Equal(t, "4.5", photo.Lift.Difference.String())
	require.NotNil(t, photo.Lift.Relative)
	assert.Equal(t, "40.9090909091", photo.Lift.Relative.String())
	assert.Equal(t, kpi.EvidenceSupported, link.Lift.Evidence, "links: 3 to 10, below 11")

	// With a higher minimum, the same group is not enough evidence.
	w, err = rs.WhatWorks(kpi.EngagementRateByReach, kpi.Lifetime, []kpi.Grouping{byFormat}, kpi.WhatWorksOptions{MinPosts: 13})
	require.NoError(t, err)
	photo = w.Groupings[0].Groups[1]
	assert.Equal(t, kpi.EvidenceNotEnough, photo.Lift.Evidence)
	assert.True(t, photo.Lift.Difference.IsZero())
	assert.Nil(t, photo.Lift.Relative)
	assert.Equal(t, "12 posts; at least 13 are needed", photo.Lift.Reason)
	reencode(t, w)
	var back kpi.WhatWorks
	b, err := json.Marshal(w)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.Baseline.Equal(w.Baseline))

	// An interval that includes the baseline.
	mixed := map[uuid.UUID]string{}
	for id := range format {
		mixed[id] = "all"
	}
	all := kpi.Grouping{By: "all", Key: func(k kpi.PostKey) (string, bool) { f, ok := mixed[k.Entry]; return f, ok }}
	w, err = rs.WhatWorks(kpi.EngagementRateByReach, kpi.Lifetime, []kpi.Grouping{all}, kpi.WhatWorksOptions{})
	require.NoError(t, err)
	assert.Equal(t, kpi.EvidenceNotEnough, w.Groupings[0].Groups[0].Lift.Evidence)
	assert.Contains(t, w.Groupings[0].Groups[0].Lift.Reason, "includes the baseline 11")

	_, err = rs.WhatWorks(kpi.EngagementRateByReach, kpi.Lifetime, []kpi.Grouping{{By: "x"}}, kpi.WhatWorksOptions{})
	assert.ErrorIs(t, err, kpi.ErrInvalidArgument)
	_, err = rs.WhatWorks(kpi.EngagementRateByReach, kpi.Lifetime, nil, kpi.WhatWorksOptions{Top: kpi.MaxTop + 1})
	assert.ErrorIs(t, err, kpi.ErrInvalidArgument)
}

func TestWhatWorksNoOutlierWithZeroMAD(t *testing.T) {
	var rs kpi.PostResults
	for i := range 5 {
		id := uuid.NewSHA1(uuid.Nil, []byte(fmt.Sprint(i)))
		v := int64(5)
		if i == 4 {
			v = 50
		}
		rs = append(rs, res(id, kpi.Engagements, kpi.Lifetime, v), res(id, kpi.Reach, kpi.Lifetime, 100))
	}
	w, err := rs.WhatWorks(kpi.EngagementRateByReach, kpi.Lifetime, nil, kpi.WhatWorksOptions{})
	require.NoError(t, err)
	assert.True(t, w.MAD.IsZero())
	assert.Empty(t, w.Outliers, "MAD zero: the rule flags nothing")
}

// TestPerPostAccounts checks that an entry published from two accounts is
// two posts, and that a handle's case does not make a third.
func TestPerPostAccounts(t *testing.T) {
	founder := func(r kpi.PostResult) kpi.PostResult { r.Account = "JaneRoe"; return r }
	rs := kpi.PostResults{
		res(postA, kpi.Engagements, kpi.Lifetime, 1), res(postA, kpi.Reach, kpi.Lifetime, 10),
		founder(res(postA, kpi.Engagements, kpi.Lifetime, 5)), founder(res(postA, kpi.Reach, kpi.Lifetime, 10)),
	}
	rs[3].Account = "janeroe"
	p, err := rs.PerPost(kpi.EngagementRateByReach, kpi.Lifetime)
	require.NoError(t, err)
	require.Len(t, p.Values, 2)
	assert.Equal(t, "acme", p.Values[0].Post.Account)
	assert.Equal(t, "10", p.Values[0].Value.String())
	assert.Equal(t, "JaneRoe", p.Values[1].Post.Account, "the handle as first written")
	assert.Equal(t, "50", p.Values[1].Value.String())

	rs = append(rs, founder(res(postA, kpi.Reach, kpi.Lifetime, 11)))
	_, err = rs.PerPost(kpi.EngagementRateByReach, kpi.Lifetime)
	assert.Equal(t, []string{"[4] duplicate"}, fieldCodes(t, err))
}
