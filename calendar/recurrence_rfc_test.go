package calendar_test

import (
	"slices"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
)

// nyAt builds expected instances: the listed days of one month at hh:mm
// New York time.
type dayList struct {
	y    int
	m    time.Month
	days []int
}

func on(y int, m time.Month, days ...int) dayList { return dayList{y, m, days} }

// span lists the days from..to of a month, every step days.
func span(y int, m time.Month, from, to, step int) dayList {
	var ds []int
	for d := from; d <= to; d += step {
		ds = append(ds, d)
	}
	return dayList{y, m, ds}
}

func at9(loc *time.Location, lists ...dayList) []time.Time {
	return at(loc, 9, 0, lists...)
}

func at(loc *time.Location, h, min int, lists ...dayList) []time.Time {
	var out []time.Time
	for _, l := range lists {
		for _, d := range l.days {
			out = append(out, time.Date(l.y, l.m, d, h, min, 0, 0, loc))
		}
	}
	return out
}

// times lists instants on one day at the given clock times.
func times(loc *time.Location, y int, m time.Month, d int, hm ...[2]int) []time.Time {
	var out []time.Time
	for _, x := range hm {
		out = append(out, time.Date(y, m, d, x[0], x[1], 0, 0, loc))
	}
	return out
}

func cat(lists ...[]time.Time) []time.Time { return slices.Concat(lists...) }

