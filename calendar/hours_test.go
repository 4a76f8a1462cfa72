package calendar_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/validation"
)

func nineToFive(t *testing.T, zone string) calendar.BusinessHours {
	t.Helper()
	r, err := calendar.ParseClockRange("09:00-17:00")
	require.NoError(t, err)
	return calendar.Weekdays(mustZone(t, zone), r)
}

func TestAddBusiness(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	madrid := mustZone(t, "Europe/Madrid")
	lordHowe := mustZone(t, "Australia/Lord_Howe")
	santiago := mustZone(t, "America/Santiago")

	nightShift := calendar.BusinessHours{Location: santiago}
	nightShift.Week[time.Saturday] = []calendar.ClockRange{{Start: calendar.Clock{Hour: 22}, End: calendar.Clock{Hour: 24}}}
	nightShift.Week[time.Sunday] = []calendar.ClockRange{{Start: calendar.Clock{}, End: calendar.Clock{Hour: 2}}}

	withHoliday := nineToFive(t, "Europe/Madrid")
	withHoliday.Holidays = []calendar.LocalDate{{Year: 2026, Month: 4, Day: 3}} // Good Friday

	tests := []struct {
		name  string
		hours calendar.BusinessHours
		start time.Time
		d     time.Duration
		want  time.Time
	}{
		{"Friday 16:45 + 30m is Monday 09:15", nineToFive(t, "America/New_York"), wall(ny, 2026, 3, 6, 16, 45), 30 * time.Minute, wall(ny, 2026, 3, 9, 9, 15)},
		{"ends exactly at closing", nineToFive(t, "America/New_York"), wall(ny, 2026, 3, 6, 16, 30), 30 * time.Minute, wall(ny, 2026, 3, 6, 17, 0)},
		{"before opening", nineToFive(t, "America/New_York"), wall(ny, 2026, 3, 10, 6, 0), time.Hour, wall(ny, 2026, 3, 10, 10, 0)},
		{"on a Saturday", nineToFive(t, "America/New_York"), wall(ny, 2026, 3, 7, 12, 0), time.Hour, wall(ny, 2026, 3, 9, 10, 0)},
		{"zero duration is the start", nineToFive(t, "America/New_York"), wall(ny, 2026, 3, 7, 12, 0), 0, wall(ny, 2026, 3, 7, 12, 0)},
		{"two full days", nineToFive(t, "America/New_York"), wall(ny, 2026, 3, 5, 9, 0), 16 * time.Hour, wall(ny, 2026, 3, 6, 17, 0)},
		// The weekend of March 8 2026 is spring forward in New York: Monday still opens at 09:00 local.
		{"across spring forward", nineToFive(t, "America/New_York"), wall(ny, 2026, 3, 6, 16, 0), 2 * time.Hour, wall(ny, 2026, 3, 9, 10, 0)},
		{"holiday skipped", withHoliday, wall(madrid, 2026, 4, 2, 16, 0), 2 * time.Hour, wall(madrid, 2026, 4, 6, 10, 0)},
		{"result in the schedule's zone", nineToFive(t, "Europe/Madrid"), wall(ny, 2026, 3, 9, 3, 0), time.Hour, wall(madrid, 2026, 3, 9, 10, 0)},
		// Lord Howe moves its clocks by 30 minutes (02:00 -> 02:30 on 2026-10-04).
		{"Lord Howe half-hour shift", calendar.BusinessHours{Location: lordHowe, Week: everyDay("01:00-04:00")}, wall(lordHowe, 2026, 10, 4, 1, 0), 2 * time.Hour, wall(lordHowe, 2026, 10, 4, 3, 30)},
		// Santiago: 2026-09-06 starts at 01:00 (midnight is in the gap); the night shift loses an hour.
		{"Santiago midnight gap", nightShift, wall(santiago, 2026, 9, 5, 23, 0), 2 * time.Hour, wall(santiago, 2026, 9, 6, 2, 0).Add(0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.hours.AddBusiness(tt.start, tt.d)
			require.NoError(t, err)
			assert.Equal(t, tt.want.Format(time.RFC3339), got.Format(time.RFC3339))
			assert.Equal(t, tt.hours.Location, got.Location())
			back, err := tt.hours.BusinessBetween(tt.start, got)
			require.NoError(t, err)
			assert.Equal(t, tt.d, back, "BusinessBetween undoes AddBusiness")
		})
	}
}

// everyDay opens every weekday on the given range.
func everyDay(r string) [7][]calendar.ClockRange {
	cr, err := calendar.ParseClockRange(r)
	if err != nil {
		panic(err)
	}
	var w [7][]calendar.ClockRange
	for i := range w {
		w[i] = []calendar.ClockRange{cr}
	}
	return w
}

