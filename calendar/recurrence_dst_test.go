package calendar_test

import (
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
)

// TestRecurrenceDST pins daily and weekly rules whose wall time falls in a
// gap or an overlap on a DST change day, in zones with one-hour,
// 30-minute and 45-minute-offset shifts and a zone that changes at
// midnight. Expected instants are worked out by hand from the zone rules:
// a time in a gap takes the offset before the gap, a repeated time its
// first occurrence (RFC 5545 §3.3.5).
func TestRecurrenceDST(t *testing.T) {
	tests := []struct {
		name  string
		zone  string
		start string // local wall time of the start
		rule  string
		want  []string // UTC instants
		local []string // the same instants on the local clock, "15:04 -0700"
	}{
		{"new york daily 02:30 across spring forward", "America/New_York", "2026-03-06T02:30", "FREQ=DAILY;COUNT=4",
			[]string{"2026-03-06T07:30:00Z", "2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z"},
			[]string{"02:30 -0500", "02:30 -0500", "03:30 -0400", "02:30 -0400"}},
		{"new york daily 01:30 across fall back", "America/New_York", "2026-10-31T01:30", "FREQ=DAILY;COUNT=3",
			[]string{"2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"},
			[]string{"01:30 -0400", "01:30 -0400", "01:30 -0500"}},
		{"new york daily 10:00 keeps the wall clock", "America/New_York", "2026-03-07T10:00", "FREQ=DAILY;COUNT=3",
			[]string{"2026-03-07T15:00:00Z", "2026-03-08T14:00:00Z", "2026-03-09T14:00:00Z"},
			[]string{"10:00 -0500", "10:00 -0400", "10:00 -0400"}},
		{"madrid daily 02:30 across spring forward", "Europe/Madrid", "2026-03-28T02:30", "FREQ=DAILY;COUNT=3",
			[]string{"2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"},
			[]string{"02:30 +0100", "03:30 +0200", "02:30 +0200"}},
		{"madrid weekly sunday 02:30 across fall back", "Europe/Madrid", "2026-10-18T02:30", "FREQ=WEEKLY;COUNT=3",
			[]string{"2026-10-18T00:30:00Z", "2026-10-25T00:30:00Z", "2026-11-01T01:30:00Z"},
			[]string{"02:30 +0200", "02:30 +0200", "02:30 +0100"}},
		{"madrid weekly monday 10:00 over a year", "Europe/Madrid", "2026-03-23T10:00", "FREQ=WEEKLY;BYDAY=MO;COUNT=3",
			[]string{"2026-03-23T09:00:00Z", "2026-03-30T08:00:00Z", "2026-04-06T08:00:00Z"},
			[]string{"10:00 +0100", "10:00 +0200", "10:00 +0200"}},
		{"sydney daily 02:15 across spring forward", "Australia/Sydney", "2026-10-03T02:15", "FREQ=DAILY;COUNT=3",
			[]string{"2026-10-02T16:15:00Z", "2026-10-03T16:15:00Z", "2026-10-04T15:15:00Z"},
			[]string{"02:15 +1000", "03:15 +1100", "02:15 +1100"}},
		{"sydney daily 02:15 across fall back", "Australia/Sydney", "2026-04-04T02:15", "FREQ=DAILY;COUNT=3",
			[]string{"2026-04-03T15:15:00Z", "2026-04-04T15:15:00Z", "2026-04-05T16:15:00Z"},
			[]string{"02:15 +1100", "02:15 +1100", "02:15 +1000"}},
		{"lord howe daily 02:10 across its 30-minute spring forward", "Australia/Lord_Howe", "2026-10-03T02:10", "FREQ=DAILY;COUNT=3",
			[]string{"2026-10-02T15:40:00Z", "2026-10-03T15:40:00Z", "2026-10-04T15:10:00Z"},
			[]string{"02:10 +1030", "02:40 +1100", "02:10 +1100"}},
		{"lord howe daily 01:45 across its 30-minute fall back", "Australia/Lord_Howe", "2026-04-04T01:45", "FREQ=DAILY;COUNT=3",
			[]string{"2026-04-03T14:45:00Z", "2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z"},
			[]string{"01:45 +1100", "01:45 +1100", "01:45 +1030"}},
		{"chatham daily 03:00 across spring forward", "Pacific/Chatham", "2026-09-26T03:00", "FREQ=DAILY;COUNT=3",
			[]string{"2026-09-25T14:15:00Z", "2026-09-26T14:15:00Z", "2026-09-27T13:15:00Z"},
			[]string{"03:00 +1245", "04:00 +1345", "03:00 +1345"}},
		{"chatham weekly sunday 03:00 across fall back", "Pacific/Chatham", "2026-03-29T03:00", "FREQ=WEEKLY;COUNT=3",
			[]string{"2026-03-28T13:15:00Z", "2026-04-04T13:15:00Z", "2026-04-11T14:15:00Z"},
			[]string{"03:00 +1345", "03:00 +1345", "03:00 +1245"}},
		{"santiago daily 00:30 across its midnight spring forward", "America/Santiago", "2026-09-05T00:30", "FREQ=DAILY;COUNT=3",
			[]string{"2026-09-05T04:30:00Z", "2026-09-06T04:30:00Z", "2026-09-07T03:30:00Z"},
			[]string{"00:30 -0400", "01:30 -0300", "00:30 -0300"}},
		{"santiago daily midnight: the missing midnight is 01:00 the same day", "America/Santiago", "2026-09-05T00:00", "FREQ=DAILY;COUNT=3",
			[]string{"2026-09-05T04:00:00Z", "2026-09-06T04:00:00Z", "2026-09-07T03:00:00Z"},
			[]string{"00:00 -0400", "01:00 -0300", "00:00 -0300"}},
		{"santiago daily 23:30 across fall back", "America/Santiago", "2026-04-03T23:30", "FREQ=DAILY;COUNT=3",
			[]string{"2026-04-04T02:30:00Z", "2026-04-05T02:30:00Z", "2026-04-06T03:30:00Z"},
			[]string{"23:30 -0300", "23:30 -0300", "23:30 -0400"}},
		{"santiago weekly friday 23:30 keeps its day", "America/Santiago", "2026-04-03T23:30", "FREQ=WEEKLY;BYDAY=SA;COUNT=3",
			[]string{"2026-04-04T02:30:00Z", "2026-04-05T02:30:00Z", "2026-04-12T03:30:00Z"},
			[]string{"23:30 -0300", "23:30 -0300", "23:30 -0400"}},
		// Sub-daily rules step through wall-clock time. On a spring-forward
		// day 02:30 becomes 03:30, the instant of the next wall time: the
		// set holds it once and COUNT counts instants.
		{"new york hourly across spring forward", "America/New_York", "2026-03-08T00:30", "FREQ=HOURLY;COUNT=5",
			[]string{"2026-03-08T05:30:00Z", "2026-03-08T06:30:00Z", "2026-03-08T07:30:00Z", "2026-03-08T08:30:00Z", "2026-03-08T09:30:00Z"},
			[]string{"00:30 -0500", "01:30 -0500", "03:30 -0400", "04:30 -0400", "05:30 -0400"}},
		// On a fall-back day the repeated 01:30 is its first occurrence
		// only: the wall clock reads 01:30 once in this sequence.
		{"new york hourly across fall back", "America/New_York", "2026-11-01T00:30", "FREQ=HOURLY;COUNT=4",
			[]string{"2026-11-01T04:30:00Z", "2026-11-01T05:30:00Z", "2026-11-01T07:30:00Z", "2026-11-01T08:30:00Z"},
			[]string{"00:30 -0400", "01:30 -0400", "02:30 -0500", "03:30 -0500"}},
		// Every 50 minutes: 02:40 falls in the gap and becomes 03:40 EDT,
		// after the 03:30 EDT generated from the next wall time; the output
		// is still in increasing order.
		{"new york every 50 minutes across spring forward", "America/New_York", "2026-03-08T01:00", "FREQ=MINUTELY;INTERVAL=50;COUNT=5",
			[]string{"2026-03-08T06:00:00Z", "2026-03-08T06:50:00Z", "2026-03-08T07:30:00Z", "2026-03-08T07:40:00Z", "2026-03-08T08:20:00Z"},
			[]string{"01:00 -0500", "01:50 -0500", "03:30 -0400", "03:40 -0400", "04:20 -0400"}},
		{"lord howe every 15 minutes across its 30-minute gap", "Australia/Lord_Howe", "2026-10-04T01:45", "FREQ=MINUTELY;INTERVAL=15;COUNT=4",
			[]string{"2026-10-03T15:15:00Z", "2026-10-03T15:30:00Z", "2026-10-03T15:45:00Z", "2026-10-03T16:00:00Z"},
			[]string{"01:45 +1030", "02:30 +1100", "02:45 +1100", "03:00 +1100"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := mustZone(t, tt.zone)
			wall, err := time.ParseInLocation("2006-01-02T15:04", tt.start, time.UTC)
			require.NoError(t, err)
			start := calendar.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), 0, 0, loc)
			rule, err := calendar.ParseRule(tt.rule)
			require.NoError(t, err)
			rec := calendar.Recurrence{Start: start, Rule: rule}
			require.NoError(t, rec.Validate())
			var gotUTC, gotLocal []string
			for x := range rec.Between(start, start.AddDate(1, 0, 0)) {
				assert.Equal(t, loc, x.Location())
				gotUTC = append(gotUTC, x.UTC().Format(time.RFC3339))
				gotLocal = append(gotLocal, x.Format("15:04 -0700"))
			}
			assert.Equal(t, tt.want, gotUTC)
			assert.Equal(t, tt.local, gotLocal)
		})
	}
}

// TestRecurrenceDSTYear checks a whole year of a Mon/Wed/Fri 10:00 routine
// in every test zone: always 10:00 on the wall clock, on the right weekday,
// and 157 instances (52 weeks of three, and Monday 2027-01-04).
func TestRecurrenceDSTYear(t *testing.T) {
	rule, err := calendar.ParseRule("FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=10;BYMINUTE=0")
	require.NoError(t, err)
	for _, zone := range []string{"America/New_York", "Europe/Madrid", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago", "UTC"} {
		loc := mustZone(t, zone)
		start := time.Date(2026, 1, 5, 10, 0, 0, 0, loc)
		rec := calendar.Recurrence{Start: start, Rule: rule}
		n := 0
		for x := range rec.Between(start, start.AddDate(1, 0, 0)) {
			n++
			assert.Equal(t, "10:00:00", x.Format("15:04:05"), zone)
			assert.Contains(t, []time.Weekday{time.Monday, time.Wednesday, time.Friday}, x.Weekday(), zone)
		}
		assert.Equal(t, 157, n, zone)
	}
}