// TestRFC5545Examples runs every recurrence example of RFC 5545 §3.8.5.3
// (and the multi-part example of §3.3.10) with the RFC's expected dates.
// All assume DTSTART;TZID=America/New_York. For rules that run forever the
// RFC lists the first instances; the test compares that many.
func TestRFC5545Examples(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	start := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, ny) }
	tests := []struct {
		name    string
		start   time.Time
		rule    string
		exdates []time.Time
		want    []time.Time
		forever bool // the rule has no end: compare the first len(want)
	}{
		{"daily for 10 occurrences", start(1997, 9, 2, 9, 0), "RRULE:FREQ=DAILY;COUNT=10",
			nil, at9(ny, span(1997, 9, 2, 11, 1)), false},
		{"daily until December 24, 1997", start(1997, 9, 2, 9, 0), "RRULE:FREQ=DAILY;UNTIL=19971224T000000Z",
			nil, at9(ny, span(1997, 9, 2, 30, 1), span(1997, 10, 1, 31, 1), span(1997, 11, 1, 30, 1), span(1997, 12, 1, 23, 1)), false},
		{"every other day - forever", start(1997, 9, 2, 9, 0), "RRULE:FREQ=DAILY;INTERVAL=2",
			nil, at9(ny, span(1997, 9, 2, 30, 2), span(1997, 10, 2, 30, 2), span(1997, 11, 1, 29, 2), on(1997, 12, 1, 3)), true},
		{"every 10 days, 5 occurrences", start(1997, 9, 2, 9, 0), "RRULE:FREQ=DAILY;INTERVAL=10;COUNT=5",
			nil, at9(ny, on(1997, 9, 2, 12, 22), on(1997, 10, 2, 12)), false},
		{"every day in January, for 3 years (yearly)", start(1998, 1, 1, 9, 0),
			"RRULE:FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA",
			nil, at9(ny, span(1998, 1, 1, 31, 1), span(1999, 1, 1, 31, 1), span(2000, 1, 1, 31, 1)), false},
		{"every day in January, for 3 years (daily)", start(1998, 1, 1, 9, 0),
			"RRULE:FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1",
			nil, at9(ny, span(1998, 1, 1, 31, 1), span(1999, 1, 1, 31, 1), span(2000, 1, 1, 31, 1)), false},
		{"weekly for 10 occurrences", start(1997, 9, 2, 9, 0), "RRULE:FREQ=WEEKLY;COUNT=10",
			nil, at9(ny, on(1997, 9, 2, 9, 16, 23, 30), on(1997, 10, 7, 14, 21, 28), on(1997, 11, 4)), false},
		{"weekly until December 24, 1997", start(1997, 9, 2, 9, 0), "RRULE:FREQ=WEEKLY;UNTIL=19971224T000000Z",
			nil, at9(ny, on(1997, 9, 2, 9, 16, 23, 30), on(1997, 10, 7, 14, 21, 28), on(1997, 11, 4, 11, 18, 25), on(1997, 12, 2, 9, 16, 23)), false},
		{"every other week - forever", start(1997, 9, 2, 9, 0), "RRULE:FREQ=WEEKLY;INTERVAL=2;WKST=SU",
			nil, at9(ny, on(1997, 9, 2, 16, 30), on(1997, 10, 14, 28), on(1997, 11, 11, 25), on(1997, 12, 9, 23), on(1998, 1, 6, 20), on(1998, 2, 3, 17)), true},
		{"weekly on Tuesday and Thursday for five weeks (until)", start(1997, 9, 2, 9, 0),
			"RRULE:FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH",
			nil, at9(ny, on(1997, 9, 2, 4, 9, 11, 16, 18, 23, 25, 30), on(1997, 10, 2)), false},
		{"weekly on Tuesday and Thursday for five weeks (count)", start(1997, 9, 2, 9, 0),
			"RRULE:FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH",
			nil, at9(ny, on(1997, 9, 2, 4, 9, 11, 16, 18, 23, 25, 30), on(1997, 10, 2)), false},
		{"every other week on Monday, Wednesday, and Friday until December 24, 1997", start(1997, 9, 1, 9, 0),
			"RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR",
			nil, at9(ny, on(1997, 9, 1, 3, 5, 15, 17, 19, 29), on(1997, 10, 1, 3, 13, 15, 17, 27, 29, 31),
				on(1997, 11, 10, 12, 14, 24, 26, 28), on(1997, 12, 8, 10, 12, 22)), false},
		{"every other week on Tuesday and Thursday, for 8 occurrences", start(1997, 9, 2, 9, 0),
			"RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH",
			nil, at9(ny, on(1997, 9, 2, 4, 16, 18, 30), on(1997, 10, 2, 14, 16)), false},
		{"monthly on the first Friday for 10 occurrences", start(1997, 9, 5, 9, 0), "RRULE:FREQ=MONTHLY;COUNT=10;BYDAY=1FR",
			nil, at9(ny, on(1997, 9, 5), on(1997, 10, 3), on(1997, 11, 7), on(1997, 12, 5), on(1998, 1, 2), on(1998, 2, 6),
				on(1998, 3, 6), on(1998, 4, 3), on(1998, 5, 1), on(1998, 6, 5)), false},
		{"monthly on the first Friday until December 24, 1997", start(1997, 9, 5, 9, 0), "RRULE:FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR",
			nil, at9(ny, on(1997, 9, 5), on(1997, 10, 3), on(1997, 11, 7), on(1997, 12, 5)), false},
		{"every other month on the first and last Sunday for 10 occurrences", start(1997, 9, 7, 9, 0),
			"RRULE:FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU",
			nil, at9(ny, on(1997, 9, 7, 28), on(1997, 11, 2, 30), on(1998, 1, 4, 25), on(1998, 3, 1, 29), on(1998, 5, 3, 31)), false},
		{"monthly on the second-to-last Monday for 6 months", start(1997, 9, 22, 9, 0), "RRULE:FREQ=MONTHLY;COUNT=6;BYDAY=-2MO",
			nil, at9(ny, on(1997, 9, 22), on(1997, 10, 20), on(1997, 11, 17), on(1997, 12, 22), on(1998, 1, 19), on(1998, 2, 16)), false},
		{"monthly on the third-to-the-last day, forever", start(1997, 9, 28, 9, 0), "RRULE:FREQ=MONTHLY;BYMONTHDAY=-3",
			nil, at9(ny, on(1997, 9, 28), on(1997, 10, 29), on(1997, 11, 28), on(1997, 12, 29), on(1998, 1, 29), on(1998, 2, 26)), true},
		{"monthly on the 2nd and 15th for 10 occurrences", start(1997, 9, 2, 9, 0), "RRULE:FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15",
			nil, at9(ny, on(1997, 9, 2, 15), on(1997, 10, 2, 15), on(1997, 11, 2, 15), on(1997, 12, 2, 15), on(1998, 1, 2, 15)), false},
		{"monthly on the first and last day for 10 occurrences", start(1997, 9, 30, 9, 0), "RRULE:FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1",
			nil, at9(ny, on(1997, 9, 30), on(1997, 10, 1, 31), on(1997, 11, 1, 30), on(1997, 12, 1, 31), on(1998, 1, 1, 31), on(1998, 2, 1)), false},
		{"every 18 months on the 10th thru 15th for 10 occurrences", start(1997, 9, 10, 9, 0),
			"RRULE:FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15",
			nil, at9(ny, span(1997, 9, 10, 15, 1), on(1999, 3, 10, 11, 12, 13)), false},
		{"every Tuesday, every other month", start(1997, 9, 2, 9, 0), "RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=TU",
			nil, at9(ny, on(1997, 9, 2, 9, 16, 23, 30), on(1997, 11, 4, 11, 18, 25), on(1998, 1, 6, 13, 20, 27), on(1998, 3, 3, 10, 17, 24, 31)), true},
		{"yearly in June and July for 10 occurrences", start(1997, 6, 10, 9, 0), "RRULE:FREQ=YEARLY;COUNT=10;BYMONTH=6,7",
			nil, at9(ny, on(1997, 6, 10), on(1997, 7, 10), on(1998, 6, 10), on(1998, 7, 10), on(1999, 6, 10), on(1999, 7, 10),
				on(2000, 6, 10), on(2000, 7, 10), on(2001, 6, 10), on(2001, 7, 10)), false},
		{"every other year on January, February, and March for 10 occurrences", start(1997, 3, 10, 9, 0),
			"RRULE:FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3",
			nil, at9(ny, on(1997, 3, 10), on(1999, 1, 10), on(1999, 2, 10), on(1999, 3, 10), on(2001, 1, 10), on(2001, 2, 10), on(2001, 3, 10),
				on(2003, 1, 10), on(2003, 2, 10), on(2003, 3, 10)), false},
		{"every third year on the 1st, 100th, and 200th day for 10 occurrences", start(1997, 1, 1, 9, 0),
			"RRULE:FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200",
			nil, at9(ny, on(1997, 1, 1), on(1997, 4, 10), on(1997, 7, 19), on(2000, 1, 1), on(2000, 4, 9), on(2000, 7, 18),
				on(2003, 1, 1), on(2003, 4, 10), on(2003, 7, 19), on(2006, 1, 1)), false},
		{"every 20th Monday of the year, forever", start(1997, 5, 19, 9, 0), "RRULE:FREQ=YEARLY;BYDAY=20MO",
			nil, at9(ny, on(1997, 5, 19), on(1998, 5, 18), on(1999, 5, 17)), true},
		{"Monday of week number 20, forever", start(1997, 5, 12, 9, 0), "RRULE:FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
			nil, at9(ny, on(1997, 5, 12), on(1998, 5, 11), on(1999, 5, 17)), true},
		{"every Thursday in March, forever", start(1997, 3, 13, 9, 0), "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=TH",
			nil, at9(ny, on(1997, 3, 13, 20, 27), on(1998, 3, 5, 12, 19, 26), on(1999, 3, 4, 11, 18, 25)), true},
		{"every Thursday, but only during June, July, and August, forever", start(1997, 6, 5, 9, 0),
			"RRULE:FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8",
			nil, at9(ny, on(1997, 6, 5, 12, 19, 26), on(1997, 7, 3, 10, 17, 24, 31), on(1997, 8, 7, 14, 21, 28),
				on(1998, 6, 4, 11, 18, 25), on(1998, 7, 2, 9, 16, 23, 30), on(1998, 8, 6, 13, 20, 27),
				on(1999, 6, 3, 10, 17, 24), on(1999, 7, 1, 8, 15, 22, 29), on(1999, 8, 5, 12, 19, 26)), true},
		{"every Friday the 13th, forever", start(1997, 9, 2, 9, 0), "RRULE:FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
			[]time.Time{start(1997, 9, 2, 9, 0)},
			at9(ny, on(1998, 2, 13), on(1998, 3, 13), on(1998, 11, 13), on(1999, 8, 13), on(2000, 10, 13)), true},
		{"the first Saturday that follows the first Sunday of the month, forever", start(1997, 9, 13, 9, 0),
			"RRULE:FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13",
			nil, at9(ny, on(1997, 9, 13), on(1997, 10, 11), on(1997, 11, 8), on(1997, 12, 13), on(1998, 1, 10), on(1998, 2, 7),
				on(1998, 3, 7), on(1998, 4, 11), on(1998, 5, 9), on(1998, 6, 13)), true},
		{"every 4 years, U.S. Presidential Election day, forever", start(1996, 11, 5, 9, 0),
			"RRULE:FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8",
			nil, at9(ny, on(1996, 11, 5), on(2000, 11, 7), on(2004, 11, 2)), true},
		{"the third instance of Tuesday, Wednesday, or Thursday, for the next 3 months", start(1997, 9, 4, 9, 0),
			"RRULE:FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3",
			nil, at9(ny, on(1997, 9, 4), on(1997, 10, 7), on(1997, 11, 6)), false},
		{"the second-to-last weekday of the month", start(1997, 9, 29, 9, 0),
			"RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2",
			nil, at9(ny, on(1997, 9, 29), on(1997, 10, 30), on(1997, 11, 27), on(1997, 12, 30), on(1998, 1, 29), on(1998, 2, 26), on(1998, 3, 30)), true},
		// The RFC prints UNTIL=19970902T170000Z, which is 13:00 EDT and so
		// ends the rule after 12:00; RFC errata 3779 corrects it to 21:00Z
		// (17:00 EDT), which gives the listed 09:00, 12:00, 15:00. Both are
		// tested.
		{"every 3 hours from 9:00 AM to 5:00 PM on a specific day (errata)", start(1997, 9, 2, 9, 0),
			"RRULE:FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T210000Z",
			nil, times(ny, 1997, 9, 2, [2]int{9, 0}, [2]int{12, 0}, [2]int{15, 0}), false},
		{"every 3 hours from 9:00 AM, UNTIL as printed in the RFC", start(1997, 9, 2, 9, 0),
			"RRULE:FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z",
			nil, times(ny, 1997, 9, 2, [2]int{9, 0}, [2]int{12, 0}), false},
		{"every 15 minutes for 6 occurrences", start(1997, 9, 2, 9, 0), "RRULE:FREQ=MINUTELY;INTERVAL=15;COUNT=6",
			nil, times(ny, 1997, 9, 2, [2]int{9, 0}, [2]int{9, 15}, [2]int{9, 30}, [2]int{9, 45}, [2]int{10, 0}, [2]int{10, 15}), false},
		{"every hour and a half for 4 occurrences", start(1997, 9, 2, 9, 0), "RRULE:FREQ=MINUTELY;INTERVAL=90;COUNT=4",
			nil, times(ny, 1997, 9, 2, [2]int{9, 0}, [2]int{10, 30}, [2]int{12, 0}, [2]int{13, 30}), false},
		{"every 20 minutes from 9:00 AM to 4:40 PM every day (daily)", start(1997, 9, 2, 9, 0),
			"RRULE:FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40",
			nil, cat(every20(ny, 1997, 9, 2), every20(ny, 1997, 9, 3)), true},
		{"every 20 minutes from 9:00 AM to 4:40 PM every day (minutely)", start(1997, 9, 2, 9, 0),
			"RRULE:FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16",
			nil, cat(every20(ny, 1997, 9, 2), every20(ny, 1997, 9, 3)), true},
		{"WKST=MO", start(1997, 8, 5, 9, 0), "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
			nil, at9(ny, on(1997, 8, 5, 10, 19, 24)), false},
		{"WKST=SU", start(1997, 8, 5, 9, 0), "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
			nil, at9(ny, on(1997, 8, 5, 17, 19, 31)), false},
		{"an invalid date (February 30) is ignored", start(2007, 1, 15, 9, 0), "RRULE:FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5",
			nil, at9(ny, on(2007, 1, 15, 30), on(2007, 2, 15), on(2007, 3, 15, 30)), false},
		// §3.3.10: "every Sunday in January at 8:30 AM and 9:30 AM, every
		// other year".
		{"evaluating multiple BYxxx rule parts", start(1997, 1, 5, 8, 30),
			"RRULE:FREQ=YEARLY;INTERVAL=2;BYMONTH=1;BYDAY=SU;BYHOUR=8,9;BYMINUTE=30",
			nil, cat(at(ny, 8, 30, on(1997, 1, 5)), at(ny, 9, 30, on(1997, 1, 5)), at(ny, 8, 30, on(1997, 1, 12)), at(ny, 9, 30, on(1997, 1, 12)),
				at(ny, 8, 30, on(1997, 1, 19)), at(ny, 9, 30, on(1997, 1, 19)), at(ny, 8, 30, on(1997, 1, 26)), at(ny, 9, 30, on(1997, 1, 26)),
				at(ny, 8, 30, on(1999, 1, 3)), at(ny, 9, 30, on(1999, 1, 3))), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule, err := calendar.ParseRule(tt.rule)
			require.NoError(t, err)
			rec := calendar.Recurrence{Start: tt.start, Rule: rule, ExDates: tt.exdates}
			require.NoError(t, rec.Validate())
			var got []time.Time
			for x := range rec.Between(tt.start, tt.start.AddDate(20, 0, 0)) {
				got = append(got, x)
				if tt.forever && len(got) == len(tt.want) {
					break
				}
			}
			assertInstants(t, tt.want, got)
			for _, x := range got {
				assert.Equal(t, ny, x.Location())
			}
		})
	}
}

// every20 lists 9:00, 9:20, … 16:40 on one day.
func every20(loc *time.Location, y int, m time.Month, d int) []time.Time {
	var out []time.Time
	for h := 9; h <= 16; h++ {
		for _, min := range []int{0, 20, 40} {
			out = append(out, time.Date(y, m, d, h, min, 0, 0, loc))
		}
	}
	return out
}

// assertInstants compares instants with Equal, printing both lists in
// their own locations on failure.
func assertInstants(t *testing.T, want, got []time.Time) {
	t.Helper()
	ok := len(want) == len(got)
	for i := 0; ok && i < len(want); i++ {
		ok = want[i].Equal(got[i])
	}
	if !ok {
		format := func(ts []time.Time) []string {
			s := make([]string, len(ts))
			for i, x := range ts {
				s[i] = x.Format("2006-01-02 15:04:05 MST")
			}
			return s
		}
		assert.Equal(t, format(want), format(got))
	}
}