func TestBusinessBetween(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	h := nineToFive(t, "Europe/Madrid")
	d, err := h.BusinessBetween(wall(madrid, 2026, 3, 27, 16, 0), wall(madrid, 2026, 3, 30, 10, 0))
	require.NoError(t, err)
	assert.Equal(t, 2*time.Hour, d)
	neg, err := h.BusinessBetween(wall(madrid, 2026, 3, 30, 10, 0), wall(madrid, 2026, 3, 27, 16, 0))
	require.NoError(t, err)
	assert.Equal(t, -2*time.Hour, neg)

	// Fall back in Madrid (2026-10-25 03:00 -> 02:00): a 00:00-06:00 range lasts 7 hours.
	night := calendar.BusinessHours{Location: madrid, Week: everyDay("00:00-06:00")}
	d, err = night.BusinessBetween(wall(madrid, 2026, 10, 25, 0, 0), wall(madrid, 2026, 10, 25, 12, 0))
	require.NoError(t, err)
	assert.Equal(t, 7*time.Hour, d)

	assert.True(t, h.Open(wall(madrid, 2026, 3, 27, 9, 0)))
	assert.False(t, h.Open(wall(madrid, 2026, 3, 27, 17, 0)))
	assert.False(t, h.Open(wall(madrid, 2026, 3, 28, 12, 0)))
}

func TestBusinessHoursBadInput(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	closed := calendar.BusinessHours{Location: madrid}
	_, err := closed.AddBusiness(wall(madrid, 2026, 1, 1, 0, 0), time.Hour)
	assert.ErrorIs(t, err, calendar.ErrNoBusinessTime)
	_, err = closed.BusinessBetween(wall(madrid, 2026, 1, 1, 0, 0), wall(madrid, 2026, 1, 2, 0, 0))
	assert.ErrorIs(t, err, calendar.ErrNoBusinessTime)
	_, err = nineToFive(t, "Europe/Madrid").AddBusiness(wall(madrid, 2026, 1, 1, 0, 0), -time.Minute)
	assert.ErrorIs(t, err, calendar.ErrNegativeDuration)

	bad := calendar.BusinessHours{Location: time.FixedZone("X", 0)}
	bad.Week[time.Monday] = []calendar.ClockRange{
		{Start: calendar.Clock{Hour: 10}, End: calendar.Clock{Hour: 9}},
		{Start: calendar.Clock{Hour: 24}, End: calendar.Clock{Hour: 24}},
	}
	bad.Week[time.Tuesday] = []calendar.ClockRange{
		{Start: calendar.Clock{Hour: 9}, End: calendar.Clock{Hour: 12}},
		{Start: calendar.Clock{Hour: 11}, End: calendar.Clock{Hour: 13}},
		{Start: calendar.Clock{Hour: 14}, End: calendar.Clock{Hour: 25}},
	}
	bad.Holidays = []calendar.LocalDate{{Year: 2026, Month: 2, Day: 30}, {Year: 2026, Month: 1, Day: 1}, {Year: 2026, Month: 1, Day: 1}}
	err = bad.Validate()
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeInvalid, "zone"},
		{validation.CodeOrder, "week.monday[0]"},
		{validation.CodeInvalid, "week.monday[1]"},
		{validation.CodeOrder, "week.tuesday[1]"},
		{validation.CodeInvalid, "week.tuesday[2]"},
		{validation.CodeInvalid, "holidays[0]"},
		{validation.CodeDuplicate, "holidays[2]"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "%s %s in %v", want.code, want.path, err)
	}
	assert.True(t, validation.Has(calendar.BusinessHours{}.Validate(), validation.CodeRequired, "zone"))
	assert.True(t, validation.Has(closed.Validate(), validation.CodeRequired, "week"))

	for _, s := range []string{"9:00-17:00", "09:00", "09:60-10:00", "24:01-24:00", "ab:cd-10:00"} {
		_, err := calendar.ParseClockRange(s)
		assert.Error(t, err, s)
	}
}

func TestBusinessHoursJSON(t *testing.T) {
	h := nineToFive(t, "Europe/Madrid")
	h.Week[time.Saturday] = []calendar.ClockRange{{Start: calendar.Clock{Hour: 10}, End: calendar.Clock{Hour: 13, Minute: 30}}}
	h.Holidays = []calendar.LocalDate{{Year: 2026, Month: 12, Day: 25}}
	b, err := json.Marshal(h)
	require.NoError(t, err)
	assert.JSONEq(t, `{"zone":"Europe/Madrid","week":{"monday":["09:00-17:00"],"tuesday":["09:00-17:00"],"wednesday":["09:00-17:00"],
		"thursday":["09:00-17:00"],"friday":["09:00-17:00"],"saturday":["10:00-13:30"]},"holidays":["2026-12-25"]}`, string(b))
	var back calendar.BusinessHours
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, h, back)

	err = json.Unmarshal([]byte(`{"zone":"Europe/Nowhere","week":{"funday":["09:00-10:00"]}}`), &back)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "zone"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "week[funday]"), "%v", err)
	var verr *validation.Error
	assert.True(t, errors.As(err, &verr))
}
