package strategy_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// rankedWeek ranks posts whose rates are best on weekday mornings at 9
// and 10, good on Saturday at 11, and plain elsewhere.
func rankedWeek(t *testing.T) kpi.BestTimes {
	var values []kpi.TimedValue
	add := func(day time.Weekday, hour int, rates ...string) {
		for _, r := range rates {
			values = append(values, kpi.TimedValue{Slot: kpi.HourSlot{Weekday: day, Hour: hour}, Value: decimal.RequireFromString(r)})
		}
	}
	for d := time.Monday; d <= time.Friday; d++ {
		add(d, 9, "6", "8", "7", "7", "6", "8")
		add(d, 10, "5", "7", "6", "6", "5", "7")
		add(d, 16, "2", "4", "3", "3", "2", "4")
	}
	add(time.Saturday, 11, "6", "7", "6", "7", "6", "7")
	add(time.Sunday, 20, "1", "2", "1", "2", "1", "2")
	best, err := kpi.RankTimes(values)
	require.NoError(t, err)
	require.True(t, best.Evidence)
	return best
}

func TestProposeRoutines(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	require.NoError(t, err)
	best := rankedWeek(t)
	office, err := calendar.ParseClockRange("08:00-20:00")
	require.NoError(t, err)
	allowed := calendar.Weekdays(madrid, office)
	rules := calendar.ChannelRules{Location: madrid, MinSpacing: calendar.Duration(12 * time.Hour), DailyCap: 1, AllowedHours: &allowed}
	account := channel.AccountRef{Channel: channel.LinkedIn, Handle: "acme"}
	start := calendar.Date(2027, 3, 24, 0, 0, 0, 0, madrid) // a Wednesday, before the DST change

	routines, chosen, err := strategy.ProposeRoutines(best, 3, account, start, rules)
	require.NoError(t, err)
	require.Len(t, chosen, 3)
	for _, c := range chosen {
		assert.Equal(t, 9, c.Slot.Hour, "the 9:00 slots score best, one a day (DailyCap), none on Saturday (allowed hours): %+v", chosen)
	}
	require.Len(t, routines, 1)
	r := routines[0]
	assert.Equal(t, "acme", r.Account)
	require.NoError(t, r.Validate())

	// The routines expand into three posts a week at 9:00 Madrid time,
	// across the DST change of 28 March.
	slots, err := calendar.Slots(routines, nil, calendar.Window{From: start, To: start.AddDate(0, 0, 14)})
	require.NoError(t, err)
	n := 0
	for s := range slots {
		n++
		assert.Equal(t, 9, s.At.Hour(), s.At)
		assert.True(t, allowed.Open(s.At), s.At)
	}
	assert.Equal(t, 6, n)

	again, _, err := strategy.ProposeRoutines(best, 3, account, start, rules)
	require.NoError(t, err)
	assert.Equal(t, routines, again, "the same proposal gives the same IDs")
}

func TestProposeRoutinesRefuses(t *testing.T) {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	start := calendar.Date(2027, 3, 24, 0, 0, 0, 0, madrid)
	account := channel.AccountRef{Channel: channel.LinkedIn, Handle: "acme"}
	best := rankedWeek(t)

	rules := calendar.ChannelRules{Location: madrid, DailyCap: 1, MinSpacing: calendar.Duration(12 * time.Hour)}
	routines, _, err := strategy.ProposeRoutines(best, 7, account, start, rules)
	require.NoError(t, err, "one a day: weekdays at 9:00, Saturday 11:00, Sunday 20:00 (13 hours before Monday 9:00)")
	assert.Len(t, routines, 3)
	_, _, err = strategy.ProposeRoutines(best, 8, account, start, rules)
	assert.ErrorIs(t, err, strategy.ErrTooFewSlots)
	assert.ErrorContains(t, err, "7 of the 8 posts a week fit")

	noEvidence := best
	noEvidence.Evidence = false
	_, _, err = strategy.ProposeRoutines(noEvidence, 1, account, start, calendar.ChannelRules{})
	assert.True(t, errors.Is(err, strategy.ErrNoTimeEvidence))

	for _, bad := range []struct {
		n   int
		acc channel.AccountRef
		at  time.Time
	}{{0, account, start}, {169, account, start}, {1, channel.AccountRef{Channel: "fax"}, start}, {1, channel.AccountRef{Channel: channel.X, Handle: "@x"}, start}, {1, account, time.Time{}}} {
		_, _, err = strategy.ProposeRoutines(best, bad.n, bad.acc, bad.at, calendar.ChannelRules{})
		assert.Error(t, err, "%+v", bad)
	}
}
