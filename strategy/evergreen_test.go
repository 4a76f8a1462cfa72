package strategy_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/validation"
)

// evergreenPlan adds to the sample plan three evergreen LinkedIn guides
// (the second published twice: once itself, once reused) and a fourth
// never published, with the engagements per 1,000 reached of each
// publication.
func evergreenPlan(t *testing.T) (*strategy.Strategy, kpi.PostResults, [4]uuid.UUID) {
	t.Helper()
	plan := verifiedplan.Plan()
	loc := verifiedplan.QuarterStart.Location()
	var ids [4]uuid.UUID
	var results kpi.PostResults
	add := func(key string, day int, reuseOf uuid.UUID, engaged int64, evergreen bool) uuid.UUID {
		e := calendar.Entry{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte("evergreen/"+key)), Channel: channel.LinkedIn,
			At: calendar.Date(2027, time.January, day, 12, 0, 0, 0, loc), Status: calendar.StatusPublished,
			Text: "Guide " + key, Owner: verifiedplan.CommunityManager, ReuseOf: reuseOf}
		if evergreen {
			e.Evergreen = &calendar.Evergreen{MinGapDays: 21}
		}
		plan.Entries = append(plan.Entries, e)
		if engaged >= 0 {
			results = append(results,
				kpi.PostResult{Entry: e.ID, Channel: channel.LinkedIn, Metric: kpi.Reach, Value: decimal.NewFromInt(1000)},
				kpi.PostResult{Entry: e.ID, Channel: channel.LinkedIn, Metric: kpi.Engagements, Value: decimal.NewFromInt(engaged)})
		}
		return e.ID
	}
	ids[0] = add("brewing", 5, uuid.Nil, 30, true)
	ids[1] = add("tasting", 7, uuid.Nil, 50, true)
	add("tasting-again", 28, ids[1], 70, false)
	ids[2] = add("grinders", 12, uuid.Nil, 60, true)
	ids[3] = add("water", 14, uuid.Nil, -1, true)
	add("not-evergreen", 19, uuid.Nil, 90, false)
	require.NoError(t, plan.Validate())
	return plan, results, ids
}

func TestRankEvergreen(t *testing.T) {
	plan, results, ids := evergreenPlan(t)
	entries, ranks, err := plan.RankEvergreen(results, kpi.EngagementRateByReach, kpi.Lifetime)
	require.NoError(t, err)
	require.Len(t, entries, 4, "the evergreen entries only, not their reuses")
	got := make([]uuid.UUID, len(entries))
	for i, e := range entries {
		got[i] = e.ID
		assert.Equal(t, e.ID, ranks[i].Entry)
	}
	// tasting: median of 5% and 7% = 6%, two posts; grinders 6%, one post;
	// brewing 3%; water never measured: last.
	assert.Equal(t, []uuid.UUID{ids[1], ids[2], ids[0], ids[3]}, got)
	assert.Equal(t, 2, ranks[0].Posts)
	assert.True(t, decimal.RequireFromString("6").Equal(*ranks[0].Median), ranks[0].Median.String())
	assert.Nil(t, ranks[3].Median)
	assert.Equal(t, 0, ranks[3].Posts)

	// Bad results are the plan's errors.
	_, _, err = plan.RankEvergreen(append(results, kpi.PostResult{Entry: uuid.New(), Channel: channel.LinkedIn, Metric: kpi.Reach, Value: decimal.NewFromInt(1)}), kpi.EngagementRateByReach, kpi.Lifetime)
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	_, _, err = plan.RankEvergreen(results, kpi.Formula("nope"), kpi.Lifetime)
	assert.Error(t, err)

	// Ranked entries go straight to ReuseEvergreen: the best are reused first.
	rule, err := calendar.ParseRule("FREQ=WEEKLY;BYDAY=MO")
	require.NoError(t, err)
	loc := verifiedplan.QuarterStart.Location()
	mondays := calendar.Routine{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte("evergreen/mondays")), Channel: channel.LinkedIn,
		Recurrence: calendar.Recurrence{Start: calendar.Date(2027, time.February, 22, 9, 0, 0, 0, loc), Rule: rule}}
	slots, err := calendar.Slots([]calendar.Routine{mondays}, nil, calendar.Window{From: calendar.Date(2027, time.February, 22, 0, 0, 0, 0, loc), To: calendar.Date(2027, time.March, 2, 0, 0, 0, 0, loc)})
	require.NoError(t, err)
	reused, err := calendar.ReuseEvergreen(entries, slots, calendar.Rules{}, plan.Entries)
	require.NoError(t, err)
	require.Len(t, reused, 2, "22 February and 1 March")
	assert.Equal(t, ids[1], reused[0].ReuseOf, "the best first")
	assert.Equal(t, ids[2], reused[1].ReuseOf, "then the next")
}
