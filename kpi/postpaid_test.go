package kpi_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

func TestPaidGrouping(t *testing.T) {
	boosted := uuid.MustParse("7a000000-0000-4000-8000-000000000001")
	plain := uuid.MustParse("7a000000-0000-4000-8000-000000000002")
	zero := uuid.MustParse("7a000000-0000-4000-8000-000000000003")
	late := uuid.MustParse("7a000000-0000-4000-8000-000000000004")
	day := kpi.AgeOf(24 * time.Hour)
	money := func(entry uuid.UUID, account string, age kpi.Age, v string) kpi.PostResult {
		return kpi.PostResult{Entry: entry, Channel: channel.Instagram, Account: account, Metric: kpi.Spend, Age: age,
			Value: decimal.RequireFromString(v), Currency: "EUR"}
	}
	rs := kpi.PostResults{
		money(boosted, "Acme", day, "12.50"),
		{Entry: plain, Channel: channel.Instagram, Account: "acme", Metric: kpi.Reach, Value: decimal.NewFromInt(900)},
		{Entry: plain, Channel: channel.Instagram, Account: "acme", Metric: kpi.Revenue, Value: decimal.NewFromInt(40), Currency: "EUR"},
		money(zero, "acme", day, "0"), money(zero, "acme", kpi.Lifetime, "0.00"),
		money(late, "acme", day, "0"), money(late, "acme", kpi.Lifetime, "3"),
	}
	require.NoError(t, rs.Validate())
	g := rs.PaidGrouping()
	assert.Equal(t, "paid", g.By)
	for _, tc := range []struct {
		name string
		post kpi.PostKey
		want string
	}{
		{"spend above zero", kpi.PostKey{Entry: boosted, Channel: channel.Instagram, Account: "Acme"}, kpi.PaidKey},
		{"handles compare without case", kpi.PostKey{Entry: boosted, Channel: channel.Instagram, Account: "ACME"}, kpi.PaidKey},
		{"revenue is not spend", kpi.PostKey{Entry: plain, Channel: channel.Instagram, Account: "acme"}, kpi.OrganicKey},
		{"zero spend at every age", kpi.PostKey{Entry: zero, Channel: channel.Instagram, Account: "acme"}, kpi.OrganicKey},
		{"spend at any age", kpi.PostKey{Entry: late, Channel: channel.Instagram, Account: "acme"}, kpi.PaidKey},
		{"another account", kpi.PostKey{Entry: boosted, Channel: channel.Instagram, Account: "acme_es"}, kpi.OrganicKey},
		{"the empty handle is another post", kpi.PostKey{Entry: boosted, Channel: channel.Instagram}, kpi.OrganicKey},
		{"another channel", kpi.PostKey{Entry: boosted, Channel: channel.Facebook, Account: "acme"}, kpi.OrganicKey},
		{"no results at all", kpi.PostKey{Entry: uuid.New(), Channel: channel.Instagram}, kpi.OrganicKey},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := g.Key(tc.post)
			assert.True(t, ok)
			assert.Equal(t, tc.want, got)
		})
	}

	// Computed once: changing the results afterwards changes nothing.
	rs[0].Value = decimal.Zero
	got, _ := g.Key(kpi.PostKey{Entry: boosted, Channel: channel.Instagram, Account: "acme"})
	assert.Equal(t, kpi.PaidKey, got)

	// No results: every post is organic.
	got, ok := kpi.PostResults(nil).PaidGrouping().Key(kpi.PostKey{Entry: boosted, Channel: channel.Instagram})
	assert.True(t, ok)
	assert.Equal(t, kpi.OrganicKey, got)
}

// Whether a post was paid comes from its spend: the boosted post is in
// the paid group, whatever its reach.
func ExamplePostResults_PaidGrouping() {
	boosted, plain := uuid.MustParse("7a000000-0000-4000-8000-000000000001"), uuid.MustParse("7a000000-0000-4000-8000-000000000002")
	result := func(entry uuid.UUID, m kpi.Metric, v int64) kpi.PostResult {
		r := kpi.PostResult{Entry: entry, Channel: channel.Instagram, Metric: m, Value: decimal.NewFromInt(v)}
		if m == kpi.Spend {
			r.Currency = "EUR"
		}
		return r
	}
	results := kpi.PostResults{
		result(boosted, kpi.Engagements, 300), result(boosted, kpi.Reach, 10000), result(boosted, kpi.Spend, 50),
		result(plain, kpi.Engagements, 90), result(plain, kpi.Reach, 1500), result(plain, kpi.Spend, 0),
	}
	w, err := results.WhatWorks(kpi.EngagementRateByReach, kpi.Lifetime, []kpi.Grouping{results.PaidGrouping()}, kpi.WhatWorksOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range w.Groupings[0].Groups {
		fmt.Println(g.Key, g.Posts, g.Median.StringFixed(2))
	}
	// Output:
	// organic 1 6.00
	// paid 1 3.00
}
