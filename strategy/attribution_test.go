package strategy_test

import (
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/validation"
)

func TestAttribute(t *testing.T) {
	s := taggedPlan()
	cal, err := s.Calendar()
	require.NoError(t, err)
	office := cal.Entries[4]
	page, founder := office.Post("bluebird-coffee-roasters").Link, office.Post("lucia-bluebird").Link
	eur := func(v string) strategy.Budget {
		return strategy.Budget{Amount: decimal.RequireFromString(v), Currency: "EUR"}
	}

	// A hand-made link in tandem's convention for an entry of another
	// campaign.
	wrong, err := calendar.TagLink("https://bluebird.coffee/x", calendar.LinkTags{Source: "linkedin", Medium: "social",
		Campaign: s.Campaigns[1].ID.String(), Content: s.Entries[1].ID.String()})
	require.NoError(t, err)

	visits := []strategy.Visit{
		{URL: page, Clicks: 40, Conversions: 2, Revenue: eur("59.80")},
		{URL: founder + "#reviews", Clicks: 25, Conversions: 3, Revenue: eur("89.70")},
		{URL: page, Clicks: 10, Revenue: strategy.Budget{Amount: decimal.NewFromInt(5), Currency: "USD"}},
		{URL: "https://bluebird.coffee/office", Clicks: 7},
		{URL: wrong, Clicks: 3},
		{URL: "not a url", Clicks: 1},
	}
	got, err := strategy.Attribute(s, visits)
	require.NoError(t, err)

	require.Len(t, got.Campaigns, 1)
	c := got.Campaigns[0]
	assert.Equal(t, s.Campaigns[1].ID, c.Campaign)
	assert.Equal(t, int64(75), c.Clicks)
	assert.Equal(t, int64(5), c.Conversions)
	require.Len(t, c.Revenue, 2)
	assert.Equal(t, "EUR", c.Revenue[0].Currency)
	assert.True(t, c.Revenue[0].Amount.Equal(decimal.RequireFromString("149.50")), c.Revenue[0].Amount.String())
	assert.Equal(t, "USD", c.Revenue[1].Currency)

	require.Len(t, got.Entries, 1)
	e := got.Entries[0]
	assert.Equal(t, s.Entries[4].ID, e.Entry)
	require.Len(t, e.Sources, 2)
	assert.Equal(t, "bluebird-coffee-roasters", e.Sources[0].Source)
	assert.Equal(t, int64(50), e.Sources[0].Clicks)
	assert.Equal(t, "lucia-bluebird", e.Sources[1].Source)
	assert.Equal(t, int64(25), e.Sources[1].Clicks)

	require.Len(t, got.Unattributed, 3)
	assert.Equal(t, []int{3, 4, 5}, []int{got.Unattributed[0].Visit, got.Unattributed[1].Visit, got.Unattributed[2].Visit})
	assert.Contains(t, got.Unattributed[1].Reason, "is not in campaign")
	assert.Equal(t, int64(86), got.Total.Clicks, "unattributed visits stay in the total")
}

func TestAttributeRefuses(t *testing.T) {
	s := taggedPlan()
	_, err := strategy.Attribute(s, []strategy.Visit{
		{URL: "https://x.example", Clicks: -1},
		{URL: "https://x.example", Conversions: -2},
		{URL: "https://x.example", Revenue: strategy.Budget{Amount: decimal.NewFromInt(3)}},
	})
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "[0].clicks"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "[1].conversions"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeRequired, "[2].revenue.currency"), "%v", err)

	_, err = strategy.Attribute(s, []strategy.Visit{{URL: "a", Clicks: math.MaxInt64}, {URL: "b", Clicks: 1}})
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "[1]"), "%v", err)

	got, err := strategy.Attribute(nil, nil)
	require.NoError(t, err)
	assert.Empty(t, got.Campaigns)
}

func FuzzAttribute(f *testing.F) {
	s := taggedPlan()
	cal, err := s.Calendar()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(cal.Entries[4].Post("lucia-bluebird").Link, int64(3), int64(1), "1.5")
	f.Add("https://x.example/?utm_source=a&utm_medium=b&utm_campaign=c&utm_content=d", int64(1), int64(0), "0")
	f.Add("https://x.example/?utm_source=a&utm_source=b", int64(-1), int64(0), "")
	f.Fuzz(func(t *testing.T, url string, clicks, conversions int64, revenue string) {
		amount, err := decimal.NewFromString(revenue)
		if err != nil || !validation.DecimalWithin(amount) {
			amount = decimal.Zero
		}
		v := strategy.Visit{URL: url, Clicks: clicks, Conversions: conversions, Revenue: strategy.Budget{Amount: amount, Currency: "EUR"}}
		got, err := strategy.Attribute(s, []strategy.Visit{v, v})
		if err != nil {
			return
		}
		var attributed int64
		for _, c := range got.Campaigns {
			attributed += c.Clicks
		}
		if len(got.Unattributed) == 0 {
			assert.Equal(t, got.Total.Clicks, attributed)
		} else {
			assert.Zero(t, attributed)
			assert.Len(t, got.Unattributed, 2)
		}
	})
}
