package strategy_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/kpi"
)

func TestPostGroupings(t *testing.T) {
	s := verifiedplan.Plan()
	s.Accounts[0].Zone = "America/New_York" // the Instagram audience
	groupings, err := s.PostGroupings()
	require.NoError(t, err)
	by := map[string]kpi.Grouping{}
	for _, g := range groupings {
		by[g.By] = g
	}
	require.Len(t, by, 9)
	key := func(grouping string, k kpi.PostKey) string {
		v, ok := by[grouping].Key(k)
		if !ok {
			return "(none)"
		}
		return v
	}

	reel := s.Entries[0] // a routine's slot: Monday 11 January 2027, 10:00 in Madrid
	rk := kpi.PostKey{Entry: reel.ID, Channel: reel.Channel}
	assert.Equal(t, "brewing tips", key("pillar", rk))
	assert.Equal(t, "reel", key("format", rk), "the routine's format")
	assert.Equal(t, "(none)", key("campaign", rk))
	assert.Equal(t, "Monday", key("weekday", rk))
	assert.Equal(t, "04:00", key("hour", rk), "10:00 in Madrid is 04:00 for the audience in New York")

	launch := s.Entries[1] // a campaign's entry with an image, outside any routine
	lk := kpi.PostKey{Entry: launch.ID, Channel: launch.Channel}
	assert.Equal(t, "(none)", key("pillar", lk))
	assert.Equal(t, string(launch.Media[0].Kind), key("format", lk), "the first attachment's kind")
	assert.Equal(t, s.Campaigns[0].Name, key("campaign", lk))

	unknown := kpi.PostKey{Entry: uuid.MustParse("00000000-0000-0000-0000-000000000001"), Channel: reel.Channel}
	for _, g := range groupings {
		_, ok := g.Key(unknown)
		assert.False(t, ok, g.By)
	}

	// Through WhatWorks: the unknown post is unkeyed, never grouped.
	var rs kpi.PostResults
	for i, k := range []kpi.PostKey{rk, lk, unknown} {
		rs = append(rs,
			kpi.PostResult{Entry: k.Entry, Channel: k.Channel, Metric: kpi.Engagements, Value: decimal.NewFromInt(int64(10 * (i + 1)))},
			kpi.PostResult{Entry: k.Entry, Channel: k.Channel, Metric: kpi.Reach, Value: decimal.NewFromInt(100)})
	}
	w, err := rs.WhatWorks(kpi.EngagementRateByReach, kpi.Lifetime, groupings, kpi.WhatWorksOptions{})
	require.NoError(t, err)
	for _, g := range w.Groupings {
		if g.By == "format" {
			assert.Equal(t, []kpi.PostKey{unknown}, g.Unkeyed)
			assert.Len(t, g.Groups, 2)
		}
	}

	s.Zone = "Local"
	_, err = s.PostGroupings()
	assert.Error(t, err, "a plan without an IANA zone")
}
